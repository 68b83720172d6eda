"""``agents.memory`` of the OpenAI Agents SDK: conversation memory (sessions).

A thin re-export module for drop-in imports; the code lives in the modules named below.
"""

from __future__ import annotations

from runwright._sessions import (
    InMemorySession,
    Session,
    SessionABC,
    SessionSettings,
    SQLiteSession,
)

__all__ = [
    "InMemorySession",
    "SQLiteSession",
    "Session",
    "SessionABC",
    "SessionSettings",
]
