"""The checkpoint database goes away during a run (issue #23), on real databases.

PostgreSQL: a private server (tests/durable/private_postgres.py) stopped in the
middle of a run, as an operator's restart ("fast") or a crash ("immediate")
does, then started again. SQLite: the file locked by another writer, or made
read-only, during the run. A short outage is ridden out by retrying the save;
a long one ends the run with CheckpointSaveError naming the store and the run,
and every checkpoint saved before it is intact: the run resumes from there.
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
import subprocess
import threading
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from private_postgres import PrivatePostgres

from runwright import Agent, AgentsException, Runner, UserError, function_tool
from runwright.durable import CheckpointSaveError, SQLiteCheckpointStore
from runwright.testing import ScriptedModel, tool_call


@pytest.fixture
async def pg_store(pg: PrivatePostgres) -> AsyncIterator[Any]:
    from runwright.durable import PostgresCheckpointStore

    made: list[Any] = []

    def make(**options: Any) -> Any:
        store = PostgresCheckpointStore(pg.dsn, table_prefix="down", **options)
        made.append(store)
        return store

    yield make
    for store in made:
        await store.close()


def halting_agent(halt: Any, n_runs: int = 1) -> Agent[Any]:
    """An agent that calls ``halt`` (which takes the database away), then answers."""

    @function_tool
    async def halt_db() -> str:
        await halt()
        return "halted"

    return Agent(
        name="worker",
        model=ScriptedModel([tool_call("halt_db", call_id="h"), "done"] * n_runs),
        tools=[halt_db],
    )


# ----- PostgreSQL ------------------------------------------------------------------


@pytest.mark.parametrize("mode", ["fast", "immediate"])
async def test_postgres_restart_during_the_run_is_ridden_out(
    pg: PrivatePostgres, pg_store: Any, mode: str
) -> None:
    """12 runs at once; the server stops mid-run and is back 2 seconds later."""
    store = pg_store(retry_seconds=30)
    await store.list_runs()  # connect and create the tables before the outage
    stopped = asyncio.Event()

    async def halt() -> None:
        if not stopped.is_set():
            stopped.set()
            await asyncio.to_thread(pg.stop, mode)
            threading.Timer(2.0, pg.start).start()
        else:
            await asyncio.sleep(0.01)

    runs = [
        Runner.run(halting_agent(halt), "go", durable=store, run_id=f"{mode}-{n}")
        for n in range(12)
    ]
    results = await asyncio.gather(*runs, return_exceptions=True)
    assert [r if isinstance(r, BaseException) else r.final_output for r in results] == ["done"] * 12
    for n in range(12):
        checkpoint = await store.load(f"{mode}-{n}")
        assert checkpoint is not None
        assert checkpoint.header["final_output"] == {"present": True, "value": "done"}
        assert [i["kind"] for i in checkpoint.generated_items] == [
            "tool_call_item",
            "tool_call_output_item",
            "message_output_item",
        ]


async def test_postgres_down_past_the_bound_ends_with_checkpoint_save_error_then_resumes(
    pg: PrivatePostgres, pg_store: Any
) -> None:
    store = pg_store(retry_seconds=1)
    await store.list_runs()

    async def halt() -> None:
        await asyncio.to_thread(pg.stop, "immediate")

    agent = halting_agent(halt)
    with pytest.raises(CheckpointSaveError) as caught:
        await Runner.run(agent, "go", durable=store, run_id="long-outage")
    error = caught.value
    assert isinstance(error, AgentsException) and not isinstance(error, UserError)
    assert error.run_id == "long-outage" and error.retry_seconds == 1
    dsn = f"postgresql://postgres@127.0.0.1:{pg.port}/postgres"
    assert error.store == f"PostgresCheckpointStore({dsn}, table_prefix='down')"
    assert "'long-outage'" in str(error) and "Runner.resume" in str(error)

    await asyncio.to_thread(pg.start)
    # Nothing saved before the outage was lost: the checkpoint holds the model's tool call.
    checkpoint = await store.load("long-outage")
    assert checkpoint is not None
    assert [i["kind"] for i in checkpoint.generated_items] == ["tool_call_item"]
    calls: list[str] = []

    async def halt_again() -> None:
        calls.append("halt")

    resumed_agent = halting_agent(halt_again)
    resumed_agent.model = ScriptedModel(["done"])
    result = await Runner.resume("long-outage", resumed_agent, store)
    assert result.final_output == "done"
    assert calls == ["halt"]  # the tool call the outage interrupted is run again


async def test_retry_seconds_is_checked(pg: PrivatePostgres) -> None:
    from runwright.durable import PostgresCheckpointStore

    for bad in (-1, "30", True, float("nan")):
        with pytest.raises(UserError, match="retry_seconds"):
            PostgresCheckpointStore(pg.dsn, retry_seconds=bad)
        with pytest.raises(UserError, match="retry_seconds"):
            SQLiteCheckpointStore("x.db", retry_seconds=bad)


# ----- SQLite ------------------------------------------------------------------------


def lock_file(path: Path) -> sqlite3.Connection:
    """Another writer holding the database's write lock."""
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    return other


