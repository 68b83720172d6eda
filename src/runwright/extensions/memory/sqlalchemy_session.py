"""``agents.extensions.memory.sqlalchemy_session`` of the OpenAI Agents SDK.

Public face: the code lives in runwright/_sessions/sqlalchemy.py.
"""

from __future__ import annotations

from runwright._sessions.sqlalchemy import (
    SQLAlchemySession,
)

__all__ = [
    "SQLAlchemySession",
]
