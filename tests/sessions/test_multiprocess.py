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


def run_writers(backend: str, target: str, session_id: str, tmp_path: Path) -> None:
    go = tmp_path / "go"
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                str(WRITER),
                backend,
                target,
                session_id,
                name,
                str(PER_PROCESS),
                str(go),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("p1", "p2")
    ]
    try:
        for proc in procs:
            assert proc.stdout is not None
            assert proc.stdout.readline().strip() == "ready", (
                proc.stderr.read() if proc.stderr else ""
            )
        go.touch()  # both are connected: start the race
        for proc in procs:
            _, err = proc.communicate(timeout=180)
            assert proc.returncode == 0, err
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()


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
