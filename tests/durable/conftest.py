"""Checkpoint stores for the durable-run contract suite, on the real servers they need.

The PostgreSQL store runs against the server `scripts/services start` starts
(it prints RUNWRIGHT_TEST_POSTGRES_DSN). Without it those tests skip, unless
RUNWRIGHT_REQUIRE_SERVICES=1 (CI), when a missing server fails them instead.
Each test gets its own table prefix and drops its tables at the end.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

from runwright.durable import InMemoryCheckpointStore, SQLiteCheckpointStore

SKIP_REASON = 'start PostgreSQL with: eval "$(scripts/services start)"'
STORES = ["memory", "sqlite", "postgres"]


def postgres_dsn_or_skip() -> str:
    """The test server's DSN; skip (or fail, with RUNWRIGHT_REQUIRE_SERVICES=1) without it."""
    dsn = os.environ.get("RUNWRIGHT_TEST_POSTGRES_DSN")
    if dsn:
        return dsn
    if os.environ.get("RUNWRIGHT_REQUIRE_SERVICES") == "1":
        pytest.fail(
            f"RUNWRIGHT_TEST_POSTGRES_DSN is unset but RUNWRIGHT_REQUIRE_SERVICES=1: {SKIP_REASON}"
        )
    pytest.skip(SKIP_REASON)


async def drop_tables(dsn: str, prefix: str) -> None:
    import asyncpg  # type: ignore[import-untyped]

    conn = await asyncpg.connect(dsn)
    try:
        await conn.execute(f"DROP TABLE IF EXISTS {prefix}_runs, {prefix}_run_rows")
    finally:
        await conn.close()


@pytest.fixture(scope="session")
def private_pg() -> Iterator[Any]:
    """A private PostgreSQL server for tests that stop and start it (private_postgres.py)."""
    from private_postgres import PrivatePostgres

    server = PrivatePostgres()
    server.start()
    yield server
    server.destroy()


@pytest.fixture
def pg(private_pg: Any) -> Iterator[Any]:
    """The private server, running at the start and at the end of the test."""
    if not private_pg.running():
        private_pg.start()
    yield private_pg
    if not private_pg.running():
        private_pg.start()


@pytest.fixture
def postgres_dsn() -> str:
    return postgres_dsn_or_skip()


@pytest.fixture
async def pg_prefix(postgres_dsn: str) -> AsyncIterator[str]:
    """A table prefix of this test's own; its tables are dropped afterwards."""
    prefix = new_prefix()
    yield prefix
    await drop_tables(postgres_dsn, prefix)


def new_prefix() -> str:
    return f"rw_ckpt_{uuid.uuid4().hex[:12]}"


@pytest.fixture
async def make_store(tmp_path: Path) -> AsyncIterator[Any]:
    """``make_store(kind)`` opens a store of ``kind`` on this test's own database/tables.

    Stores of one kind made in one test share their data (like two processes would).
    """
    made: list[Any] = []
    prefix = new_prefix()

    def make(kind: str) -> Any:
        store: Any
        if kind == "memory":
            store = InMemoryCheckpointStore()
        elif kind == "sqlite":
            store = SQLiteCheckpointStore(tmp_path / "runs.db", durability="relaxed")
        else:
            from runwright.durable import PostgresCheckpointStore

            store = PostgresCheckpointStore(postgres_dsn_or_skip(), table_prefix=prefix)
        made.append(store)
        return store

    make.prefix = prefix  # type: ignore[attr-defined]
    yield make
    for store in made:
        if isinstance(store, SQLiteCheckpointStore):
            store.close()
        elif not isinstance(store, InMemoryCheckpointStore):
            await store.close()
    if any(not isinstance(s, InMemoryCheckpointStore | SQLiteCheckpointStore) for s in made):
        await drop_tables(postgres_dsn_or_skip(), prefix)


@pytest.fixture(params=STORES)
def store(request: pytest.FixtureRequest, make_store: Any) -> Any:
    """One store of each kind: the contract every CheckpointStore keeps."""
    return make_store(request.param)
