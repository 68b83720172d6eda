"""Backends for the session contract suite, and the real servers they need.

Redis and PostgreSQL tests run against the servers `scripts/services start`
starts (it prints RUNWRIGHT_TEST_REDIS_URL and RUNWRIGHT_TEST_POSTGRES_DSN).
Without them those tests skip — unless RUNWRIGHT_REQUIRE_SERVICES=1 (CI),
when a missing server fails the test instead.
"""

from __future__ import annotations

import inspect
import os
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

from runwright.sessions import InMemorySession, Session, SQLiteSession

BACKENDS = [
    "memory",
    "sqlite",
    "redis",
    "postgres",
    # runwright.extensions.memory (the SDK's extension sessions)
    "async_sqlite",
    "advanced_sqlite",
    "sqlalchemy_sqlite",
    "sqlalchemy_postgres",
    "redis_from_url",
    "encrypted_sqlite",
    "encrypted_redis",
]
SERVER_BACKENDS = {"redis", "postgres", "sqlalchemy_postgres", "redis_from_url", "encrypted_redis"}
TEST_KEY = "0123456789abcdef0123456789abcdef-test-key"
SKIP_REASON = "start services with scripts/services start"

MakeSession = Callable[..., Awaitable[Any]]


def service_url(var: str) -> str:
    """The server address in ``var``; skip (or fail, in CI) when it is unset."""
    value = os.environ.get(var)
    if value:
        return value
    if os.environ.get("RUNWRIGHT_REQUIRE_SERVICES") == "1":
        pytest.fail(f"{var} is unset but RUNWRIGHT_REQUIRE_SERVICES=1: {SKIP_REASON}")
    pytest.skip(SKIP_REASON)


@pytest.fixture
def redis_url() -> str:
    return service_url("RUNWRIGHT_TEST_REDIS_URL")


@pytest.fixture
def postgres_dsn() -> str:
    return service_url("RUNWRIGHT_TEST_POSTGRES_DSN")


async def _close(session: Any) -> None:
    result = session.close() if hasattr(session, "close") else None
    if inspect.isawaitable(result):
        await result


@pytest.fixture(params=BACKENDS)
async def make_session(
    request: pytest.FixtureRequest, tmp_path: Path
) -> AsyncIterator[MakeSession]:
    """``await make_session(session_id=None, **options)`` makes sessions of one backend (the
    options go to its constructor, e.g. ``session_settings=``); all cleaned up."""
    backend: str = request.param
    made: list[Any] = []
    run_tag = uuid.uuid4().hex[:12]  # isolates this test's keys/rows on shared servers
    url = None
    if backend in ("redis", "redis_from_url", "encrypted_redis"):
        url = request.getfixturevalue("redis_url")
    elif backend in ("postgres", "sqlalchemy_postgres"):
        url = request.getfixturevalue("postgres_dsn")

    async def make(session_id: str | None = None, **options: Any) -> Session:
        sid = f"{run_tag}-{session_id or 'main'}"
        session: Any
        if backend == "memory":
            session = InMemorySession(sid, **options)
        elif backend == "sqlite":
            session = SQLiteSession(sid, tmp_path / "sessions.db", **options)
        elif backend == "redis":
            from runwright.sessions import RedisSession

            session = RedisSession(sid, url=url, key_prefix=f"runwright-test:{run_tag}", **options)
        elif backend == "postgres":
            from runwright.sessions import PostgresSession

            session = PostgresSession(sid, dsn=url, **options)
        else:
            session = _extension_session(backend, sid, url, tmp_path, run_tag, options)
        made.append(session)
        return session  # type: ignore[no-any-return]

    make.backend = backend  # type: ignore[attr-defined]
    yield make
    for session in made:
        if backend in SERVER_BACKENDS:
            await session.clear_session()
        await _close(session)


def _extension_session(
    backend: str, sid: str, url: str | None, tmp_path: Path, run_tag: str, options: Any
) -> Any:
    from runwright.extensions import memory

    if backend == "async_sqlite":
        return memory.AsyncSQLiteSession(sid, tmp_path / "async.db", **options)
    if backend == "advanced_sqlite":
        return memory.AdvancedSQLiteSession(
            session_id=sid, db_path=tmp_path / "advanced.db", create_tables=True, **options
        )
    if backend == "sqlalchemy_sqlite":
        return memory.SQLAlchemySession.from_url(
            sid, url=f"sqlite+aiosqlite:///{tmp_path / 'sa.db'}", create_tables=True, **options
        )
    if backend == "sqlalchemy_postgres":
        assert url is not None
        return memory.SQLAlchemySession.from_url(
            sid, url=asyncpg_url(url), create_tables=True, **options
        )
    if backend == "redis_from_url":
        assert url is not None
        return memory.RedisSession.from_url(
            sid, url=url, key_prefix=f"runwright-test-sdk:{run_tag}", **options
        )
    if backend == "encrypted_sqlite":
        inner = SQLiteSession(sid, tmp_path / "encrypted.db", **options)
        return memory.EncryptedSession(sid, inner, TEST_KEY)
    assert backend == "encrypted_redis" and url is not None
    inner = memory.RedisSession.from_url(
        sid, url=url, key_prefix=f"runwright-test-enc:{run_tag}", **options
    )
    return memory.EncryptedSession(sid, inner, TEST_KEY)


def asyncpg_url(dsn: str) -> str:
    """A ``postgresql://`` DSN as SQLAlchemy's asyncpg URL."""
    return "postgresql+asyncpg://" + dsn.split("://", 1)[1]


@pytest.fixture
async def session(make_session: MakeSession) -> Session:
    return await make_session()  # type: ignore[no-any-return]
