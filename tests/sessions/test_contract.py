"""The Session contract: every backend (memory, SQLite, Redis, PostgreSQL) must pass all of it."""

from __future__ import annotations

import asyncio
import random
from typing import Any

import pytest

from runwright import Agent, RunConfig, Runner
from runwright.exceptions import UserError
from runwright.items import RawItem, function_call_raw, message_raw
from runwright.sessions import Session, SessionCompaction, SessionSettings
from runwright.testing import ScriptedModel

from .conftest import MakeSession


def user(text: str) -> dict[str, Any]:
    return {"role": "user", "content": text}


def texts(items: list[dict[str, Any]]) -> list[str]:
    return [item["content"] for item in items]


async def test_is_a_session(session: Session) -> None:
    assert isinstance(session, Session)


async def test_new_session_is_empty(session: Session) -> None:
    assert await session.get_items() == []
    assert await session.get_items(limit=5) == []
    assert await session.pop_item() is None


async def test_items_come_back_in_order_across_calls(session: Session) -> None:
    await session.add_items([user("a"), user("b")])
    await session.add_items([user("c")])
    await session.add_items([user("d"), user("e"), user("f")])
    assert texts(await session.get_items()) == ["a", "b", "c", "d", "e", "f"]


async def test_add_nothing_is_a_no_op(session: Session) -> None:
    await session.add_items([user("a")])
    await session.add_items([])
    assert texts(await session.get_items()) == ["a"]


async def test_limit_returns_the_newest_oldest_first(session: Session) -> None:
    await session.add_items([user(str(i)) for i in range(10)])
    assert texts(await session.get_items(limit=3)) == ["7", "8", "9"]
    assert texts(await session.get_items(limit=1)) == ["9"]
    assert texts(await session.get_items(limit=10)) == [str(i) for i in range(10)]
    assert texts(await session.get_items(limit=50)) == [str(i) for i in range(10)]
    assert await session.get_items(limit=0) == []


async def test_negative_limit_is_refused(session: Session) -> None:
    with pytest.raises(UserError, match="limit"):
        await session.get_items(limit=-1)


async def test_pop_removes_and_returns_the_newest(session: Session) -> None:
    await session.add_items([user("a"), user("b"), user("c")])
    assert await session.pop_item() == user("c")
    assert texts(await session.get_items()) == ["a", "b"]
    assert await session.pop_item() == user("b")
    assert await session.pop_item() == user("a")
    assert await session.pop_item() is None
    await session.add_items([user("d")])
    assert texts(await session.get_items()) == ["d"]


async def test_clear_empties_the_session_and_it_stays_usable(session: Session) -> None:
    await session.add_items([user("a"), user("b")])
    await session.clear_session()
    assert await session.get_items() == []
    await session.add_items([user("c")])
    assert texts(await session.get_items()) == ["c"]


async def test_save_items_as_the_design_note_writes_it(session: Session) -> None:
    await session.save_items(conversation_id=session.session_id, items=[user("a")])
    await session.save_items(items=[user("b")])
    assert texts(await session.get_items()) == ["a", "b"]


async def test_save_items_to_another_conversation_is_refused(session: Session) -> None:
    with pytest.raises(UserError, match="one conversation"):
        await session.save_items(conversation_id="someone-else", items=[user("x")])
    assert await session.get_items() == []


async def test_sessions_are_isolated(make_session: MakeSession) -> None:
    alice, bob = await make_session("alice"), await make_session("bob")
    await alice.add_items([user("a1"), user("a2")])
    await bob.add_items([user("b1")])
    assert texts(await alice.get_items()) == ["a1", "a2"]
    assert texts(await bob.get_items()) == ["b1"]
    assert await bob.pop_item() == user("b1")
    await alice.clear_session()
    assert await alice.get_items() == []
    await bob.add_items([user("b2")])
    assert texts(await bob.get_items()) == ["b2"]


