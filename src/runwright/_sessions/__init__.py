"""Conversation memory: the :class:`Session` port and its backends.

* :class:`SQLiteSession` — the embedded default (a file, or memory).
* :class:`InMemorySession` — a Python list, for tests and short-lived processes.
* ``RedisSession`` — Redis lists (``pip install runwright[redis]``).
* ``PostgresSession`` — PostgreSQL JSONB rows (``pip install runwright[postgres]``).

:class:`SessionSettings` caps how much history a run reads;
:class:`SessionCompaction` summarises long histories with a model.
The Redis and PostgreSQL backends load (with their client packages) on first
access.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from runwright._sessions.compaction import SessionCompaction
from runwright._sessions.memory import InMemorySession
from runwright._sessions.protocol import Session, SessionABC, SessionItem, SessionSettings
from runwright._sessions.sqlite import SQLiteSession

if TYPE_CHECKING:
    from runwright._sessions.postgres import PostgresSession
    from runwright._sessions.redis import RedisSession

_LAZY = {"RedisSession": ".redis", "PostgresSession": ".postgres"}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(module, __name__), name)
    globals()[name] = value
    return value


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
