"""Sandbox session audit events.

Public face: the code lives in runwright/_sandbox/events.py.
"""

from __future__ import annotations

from runwright._sandbox.events import (
    EventPayloadPolicy,
    SandboxSessionEvent,
    SandboxSessionFinishEvent,
    SandboxSessionStartEvent,
    validate_sandbox_session_event,
)

__all__ = [
    "EventPayloadPolicy",
    "SandboxSessionEvent",
    "SandboxSessionFinishEvent",
    "SandboxSessionStartEvent",
    "validate_sandbox_session_event",
]