def set_read_only(path: Path, read_only: bool) -> None:
    """Makes the database file and its WAL unwritable (``chattr +i`` for root, who
    ignores file modes), or writable again."""
    for file in (path, Path(f"{path}-wal")):  # not -shm: it is memory-mapped
        if not file.exists():
            continue
        if os.getuid() == 0:
            subprocess.run(["chattr", "+i" if read_only else "-i", str(file)], check=True)
        else:
            file.chmod(0o444 if read_only else 0o644)


@pytest.mark.parametrize("durability", ["full", "relaxed"])
async def test_sqlite_locked_past_the_bound_ends_with_checkpoint_save_error_then_resumes(
    tmp_path: Path, durability: str
) -> None:
    db = tmp_path / "runs.db"
    store = SQLiteCheckpointStore(db, durability=durability, retry_seconds=0.3)  # type: ignore[arg-type]
    holder: list[sqlite3.Connection] = []

    async def halt() -> None:
        holder.append(lock_file(db))

    with pytest.raises(CheckpointSaveError) as caught:
        await Runner.run(halting_agent(halt), "go", durable=store, run_id="locked")
    assert caught.value.run_id == "locked"
    assert caught.value.store == f"SQLiteCheckpointStore({str(db)!r})"
    assert "locked" in str(caught.value)
    holder[0].execute("ROLLBACK")
    holder[0].close()

    checkpoint = await store.load("locked")
    assert checkpoint is not None
    assert [i["kind"] for i in checkpoint.generated_items] == ["tool_call_item"]
    agent = halting_agent(halt)
    agent.model = ScriptedModel(["done"])
    holder.clear()
    with pytest.raises(CheckpointSaveError):  # still locked by the tool it re-runs
        await Runner.resume("locked", agent, store)
    holder[0].execute("ROLLBACK")

    async def no_halt() -> None:
        pass

    agent = halting_agent(no_halt)
    agent.model = ScriptedModel(["done"])
    result = await Runner.resume("locked", agent, store)
    assert result.final_output == "done"
    store.close()


async def test_sqlite_lock_released_within_the_bound_is_ridden_out(tmp_path: Path) -> None:
    db = tmp_path / "runs.db"
    store = SQLiteCheckpointStore(db, durability="relaxed", retry_seconds=30)

    async def halt() -> None:
        other = lock_file(db)

        def release() -> None:
            other.execute("ROLLBACK")
            other.close()

        threading.Timer(1.0, release).start()

    result = await Runner.run(halting_agent(halt), "go", durable=store, run_id="briefly")
    assert result.final_output == "done"
    checkpoint = await store.load("briefly")
    assert checkpoint is not None and checkpoint.header["final_output"]["value"] == "done"
    store.close()


@pytest.mark.parametrize("durability", ["full", "relaxed"])
async def test_sqlite_read_only_file(tmp_path: Path, durability: str) -> None:
    """Read-only for a moment: ridden out. Read-only for good: CheckpointSaveError."""
    db = tmp_path / "runs.db"
    store = SQLiteCheckpointStore(db, durability=durability, retry_seconds=30)  # type: ignore[arg-type]

    async def brief() -> None:
        set_read_only(db, True)
        threading.Timer(1.0, set_read_only, (db, False)).start()

    try:
        result = await Runner.run(halting_agent(brief), "go", durable=store, run_id="brief")
        assert result.final_output == "done"

        store.retry_seconds = 0.5

        async def for_good() -> None:
            set_read_only(db, True)

        with pytest.raises(CheckpointSaveError) as caught:
            await Runner.run(halting_agent(for_good), "go", durable=store, run_id="for-good")
        assert caught.value.run_id == "for-good"
        assert "OperationalError" in str(caught.value)  # "disk I/O error" or "readonly"
    finally:
        set_read_only(db, False)
    checkpoint = await store.load("for-good")
    assert checkpoint is not None
    assert [i["kind"] for i in checkpoint.generated_items] == ["tool_call_item"]
    store.close()
