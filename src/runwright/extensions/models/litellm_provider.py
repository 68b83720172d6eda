"""``agents.extensions.models.litellm_provider`` of the OpenAI Agents SDK: LitellmProvider.

Public face: the code lives in runwright/_models/litellm_model.py.
"""

from __future__ import annotations

from runwright._models.litellm_model import DEFAULT_MODEL, LitellmProvider

__all__ = [
    "DEFAULT_MODEL",
    "LitellmProvider",
]
