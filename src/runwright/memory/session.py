"""``agents.memory.session`` of the OpenAI Agents SDK: the session protocol.

A thin re-export module for drop-in imports; the code lives in the modules named below.
"""

from __future__ import annotations

from runwright._sessions import (
    Session,
    SessionABC,
)

__all__ = [
    "Session",
    "SessionABC",
]
