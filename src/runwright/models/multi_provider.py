"""``agents.models.multi_provider`` of the OpenAI Agents SDK: routing model names by prefix.

Public face: the code lives in runwright/_models/provider.py.
"""

from __future__ import annotations

from runwright._models.provider import MultiProvider, MultiProviderMap

__all__ = [
    "MultiProvider",
    "MultiProviderMap",
]
