"""Session backends against hand-written raw drivers doing the same work.

    python bench/bench_sessions.py            # full figures (~30 s)
    python bench/bench_sessions.py --quick    # CI smoke: 1 round, a 10,000-item big session

Per backend: add 10,000 items in batches of 10 (one add_items call, one
transaction, per batch), read all 10,000 back, and read the newest 50 of a
100,000-item session (median of many reads). SQLite (a file in a temporary
directory, WAL, synchronous=NORMAL) and the in-memory session always run;
Redis and PostgreSQL run when RUNWRIGHT_TEST_REDIS_URL /
RUNWRIGHT_TEST_POSTGRES_DSN are set
(``eval "$(scripts/services start)"``). The raw baselines use sqlite3 and
asyncpg directly: same table shape, same JSON encoding, one transaction per
batch, called straight from the benchmark (no worker thread, no checks).
Adds and full reads are timed over 5 rounds (fresh session each) and the
median round is reported; the newest-50 read is the median of 2,000 reads.

Targets (SQLite): >= 25,000 items/s added; newest-50 read <= 0.2 ms.
Figures are printed and stored as the "sessions" section of
bench/results/latest.json (or --json PATH).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import machine, write_results
from runwright.sessions import InMemorySession, SQLiteSession

ADD_ITEMS = 10_000
BATCH = 10
BIG_SESSION = 100_000
LAST_N = 50
LAST_READS = 2_000
ROUNDS = 5
SQLITE_ADD_TARGET = 25_000  # items/s
SQLITE_LAST50_TARGET_MS = 0.2


def make_item(i: int) -> dict[str, Any]:
    """A realistic mix: user messages and assistant output messages (~200 bytes of JSON)."""
    if i % 2 == 0:
        return {"role": "user", "content": f"Message {i}: what is the weather like in Paris today?"}
    return {
        "type": "message",
        "role": "assistant",
        "status": "completed",
        "id": f"msg_{i:08d}",
        "content": [{"type": "output_text", "text": f"Reply {i}: sunny, 22C.", "annotations": []}],
    }


BATCHES = [[make_item(i + j) for j in range(BATCH)] for i in range(0, ADD_ITEMS, BATCH)]


# ----- runwright sessions ---------------------------------------------------------------


async def bench_session(make: Callable[[str], Any]) -> dict[str, float]:
    """``make(session_id)`` returns a session of the backend under test."""
    adds, reads = [], []
    for round_ in range(ROUNDS):
        session = make(f"round-{round_}")
        start = time.perf_counter()
        for batch in BATCHES:
            await session.add_items(batch)
        adds.append(time.perf_counter() - start)
        start = time.perf_counter()
        items = await session.get_items()
        reads.append(time.perf_counter() - start)
        assert len(items) == ADD_ITEMS

    big = make("big")
    for i in range(0, BIG_SESSION, 1000):
        await big.add_items([make_item(i + j) for j in range(1000)])
    last_ms = await median_ms(lambda: big.get_items(limit=LAST_N))
    return rates(adds, reads, last_ms)


def rates(adds: list[float], reads: list[float], last_ms: float) -> dict[str, float]:
    return {
        "add": ADD_ITEMS / statistics.median(adds),
        "read_all": ADD_ITEMS / statistics.median(reads),
        "last50_ms": last_ms,
    }


async def median_ms(call: Callable[[], Awaitable[Any]]) -> float:
    for _ in range(50):  # warm caches
        await call()
    samples = []
    for _ in range(LAST_READS):
        start = time.perf_counter()
        result = await call()
        samples.append(time.perf_counter() - start)
    assert len(result) == LAST_N
    return statistics.median(samples) * 1000


# ----- raw sqlite3 ------------------------------------------------------------------------


def bench_raw_sqlite(path: Path) -> dict[str, float]:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute(
        "CREATE TABLE items (id INTEGER PRIMARY KEY AUTOINCREMENT, session_id TEXT NOT NULL,"
        " item TEXT NOT NULL, created_at REAL NOT NULL DEFAULT (julianday('now')))"
    )
    conn.execute("CREATE INDEX items_session ON items (session_id, id)")
    insert = "INSERT INTO items (session_id, item) VALUES (?, ?)"
    adds, reads = [], []
    for round_ in range(ROUNDS):
        sid = f"round-{round_}"
        start = time.perf_counter()
        for batch in BATCHES:
            conn.execute("BEGIN IMMEDIATE")
            conn.executemany(insert, [(sid, json.dumps(item)) for item in batch])
            conn.execute("COMMIT")
        adds.append(time.perf_counter() - start)
        start = time.perf_counter()
        rows = conn.execute("SELECT item FROM items WHERE session_id = ? ORDER BY id", (sid,))
        items = [json.loads(row[0]) for row in rows]
        reads.append(time.perf_counter() - start)
        assert len(items) == ADD_ITEMS

    conn.execute("BEGIN")
    conn.executemany(insert, [("big", json.dumps(make_item(i))) for i in range(BIG_SESSION)])
    conn.execute("COMMIT")
    last = "SELECT item FROM items WHERE session_id = 'big' ORDER BY id DESC LIMIT ?"

    async def read_last() -> list[Any]:
        rows = conn.execute(last, (LAST_N,)).fetchall()
        return [json.loads(row[0]) for row in reversed(rows)]

    last_ms = asyncio.run(median_ms(read_last))
    conn.close()
    return rates(adds, reads, last_ms)


# ----- raw asyncpg --------------------------------------------------------------------------


async def bench_raw_asyncpg(dsn: str) -> dict[str, float]:
    import asyncpg  # type: ignore[import-untyped]

    table = f"bench_raw_{uuid.uuid4().hex[:8]}"
    conn = await asyncpg.connect(dsn)
    await conn.execute(
        f"CREATE TABLE {table} (id BIGSERIAL PRIMARY KEY, session_id TEXT NOT NULL,"
        " item JSONB NOT NULL, created_at TIMESTAMPTZ NOT NULL DEFAULT now())"
    )
    await conn.execute(f"CREATE INDEX ON {table} (session_id, id)")
    insert = f"INSERT INTO {table} (session_id, item) VALUES ($1, $2::jsonb)"
    select = f"SELECT item::text FROM {table} WHERE session_id = $1 ORDER BY id"
    adds, reads = [], []
    try:
        for round_ in range(ROUNDS):
            sid = f"round-{round_}"
            start = time.perf_counter()
            for batch in BATCHES:
                async with conn.transaction():
                    await conn.executemany(insert, [(sid, json.dumps(item)) for item in batch])
            adds.append(time.perf_counter() - start)
            start = time.perf_counter()
            items = [json.loads(row[0]) for row in await conn.fetch(select, sid)]
            reads.append(time.perf_counter() - start)
            assert len(items) == ADD_ITEMS

        await conn.executemany(
            insert, [("big", json.dumps(make_item(i))) for i in range(BIG_SESSION)]
        )
        last = f"SELECT item::text FROM {table} WHERE session_id='big' ORDER BY id DESC LIMIT $1"

        async def read_last() -> list[Any]:
            rows = await conn.fetch(last, LAST_N)
            return [json.loads(row[0]) for row in reversed(rows)]

        last_ms = await median_ms(read_last)
    finally:
        await conn.execute(f"DROP TABLE {table}")
        await conn.close()
    return rates(adds, reads, last_ms)


# ----- driver -------------------------------------------------------------------------------


async def run_backends(tmp: Path) -> dict[str, dict[str, float]]:
    results: dict[str, dict[str, float]] = {}
    made: list[SQLiteSession] = []

    def sqlite_session(session_id: str) -> SQLiteSession:
        made.append(SQLiteSession(session_id, tmp / "sessions.db"))
        return made[-1]

    results["SQLiteSession"] = await bench_session(sqlite_session)
    for session in made:
        session.close()
    results["InMemorySession"] = await bench_session(InMemorySession)
    redis_url = os.environ.get("RUNWRIGHT_TEST_REDIS_URL")
    if redis_url:
        results["RedisSession"] = await bench_redis(redis_url)
    dsn = os.environ.get("RUNWRIGHT_TEST_POSTGRES_DSN")
    if dsn:
        results["PostgresSession"] = await bench_postgres(dsn)
        results["raw asyncpg"] = await bench_raw_asyncpg(dsn)
    return results


async def bench_redis(url: str) -> dict[str, float]:
    from runwright.sessions import RedisSession

    prefix = f"bench-{uuid.uuid4().hex[:8]}"
    made: list[RedisSession] = []

    def make(session_id: str) -> RedisSession:
        made.append(RedisSession(session_id, url=url, key_prefix=prefix))
        return made[-1]

    try:
        return await bench_session(make)
    finally:
        for session in made:
            await session.clear_session()
            await session.close()


async def bench_postgres(dsn: str) -> dict[str, float]:
    import asyncpg

    from runwright.sessions import PostgresSession

    table = f"bench_rw_{uuid.uuid4().hex[:8]}"
    made: list[PostgresSession] = []

    def make(session_id: str) -> PostgresSession:
        made.append(PostgresSession(session_id, dsn=dsn, table=table))
        return made[-1]

    try:
        return await bench_session(make)
    finally:
        for session in made:
            await session.close()
        conn = await asyncpg.connect(dsn)
        await conn.execute(f"DROP TABLE IF EXISTS {table}")
        await conn.close()


def report(results: dict[str, dict[str, float]]) -> None:
    baseline = {"SQLiteSession": "raw sqlite3", "PostgresSession": "raw asyncpg"}
    print(f"{'backend':<17}{'add items/s':>13}{'read-all items/s':>18}{'last-50 ms':>12}   vs raw")
    for name, r in results.items():
        line = f"{name:<17}{r['add']:>13,.0f}{r['read_all']:>18,.0f}{r['last50_ms']:>12.3f}"
        raw = results.get(baseline.get(name, ""))
        if raw:
            add, read_all = r["add"] / raw["add"], r["read_all"] / raw["read_all"]
            last = r["last50_ms"] / raw["last50_ms"]
            line += f"   add x{add:.2f}, read-all x{read_all:.2f}, last-50 x{last:.2f} time"
        print(line)
    sqlite = results["SQLiteSession"]
    ok_add = sqlite["add"] >= SQLITE_ADD_TARGET
    ok_last = sqlite["last50_ms"] <= SQLITE_LAST50_TARGET_MS
    print(
        f"\nSQLite targets: add >= {SQLITE_ADD_TARGET:,}/s: {'PASS' if ok_add else 'FAIL'} "
        f"({sqlite['add']:,.0f}/s); last-50 <= {SQLITE_LAST50_TARGET_MS} ms: "
        f"{'PASS' if ok_last else 'FAIL'} ({sqlite['last50_ms']:.3f} ms)"
    )


def main() -> None:
    global BIG_SESSION, LAST_READS, ROUNDS
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller figures (CI smoke)")
    parser.add_argument("--json", type=Path, default=None, help="results file")
    args = parser.parse_args()
    if args.quick:
        BIG_SESSION, LAST_READS, ROUNDS = 10_000, 200, 1
    with tempfile.TemporaryDirectory() as tmp:
        results = asyncio.run(run_backends(Path(tmp)))
        results["raw sqlite3"] = bench_raw_sqlite(Path(tmp) / "raw.db")
    order = ["SQLiteSession", "raw sqlite3", "InMemorySession", "RedisSession"]
    order += ["PostgresSession", "raw asyncpg"]
    ordered = {name: results[name] for name in order if name in results}
    report(ordered)
    data = {"machine": machine(), "quick": args.quick, "big_session_items": BIG_SESSION}
    data["backends"] = {k: {m: round(v, 4) for m, v in r.items()} for k, r in ordered.items()}
    path = write_results("sessions", data, **({"path": args.json} if args.json else {}))
    print(f"results: {path}")


if __name__ == "__main__":
    main()
