"""``agents.models.openai_provider`` of the OpenAI Agents SDK: the OpenAI provider.

Public face: the code lives in runwright/_models/provider.py.
"""

from __future__ import annotations

from runwright._models.provider import (
    DEFAULT_MODEL,
    OpenAIProvider,
)

__all__ = [
    "DEFAULT_MODEL",
    "OpenAIProvider",
]
