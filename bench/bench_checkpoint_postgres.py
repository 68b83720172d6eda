"""Durable checkpoints in PostgreSQL: per-checkpoint cost beside SQLite and a bare round trip.

    eval "$(scripts/services start)"          # the local test server
    python bench/bench_checkpoint_postgres.py [--quick]

W2 (three turns, three tool calls, 11 checkpoints per run) with a
PostgresCheckpointStore, against the same run without a store; cost per
checkpoint = extra time ÷ checkpoints per run (median of paired blocks). Also
one save timed alone, a bare ``SELECT 1`` round trip on the same pool (the
floor any networked store pays), SQLite "relaxed" in the same process for
comparison, and 1,000 concurrent durable W2 runs (saves from many runs in
flight share the pool). The test server runs with fsync and
synchronous_commit off: a production server with synchronous_commit on adds
its WAL flush (typically 0.1-2 ms on SSDs) to every checkpoint.
Needs RUNWRIGHT_TEST_POSTGRES_DSN; prints a note and exits 0 without it.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

os.environ.setdefault("RUNWRIGHT_TRACE_DB", os.path.join(tempfile.mkdtemp(), "traces.db"))
sys.path.insert(0, str(Path(__file__).parent))

from _harness import write_results
from runwright import Agent, RunConfig, Runner, function_tool
from runwright.durable import PostgresCheckpointStore, SQLiteCheckpointStore
from runwright.testing import ScriptedModel, tool_call

QUICK = "--quick" in sys.argv
OFF = RunConfig(tracing_disabled=True)


@function_tool
async def add(a: int, b: int) -> int:
    return a + b


W2: list[Any] = [
    [tool_call("add", {"a": 1, "b": 2}), tool_call("add", {"a": 3, "b": 4})],
    tool_call("add", {"a": 5, "b": 6}),
    "done",
]


class Counting:
    """Wraps a store, counting saves."""

    def __init__(self, inner: Any) -> None:
        self.inner, self.saves = inner, 0

    async def save(self, state: Any) -> None:
        self.saves += 1
        await self.inner.save(state)

    async def load(self, run_id: str) -> Any:
        return await self.inner.load(run_id)

    async def delete(self, run_id: str) -> None:
        await self.inner.delete(run_id)


async def _timed(fn: Any, n: int) -> float:
    start = time.perf_counter_ns()
    for _ in range(n):
        await fn()
    return (time.perf_counter_ns() - start) / n / 1000


async def _paired(a: Any, b: Any, n: int, repeats: int) -> tuple[float, float, float]:
    ta, tb, diff = [], [], []
    for _ in range(repeats):
        x, y = await _timed(a, n), await _timed(b, n)
        ta.append(x)
        tb.append(y)
        diff.append(x - y)
    return statistics.median(ta), statistics.median(tb), statistics.median(diff)


async def per_checkpoint(store: Any, n: int, repeats: int) -> dict[str, float]:
    counting = Counting(store)
    model = ScriptedModel([])
    agent = Agent(name="a", model=model, tools=[add])

    def runner(durable: Any) -> Any:
        async def run() -> None:
            model._steps.extend(W2)
            model.calls.clear()
            await Runner.run(agent, "go", run_config=OFF, durable=durable)

        return run

    await runner(counting)()
    per_run = counting.saves
    with_store, without, extra = await _paired(runner(store), runner(None), n, repeats)
    model._steps.extend(W2)
    state = (await Runner.run(agent, "go", run_config=OFF, durable=store)).to_state()
    count = max(20, n)
    start = time.perf_counter_ns()
    for _ in range(count):
        await store.save(state)  # the same state re-saved: header only, no new rows
    alone = (time.perf_counter_ns() - start) / count / 1000
    return {
        "checkpoints_per_run": per_run,
        "run_with_store_us": round(with_store, 1),
        "run_without_us": round(without, 1),
        "per_checkpoint_us": round(extra / per_run, 1),
        "save_alone_us": round(alone, 1),
    }


async def round_trip_us(dsn: str, n: int) -> float:
    import asyncpg  # type: ignore[import-untyped]

    conn = await asyncpg.connect(dsn)
    start = time.perf_counter_ns()
    for _ in range(n):
        await conn.fetchval("SELECT 1")
    elapsed = (time.perf_counter_ns() - start) / n / 1000
    await conn.close()
    return elapsed


async def concurrent(store: Any, runs: int) -> dict[str, float]:
    model = ScriptedModel([], delay=0.05)
    model.calls = type("Forget", (list,), {"append": lambda self, item: None})()

    def responder(call: Any) -> Any:
        return W2[{1: 0, 5: 1}.get(len(call.input), 2)]

    model.add(*([responder] * (3 * runs)))
    agent = Agent(name="a", model=model, tools=[add])
    start = time.perf_counter()
    results = await asyncio.gather(
        *[Runner.run(agent, "go", run_config=OFF, durable=store) for _ in range(runs)]
    )
    wall = time.perf_counter() - start
    assert all(r.final_output == "done" for r in results)
    return {"runs": runs, "wall_s": round(wall, 3), "checkpoints_per_s": round(runs * 11 / wall)}


async def main() -> int:
    dsn = os.environ.get("RUNWRIGHT_TEST_POSTGRES_DSN")
    if not dsn:
        print('skipped: no PostgreSQL (eval "$(scripts/services start)")')
        return 0
    n, repeats = (40, 5) if QUICK else (150, 9)
    prefix = f"rw_bench_{uuid.uuid4().hex[:10]}"
    store = PostgresCheckpointStore(dsn, table_prefix=prefix)
    await store.list_runs()  # opens its pool, creates the tables
    pool = store._pool
    sqlite = SQLiteCheckpointStore(Path(tempfile.mkdtemp()) / "runs.db", durability="relaxed")
    try:
        results: dict[str, Any] = {
            "postgres": await per_checkpoint(store, n, repeats),
            "sqlite relaxed": await per_checkpoint(sqlite, n, repeats),
            "postgres SELECT 1 round trip us": round(await round_trip_us(dsn, n * 4), 1),
            "postgres concurrent runs": await concurrent(store, 200 if QUICK else 1000),
        }
    finally:
        await pool.execute(f"DROP TABLE IF EXISTS {prefix}_runs, {prefix}_run_rows")
        await store.close()
        sqlite.close()
    for name, row in results.items():
        text = "  ".join(f"{k}={v}" for k, v in row.items()) if isinstance(row, dict) else row
        print(f"{name:32s} {text}")
    write_results("checkpoint_postgres", results)
    return 0


sys.exit(asyncio.run(main()))
