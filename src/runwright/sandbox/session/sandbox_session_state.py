"""SandboxSessionState: the serialisable part of a sandbox session.

Public face: the code lives in runwright/_sandbox/session.py.
"""

from __future__ import annotations

from runwright._sandbox.session import (
    SandboxSessionState,
)

__all__ = [
    "SandboxSessionState",
]
