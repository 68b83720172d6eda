"""SandboxSession: a session that reports its operations as events.

Public face: the code lives in runwright/_sandbox/session.py.
"""

from __future__ import annotations

from runwright._sandbox.session import (
    SandboxSession,
)

__all__ = [
    "SandboxSession",
]
