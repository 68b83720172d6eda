"""Conversation memory: the :class:`Session` port and its backends.

* :class:`SQLiteSession` — the embedded default (a file, or memory).
* :class:`InMemorySession` — a Python list, for tests and short-lived processes.
* ``RedisSession`` — Redis lists (``pip install runwright[redis]``).
* ``PostgresSession`` — PostgreSQL JSONB rows (``pip install runwright[postgres]``).

:class:`SessionSettings` caps how much history a run reads;
:class:`SessionCompaction` summarises long histories with a model.
The Redis and PostgreSQL backends load (with their client packages) on first
access.

Public face: the code lives in runwright/_sessions/ (compaction, memory, postgres, protocol,
redis, sqlite).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from runwright._core.lazy import forward_lazy
from runwright._sessions.compaction import (
    SessionCompaction,
)
from runwright._sessions.memory import (
    InMemorySession,
)
from runwright._sessions.protocol import (
    Session,
    SessionABC,
    SessionItem,
    SessionSettings,
)
from runwright._sessions.sqlite import (
    SQLiteSession,
)

if TYPE_CHECKING:
    from runwright._sessions.postgres import PostgresSession
    from runwright._sessions.redis import RedisSession

# Loaded on first access: their modules import heavier dependencies.
__getattr__ = forward_lazy(
    __name__,
    {
        "PostgresSession": "runwright._sessions.postgres",
        "RedisSession": "runwright._sessions.redis",
    },
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
