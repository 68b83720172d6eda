"""Small SQLite helpers shared by the stores (checkpoints, traces, sessions)."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

T = TypeVar("T")


def retry_while_locked(action: Callable[[], T], timeout: float = 10.0) -> T:
    """Runs ``action`` again while SQLite answers "locked"/"busy", up to ``timeout`` seconds.

    Needed where SQLite does not wait by itself, e.g. switching a new file to
    WAL mode while other processes open it too.
    """
    deadline = time.monotonic() + timeout
    delay = 0.005
    while True:
        try:
            return action()
        except Exception as error:
            if not _retryable(error, deadline):
                raise
        time.sleep(delay)
        delay = min(delay * 2, 0.2)


async def retry_while_locked_async(action: Callable[[], Awaitable[T]], timeout: float = 10.0) -> T:
    """``retry_while_locked`` for an awaitable action (aiosqlite), sleeping without blocking."""
    import asyncio

    deadline = time.monotonic() + timeout
    delay = 0.005
    while True:
        try:
            return await action()
        except Exception as error:
            if not _retryable(error, deadline):
                raise
        await asyncio.sleep(delay)
        delay = min(delay * 2, 0.2)


def _retryable(error: Exception, deadline: float) -> bool:
    # sqlite3 loads here, on the first error: the session modules keep it lazy.
    import sqlite3

    if not isinstance(error, sqlite3.OperationalError):
        return False
    text = str(error)
    return ("locked" in text or "busy" in text) and time.monotonic() <= deadline
