"""``agents.models`` of the OpenAI Agents SDK: default-model helpers and
OpenAIAgentRegistrationConfig; runwright's model extras.

runwright adds :class:`FallbackModel`, :class:`RetrySettings`, :class:`ChatCompatibility`,
``DEFAULT_TIMEOUT`` and ``forget_chat_only_servers()``; they load on first access.
Public face: the code lives in runwright/_models/.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from runwright._core.default_models import (
    get_default_model,
    get_default_model_settings,
    gpt_5_reasoning_settings_required,
    is_gpt_5_default,
)
from runwright._core.lazy import forward_lazy
from runwright._models.default_provider import default_model_provider
from runwright._models.registration import OpenAIAgentRegistrationConfig

if TYPE_CHECKING:
    from runwright._models.api_fallback import forget_chat_only_servers
    from runwright._models.chat_convert import ChatCompatibility
    from runwright._models.fallback import FallbackModel
    from runwright._models.provider import DEFAULT_TIMEOUT
    from runwright._models.retry import RetrySettings

# Loaded on first access: the provider and converters are not needed to import runwright.
__getattr__ = forward_lazy(
    __name__,
    {
        "ChatCompatibility": "runwright._models.chat_convert",
        "DEFAULT_TIMEOUT": "runwright._models.provider",
        "FallbackModel": "runwright._models.fallback",
        "RetrySettings": "runwright._models.retry",
        "forget_chat_only_servers": "runwright._models.api_fallback",
    },
)

__all__ = [
    "DEFAULT_TIMEOUT",
    "ChatCompatibility",
    "FallbackModel",
    "OpenAIAgentRegistrationConfig",
    "RetrySettings",
    "default_model_provider",
    "forget_chat_only_servers",
    "get_default_model",
    "get_default_model_settings",
    "gpt_5_reasoning_settings_required",
    "is_gpt_5_default",
]
