"""SQLiteSession: the embedded default, one file (or memory) holding many conversations."""

from __future__ import annotations

import weakref
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from runwright._core.exceptions import UserError
from runwright._sessions.protocol import (
    SessionABC,
    SessionItem,
    SessionSettings,
    decode_items,
    default_settings,
    encode_items,
    resolve_limit,
)
from runwright._sessions.sqlite_store import ITEMS_TABLE, acquire_store, orphan_store, release_store

if TYPE_CHECKING:
    import sqlite3
    from pathlib import Path

T = TypeVar("T")

_INSERT = f"INSERT INTO {ITEMS_TABLE} (session_id, item) VALUES (?, ?)"
_SELECT_ALL = f"SELECT item FROM {ITEMS_TABLE} WHERE session_id = ? ORDER BY id"
_SELECT_LAST = f"SELECT item FROM {ITEMS_TABLE} WHERE session_id = ? ORDER BY id DESC LIMIT ?"
_SELECT_NEWEST = f"SELECT id, item FROM {ITEMS_TABLE} WHERE session_id = ? ORDER BY id DESC LIMIT 1"
_DELETE_ONE = f"DELETE FROM {ITEMS_TABLE} WHERE id = ?"
_DELETE_SESSION = f"DELETE FROM {ITEMS_TABLE} WHERE session_id = ?"


class SQLiteSession(SessionABC):
    """Conversation memory in a SQLite database: the embedded default.

    ``SQLiteSession("user-42", "conversations.db")`` stores the conversation
    ``user-42`` in ``conversations.db``; ``SQLiteSession(db_path="conversations.db")``
    uses the session id ``"default"``; ``SQLiteSession("user-42")`` keeps it in
    memory for the life of the object.

    All sessions on one file in a process share one connection and one worker
    thread (every SQLite call runs there, never on the event loop), so a
    session may be used from many tasks, event loops and threads. Several
    processes may use one file: writes take SQLite's write lock
    (``BEGIN IMMEDIATE``, waiting up to 30 s), so none is lost or duplicated.
    Each :meth:`add_items` is one transaction: all its items are stored, or
    none and the error is raised. The file is in WAL mode with
    ``synchronous=NORMAL``: a committed write survives a crash of the process;
    a power loss may drop the last writes.

    Args:
        session_id: The conversation's id (many may share one file).
        db_path: The database file, created if missing; ``":memory:"`` (the
            default) for a private in-memory database.
        session_settings: Defaults such as ``SessionSettings(limit=20)``: how many
            items ``get_items()`` and runs read (``None``: all).

    Raises:
        UserError: on first use, when ``db_path`` is not a SQLite file, is
            damaged, or holds tables of our names that runwright did not create.
    """

    def __init__(
        self,
        session_id: str = "default",
        db_path: str | Path = ":memory:",
        session_settings: SessionSettings | Mapping[str, Any] | None = None,
    ) -> None:
        self.session_id = session_id
        self.session_settings = default_settings(session_settings)
        self.db_path = db_path
        self._store = acquire_store(db_path)
        # Releases the shared connection if the session is collected without close().
        self._release = weakref.finalize(self, orphan_store, self._store)

    def close(self) -> None:
        """Releases this session's share of the file's connection.

        The last session of a file to close waits for its pending writes, then
        closes the connection (checkpointing the WAL into the file).
        """
        if self._release.detach() is not None:
            release_store(self._store, wait=True)

    async def _run(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        if not self._release.alive:
            raise UserError(f"SQLiteSession {self.session_id!r} is closed; create a new one")
        return await self._store.run(fn)

    async def get_items(self, limit: int | None = None) -> list[SessionItem]:
        limit = resolve_limit(limit, self.session_settings)
        sid = self.session_id
        if limit is None:
            return await self._run(
                lambda c: decode_items([r[0] for r in c.execute(_SELECT_ALL, (sid,))])
            )

        def newest(conn: sqlite3.Connection) -> list[SessionItem]:
            rows = conn.execute(_SELECT_LAST, (sid, limit)).fetchall()
            return decode_items([row[0] for row in reversed(rows)])

        return await self._run(newest)

    async def add_items(self, items: list[SessionItem]) -> None:
        texts = encode_items(items)  # fail before touching the database
        if not texts:
            return
        rows = [(self.session_id, text) for text in texts]
        await self._run(lambda conn: _write(conn, lambda: _insert(conn, rows)))

    async def pop_item(self) -> SessionItem | None:
        sid = self.session_id

        def pop(conn: sqlite3.Connection) -> str | None:
            rows = conn.execute(_SELECT_NEWEST, (sid,)).fetchall()  # read to the end
            if not rows:
                return None
            conn.execute(_DELETE_ONE, (rows[0][0],))
            return str(rows[0][1])

        text = await self._run(lambda conn: _write(conn, lambda: pop(conn)))
        return None if text is None else decode_items([text])[0]

    async def clear_session(self) -> None:
        sid = self.session_id
        await self._run(lambda conn: _write(conn, lambda: _execute(conn, _DELETE_SESSION, sid)))

    async def replace_items(self, items: list[SessionItem]) -> None:
        """Replaces the whole history with ``items`` in one transaction."""
        texts = encode_items(items)
        sid = self.session_id
        rows = [(sid, text) for text in texts]

        def replace(conn: sqlite3.Connection) -> None:
            _execute(conn, _DELETE_SESSION, sid)
            _insert(conn, rows)

        await self._run(lambda conn: _write(conn, lambda: replace(conn)))


def _execute(conn: sqlite3.Connection, statement: str, session_id: str) -> None:
    conn.execute(statement, (session_id,)).close()


def _insert(conn: sqlite3.Connection, rows: list[tuple[str, str]]) -> None:
    conn.executemany(_INSERT, rows).close()


def _write(conn: sqlite3.Connection, body: Callable[[], T]) -> T:
    """Runs ``body`` in one write transaction: committed whole, or rolled back and raised."""
    # IMMEDIATE takes the write lock now, so two processes never both read then
    # conflict on upgrade; busy_timeout makes the second one wait.
    conn.execute("BEGIN IMMEDIATE")
    try:
        result = body()
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return result
