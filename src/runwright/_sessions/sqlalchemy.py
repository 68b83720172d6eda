"""SQLAlchemySession: conversation memory in any SQLAlchemy async database.

``pip install runwright[sqlalchemy]`` plus the async driver of the database:
``asyncpg`` for PostgreSQL (``postgresql+asyncpg://...``), ``aiosqlite`` for SQLite
(``sqlite+aiosqlite:///file.db``). Two tables (names configurable) hold the data:
one row per session, one row per item (JSON text), ordered by an autoincrement id.

Every write begins by upserting the session's row, which locks it until the commit
(a row lock on PostgreSQL, the database write lock on SQLite), so concurrent writers
to one conversation take turns: each ``add_items`` lands whole and contiguous.
"""

from __future__ import annotations

import asyncio
import json
import weakref
from collections.abc import Mapping
from typing import Any

from runwright._core.exceptions import UserError
from runwright._sessions.optional import import_optional
from runwright._sessions.protocol import (
    SessionABC,
    SessionItem,
    SessionSettings,
    _json_default,
    decode_items,
    default_settings,
    encode_items,
    resolve_limit,
)

_NEEDED_BY = "SQLAlchemySession"
_SQLITE_BUSY_TIMEOUT_MS = 30_000

# Engines whose SQLite connections already get the busy timeout (one listener each).
_configured_engines: weakref.WeakSet[Any] = weakref.WeakSet()
# Tables already created per engine, so create_tables=True runs CREATE once per process.
_created_tables: weakref.WeakKeyDictionary[Any, set[tuple[str, str]]] = weakref.WeakKeyDictionary()
_table_locks: weakref.WeakKeyDictionary[Any, asyncio.Lock] = weakref.WeakKeyDictionary()


def _sa() -> Any:
    return import_optional("sqlalchemy", extra="sqlalchemy", needed_by=_NEEDED_BY)


