"""``agents.extensions.memory.async_sqlite_session`` of the OpenAI Agents SDK.

Public face: the code lives in runwright/_sessions/async_sqlite.py.
"""

from __future__ import annotations

from runwright._sessions.async_sqlite import (
    AsyncSQLiteSession,
)

__all__ = [
    "AsyncSQLiteSession",
]
