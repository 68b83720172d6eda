"""``agents.memory.sqlite_session`` of the OpenAI Agents SDK: the SQLite session.

Public face: the code lives in runwright/_sessions/sqlite.py.
"""

from __future__ import annotations

from runwright._sessions.sqlite import SQLiteSession

__all__ = [
    "SQLiteSession",
]
