"""``agents.extensions.memory.advanced_sqlite_session`` of the OpenAI Agents SDK.

Public face: the code lives in runwright/_sessions/advanced_sqlite.py.
"""

from __future__ import annotations

from runwright._sessions.advanced_sqlite import (
    AdvancedSQLiteSession,
)

__all__ = [
    "AdvancedSQLiteSession",
]