async def test_two_objects_with_one_id_share_the_history(make_session: MakeSession) -> None:
    first, second = await make_session("same"), await make_session("same")
    await first.add_items([user("from first")])
    await second.add_items([user("from second")])
    if make_session.backend == "memory":  # type: ignore[attr-defined]
        # An InMemorySession is its own store (no process-wide registry).
        assert texts(await first.get_items()) == ["from first"]
    else:
        assert texts(await first.get_items()) == ["from first", "from second"]


async def test_responses_items_round_trip_as_plain_dicts(session: Session) -> None:
    items: list[dict[str, Any]] = [
        user("What's the weather in Paris?"),
        function_call_raw("get_weather", '{"city": "Paris"}', "call_1"),
        {"type": "function_call_output", "call_id": "call_1", "output": "22C, sunny"},
        message_raw("It is 22C and sunny.", id="msg_1"),
        {"type": "reasoning", "id": "rs_1", "summary": [], "encrypted_content": None},
        {"role": "user", "content": [{"type": "input_text", "text": "thanks"}], "n": 1.5},
    ]
    await session.add_items(items)
    stored = await session.get_items()
    assert stored == [dict(RawItem(i).model_dump()) for i in items]
    assert all(type(item) is dict for item in stored)
    assert isinstance(items[1], RawItem)  # RawItem in, plain dict out


async def test_stored_items_do_not_change_when_the_caller_mutates(session: Session) -> None:
    item: dict[str, Any] = {"role": "user", "content": [{"type": "input_text", "text": "before"}]}
    await session.add_items([item])
    item["content"][0]["text"] = "after"
    assert (await session.get_items())[0]["content"][0]["text"] == "before"


async def test_unicode_survives(session: Session) -> None:
    samples = [
        "héllo wörld",
        "日本語のテキスト",
        "emoji 👩‍👩‍👧‍👦 🚀",
        "עברית ومرحبا",
        "quotes \" ' and \\ backslashes",
        "line\nbreaks\ttabs\r\n",
        "e\u0301 combining, \u2028 separator, \U0001f600",
    ]
    await session.add_items([user(s) for s in samples])
    assert texts(await session.get_items()) == samples


async def test_large_items_and_many_items(session: Session) -> None:
    big = "x" * 1_000_000 + "end"
    await session.add_items([user(big)])
    await session.add_items([user(f"m{i}") for i in range(1000)])
    stored = await session.get_items()
    assert len(stored) == 1001
    assert stored[0]["content"] == big
    assert texts(stored[1:]) == [f"m{i}" for i in range(1000)]
    assert texts(await session.get_items(limit=2)) == ["m998", "m999"]


async def test_concurrent_adds_from_many_tasks(session: Session) -> None:
    async def writer(task: int) -> None:
        for batch in range(3):
            await asyncio.sleep(random.random() / 1000)
            await session.add_items([user(f"{task}:{batch}:{n}") for n in range(4)])

    await asyncio.gather(*(writer(t) for t in range(20)))
    stored = texts(await session.get_items())
    assert sorted(stored) == sorted(
        f"{t}:{b}:{n}" for t in range(20) for b in range(3) for n in range(4)
    )
    # Each add_items lands contiguous and in order; each task's batches in its order.
    for start in range(0, len(stored), 4):
        batch = stored[start : start + 4]
        prefix = batch[0].rsplit(":", 1)[0]
        assert batch == [f"{prefix}:{n}" for n in range(4)]
    for t in range(20):
        mine = [s for s in stored if s.startswith(f"{t}:")]
        assert mine == [f"{t}:{b}:{n}" for b in range(3) for n in range(4)]


async def test_an_item_that_cannot_be_stored_fails_and_stores_nothing(session: Session) -> None:
    await session.add_items([user("kept")])
    with pytest.raises(UserError, match="JSON"):
        await session.add_items([user("ok"), {"role": "user", "content": object()}])
    with pytest.raises(UserError, match="dicts"):
        await session.add_items(["not a dict"])  # type: ignore[list-item]
    assert texts(await session.get_items()) == ["kept"]


