"""Model ports (interface) and adapters (OpenAI Responses, Chat Completions, scripted).

Public face: the code lives in runwright/_models/__init__.py.
"""

from __future__ import annotations

from runwright._models import (
    default_model_provider,
    get_default_model,
    get_default_model_settings,
    gpt_5_reasoning_settings_required,
    is_gpt_5_default,
)

__all__ = [
    "default_model_provider",
    "get_default_model",
    "get_default_model_settings",
    "gpt_5_reasoning_settings_required",
    "is_gpt_5_default",
]
