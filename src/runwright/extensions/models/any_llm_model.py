"""``agents.extensions.models.any_llm_model`` of the OpenAI Agents SDK: AnyLLMModel.

``any_llm`` itself is imported on the first model call (``pip install runwright[any-llm]``).

Public face: the code lives in runwright/_models/any_llm_model.py.
"""

from __future__ import annotations

from runwright._models.any_llm_model import AnyLLMModel

__all__ = [
    "AnyLLMModel",
]
