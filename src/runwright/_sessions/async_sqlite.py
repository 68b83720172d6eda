"""AsyncSQLiteSession: SQLite through ``aiosqlite`` (``pip install runwright[async-sqlite]``).

Each session keeps one ``aiosqlite`` connection (its own worker thread), opened on first
use and closed by :meth:`AsyncSQLiteSession.close`. Two tables, ``agent_sessions`` and
``agent_messages`` by default, hold one row per session and one row per item. Writes
take SQLite's write lock up front (``BEGIN IMMEDIATE``, waiting up to 30 s), so sessions
in several tasks or processes on one file never lose or interleave a batch.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

from runwright._core.exceptions import UserError
from runwright._core.sqlite_util import retry_while_locked_async
from runwright._sessions.optional import import_optional
from runwright._sessions.protocol import (
    SessionABC,
    SessionItem,
    SessionSettings,
    decode_items,
    default_settings,
    encode_items,
    resolve_limit,
)

T = TypeVar("T")

_TABLE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


class AsyncSQLiteSession(SessionABC):
    """Conversation memory in a SQLite file, with every call asynchronous (``aiosqlite``).

    Args:
        session_id: The conversation's id (many may share one file).
        db_path: The database file (created if missing), or ``":memory:"`` (the
            default) for a database private to this session object.
        sessions_table: The table with one row per session.
        messages_table: The table with one row per item.
        session_settings: Defaults such as ``SessionSettings(limit=20)``.

    Raises:
        UserError: a table name is not a plain SQL identifier; on first use,
            ``aiosqlite`` is missing or the file is not a SQLite database.
    """

    def __init__(
        self,
        session_id: str,
        db_path: str | Path = ":memory:",
        sessions_table: str = "agent_sessions",
        messages_table: str = "agent_messages",
        session_settings: SessionSettings | Mapping[str, Any] | None = None,
    ) -> None:
        for label, name in (("sessions_table", sessions_table), ("messages_table", messages_table)):
            if not isinstance(name, str) or not _TABLE_NAME.match(name):
                raise UserError(
                    f"AsyncSQLiteSession({label}={name!r}): use letters, digits and '_' only"
                )
        self.session_id = session_id
        self.db_path = db_path
        self.sessions_table = sessions_table
        self.messages_table = messages_table
        self.session_settings = default_settings(session_settings)
        self._conn: Any = None
        self._lock: asyncio.Lock | None = None
        self._closed = False

    async def _connection(self) -> Any:
        if self._closed:
            raise UserError(f"AsyncSQLiteSession {self.session_id!r} is closed; create a new one")
        if self._conn is not None:
            return self._conn
        aiosqlite = import_optional(
            "aiosqlite", extra="async-sqlite", needed_by="AsyncSQLiteSession"
        )
        try:
            conn = await aiosqlite.connect(str(self.db_path), isolation_level=None, timeout=30)
        except Exception as exc:
            raise UserError(f"AsyncSQLiteSession cannot open {str(self.db_path)!r}: {exc}") from exc
        try:
            await conn.execute("PRAGMA busy_timeout = 30000")
            if str(self.db_path) != ":memory:":
                # Does not wait on the busy handler while another process opens the file.
                await retry_while_locked_async(lambda: conn.execute("PRAGMA journal_mode = WAL"))
            await conn.execute("PRAGMA foreign_keys = ON")
            s, m = self.sessions_table, self.messages_table
            await conn.execute(
                f"CREATE TABLE IF NOT EXISTS {s} (session_id TEXT PRIMARY KEY, "
                "created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP, "
                "updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP)"
            )
            await conn.execute(
                f"CREATE TABLE IF NOT EXISTS {m} (id INTEGER PRIMARY KEY AUTOINCREMENT, "
                f"session_id TEXT NOT NULL REFERENCES {s} (session_id) ON DELETE CASCADE, "
                "message_data TEXT NOT NULL, created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP)"
            )
            await conn.execute(
                f"CREATE INDEX IF NOT EXISTS idx_{m}_session_id ON {m} (session_id, id)"
            )
        except Exception as exc:
            await conn.close()
            raise UserError(
                f"AsyncSQLiteSession cannot use {str(self.db_path)!r} as a SQLite database: {exc}"
            ) from exc
        self._conn = conn
        return conn

    async def _locked(self, body: Callable[[Any], Awaitable[T]], *, write: bool) -> T:
        if self._lock is None:
            self._lock = asyncio.Lock()
        async with self._lock:
            conn = await self._connection()
            if not write:
                return await body(conn)
            await conn.execute("BEGIN IMMEDIATE")
            try:
                await conn.execute(
                    f"INSERT INTO {self.sessions_table} (session_id) VALUES (?) "
                    "ON CONFLICT(session_id) DO UPDATE SET updated_at = CURRENT_TIMESTAMP",
                    (self.session_id,),
                )
                result = await body(conn)
                await conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    await conn.execute("ROLLBACK")
                raise
            return result

    async def close(self) -> None:
        """Closes the connection; the session cannot be used afterwards."""
        self._closed = True
        conn, self._conn = self._conn, None
        if conn is not None:
            await conn.close()

    async def get_items(self, limit: int | None = None) -> list[SessionItem]:
        limit = resolve_limit(limit, self.session_settings)
        if limit == 0:
            return []
        m = self.messages_table

        async def read(conn: Any) -> list[str]:
            if limit is None:
                sql = f"SELECT message_data FROM {m} WHERE session_id = ? ORDER BY id"
                params: tuple[Any, ...] = (self.session_id,)
            else:
                sql = f"SELECT message_data FROM {m} WHERE session_id = ? ORDER BY id DESC LIMIT ?"
                params = (self.session_id, limit)
            async with conn.execute(sql, params) as cursor:
                rows = await cursor.fetchall()
            texts = [row[0] for row in rows]
            if limit is not None:
                texts.reverse()
            return texts

        return decode_items(await self._locked(read, write=False))

    async def add_items(self, items: list[SessionItem]) -> None:
        texts = encode_items(items)
        if not texts:
            return
        rows = [(self.session_id, text) for text in texts]
        sql = f"INSERT INTO {self.messages_table} (session_id, message_data) VALUES (?, ?)"

        async def write(conn: Any) -> None:
            await conn.executemany(sql, rows)

        await self._locked(write, write=True)

    async def pop_item(self) -> SessionItem | None:
        m = self.messages_table

        async def pop(conn: Any) -> str | None:
            async with conn.execute(
                f"SELECT id, message_data FROM {m} WHERE session_id = ? ORDER BY id DESC LIMIT 1",
                (self.session_id,),
            ) as cursor:
                row = await cursor.fetchone()
            if row is None:
                return None
            await conn.execute(f"DELETE FROM {m} WHERE id = ?", (row[0],))
            return str(row[1])

        text = await self._locked(pop, write=True)
        return None if text is None else decode_items([text])[0]

    async def clear_session(self) -> None:
        async def clear(conn: Any) -> None:
            await conn.execute(
                f"DELETE FROM {self.messages_table} WHERE session_id = ?", (self.session_id,)
            )
            await conn.execute(
                f"DELETE FROM {self.sessions_table} WHERE session_id = ?", (self.session_id,)
            )

        await self._locked(clear, write=True)

    async def replace_items(self, items: list[SessionItem]) -> None:
        """Replaces the whole history with ``items`` in one transaction."""
        texts = encode_items(items)
        rows = [(self.session_id, text) for text in texts]
        m = self.messages_table

        async def replace(conn: Any) -> None:
            await conn.execute(f"DELETE FROM {m} WHERE session_id = ?", (self.session_id,))
            if rows:
                await conn.executemany(
                    f"INSERT INTO {m} (session_id, message_data) VALUES (?, ?)", rows
                )

        await self._locked(replace, write=True)
