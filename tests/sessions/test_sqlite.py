"""SQLiteSession beyond the contract: files, sharing, threads, schema checks, integrity."""

from __future__ import annotations

import asyncio
import gc
import sqlite3
import threading
from pathlib import Path
from typing import Any

import pytest

from runwright._sessions.sqlite_store import ITEMS_TABLE, META_TABLE, open_stores
from runwright.exceptions import UserError
from runwright.sessions import SQLiteSession


def user(text: str) -> dict[str, Any]:
    return {"role": "user", "content": text}


async def contents(session: SQLiteSession) -> list[str]:
    return [item["content"] for item in await session.get_items()]


async def test_constructor_forms(tmp_path: Path) -> None:
    in_memory = SQLiteSession("abc")
    positional = SQLiteSession("abc", str(tmp_path / "x.db"))
    default_id = SQLiteSession(db_path=tmp_path / "conversations.db")
    assert (in_memory.session_id, positional.session_id, default_id.session_id) == (
        "abc",
        "abc",
        "default",
    )
    for session in (in_memory, positional, default_id):
        await session.add_items([user("hi")])
        assert await contents(session) == ["hi"]
        session.close()
    assert (tmp_path / "x.db").exists() and (tmp_path / "conversations.db").exists()


async def test_memory_databases_are_private_to_each_object() -> None:
    first, second = SQLiteSession("same"), SQLiteSession("same")
    await first.add_items([user("only in first")])
    assert await second.get_items() == []


