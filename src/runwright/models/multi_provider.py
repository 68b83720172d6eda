"""``agents.models.multi_provider`` of the OpenAI Agents SDK: routing model names by prefix.

A thin re-export module for drop-in imports; the code lives in the modules named below.
"""

from __future__ import annotations

from runwright._models.provider import MultiProvider

__all__ = [
    "MultiProvider",
]
