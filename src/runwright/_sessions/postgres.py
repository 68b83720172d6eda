"""PostgresSession: conversation memory in PostgreSQL (``pip install runwright[postgres]``)."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Mapping
from typing import Any

from runwright._core.exceptions import UserError
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

# First key of our advisory locks (two-int form), so they cannot collide with an
# application's own single-bigint advisory locks.
_LOCK_NAMESPACE = 0x52574753  # "RWGS"
_COLUMNS = ["id", "session_id", "item", "created_at"]


class PostgresSession(SessionABC):
    """Conversation memory in a PostgreSQL table: one row (JSONB) per item.

    The table is created on first use (``CREATE TABLE IF NOT EXISTS``, safe
    when many processes start at once). Each write is one transaction that
    first takes a per-session advisory lock, so concurrent writers to one
    session are serialised: nothing is lost or duplicated, and ids (the
    order) follow commit order.

    JSONB keeps the data, not the text: key order is not preserved (items
    compare equal as dicts) and strings cannot hold the NUL character.

    Args:
        session_id: The conversation's id.
        dsn: A connection string (``postgresql://user@host:5432/db``); the
            session opens and owns a small pool, closed by :meth:`close`.
        pool: An ``asyncpg`` pool to use instead of ``dsn`` (share one pool
            between many sessions; the caller closes it).
        table: The table's name.
        session_settings: Defaults such as ``SessionSettings(limit=20)``: how many
            items ``get_items()`` and runs read (``None``: all).

    Raises:
        UserError: neither or both of ``dsn`` and ``pool`` are given, the table
            name is not a plain identifier, or ``asyncpg`` is missing.
    """

    def __init__(
        self,
        session_id: str,
        *,
        dsn: str | None = None,
        pool: Any = None,
        table: str = "runwright_session_items",
        session_settings: SessionSettings | Mapping[str, Any] | None = None,
    ) -> None:
        if (dsn is None) == (pool is None):
            raise UserError("PostgresSession needs exactly one of dsn= or pool=")
        if not re.fullmatch(r"[a-z_][a-z0-9_]{0,50}", table):
            raise UserError(f"PostgresSession(table={table!r}): use lowercase letters, digits, _")
        self.session_id = session_id
        self.session_settings = default_settings(session_settings)
        self.table = table
        self._asyncpg = import_optional("asyncpg", extra="postgres", needed_by="PostgresSession")
        self._dsn = dsn
        self._pool: Any = pool
        self._owns_pool = pool is None
        self._ready = False
        self._ready_lock = asyncio.Lock()
        self._sql = _statements(table)

    async def close(self) -> None:
        """Closes the pool if this session opened it (from ``dsn``)."""
        if self._owns_pool and self._pool is not None:
            await self._pool.close()
            self._pool = None
            self._ready = False

    async def get_items(self, limit: int | None = None) -> list[SessionItem]:
        limit = resolve_limit(limit, self.session_settings)
        pool = await self._ready_pool()
        if limit is None:
            rows = await pool.fetch(self._sql["select_all"], self.session_id)
        else:
            rows = await pool.fetch(self._sql["select_last"], self.session_id, limit)
        return decode_items([row[0] for row in rows])

    async def add_items(self, items: list[SessionItem]) -> None:
        texts = encode_items(items)
        if not texts:
            return
        pool = await self._ready_pool()
        # One statement = one implicit transaction and one round trip. Every row joins
        # the lock CTE, so the session's lock is held before the first id is drawn.
        try:
            await pool.execute(self._sql["add"], self.session_id, texts, _LOCK_NAMESPACE)
        except self._asyncpg.UntranslatableCharacterError as exc:
            raise UserError(f"PostgreSQL JSONB cannot store this item: {exc}") from exc

    async def pop_item(self) -> SessionItem | None:
        rows = await self._write(first=self._sql["pop"])
        return decode_items([rows[0][0]])[0] if rows else None

    async def clear_session(self) -> None:
        await self._write(first=self._sql["delete"])

    async def replace_items(self, items: list[SessionItem]) -> None:
        """Replaces the whole history with ``items`` in one transaction."""
        texts = encode_items(items)
        await self._write(first=self._sql["delete"], texts=texts)

    async def _write(
        self, *, first: str | None = None, texts: list[str] | None = None
    ) -> list[Any]:
        """Runs ``first``, then inserts ``texts``, in one transaction under the session's lock."""
        pool = await self._ready_pool()
        sid = self.session_id
        async with pool.acquire() as conn, conn.transaction():
            await conn.execute(self._sql["lock"], _LOCK_NAMESPACE, sid)
            rows: list[Any] = [] if first is None else await conn.fetch(first, sid)
            if texts:
                try:
                    await conn.execute(self._sql["insert"], sid, texts)
                except self._asyncpg.UntranslatableCharacterError as exc:
                    raise UserError(f"PostgreSQL JSONB cannot store this item: {exc}") from exc
            return rows

    async def _ready_pool(self) -> Any:
        if self._ready:
            return self._pool
        async with self._ready_lock:
            if self._pool is None:
                self._pool = await self._create_pool()
            if not self._ready:
                await self._create_schema(self._pool)
                self._ready = True
        return self._pool

    async def _create_pool(self) -> Any:
        options: dict[str, Any] = {"min_size": 1, "max_size": 4}
        try:
            # Our pool, our connections: skip asyncpg's reset query (a round trip on
            # every release); we leave no session state, only maybe a transaction.
            return await self._asyncpg.create_pool(self._dsn, reset=_rollback_if_open, **options)
        except TypeError:  # asyncpg < 0.30 has no reset=
            return await self._asyncpg.create_pool(self._dsn, **options)

    async def _create_schema(self, pool: Any) -> None:
        async with pool.acquire() as conn, conn.transaction():
            # Concurrent CREATE ... IF NOT EXISTS can still collide; serialise them.
            await conn.execute(self._sql["lock"], _LOCK_NAMESPACE, "")  # "": the schema's key
            await conn.execute(self._sql["create_table"])
            found = [row[0] for row in await conn.fetch(self._sql["columns"], self.table)]
            if found != _COLUMNS:
                raise UserError(
                    f"PostgreSQL table {self.table} has another shape (columns {found}, "
                    f"expected {_COLUMNS}); it was not created by runwright — "
                    "pass table= another name"
                )
            await conn.execute(self._sql["create_index"])


async def _rollback_if_open(conn: Any) -> None:
    if conn.is_in_transaction():
        await conn.execute("ROLLBACK")


def _statements(table: str) -> dict[str, str]:
    return {
        "create_table": f"CREATE TABLE IF NOT EXISTS {table} ("
        " id BIGSERIAL PRIMARY KEY,"
        " session_id TEXT NOT NULL,"
        " item JSONB NOT NULL,"
        " created_at TIMESTAMPTZ NOT NULL DEFAULT now())",
        "create_index": f"CREATE INDEX IF NOT EXISTS {table}_session_idx"
        f" ON {table} (session_id, id)",
        "columns": "SELECT column_name FROM information_schema.columns"
        " WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position",
        "lock": "SELECT pg_advisory_xact_lock($1, hashtext($2))",
        # unnest ... WITH ORDINALITY + ORDER BY keeps the items' order in their ids.
        "insert": f"INSERT INTO {table} (session_id, item)"
        " SELECT $1, u.item::jsonb FROM unnest($2::text[]) WITH ORDINALITY AS u(item, n)"
        " ORDER BY u.n",
        "add": "WITH session_lock AS MATERIALIZED"
        " (SELECT pg_advisory_xact_lock($3, hashtext($1)))"
        f" INSERT INTO {table} (session_id, item)"
        " SELECT $1, u.item::jsonb FROM session_lock,"
        " unnest($2::text[]) WITH ORDINALITY AS u(item, n) ORDER BY u.n",
        "select_all": f"SELECT item::text FROM {table} WHERE session_id = $1 ORDER BY id",
        "select_last": f"SELECT item FROM (SELECT id, item::text AS item FROM {table}"
        " WHERE session_id = $1 ORDER BY id DESC LIMIT $2) AS newest ORDER BY id",
        "pop": f"DELETE FROM {table} WHERE id = (SELECT id FROM {table} WHERE session_id = $1"
        " ORDER BY id DESC LIMIT 1) RETURNING item::text",
        "delete": f"DELETE FROM {table} WHERE session_id = $1",
    }
