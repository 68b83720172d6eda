"""``agents.model_settings`` of the OpenAI Agents SDK: settings of a model call.

Public face: the code lives in runwright/_core/config.py.
"""

from __future__ import annotations

from runwright._core.config import MCPToolChoice, ModelSettings

__all__ = [
    "MCPToolChoice",
    "ModelSettings",
]