class SQLAlchemySession(SessionABC):
    """Conversation memory in a database reached through a SQLAlchemy ``AsyncEngine``.

    Args:
        session_id: The conversation's id.
        engine: A ``sqlalchemy.ext.asyncio.AsyncEngine`` (shared between sessions;
            the caller disposes it). :meth:`from_url` makes one.
        create_tables: Create the two tables when missing (on first use).
        sessions_table: The name of the table with one row per session.
        messages_table: The name of the table with one row per item.
        session_settings: Defaults such as ``SessionSettings(limit=20)``.
        ensure_ascii: Store items' JSON with non-ASCII characters escaped.

    Raises:
        UserError: ``sqlalchemy`` is missing, or ``engine`` is not an AsyncEngine.
            On first use: the tables are missing and ``create_tables`` is False.
    """

    def __init__(
        self,
        session_id: str,
        *,
        engine: Any,
        create_tables: bool = False,
        sessions_table: str = "agent_sessions",
        messages_table: str = "agent_messages",
        session_settings: SessionSettings | Mapping[str, Any] | None = None,
        ensure_ascii: bool = True,
    ) -> None:
        sa = _sa()
        sa_async = import_optional(
            "sqlalchemy.ext.asyncio", extra="sqlalchemy", needed_by=_NEEDED_BY
        )
        if not isinstance(engine, sa_async.AsyncEngine):
            raise UserError(
                f"SQLAlchemySession(engine=...) needs a sqlalchemy AsyncEngine "
                f"(create_async_engine(url)), got {type(engine).__name__}; or use "
                "SQLAlchemySession.from_url(session_id, url=...)"
            )
        for label, name in (("sessions_table", sessions_table), ("messages_table", messages_table)):
            if not isinstance(name, str) or not name:
                raise UserError(f"SQLAlchemySession({label}={name!r}): give a table name")
        self.session_id = session_id
        self.session_settings = default_settings(session_settings)
        self.create_tables = create_tables
        self.ensure_ascii = ensure_ascii
        self._engine = engine
        self._owns_engine = False
        self._table_names = (sessions_table, messages_table)
        self._encoder = json.JSONEncoder(
            ensure_ascii=ensure_ascii, separators=(",", ":"), default=_json_default
        )
        metadata = sa.MetaData()
        self._sessions = sa.Table(
            sessions_table,
            metadata,
            sa.Column("session_id", sa.String(255), primary_key=True),
            sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now()),
            sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.func.now()),
        )
        self._messages = sa.Table(
            messages_table,
            metadata,
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
            sa.Column(
                "session_id",
                sa.String(255),
                sa.ForeignKey(f"{sessions_table}.session_id", ondelete="CASCADE"),
                nullable=False,
            ),
            sa.Column("message_data", sa.Text, nullable=False),
            sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now()),
            sa.Index(f"idx_{messages_table}_session_id", "session_id", "id"),
        )
        self._metadata = metadata
        if engine.dialect.name == "sqlite" and engine not in _configured_engines:
            _configured_engines.add(engine)
            sa.event.listen(engine.sync_engine, "connect", _sqlite_on_connect)

    @classmethod
    def from_url(
        cls,
        session_id: str,
        *,
        url: str,
        engine_kwargs: dict[str, Any] | None = None,
        session_settings: SessionSettings | Mapping[str, Any] | None = None,
        **kwargs: Any,
    ) -> SQLAlchemySession:
        """A session on an engine made from ``url`` (disposed by :meth:`close`).

        Args:
            session_id: The conversation's id.
            url: An async database URL, e.g. ``postgresql+asyncpg://user:pw@host/db``
                or ``sqlite+aiosqlite:///conversations.db``.
            engine_kwargs: Extra arguments for ``create_async_engine``.
            session_settings: As for the constructor.
            **kwargs: Other constructor arguments (``create_tables``, table names, ...).

        Raises:
            UserError: the URL is invalid, or its driver package is missing.
        """
        sa_async = import_optional(
            "sqlalchemy.ext.asyncio", extra="sqlalchemy", needed_by=_NEEDED_BY
        )
        try:
            engine = sa_async.create_async_engine(url, **(engine_kwargs or {}))
        except ImportError as exc:
            raise UserError(
                f"SQLAlchemySession.from_url({_safe_url(url)!r}): the database driver is not "
                f"installed ({exc}); e.g. pip install aiosqlite or asyncpg"
            ) from exc
        except Exception as exc:  # ArgumentError, bad kwargs, a sync driver, ...
            raise UserError(f"SQLAlchemySession.from_url({_safe_url(url)!r}): {exc}") from exc
        session = cls(session_id, engine=engine, session_settings=session_settings, **kwargs)
        session._owns_engine = True
        return session

    @property
    def engine(self) -> Any:
        """The ``AsyncEngine`` this session uses."""
        return self._engine

    async def close(self) -> None:
        """Disposes the engine if this session made it (:meth:`from_url`)."""
        if self._owns_engine:
            self._owns_engine = False
            await self._engine.dispose()

    # ----- storage ------------------------------------------------------------------

    async def _ensure_tables(self) -> None:
        if not self.create_tables:
            return
        done = _created_tables.setdefault(self._engine, set())
        if self._table_names in done:
            return
        sa_exc = import_optional("sqlalchemy.exc", extra="sqlalchemy", needed_by=_NEEDED_BY)
        lock = _table_locks.setdefault(self._engine, asyncio.Lock())
        async with lock:
            if self._table_names in done:
                return
            for attempt in range(3):
                try:
                    async with self._engine.begin() as conn:
                        await conn.run_sync(self._metadata.create_all, checkfirst=True)
                    break
                except (sa_exc.OperationalError, sa_exc.ProgrammingError, sa_exc.IntegrityError):
                    # Another process created them between the check and CREATE.
                    if attempt == 2:
                        raise
            done.add(self._table_names)

    def _encode(self, items: list[SessionItem]) -> list[str]:
        encode_items(items)  # the shared checks and their messages
        return [self._encoder.encode(item) for item in items]

    async def _touch(self, conn: Any) -> None:
        """Upserts the session's row: takes the lock that orders this conversation's writes."""
        sa = _sa()
        table = self._sessions
        dialect = self._engine.dialect.name
        if dialect in ("postgresql", "sqlite"):
            insert = import_optional(
                f"sqlalchemy.dialects.{dialect}", extra="sqlalchemy", needed_by=_NEEDED_BY
            ).insert
            stmt = insert(table).values(session_id=self.session_id)
            stmt = stmt.on_conflict_do_update(
                index_elements=[table.c.session_id], set_={"updated_at": sa.func.now()}
            )
            await conn.execute(stmt)
            return
        updated = await conn.execute(
            table.update()
            .where(table.c.session_id == self.session_id)
            .values(updated_at=sa.func.now())
        )
        if updated.rowcount == 0:
            await conn.execute(table.insert().values(session_id=self.session_id))

    async def _call(self, body: Any, *, write: bool) -> Any:
        """Runs ``body(conn)`` in one transaction, turning database errors into UserErrors."""
        sa_exc = import_optional("sqlalchemy.exc", extra="sqlalchemy", needed_by=_NEEDED_BY)
        for attempt in range(8):
            try:
                await self._ensure_tables()
                async with self._engine.begin() as conn:
                    if write:
                        await self._touch(conn)
                    return await body(conn)
            except sa_exc.OperationalError as exc:
                text = str(exc).lower()
                if "locked" in text and attempt < 7:  # SQLite busy past its timeout
                    await asyncio.sleep(0.05 * (attempt + 1))
                    continue
                raise self._error(exc) from exc
            except sa_exc.SQLAlchemyError as exc:
                raise self._error(exc) from exc
            except OSError as exc:
                raise UserError(
                    f"SQLAlchemySession {self.session_id!r}: cannot reach the database: {exc}"
                ) from exc
        raise AssertionError("unreachable")  # pragma: no cover

    def _error(self, exc: Exception) -> UserError:
        text = str(exc)
        lowered = text.lower()
        if "no such table" in lowered or "does not exist" in lowered:
            return UserError(
                f"SQLAlchemySession {self.session_id!r}: the tables {self._table_names} do not "
                "exist; pass create_tables=True to create them"
            )
        first_line = text.splitlines()[0] if text else type(exc).__name__
        return UserError(f"SQLAlchemySession {self.session_id!r}: database error: {first_line}")

    async def get_items(self, limit: int | None = None) -> list[SessionItem]:
        limit = resolve_limit(limit, self.session_settings)
        if limit == 0:
            return []
        sa = _sa()
        m = self._messages
        query = sa.select(m.c.message_data).where(m.c.session_id == self.session_id)
        if limit is None:
            query = query.order_by(m.c.id)
        else:
            query = query.order_by(m.c.id.desc()).limit(limit)

        async def read(conn: Any) -> list[str]:
            return [row[0] for row in await conn.execute(query)]

        texts: list[str] = await self._call(read, write=False)
        if limit is not None:
            texts.reverse()
        return decode_items(texts)

    async def add_items(self, items: list[SessionItem]) -> None:
        texts = self._encode(items)
        if not texts:
            return
        rows = [{"session_id": self.session_id, "message_data": text} for text in texts]

        async def write(conn: Any) -> None:
            await conn.execute(self._messages.insert(), rows)

        await self._call(write, write=True)

    async def pop_item(self) -> SessionItem | None:
        sa = _sa()
        m = self._messages

        async def pop(conn: Any) -> str | None:
            row = (
                await conn.execute(
                    sa.select(m.c.id, m.c.message_data)
                    .where(m.c.session_id == self.session_id)
                    .order_by(m.c.id.desc())
                    .limit(1)
                )
            ).first()
            if row is None:
                return None
            await conn.execute(m.delete().where(m.c.id == row[0]))
            return str(row[1])

        text = await self._call(pop, write=True)
        return None if text is None else decode_items([text])[0]

    async def clear_session(self) -> None:
        m, s = self._messages, self._sessions

        async def clear(conn: Any) -> None:
            await conn.execute(m.delete().where(m.c.session_id == self.session_id))
            await conn.execute(s.delete().where(s.c.session_id == self.session_id))

        await self._call(clear, write=True)

    async def replace_items(self, items: list[SessionItem]) -> None:
        """Replaces the whole history with ``items`` in one transaction."""
        texts = self._encode(items)
        rows = [{"session_id": self.session_id, "message_data": text} for text in texts]
        m = self._messages

        async def replace(conn: Any) -> None:
            await conn.execute(m.delete().where(m.c.session_id == self.session_id))
            if rows:
                await conn.execute(m.insert(), rows)

        await self._call(replace, write=True)


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    # Writers wait for SQLite's lock instead of failing at once; foreign keys on.
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {_SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.close()


def _safe_url(url: str) -> str:
    """``url`` with its password hidden, for error messages."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        creds, host = rest.rsplit("@", 1)
        user = creds.split(":", 1)[0]
        return f"{scheme}://{user}:***@{host}"
    return url
