"""``agents.extensions.models.any_llm_provider`` of the OpenAI Agents SDK: AnyLLMProvider.

Public face: the code lives in runwright/_models/any_llm_model.py.
"""

from __future__ import annotations

from runwright._models.any_llm_model import DEFAULT_MODEL, AnyLLMProvider

__all__ = [
    "DEFAULT_MODEL",
    "AnyLLMProvider",
]
