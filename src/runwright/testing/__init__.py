"""Test doubles for programs built on runwright: a model that plays a script.

``ScriptedModel`` and its steps (the OpenAI Agents SDK's ``agents.testing``
forms, plus runwright's shorter ones: ``message``, ``tool_call``,
``handoff_call``, ``reasoning``, ``refusal``, ``ScriptedResponse``).

``scripted_sandbox_session`` and its types (loaded lazily; see
``runwright.testing.sandbox``).

Public face: the code lives in runwright/_models/scripted.py and
runwright/_sandbox/scripted.py.
"""

from __future__ import annotations

from runwright._core.lazy import forward_lazy
from runwright._models.scripted import (
    InvalidModelStep,
    ModelCall,
    ModelScriptError,
    ModelStep,
    ModelStepSpec,
    ScriptedModel,
    ScriptedResponse,
    UnconsumedModelSteps,
    UnconsumedScriptWarning,
    UnexpectedModelCall,
    assistant_message,
    function_call,
    handoff_call,
    message,
    reasoning,
    refusal,
    tool_call,
)

__all__ = [
    "InvalidModelStep",
    "ModelCall",
    "ModelScriptError",
    "ModelStep",
    "ModelStepSpec",
    "ScriptedModel",
    "ScriptedResponse",
    "UnconsumedModelSteps",
    "UnconsumedScriptWarning",
    "UnexpectedModelCall",
    "assistant_message",
    "function_call",
    "handoff_call",
    "message",
    "reasoning",
    "refusal",
    "tool_call",
    "InvalidSandboxStep",
    "SandboxCall",
    "SandboxCallMatcherError",
    "SandboxScriptError",
    "SandboxStepSpec",
    "ScriptedSandboxSession",
    "UnconsumedSandboxSteps",
    "UnexpectedSandboxCall",
    "scripted_sandbox_session",
]

# The sandbox test double loads the sandbox room (asyncio, subprocess helpers) only
# when asked for.
__getattr__ = forward_lazy(
    __name__,
    {
        "InvalidSandboxStep": "runwright._sandbox.scripted",
        "SandboxCall": "runwright._sandbox.scripted",
        "SandboxCallMatcherError": "runwright._sandbox.scripted",
        "SandboxScriptError": "runwright._sandbox.scripted",
        "SandboxStepSpec": "runwright._sandbox.scripted",
        "ScriptedSandboxSession": "runwright._sandbox.scripted",
        "UnconsumedSandboxSteps": "runwright._sandbox.scripted",
        "UnexpectedSandboxCall": "runwright._sandbox.scripted",
        "scripted_sandbox_session": "runwright._sandbox.scripted",
    },
)
