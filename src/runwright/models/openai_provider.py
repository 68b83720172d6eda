"""``agents.models.openai_provider`` of the OpenAI Agents SDK: the OpenAI provider.

A thin re-export module for drop-in imports; the code lives in the modules named below.
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
