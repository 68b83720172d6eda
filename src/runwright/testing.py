"""ScriptedModel: a model that plays a script, for tests of agents built on runwright.

Public face: the code lives in runwright/_models/scripted.py.
"""

from __future__ import annotations

from runwright._models.scripted import (
    ModelCall,
    ScriptedModel,
    ScriptedResponse,
    UnconsumedScriptWarning,
    handoff_call,
    message,
    reasoning,
    refusal,
    tool_call,
)

__all__ = [
    "ModelCall",
    "ScriptedModel",
    "ScriptedResponse",
    "UnconsumedScriptWarning",
    "handoff_call",
    "message",
    "reasoning",
    "refusal",
    "tool_call",
]
