"""Two processes writing 1,000 items each to one session id lose and duplicate nothing."""

from __future__ import annotations

import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

from runwright.sessions import SQLiteSession

WRITER = Path(__file__).with_name("_concurrent_writer.py")
PER_PROCESS = 1000


def run_together(argvs: list[list[str]], ready: str, go: Path) -> list[int]:
    """Starts one process per argv, waits until each printed ``ready``, creates ``go``
    (the processes wait for it, so they race) and checks each ends well; their pids."""
    procs = [
        subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for argv in argvs
    ]
    try:
        for proc in procs:
            assert proc.stdout is not None
            assert proc.stdout.readline().strip() == ready, (
                proc.stderr.read() if proc.stderr else ""
            )
        go.touch()  # all are connected: start the race
        for proc in procs:
            _, err = proc.communicate(timeout=180)
            assert proc.returncode == 0, err
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    return [proc.pid for proc in procs]


def run_writers(backend: str, target: str, session_id: str, tmp_path: Path) -> None:
    go = tmp_path / "go"
    argvs = [
        [sys.executable, str(WRITER), backend, target, session_id, name, str(PER_PROCESS), str(go)]
        for name in ("p1", "p2")
    ]
    run_together(argvs, "ready", go)


def check_history(items: list[dict[str, Any]]) -> None:
    contents = [item["content"] for item in items]
    assert len(contents) == 2 * PER_PROCESS
    expected = {f"{name}-{i}" for name in ("p1", "p2") for i in range(PER_PROCESS)}
    assert set(contents) == expected  # nothing lost, and with the length: nothing duplicated
    for name in ("p1", "p2"):  # each writer's items in its own order
        assert [c for c in contents if c.startswith(name)] == [
            f"{name}-{i}" for i in range(PER_PROCESS)
        ]
    # The writers really interleaved (otherwise the test proves little).
    switches = sum(1 for a, b in zip(contents[:-1], contents[1:], strict=True) if a[:2] != b[:2])
    assert switches > 1


async def test_two_processes_on_one_sqlite_session(tmp_path: Path) -> None:
    path = tmp_path / "race.db"
    run_writers("sqlite", str(path), "shared", tmp_path)
    session = SQLiteSession("shared", path)
    check_history(await session.get_items())
    session.close()


async def test_two_processes_on_one_postgres_session(postgres_dsn: str, tmp_path: Path) -> None:
    from runwright.sessions import PostgresSession

    session_id = f"race-{uuid.uuid4().hex}"
    run_writers("postgres", postgres_dsn, session_id, tmp_path)
    session = PostgresSession(session_id, dsn=postgres_dsn)
    try:
        check_history(await session.get_items())
    finally:
        await session.clear_session()
        await session.close()


async def test_two_processes_on_one_async_sqlite_session(tmp_path: Path) -> None:
    from runwright.extensions.memory import AsyncSQLiteSession

    path = tmp_path / "race-async.db"
    run_writers("async_sqlite", str(path), "shared", tmp_path)
    session = AsyncSQLiteSession("shared", path)
    check_history(await session.get_items())
    await session.close()


async def test_two_processes_on_one_sqlalchemy_sqlite_session(tmp_path: Path) -> None:
    from runwright.extensions.memory import SQLAlchemySession

    url = f"sqlite+aiosqlite:///{tmp_path / 'race-sa.db'}"
    run_writers("sqlalchemy", url, "shared", tmp_path)
    session = SQLAlchemySession.from_url("shared", url=url)
    check_history(await session.get_items())
    await session.close()


async def test_two_processes_on_one_sqlalchemy_postgres_session(
    postgres_dsn: str, tmp_path: Path
) -> None:
    from runwright.extensions.memory import SQLAlchemySession

    from .conftest import asyncpg_url

    session_id = f"race-sa-{uuid.uuid4().hex}"
    run_writers("sqlalchemy", asyncpg_url(postgres_dsn), session_id, tmp_path)
    session = SQLAlchemySession.from_url(session_id, url=asyncpg_url(postgres_dsn))
    try:
        check_history(await session.get_items())
    finally:
        await session.clear_session()
        await session.close()


_FIRST_OPEN = """
import asyncio, os, sys, time
from runwright.sessions import SQLiteSession
from runwright.extensions.memory import AsyncSQLiteSession

async def main(kind, path, go):
    print("waiting", flush=True)
    while not os.path.exists(go):
        time.sleep(0.001)
    session = SQLiteSession("s", path) if kind == "sqlite" else AsyncSQLiteSession("s", path)
    await session.add_items([{"role": "user", "content": str(os.getpid())}])
    result = session.close()
    if asyncio.iscoroutine(result):
        await result

asyncio.run(main(*sys.argv[1:]))
"""


def _first_open_race(kind: str, path: Path, tmp_path: Path) -> list[int]:
    """Eight processes open one brand-new file at the same moment (switching it to WAL)."""
    go = tmp_path / f"go-{kind}"
    argv = [sys.executable, "-c", _FIRST_OPEN, kind, str(path), str(go)]
    return run_together([argv] * 8, "waiting", go)


async def test_processes_opening_a_new_sqlite_file_together_all_succeed(tmp_path: Path) -> None:
    # Found by CI: "database is locked" from PRAGMA journal_mode=WAL, which does not
    # wait on SQLite's busy handler while another process opens the new file.
    path = tmp_path / "new.db"
    pids = _first_open_race("sqlite", path, tmp_path)
    session = SQLiteSession("s", path)
    contents = sorted(item["content"] for item in await session.get_items())
    session.close()
    assert contents == sorted(str(pid) for pid in pids)


async def test_processes_opening_a_new_async_sqlite_file_together_all_succeed(
    tmp_path: Path,
) -> None:
    from runwright.extensions.memory import AsyncSQLiteSession

    path = tmp_path / "new-async.db"
    pids = _first_open_race("async_sqlite", path, tmp_path)
    session = AsyncSQLiteSession("s", path)
    contents = sorted(item["content"] for item in await session.get_items())
    await session.close()
    assert contents == sorted(str(pid) for pid in pids)
