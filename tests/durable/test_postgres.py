"""PostgresCheckpointStore beyond the contract: schema, ordering, shared pools, errors."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import AsyncIterator
from typing import Any

import pytest

from runwright import Agent, Runner, UserError, function_tool
from runwright.testing import ScriptedModel, tool_call


@pytest.fixture
async def pool(postgres_dsn: str) -> AsyncIterator[Any]:
    import asyncpg  # type: ignore[import-untyped]

    pool = await asyncpg.create_pool(postgres_dsn, min_size=1, max_size=2)
    yield pool
    await pool.close()


async def test_tables_are_created_on_first_use_with_json_columns(pool: Any, pg_prefix: str) -> None:
    from runwright.durable import PostgresCheckpointStore

    store = PostgresCheckpointStore(pool=pool, table_prefix=pg_prefix)
    result = await Runner.run(Agent(name="a", model=ScriptedModel(["hi"])), "go", durable=store)
    kinds = dict(
        await pool.fetch(
            "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = $1",
            f"{pg_prefix}_run_rows",
        )
    )
    assert kinds["body"] == "json"
    # The stored values are real JSON the database can query.
    header = await pool.fetchval(
        f"SELECT header->>'current_agent' FROM {pg_prefix}_runs WHERE run_id = $1", result.run_id
    )
    assert header == "a"
    await store.close()  # not ours: the pool stays open
    assert await pool.fetchval("SELECT 1") == 1


async def test_concurrent_saves_of_one_run_land_in_order(pool: Any, pg_prefix: str) -> None:
    """Parallel tool calls each checkpoint; the stored state is always the newest one."""
    from runwright.durable import PostgresCheckpointStore

    @function_tool
    async def wait(ms: int) -> str:
        await asyncio.sleep(ms / 1000)
        return f"waited {ms}"

    calls = [tool_call("wait", {"ms": ms}, call_id=f"c{ms}") for ms in (0, 0, 1, 1, 2, 2, 3)]
    store = PostgresCheckpointStore(pool=pool, table_prefix=pg_prefix)
    agent = Agent(name="a", model=ScriptedModel([calls, "done"]), tools=[wait])
    result = await Runner.run(agent, "go", durable=store, run_id="par")
    other = PostgresCheckpointStore(pool=pool, table_prefix=pg_prefix)
    checkpoint = await other.load("par")
    assert checkpoint is not None
    assert checkpoint.header["final_output"] == {"present": True, "value": "done"}
    assert [i["raw_item"] for i in checkpoint.generated_items] == [
        dict(i.raw_item) for i in result.new_items
    ]


async def test_a_foreign_table_of_our_name_is_refused(pool: Any, pg_prefix: str) -> None:
    from runwright.durable import PostgresCheckpointStore

    await pool.execute(f"CREATE TABLE {pg_prefix}_runs (name TEXT, price NUMERIC)")
    store = PostgresCheckpointStore(pool=pool, table_prefix=pg_prefix)
    with pytest.raises(UserError, match="another shape"):
        await store.load("x")


async def test_an_unreachable_server_is_a_user_error_without_the_password() -> None:
    from runwright.durable import PostgresCheckpointStore

    store = PostgresCheckpointStore("postgresql://me:secret@127.0.0.1:1/db")
    with pytest.raises(UserError, match="cannot connect") as info:
        await store.load("x")
    assert "secret" not in str(info.value)


def test_arguments_are_checked() -> None:
    from runwright.durable import PostgresCheckpointStore

    with pytest.raises(UserError, match="dsn= or pool="):
        PostgresCheckpointStore()
    with pytest.raises(UserError, match="table_prefix"):
        PostgresCheckpointStore("postgresql://x", table_prefix="runs; DROP TABLE x")
    with pytest.raises(UserError, match="max_connections"):
        PostgresCheckpointStore("postgresql://x", max_connections=0)


def test_missing_asyncpg_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    from runwright.durable import PostgresCheckpointStore

    monkeypatch.setitem(sys.modules, "asyncpg", None)
    with pytest.raises(UserError, match=r"pip install runwright\[postgres\]"):
        PostgresCheckpointStore("postgresql://postgres@127.0.0.1:5433/postgres")
