"""Run as a separate process by test_multiprocess.py: add N items, one add_items call each.

    python _concurrent_writer.py <backend> <path, url or dsn> <session id> <name> <n> <go>

<backend>: sqlite, async_sqlite, sqlalchemy (the target is a URL) or postgres.

Prints "ready" once connected, waits for <go-file> to exist (so both writers
start together), then adds items {"role": "user", "content": "<name>-<i>"}.
"""

from __future__ import annotations

import asyncio
import os
import sys
from typing import Any


async def main(backend: str, target: str, session_id: str, name: str, n: int, go: str) -> None:
    session: Any
    if backend == "sqlite":
        from runwright.sessions import SQLiteSession

        session = SQLiteSession(session_id, target)
    elif backend == "async_sqlite":
        from runwright.extensions.memory import AsyncSQLiteSession

        session = AsyncSQLiteSession(session_id, target)
    elif backend == "sqlalchemy":
        from runwright.extensions.memory import SQLAlchemySession

        session = SQLAlchemySession.from_url(session_id, url=target, create_tables=True)
    else:
        from runwright.sessions import PostgresSession

        session = PostgresSession(session_id, dsn=target)
    await session.get_items(limit=1)  # connect and create the schema before the race
    print("ready", flush=True)
    while not os.path.exists(go):
        await asyncio.sleep(0.002)
    for i in range(n):
        if i == n // 2:
            # SQLite's busy handler sleeps up to 100 ms between tries, so a writer that
            # commits back to back can starve the other until it is done: a pause
            # halfway lets the other in, so the histories interleave.
            await asyncio.sleep(0.25)
        await session.add_items([{"role": "user", "content": f"{name}-{i}"}])
    result = session.close()
    if asyncio.iscoroutine(result):
        await result


if __name__ == "__main__":
    backend, target, session_id, name, n, go = sys.argv[1:]
    asyncio.run(main(backend, target, session_id, name, int(n), go))
