"""``agents.model_settings`` of the OpenAI Agents SDK: settings of a model call.

A thin re-export module for drop-in imports; the code lives in the modules named below.
"""

from __future__ import annotations

from runwright._core.config import ModelSettings

__all__ = [
    "ModelSettings",
]
