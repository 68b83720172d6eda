"""Which model a bare ``Agent`` uses, and its default settings (the SDK's helpers).

The default model is the SDK's, ``gpt-5.6-luna``; ``OPENAI_DEFAULT_MODEL`` names
another. For GPT-5 models :func:`get_default_model_settings` gives the settings
the SDK pairs with them (low verbosity, and a reasoning effort the model
accepts); a run uses them for an agent whose model is given by name and whose
settings were left at their defaults.
"""

from __future__ import annotations

import os
import re

from runwright._core.config import ModelSettings

OPENAI_DEFAULT_MODEL_ENV_VARIABLE_NAME = "OPENAI_DEFAULT_MODEL"
RUNWRIGHT_DEFAULT_MODEL = "gpt-5.6-luna"

# Chat-tuned GPT-5 aliases take no reasoning settings.
_GPT_5_CHAT = re.compile(r"gpt-5(\.\d+)?-chat-latest")
_DATE_SUFFIX = re.compile(r"-\d{4}-\d{2}-\d{2}$")
# The default reasoning effort per GPT-5 model (dated snapshots included), as in the SDK;
# other GPT-5 models get low verbosity only.
_GPT_5_EFFORTS = {
    "gpt-5": "low",
    "gpt-5.1": "none",
    "gpt-5.2": "none",
    "gpt-5.2-pro": "medium",
    "gpt-5.4": "none",
    "gpt-5.4-pro": "medium",
    "gpt-5.4-mini": "none",
    "gpt-5.4-nano": "none",
    "gpt-5.5": "none",
    "gpt-5.6": "none",
    "gpt-5.6-sol": "none",
    "gpt-5.6-terra": "none",
    "gpt-5.6-luna": "none",
}
_UNDATED_EFFORTS = {"gpt-5.2-codex": "low", "gpt-5.3-codex": "none"}


def get_default_model() -> str:
    """The model used when neither the agent nor the run config names one (lower case)."""
    return os.getenv(OPENAI_DEFAULT_MODEL_ENV_VARIABLE_NAME, RUNWRIGHT_DEFAULT_MODEL).lower()


def gpt_5_reasoning_settings_required(model_name: str) -> bool:
    """True for GPT-5 models, which take reasoning settings (not the ``-chat-latest`` ones)."""
    if _GPT_5_CHAT.fullmatch(model_name):
        return False
    return model_name.startswith("gpt-5")


def is_gpt_5_default() -> bool:
    """True when the default model (:func:`get_default_model`) is a GPT-5 model."""
    return gpt_5_reasoning_settings_required(get_default_model())


def implicit_settings_for(model_name: str | None) -> ModelSettings | None:
    """The default settings a run uses for a model chosen by name (None: the default
    model), when they add anything (GPT-5 models); None otherwise."""
    settings = get_default_model_settings(model_name)
    return None if settings == _NO_SETTINGS else settings


_NO_SETTINGS = ModelSettings()


def get_default_model_settings(model: str | None = None) -> ModelSettings:
    """Default settings for ``model`` (default: :func:`get_default_model`); a fresh object."""
    name = get_default_model() if model is None else model
    if not gpt_5_reasoning_settings_required(name):
        return ModelSettings()
    effort = _UNDATED_EFFORTS.get(name) or _GPT_5_EFFORTS.get(_DATE_SUFFIX.sub("", name))
    if effort is None:
        return ModelSettings(verbosity="low")
    return ModelSettings(reasoning={"effort": effort}, verbosity="low")
