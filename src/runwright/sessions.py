"""Conversation memory: the :class:`Session` port and its backends.

Public face: the code lives in runwright/_sessions/__init__.py.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from runwright._core.lazy import forward_lazy
from runwright._sessions import (
    InMemorySession,
    Session,
    SessionABC,
    SessionCompaction,
    SessionItem,
    SessionSettings,
    SQLiteSession,
)

if TYPE_CHECKING:
    from runwright._sessions import (
        PostgresSession,
        RedisSession,
    )

__getattr__ = forward_lazy(
    __name__,
    "runwright._sessions",
    (
        "PostgresSession",
        "RedisSession",
    ),
)

__all__ = [
    "InMemorySession",
    "PostgresSession",
    "RedisSession",
    "SQLiteSession",
    "Session",
    "SessionABC",
    "SessionCompaction",
    "SessionItem",
    "SessionSettings",
]
