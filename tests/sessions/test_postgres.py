"""PostgresSession beyond the contract: schema, shared pools, integrity, the missing package."""

from __future__ import annotations

import sys
import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest

from runwright.exceptions import UserError


def user(text: str) -> dict[str, Any]:
    return {"role": "user", "content": text}


@pytest.fixture
async def pool(postgres_dsn: str) -> AsyncIterator[Any]:
    import asyncpg  # type: ignore[import-untyped]

    pool = await asyncpg.create_pool(postgres_dsn, min_size=1, max_size=2)
    yield pool
    await pool.close()


@pytest.fixture
def table() -> str:
    return f"rw_test_{uuid.uuid4().hex[:12]}"


@pytest.fixture
async def drop_table(pool: Any, table: str) -> AsyncIterator[None]:
    yield
    await pool.execute(f"DROP TABLE IF EXISTS {table}")


async def test_schema_is_created_on_first_use_with_a_jsonb_column(
    pool: Any, table: str, drop_table: None
) -> None:
    from runwright.sessions import PostgresSession

    assert await pool.fetchval("SELECT to_regclass($1)", table) is None
    session = PostgresSession("conv", pool=pool, table=table)
    await session.add_items([user("a")])
    kinds = dict(
        await pool.fetch(
            "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = $1",
            table,
        )
    )
    assert kinds["item"] == "jsonb"
    indexes = await pool.fetch("SELECT indexdef FROM pg_indexes WHERE tablename = $1", table)
    assert any("(session_id, id)" in row["indexdef"] for row in indexes)
    # The stored value is real JSON the database can query.
    assert await pool.fetchval(f"SELECT item->>'content' FROM {table}") == "a"


async def test_many_sessions_share_one_pool_which_they_do_not_close(
    pool: Any, table: str, drop_table: None
) -> None:
    from runwright.sessions import PostgresSession

    sessions = [PostgresSession(f"conv-{n}", pool=pool, table=table) for n in range(5)]
    for n, session in enumerate(sessions):
        await session.add_items([user(f"s{n}")])
    for n, session in enumerate(sessions):
        assert await session.get_items() == [user(f"s{n}")]
        await session.close()
    assert await pool.fetchval("SELECT 1") == 1


async def test_a_write_failing_midway_leaves_the_history_intact(
    pool: Any, table: str, drop_table: None
) -> None:
    from runwright.sessions import PostgresSession

    session = PostgresSession("conv", pool=pool, table=table)
    await session.add_items([user("a"), user("b")])
    # A trigger makes the third row of the next batch fail inside the transaction.
    await pool.execute(
        f"""CREATE FUNCTION {table}_boom() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NEW.item->>'content' = 'boom' THEN RAISE EXCEPTION 'disk says no'; END IF;
          RETURN NEW;
        END $$"""
    )
    await pool.execute(
        f"CREATE TRIGGER boom BEFORE INSERT ON {table} FOR EACH ROW EXECUTE FUNCTION {table}_boom()"
    )
    try:
        with pytest.raises(Exception, match="disk says no"):
            await session.add_items([user("c"), user("d"), user("boom"), user("e")])
        assert await session.get_items() == [user("a"), user("b")]
        with pytest.raises(Exception, match="disk says no"):
            await session.replace_items([user("summary"), user("boom")])
        assert await session.get_items() == [user("a"), user("b")]
    finally:
        await pool.execute(f"DROP TABLE {table}")
        await pool.execute(f"DROP FUNCTION {table}_boom()")


async def test_a_foreign_table_of_our_name_is_refused(
    pool: Any, table: str, drop_table: None
) -> None:
    from runwright.sessions import PostgresSession

    await pool.execute(f"CREATE TABLE {table} (name TEXT, price NUMERIC)")
    session = PostgresSession("conv", pool=pool, table=table)
    with pytest.raises(UserError, match="another shape"):
        await session.add_items([user("a")])


def test_arguments_are_checked() -> None:
    from runwright.sessions import PostgresSession

    with pytest.raises(UserError, match="dsn= or pool="):
        PostgresSession("conv")
    with pytest.raises(UserError, match="table"):
        PostgresSession("conv", dsn="postgresql://x", table="items; DROP TABLE x")


def test_missing_asyncpg_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    from runwright.sessions import PostgresSession

    monkeypatch.setitem(sys.modules, "asyncpg", None)
    with pytest.raises(UserError, match=r"pip install runwright\[postgres\]"):
        PostgresSession("conv", dsn="postgresql://postgres@127.0.0.1:5433/postgres")


async def test_a_failed_transaction_leaves_the_owned_pool_usable(postgres_dsn: str) -> None:
    from runwright.sessions import PostgresSession

    session = PostgresSession(f"conv-{uuid.uuid4().hex}", dsn=postgres_dsn)
    try:
        await session.add_items([user("a")])
        for _ in range(6):  # more failures than the pool has connections
            with pytest.raises(UserError, match="JSONB"):
                await session.replace_items([user("summary"), user("nul \x00")])
        assert await session.get_items() == [user("a")]
        await session.add_items([user("b")])
        assert await session.pop_item() == user("b")
        assert await session.get_items() == [user("a")]
    finally:
        await session.clear_session()
        await session.close()
