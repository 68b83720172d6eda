"""Which model a bare ``Agent`` uses, and the default settings that go with it.

The default model is the SDK's, ``gpt-5.6-luna``; the ``OPENAI_DEFAULT_MODEL``
environment variable names another (read at each call, lower-cased). GPT-5
models get default settings as in the SDK: ``verbosity="low"`` and, for the
models whose accepted efforts are known, a reasoning effort. An ``Agent`` whose
settings are left out starts with these for its model (the default model when
it names none; plain settings when its model is a ``Model`` object), and a run
switches them to those of the model the run actually resolves.

Lives in ``_core`` because both ``_agent`` (an Agent's initial settings) and
``_models``/``_loop`` use it.
"""

from __future__ import annotations

import os
import re
from typing import Any

from runwright._core.config import ModelSettings
from runwright._core.items import RawItem

OPENAI_DEFAULT_MODEL_ENV_VARIABLE_NAME = "OPENAI_DEFAULT_MODEL"
RUNWRIGHT_DEFAULT_MODEL = "gpt-5.6-luna"

# Chat-tuned GPT-5 aliases take no reasoning settings.
_GPT_5_CHAT = re.compile(r"gpt-5(\.[123])?-chat-latest")
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
# Codex models: no dated snapshots.
_UNDATED_EFFORTS = {"gpt-5.2-codex": "low", "gpt-5.3-codex": "none"}

_REASONING_FIELDS = ("context", "effort", "generate_summary", "mode", "summary")


class DefaultReasoning(RawItem):
    """The ``reasoning`` of default GPT-5 settings: a dict (``{"effort": "none"}``) that
    reads like openai's ``Reasoning`` (``.effort``, unset fields ``None``) and prints as
    it does, without loading openai."""

    __slots__ = ()

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={self.get(name)!r}" for name in _REASONING_FIELDS)
        return f"Reasoning({shown})"


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


def get_default_model_settings(model: str | None = None) -> ModelSettings:
    """Default settings for ``model`` (default: :func:`get_default_model`); a fresh object."""
    name = get_default_model() if model is None else model
    if not gpt_5_reasoning_settings_required(name):
        return ModelSettings()
    effort = _UNDATED_EFFORTS.get(name) or _GPT_5_EFFORTS.get(_DATE_SUFFIX.sub("", name))
    if effort is None:
        return ModelSettings(verbosity="low")
    return ModelSettings(reasoning=DefaultReasoning(effort=effort), verbosity="low")


def initial_model_settings(model: Any) -> ModelSettings:
    """The settings an Agent starts with for ``model``: a model name's (None: the default
    model's) defaults; plain settings for a ``Model`` object."""
    if model is None:
        return get_default_model_settings()
    if isinstance(model, str):
        return get_default_model_settings(model)
    return ModelSettings()


def implicit_settings_swap(
    agent_model: Any, run_model: Any
) -> tuple[ModelSettings, ModelSettings] | None:
    """``(initial, replacement)``: an agent still on its initial settings (those of
    :func:`initial_model_settings`) runs with the defaults of the model the run resolves
    (``RunConfig.model`` first) instead. None when that changes nothing."""
    if run_model is None:
        return None
    initial = initial_model_settings(agent_model)
    resolved = initial_model_settings(run_model)
    return None if resolved == initial else (initial, resolved)