async def test_history_persists_in_the_file(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    writer = SQLiteSession("conv", path)
    await writer.add_items([user("a"), user("b")])
    writer.close()
    reader = SQLiteSession("conv", path)
    assert await contents(reader) == ["a", "b"]
    reader.close()


async def test_file_is_in_wal_mode_with_a_schema_version(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    session = SQLiteSession("conv", path)
    await session.add_items([user("a")])
    raw = sqlite3.connect(path)
    assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    version = raw.execute(f"SELECT value FROM {META_TABLE} WHERE key='schema_version'").fetchone()
    assert version == ("1",)
    raw.close()
    session.close()


async def test_reading_the_newest_items_uses_the_index(tmp_path: Path) -> None:
    from runwright._sessions.sqlite import _SELECT_LAST

    session = SQLiteSession("conv", tmp_path / "c.db")
    await session.add_items([user("a")])
    plan = await session._store.run(
        lambda conn: conn.execute("EXPLAIN QUERY PLAN " + _SELECT_LAST, ("conv", 50)).fetchall()
    )
    detail = " ".join(row[-1] for row in plan)
    assert "USING INDEX" in detail or "USING COVERING INDEX" in detail, detail
    assert "TEMP B-TREE" not in detail, detail  # no sort: the index gives the order
    session.close()


async def test_sessions_on_one_file_share_one_connection_until_the_last_closes(
    tmp_path: Path,
) -> None:
    before = open_stores()
    path = tmp_path / "shared.db"
    first = SQLiteSession("a", path)
    second = SQLiteSession("b", str(path))  # str and Path name the same file
    third = SQLiteSession("c", tmp_path / "." / "shared.db")
    assert first._store is second._store is third._store
    assert open_stores() == before + 1
    first.close()
    second.close()
    assert open_stores() == before + 1
    third.close()
    assert open_stores() == before


async def test_an_unreferenced_session_releases_its_connection(tmp_path: Path) -> None:
    before = open_stores()
    session = SQLiteSession("a", tmp_path / "gc.db")
    await session.add_items([user("a")])
    assert open_stores() == before + 1
    del session
    gc.collect()
    assert open_stores() == before


async def test_a_closed_session_refuses_to_work(tmp_path: Path) -> None:
    session = SQLiteSession("a", tmp_path / "c.db")
    session.close()
    session.close()  # closing twice is harmless
    with pytest.raises(UserError, match="closed"):
        await session.get_items()


async def test_sqlite_calls_run_off_the_event_loop_thread(tmp_path: Path) -> None:
    session = SQLiteSession("a", tmp_path / "c.db")
    worker = await session._store.run(lambda conn: threading.get_ident())
    assert worker != threading.get_ident()
    session.close()


def test_one_file_used_from_many_threads_and_event_loops(tmp_path: Path) -> None:
    path = tmp_path / "threads.db"
    errors: list[BaseException] = []

    def thread_main(n: int) -> None:
        async def work() -> None:
            own = SQLiteSession(f"thread-{n}", path)
            shared = SQLiteSession("shared", path)
            for i in range(50):
                await own.add_items([user(f"{n}-{i}")])
                await shared.add_items([user(f"{n}-{i}")])
            own.close()
            shared.close()

        try:
            asyncio.run(work())
        except BaseException as exc:  # surfaced by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=thread_main, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []

    async def check() -> None:
        for n in range(8):
            assert await contents(SQLiteSession(f"thread-{n}", path)) == [
                f"{n}-{i}" for i in range(50)
            ]
        shared = await contents(SQLiteSession("shared", path))
        assert sorted(shared) == sorted(f"{n}-{i}" for n in range(8) for i in range(50))

    asyncio.run(check())


async def test_a_write_failing_midway_leaves_the_history_intact(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    session = SQLiteSession("conv", path)
    await session.add_items([user("a"), user("b")])
    # A trigger makes the third row of the next batch fail inside the transaction.
    await session._store.run(
        lambda conn: conn.execute(
            f"CREATE TRIGGER boom BEFORE INSERT ON {ITEMS_TABLE} "
            "WHEN NEW.item LIKE '%boom%' BEGIN SELECT RAISE(ABORT, 'disk says no'); END"
        )
    )
    with pytest.raises(sqlite3.DatabaseError, match="disk says no"):
        await session.add_items([user("c"), user("d"), user("boom"), user("e")])
    assert await contents(session) == ["a", "b"]
    with pytest.raises(sqlite3.DatabaseError, match="disk says no"):
        await session.replace_items([user("summary"), user("boom")])
    assert await contents(session) == ["a", "b"]
    await session.add_items([user("c")])  # the connection is usable afterwards
    assert await contents(session) == ["a", "b", "c"]
    session.close()


# ----- corrupt and foreign files ------------------------------------------------------


async def assert_refused(path: Path, *fragments: str) -> None:
    session = SQLiteSession("conv", path)
    with pytest.raises(UserError) as caught:
        await session.add_items([user("a")])
    message = str(caught.value)
    assert str(path.resolve()) in message
    for fragment in fragments:
        assert fragment in message
    session.close()


async def test_a_non_sqlite_file_is_refused_clearly(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("these are my notes, not a database\n" * 200)
    await assert_refused(path, "not a database")
    assert path.read_text().startswith("these are my notes")  # left untouched


async def test_a_damaged_sqlite_file_is_refused_clearly(tmp_path: Path) -> None:
    path = tmp_path / "damaged.db"
    session = SQLiteSession("conv", path)
    await session.add_items([user(f"item {i}" * 50) for i in range(200)])
    session.close()
    for suffix in ("-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    data = bytearray(path.read_bytes())
    data[100:] = bytes(len(data) - 100)  # keep the header, zero every page
    path.write_bytes(bytes(data))
    with pytest.raises(UserError) as caught:
        reopened = SQLiteSession("conv", path)
        await reopened.get_items()
    assert str(path.resolve()) in str(caught.value)


async def test_a_foreign_table_of_our_name_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "app.db"
    raw = sqlite3.connect(path)
    raw.execute(f"CREATE TABLE {ITEMS_TABLE} (name TEXT, price REAL)")
    raw.commit()
    raw.close()
    await assert_refused(path, "did not create")


async def test_our_meta_table_with_another_items_shape_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "app.db"
    raw = sqlite3.connect(path)
    raw.execute(f"CREATE TABLE {META_TABLE} (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    raw.execute(f"INSERT INTO {META_TABLE} VALUES ('schema_version', '1')")
    raw.execute(f"CREATE TABLE {ITEMS_TABLE} (id INTEGER PRIMARY KEY, body BLOB)")
    raw.commit()
    raw.close()
    await assert_refused(path, "another shape")


async def test_a_newer_schema_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    session = SQLiteSession("conv", path)
    await session.add_items([user("a")])
    session.close()
    raw = sqlite3.connect(path)
    raw.execute(f"UPDATE {META_TABLE} SET value = '7' WHERE key = 'schema_version'")
    raw.commit()
    raw.close()
    await assert_refused(path, "version 7", "newer runwright")


async def test_other_tables_in_the_file_are_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "app.db"
    raw = sqlite3.connect(path)
    raw.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, total REAL)")
    raw.execute("INSERT INTO orders (total) VALUES (9.5)")
    raw.commit()
    raw.close()
    session = SQLiteSession("conv", path)
    await session.add_items([user("a")])
    session.close()
    raw = sqlite3.connect(path)
    assert raw.execute("SELECT total FROM orders").fetchall() == [(9.5,)]
    raw.close()


async def test_an_unopenable_path_is_refused_clearly(tmp_path: Path) -> None:
    session = SQLiteSession("conv", tmp_path / "no-such-dir" / "c.db")
    with pytest.raises(UserError, match="no-such-dir"):
        await session.get_items()
    session.close()


async def test_writes_by_another_connection_are_seen_at_once(tmp_path: Path) -> None:
    # Every statement is read to its end, so no stale read snapshot hides other writers.
    path = tmp_path / "c.db"
    session = SQLiteSession("conv", path)
    await session.add_items([user("a"), user("b")])
    assert await session.pop_item() == user("b")
    assert [i["content"] for i in await session.get_items(limit=1)] == ["a"]
    other = SQLiteSession("conv", path)
    other_process = sqlite3.connect(path, isolation_level=None)  # as another process would
    other_process.execute(
        f"INSERT INTO {ITEMS_TABLE} (session_id, item) VALUES ('conv', ?)",
        ('{"role":"user","content":"x"}',),
    )
    other_process.close()
    assert await contents(session) == ["a", "x"]
    assert await contents(other) == ["a", "x"]
    session.close()
    other.close()
    assert not Path(str(path) + "-wal").exists()  # last close checkpointed the WAL


async def test_a_session_collected_while_the_registry_is_locked_does_not_deadlock(
    tmp_path: Path,
) -> None:
    from runwright._sessions import sqlite_store as _sqlite_store

    before = open_stores()
    session = SQLiteSession("a", tmp_path / "gc.db")
    # A GC finalizer can run while this thread holds the registry lock; it must not block.
    with _sqlite_store._registry_lock:
        del session
        gc.collect()
    assert open_stores() == before


def test_a_process_exiting_without_close_keeps_its_writes_and_exits(tmp_path: Path) -> None:
    import subprocess
    import sys

    path = tmp_path / "exit.db"
    code = (
        "import asyncio\n"
        "from runwright.sessions import SQLiteSession\n"
        f"session = SQLiteSession('conv', {str(path)!r})\n"
        "asyncio.run(session.add_items([{'role': 'user', 'content': 'kept'}]))\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
    assert not Path(str(path) + "-wal").exists()  # closed (checkpointed) at exit
    reader = sqlite3.connect(path)
    assert reader.execute(f"SELECT item FROM {ITEMS_TABLE}").fetchall() == [
        ('{"role":"user","content":"kept"}',)
    ]
    reader.close()
