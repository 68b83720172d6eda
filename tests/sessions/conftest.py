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

BACKENDS = ["memory", "sqlite", "redis", "postgres"]
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
    if backend == "redis":
        url = request.getfixturevalue("redis_url")
    elif backend == "postgres":
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
        else:
            from runwright.sessions import PostgresSession

            session = PostgresSession(sid, dsn=url, **options)
        made.append(session)
        return session  # type: ignore[no-any-return]

    make.backend = backend  # type: ignore[attr-defined]
    yield make
    for session in made:
        if backend in ("redis", "postgres"):
            await session.clear_session()
        await _close(session)


@pytest.fixture
async def session(make_session: MakeSession) -> Session:
    return await make_session()  # type: ignore[no-any-return]
