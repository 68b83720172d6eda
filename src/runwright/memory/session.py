"""``agents.memory.session`` of the OpenAI Agents SDK: the session protocol.

Public face: the code lives in runwright/_sessions/protocol.py.
"""

from __future__ import annotations

from runwright._sessions.protocol import (
    Session,
    SessionABC,
)

__all__ = [
    "Session",
    "SessionABC",
]
