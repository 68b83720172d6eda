"""Which model a bare ``Agent`` uses, and its default settings (the SDK's helpers).

Public face: the code lives in runwright/_core/default_models.py.
"""

from __future__ import annotations

from runwright._core.default_models import (
    OPENAI_DEFAULT_MODEL_ENV_VARIABLE_NAME,
    get_default_model,
    get_default_model_settings,
    gpt_5_reasoning_settings_required,
    is_gpt_5_default,
)

__all__ = [
    "OPENAI_DEFAULT_MODEL_ENV_VARIABLE_NAME",
    "get_default_model",
    "get_default_model_settings",
    "gpt_5_reasoning_settings_required",
    "is_gpt_5_default",
]
