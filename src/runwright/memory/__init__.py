"""``agents.memory`` of the OpenAI Agents SDK: conversation memory (sessions).

Public face: the code lives in runwright/_sessions/.
"""

from __future__ import annotations

from runwright._sessions.memory import InMemorySession
from runwright._sessions.protocol import (
    Session,
    SessionABC,
    SessionSettings,
)
from runwright._sessions.sqlite import SQLiteSession

__all__ = [
    "InMemorySession",
    "SQLiteSession",
    "Session",
    "SessionABC",
    "SessionSettings",
]
