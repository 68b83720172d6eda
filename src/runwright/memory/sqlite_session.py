"""``agents.memory.sqlite_session`` of the OpenAI Agents SDK: the SQLite session.

A thin re-export module for drop-in imports; the code lives in the modules named below.
"""

from __future__ import annotations

from runwright._sessions import SQLiteSession

__all__ = [
    "SQLiteSession",
]