async def test_nul_character_round_trips_or_is_refused_cleanly(session: Session) -> None:
    await session.add_items([user("kept")])
    try:
        await session.add_items([user("before"), user("nul \x00 inside")])
    except UserError:  # PostgreSQL JSONB cannot hold U+0000
        assert texts(await session.get_items()) == ["kept"]
    else:
        assert texts(await session.get_items()) == ["kept", "before", "nul \x00 inside"]


async def test_replace_items_rewrites_the_history(session: Session) -> None:
    await session.add_items([user("a"), user("b"), user("c")])
    await session.replace_items([user("summary"), user("c")])  # type: ignore[attr-defined]
    assert texts(await session.get_items()) == ["summary", "c"]
    await session.replace_items([])  # type: ignore[attr-defined]
    assert await session.get_items() == []


async def test_replace_with_a_bad_item_keeps_the_history(session: Session) -> None:
    await session.add_items([user("a")])
    with pytest.raises(UserError):
        await session.replace_items([user("b"), {"bad": object()}])  # type: ignore[attr-defined]
    assert texts(await session.get_items()) == ["a"]


# ----- session-level settings (SessionSettings on the session, as in the SDK) ---------


async def test_session_settings_cap_get_items(make_session: MakeSession) -> None:
    session = await make_session(session_settings=SessionSettings(limit=3))
    await session.add_items([user(str(i)) for i in range(6)])
    assert session.session_settings == SessionSettings(limit=3)  # type: ignore[attr-defined]
    assert texts(await session.get_items()) == ["3", "4", "5"]
    assert texts(await session.get_items(limit=5)) == ["1", "2", "3", "4", "5"]  # explicit wins
    assert texts(await session.get_items(limit=0)) == []


async def test_session_settings_as_a_dict_and_by_default(make_session: MakeSession) -> None:
    capped = await make_session("capped", session_settings={"limit": 1})
    plain = await make_session("plain")
    await capped.add_items([user("a"), user("b")])
    await plain.add_items([user("a"), user("b")])
    assert texts(await capped.get_items()) == ["b"]
    assert texts(await plain.get_items()) == ["a", "b"]
    assert plain.session_settings == SessionSettings()  # type: ignore[attr-defined]


async def test_bad_session_settings_are_refused(make_session: MakeSession) -> None:
    with pytest.raises(UserError, match="session_settings"):
        await make_session(session_settings={"max_itemz": 3})


@pytest.mark.parametrize(
    ("run_options", "expected"),
    [
        ({}, ["3", "4", "now"]),  # the session's own limit
        ({"run_config": RunConfig(session_settings=SessionSettings(limit=1))}, ["4", "now"]),
        (
            {
                "run_config": RunConfig(session_settings=SessionSettings(limit=1)),
                "session_settings": SessionSettings(limit=4),
            },
            ["1", "2", "3", "4", "now"],
        ),
    ],
)
async def test_session_settings_apply_to_runs(
    make_session: MakeSession, run_options: dict[str, Any], expected: list[str]
) -> None:
    session = await make_session(session_settings=SessionSettings(limit=2))
    await session.add_items([user(str(i)) for i in range(5)])
    model = ScriptedModel(["ok"])
    agent = Agent(name="a", model=model)
    await Runner.run(agent, "now", session=session, **run_options)
    assert [i["content"] for i in model.calls[0].input] == expected
    # What the run wrote is all there, whatever the read cap.
    assert len(await session.get_items(limit=100)) == 7


async def test_compaction_reads_past_the_session_cap(make_session: MakeSession) -> None:
    session = await make_session(session_settings=SessionSettings(limit=2))
    await session.add_items([user(str(i)) for i in range(6)])
    summariser = ScriptedModel(["the user counted 0 to 3"])
    compaction = SessionCompaction(summariser, max_items=4, keep_recent=2)
    assert await compaction.maybe_compact(session)
    assert "0" in summariser.calls[0].input[0]["content"]  # the oldest item was summarised
    everything = await session.get_items(limit=100)
    assert [i["content"] for i in everything][1:] == ["4", "5"]
    assert everything[0]["content"].endswith("the user counted 0 to 3")
