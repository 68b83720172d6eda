"""BaseSandboxSession: the session API every sandbox client implements.

Public face: the code lives in runwright/_sandbox/session.py.
"""

from __future__ import annotations

from runwright._sandbox.session import (
    BaseSandboxSession,
)

__all__ = [
    "BaseSandboxSession",
]
