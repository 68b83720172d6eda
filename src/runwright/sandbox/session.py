"""A sandbox session: one live workspace, its commands and its files.

Public face: the code lives in runwright/_sandbox/session.py.
"""

from __future__ import annotations

from runwright._sandbox.session import (
    SandboxSession,
    SandboxSessionState,
)

__all__ = [
    "SandboxSessionState",
    "SandboxSession",
]
