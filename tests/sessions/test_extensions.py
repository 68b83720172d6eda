"""runwright.extensions.memory: what each SDK extension session adds beyond the contract.

The shared Session contract (test_contract.py) runs on every one of these backends;
this file checks their own features: encryption, branches and usage, SQLAlchemy's
tables and errors, Redis's SDK constructors, and the not-yet-supported backends.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from runwright import Agent, Runner
from runwright.exceptions import UserError
from runwright.extensions import memory
from runwright.items import function_call_raw
from runwright.sessions import InMemorySession, SQLiteSession
from runwright.testing import ScriptedModel

KEY = "a-long-random-master-key-for-tests-0123456789"


def user(text: str) -> dict[str, Any]:
    return {"role": "user", "content": text}


def test_importing_the_face_loads_no_backend() -> None:
    code = (
        "import sys, runwright.extensions.memory, runwright.extensions.models.litellm_model;"
        "print(sorted(m for m in ('sqlalchemy', 'aiosqlite', 'cryptography', 'redis',"
        " 'litellm', 'any_llm', 'openai') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_sdk_names_are_all_there() -> None:
    for name in memory.__all__:
        assert getattr(memory, name) is not None
    assert memory.DAPR_CONSISTENCY_EVENTUAL == "eventual"
    assert memory.DAPR_CONSISTENCY_STRONG == "strong"
    from runwright.sessions import RedisSession

    assert memory.RedisSession is RedisSession


# ----- EncryptedSession ---------------------------------------------------------------


async def test_encrypted_items_are_not_stored_in_clear() -> None:
    inner = InMemorySession("s")
    session = memory.EncryptedSession("s", inner, KEY)
    await session.add_items([user("the secret plan")])
    stored = await inner.get_items()
    assert len(stored) == 1 and "secret" not in str(stored)
    assert stored[0]["__enc__"] == 1 and set(stored[0]) == {"__enc__", "v", "kid", "payload"}
    assert await session.get_items() == [user("the secret plan")]


async def test_a_fernet_key_works_and_each_session_gets_its_own_key() -> None:
    from cryptography.fernet import Fernet

    key = Fernet.generate_key().decode()
    inner = InMemorySession("s")
    await memory.EncryptedSession("s", inner, key).add_items([user("hi")])
    # The same rows read under another session id (another derived key) do not open.
    with pytest.raises(UserError, match="cannot be decrypted"):
        await memory.EncryptedSession("other", inner, key).get_items()


async def test_wrong_key_is_a_clear_error_not_garbage(tmp_path: Path) -> None:
    path = tmp_path / "enc.db"
    writer = memory.EncryptedSession("s", SQLiteSession("s", path), KEY)
    await writer.add_items([user("a"), user("b")])
    reader = memory.EncryptedSession("s", SQLiteSession("s", path), KEY + "-wrong")
    with pytest.raises(UserError, match="wrong encryption_key"):
        await reader.get_items()
    with pytest.raises(UserError, match="wrong encryption_key"):
        await reader.pop_item()
    # The failed pop left the row where it was.
    assert [i["content"] for i in await writer.get_items()] == ["a", "b"]


async def test_a_tampered_row_is_refused() -> None:
    inner = InMemorySession("s")
    session = memory.EncryptedSession("s", inner, KEY)
    await session.add_items([user("pay 10")])
    stored = await inner.get_items()
    payload = stored[0]["payload"]
    flipped = payload[:-6] + ("A" if payload[-6] != "A" else "B") + payload[-5:]
    await inner.replace_items([{**stored[0], "payload": flipped}])
    with pytest.raises(UserError, match="altered"):
        await session.get_items()


async def test_a_plaintext_row_is_refused() -> None:
    inner = InMemorySession("s")
    await inner.add_items([user("injected")])
    with pytest.raises(UserError, match="not encrypted"):
        await memory.EncryptedSession("s", inner, KEY).get_items()


async def test_items_expire_after_ttl(monkeypatch: pytest.MonkeyPatch) -> None:
    from runwright._sessions import encrypted

    inner = InMemorySession("s")
    session = memory.EncryptedSession("s", inner, KEY, ttl=60)
    await session.add_items([user("old")])
    now = time.time()
    monkeypatch.setattr(encrypted.time, "time", lambda: now + 120)
    assert await session.get_items() == []
    assert await session.pop_item() is None  # the expired item is discarded
    assert await inner.get_items() == []
    await session.add_items([user("new")])  # real cipher clock: written "now"
    monkeypatch.setattr(encrypted.time, "time", lambda: now + 1)
    assert await session.get_items() == [user("new")]


async def test_max_scan_items_bounds_a_read() -> None:
    inner = InMemorySession("s")
    session = memory.EncryptedSession("s", inner, KEY, max_scan_items=2)
    await session.add_items([user(str(i)) for i in range(5)])
    assert [i["content"] for i in await session.get_items()] == ["3", "4"]
    assert [i["content"] for i in await session.get_items(limit=1)] == ["4"]


def test_encrypted_session_arguments_are_checked() -> None:
    inner = InMemorySession("s")
    with pytest.raises(UserError, match="encryption_key"):
        memory.EncryptedSession("s", inner, "")
    with pytest.raises(UserError, match="ttl"):
        memory.EncryptedSession("s", inner, KEY, ttl=0)
    with pytest.raises(UserError, match="max_scan_items"):
        memory.EncryptedSession("s", inner, KEY, max_scan_items=0)
    with pytest.raises(UserError, match="give a session"):
        memory.EncryptedSession("s", object(), KEY)  # type: ignore[arg-type]


async def test_encrypted_session_in_a_run() -> None:
    inner = InMemorySession("run")
    session = memory.EncryptedSession("run", inner, KEY)
    agent = Agent(name="a", model=ScriptedModel(["hello"]))
    result = await Runner.run(agent, "hi", session=session)
    assert result.final_output == "hello"
    assert [i.get("content") for i in await session.get_items()][0] == "hi"
    assert all("payload" in item for item in await inner.get_items())


# ----- AdvancedSQLiteSession ----------------------------------------------------------


async def conversation(session: Any) -> None:
    await session.add_items([user("first question"), {"role": "assistant", "content": "one"}])
    await session.add_items(
        [
            user("second question"),
            function_call_raw("lookup", "{}", call_id="c1"),
            {"type": "function_call_output", "call_id": "c1", "output": "x"},
            {"role": "assistant", "content": "two"},
        ]
    )
    await session.add_items([user("third question"), {"role": "assistant", "content": "three"}])


async def test_advanced_turns_and_structure(tmp_path: Path) -> None:
    session = memory.AdvancedSQLiteSession(session_id="s", db_path=tmp_path / "a.db")
    await conversation(session)
    turns = await session.get_conversation_turns()
    assert [(t["turn"], t["full_content"]) for t in turns] == [
        (1, "first question"),
        (2, "second question"),
        (3, "third question"),
    ]
    assert all(t["can_branch"] for t in turns)
    assert [t["turn"] for t in await session.find_turns_by_content("second")] == [2]
    by_turn = await session.get_conversation_by_turns()
    assert by_turn[2][1] == {"type": "function_call", "tool_name": "lookup"}
    assert await session.get_tool_usage() == [("lookup", 1, 2)]
    session.close()


async def test_advanced_branches(tmp_path: Path) -> None:
    session = memory.AdvancedSQLiteSession(session_id="s", db_path=tmp_path / "a.db")
    await conversation(session)
    branch = await session.create_branch_from_turn(2, "retry")
    assert branch == "retry"
    assert [i.get("content") for i in await session.get_items()] == ["first question", "one"]
    await session.add_items([user("second, differently")])
    assert len(await session.get_items(branch_id="main")) == 8
    branches = {b["branch_id"]: b for b in await session.list_branches()}
    assert branches["retry"]["is_current"] and branches["retry"]["message_count"] == 3
    assert branches["main"]["user_turns"] == 3
    with pytest.raises(UserError, match="already exists"):
        await session.create_branch_from_turn(1, "retry")
    with pytest.raises(UserError, match="not a user turn"):
        await session.create_branch_from_turn(9)
    with pytest.raises(UserError, match="current branch"):
        await session.delete_branch("retry")
    await session.switch_to_branch("main")
    assert len(await session.get_items()) == 8
    await session.delete_branch("retry")
    assert [b["branch_id"] for b in await session.list_branches()] == ["main"]
    with pytest.raises(UserError, match="does not exist"):
        await session.switch_to_branch("retry")
    with pytest.raises(UserError, match="main"):
        await session.delete_branch("main")
    name = await session.create_branch_from_content("third")
    assert name.startswith("branch_from_turn_3")
    with pytest.raises(UserError, match="no user turn"):
        await session.create_branch_from_content("nowhere")
    session.close()


async def test_advanced_usage_per_turn(tmp_path: Path) -> None:
    session = memory.AdvancedSQLiteSession(session_id="s", db_path=tmp_path / "a.db")
    agent = Agent(name="a", model=ScriptedModel(["one", "two"]))
    first = await Runner.run(agent, "q1", session=session)
    await session.store_run_usage(first)
    second = await Runner.run(agent, "q2", session=session)
    await session.store_run_usage(second)
    turns = await session.get_turn_usage()
    assert isinstance(turns, list) and [t["user_turn_number"] for t in turns] == [1, 2]
    assert turns[0]["requests"] == first.context_wrapper.usage.requests
    one = await session.get_turn_usage(2)
    assert (
        isinstance(one, dict) and one["total_tokens"] == second.context_wrapper.usage.total_tokens
    )
    assert await session.get_turn_usage(7) == {}
    total = await session.get_session_usage()
    assert total is not None and total["total_turns"] == 2
    assert total["requests"] == first.context_wrapper.usage.requests * 2
    await session.clear_session()
    assert await session.get_session_usage() is None
    session.close()


# ----- SQLAlchemySession --------------------------------------------------------------


async def test_sqlalchemy_missing_tables_say_create_tables(tmp_path: Path) -> None:
    session = memory.SQLAlchemySession.from_url("s", url=f"sqlite+aiosqlite:///{tmp_path}/x.db")
    with pytest.raises(UserError, match="create_tables=True"):
        await session.get_items()
    await session.close()


async def test_sqlalchemy_with_an_engine_and_table_names(tmp_path: Path) -> None:
    from sqlalchemy import text
    from sqlalchemy.ext.asyncio import create_async_engine

    engine = create_async_engine(f"sqlite+aiosqlite:///{tmp_path}/y.db")
    session = memory.SQLAlchemySession(
        "s",
        engine=engine,
        create_tables=True,
        sessions_table="my_sessions",
        messages_table="my_messages",
        ensure_ascii=False,
    )
    await session.add_items([user("héllo")])
    assert session.engine is engine
    async with engine.connect() as conn:
        stored = (await conn.execute(text("SELECT message_data FROM my_messages"))).scalar_one()
    assert "héllo" in stored
    assert await session.get_items() == [user("héllo")]
    await engine.dispose()


def test_sqlalchemy_bad_arguments() -> None:
    with pytest.raises(UserError, match="AsyncEngine"):
        memory.SQLAlchemySession("s", engine="sqlite://")
    with pytest.raises(UserError, match="from_url"):
        memory.SQLAlchemySession.from_url("s", url="not a url")


async def test_sqlalchemy_unreachable_server_is_a_user_error() -> None:
    session = memory.SQLAlchemySession.from_url(
        "s", url="postgresql+asyncpg://u:secret@127.0.0.1:1/db", create_tables=True
    )
    with pytest.raises(UserError, match="cannot reach") as info:
        await session.add_items([user("a")])
    assert "secret" not in str(info.value)
    await session.close()


# ----- RedisSession at the SDK's path -------------------------------------------------


async def test_redis_sdk_constructors(redis_url: str) -> None:
    import redis.asyncio as aioredis

    session = memory.RedisSession.from_url(
        "sdk-form", url=redis_url, redis_kwargs={"decode_responses": True}, ttl=30
    )
    assert await session.ping() is True
    await session.add_items([user("a")])
    client = aioredis.Redis.from_url(redis_url)
    shared = memory.RedisSession("sdk-form", redis_client=client)
    assert await shared.get_items() == [user("a")]
    assert 0 < await client.ttl(session.key) <= 30
    await session.clear_session()
    await session.close()
    await shared.close()  # not its client: still open
    assert await client.ping()
    await client.aclose()


def test_redis_needs_exactly_one_client() -> None:
    with pytest.raises(UserError, match="exactly one"):
        memory.RedisSession("s")
    with pytest.raises(UserError, match="exactly one"):
        memory.RedisSession("s", redis_client=object(), url="redis://x")


# ----- not supported yet --------------------------------------------------------------


def test_mongodb_and_dapr_say_what_is_missing() -> None:
    with pytest.raises(UserError, match="MongoDBSession is not supported.*pymongo"):
        memory.MongoDBSession("s", client=None)
    with pytest.raises(UserError, match="MongoDB server"):
        memory.MongoDBSession.from_uri("s", uri="mongodb://localhost")
    with pytest.raises(UserError, match="DaprSession is not supported.*Dapr sidecar"):
        memory.DaprSession.from_address("s", state_store_name="store")
    with pytest.raises(UserError, match="consistency"):
        memory.DaprSession("s", state_store_name="x", dapr_client=None, consistency="x")  # type: ignore[arg-type]


def test_the_sdks_backend_modules_give_the_same_classes() -> None:
    """SDK programs import backends from their modules (``...memory.encrypt_session``)."""
    import importlib

    import runwright.extensions.memory as memory

    for module, names in {
        "advanced_sqlite_session": ["AdvancedSQLiteSession"],
        "async_sqlite_session": ["AsyncSQLiteSession"],
        "dapr_session": ["DaprSession", "DAPR_CONSISTENCY_EVENTUAL", "DAPR_CONSISTENCY_STRONG"],
        "encrypt_session": ["EncryptedSession"],
        "mongodb_session": ["MongoDBSession"],
        "redis_session": ["RedisSession"],
        "sqlalchemy_session": ["SQLAlchemySession"],
    }.items():
        face = importlib.import_module(f"runwright.extensions.memory.{module}")
        for name in names:
            assert getattr(face, name) is getattr(memory, name), (module, name)
    envelope = importlib.import_module("runwright.extensions.memory.encrypt_session")
    assert set(envelope.EncryptedEnvelope.__annotations__) == {"__enc__", "v", "kid", "payload"}
