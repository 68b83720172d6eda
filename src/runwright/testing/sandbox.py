"""Scripted sandbox sessions for tests (the SDK's ``agents.testing.sandbox``).

Public face: the code lives in runwright/_sandbox/scripted.py.
"""

from __future__ import annotations

from runwright._sandbox.scripted import (
    InvalidSandboxStep,
    SandboxCall,
    SandboxCallMatcherError,
    SandboxScriptError,
    SandboxStepSpec,
    ScriptedSandboxSession,
    UnconsumedSandboxSteps,
    UnexpectedSandboxCall,
    scripted_sandbox_session,
)

__all__ = [
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
