"""Small SQLite helpers shared by the stores (checkpoints, traces)."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
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
        except sqlite3.OperationalError as error:
            text = str(error)
            if ("locked" not in text and "busy" not in text) or time.monotonic() > deadline:
                raise
            time.sleep(delay)
            delay = min(delay * 2, 0.2)
