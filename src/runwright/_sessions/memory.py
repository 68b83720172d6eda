"""InMemorySession: conversation memory held in the process, lost when it ends."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import Any

from runwright._sessions.protocol import (
    SessionABC,
    SessionItem,
    SessionSettings,
    decode_items,
    default_settings,
    encode_items,
    resolve_limit,
)


class InMemorySession(SessionABC):
    """A session kept in a Python list, for tests and short-lived processes.

    Items are stored as JSON text, like every other backend, so a caller
    mutating an item after adding it does not change the stored history and
    an item that cannot be stored fails here as it would on a database.

    Args:
        session_id: The conversation's id.
        session_settings: Defaults such as ``SessionSettings(limit=20)``: how many
            items ``get_items()`` and runs read (``None``: all).
    """

    def __init__(
        self,
        session_id: str = "default",
        *,
        session_settings: SessionSettings | Mapping[str, Any] | None = None,
    ) -> None:
        self.session_id = session_id
        self.session_settings = default_settings(session_settings)
        # Invariant: _items[i] is the JSON text of the i-th item added, oldest first.
        self._items: list[str] = []
        # Guards _items so the session can be shared between threads as well as tasks.
        self._lock = threading.Lock()

    async def get_items(self, limit: int | None = None) -> list[SessionItem]:
        limit = resolve_limit(limit, self.session_settings)
        with self._lock:
            start = 0 if limit is None else max(0, len(self._items) - limit)
            return decode_items(self._items[start:])

    async def add_items(self, items: list[SessionItem]) -> None:
        texts = encode_items(items)
        with self._lock:
            self._items.extend(texts)

    async def pop_item(self) -> SessionItem | None:
        with self._lock:
            if not self._items:
                return None
            return decode_items([self._items.pop()])[0]

    async def clear_session(self) -> None:
        with self._lock:
            self._items.clear()

    async def replace_items(self, items: list[SessionItem]) -> None:
        """Replaces the whole history with ``items`` in one step."""
        texts = encode_items(items)
        with self._lock:
            self._items[:] = texts
