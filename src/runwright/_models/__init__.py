"""Model ports (interface) and adapters (OpenAI Responses, Chat Completions, scripted).

The default-model helpers are the SDK's ``agents.models`` names.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from runwright._models.default_models import (
    get_default_model,
    get_default_model_settings,
    gpt_5_reasoning_settings_required,
    is_gpt_5_default,
)

if TYPE_CHECKING:
    from runwright._models.interface import ModelProvider

_default_provider: ModelProvider | None = None


def default_model_provider() -> ModelProvider:
    """The provider that resolves model names when RunConfig names none.

    Created on first use (it imports the ``openai`` client lazily).
    """
    global _default_provider
    if _default_provider is None:
        from runwright._models.provider import MultiProvider  # type: ignore[import-not-found,unused-ignore]

        _default_provider = MultiProvider()
    return _default_provider


__all__ = [
    "default_model_provider",
    "get_default_model",
    "get_default_model_settings",
    "gpt_5_reasoning_settings_required",
    "is_gpt_5_default",
]
