"""SessionCompaction: thresholds, the split point, the one model call, the rewrite."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from runwright._core.config import ModelSettings
from runwright._sessions.compaction import SUMMARY_PREFIX, estimate_tokens, split_point
from runwright.exceptions import ModelBehaviorError, UserError
from runwright.items import ModelResponse, function_call_raw, function_output_raw, message_raw
from runwright.models.interface import Model, ModelTracing
from runwright.sessions import InMemorySession, SessionCompaction, SQLiteSession

from .conftest import MakeSession


class SummaryModel(Model):
    """Answers every call with a fixed text and records what it was given."""

    def __init__(self, answer: str = "They talked about the weather.") -> None:
        self.answer = answer
        self.calls: list[dict[str, Any]] = []

    async def get_response(
        self,
        system_instructions: str | None,
        input: str | list[dict[str, Any]],
        model_settings: ModelSettings,
        tools: list[Any],
        output_schema: Any,
        handoffs: list[Any],
        tracing: ModelTracing,
        **_: Any,
    ) -> ModelResponse:
        self.calls.append(
            {
                "instructions": system_instructions,
                "input": input,
                "tools": tools,
                "tracing": tracing,
            }
        )
        return ModelResponse(output=[message_raw(self.answer)] if self.answer else [])

    def stream_response(self, *args: Any, **kwargs: Any) -> AsyncIterator[Any]:
        raise NotImplementedError


def user(text: str) -> dict[str, Any]:
    return {"role": "user", "content": text}


def conversation(n: int) -> list[dict[str, Any]]:
    return [
        user(f"question {i}") if i % 2 == 0 else dict(message_raw(f"answer {i}")) for i in range(n)
    ]


# ----- pure parts ---------------------------------------------------------------------


def test_split_keeps_the_newest_items() -> None:
    assert split_point(conversation(30), keep_recent=10) == 20
    assert split_point(conversation(5), keep_recent=10) == 0
    assert split_point(conversation(5), keep_recent=0) == 5


def test_split_never_parts_a_call_from_its_output() -> None:
    items = [
        user("weather?"),
        dict(function_call_raw("get_weather", "{}", "c1")),
        dict(function_call_raw("get_time", "{}", "c2")),
        dict(function_output_raw("c1", "sunny")),
        dict(function_output_raw("c2", "noon")),
        dict(message_raw("sunny at noon")),
    ]
    # keep_recent=2 would keep c2's output but summarise its call: the split moves to c1's call.
    assert split_point(items, keep_recent=2) == 1
    assert split_point(items, keep_recent=3) == 1
    assert split_point(items, keep_recent=1) == 5


def test_split_keeps_a_reasoning_item_with_the_call_after_it() -> None:
    items = [
        user("weather?"),
        {"type": "reasoning", "id": "rs_1", "summary": []},
        dict(function_call_raw("get_weather", "{}", "c1")),
        dict(function_output_raw("c1", "sunny")),
    ]
    assert split_point(items, keep_recent=2) == 1


def test_token_estimate_is_json_length_over_four() -> None:
    assert estimate_tokens([{"a": "x" * 392}]) == 100  # {"a": "..."} is 400 characters


def test_settings_are_checked() -> None:
    model = SummaryModel()
    with pytest.raises(UserError, match="max_items= or max_tokens="):
        SessionCompaction(model)
    with pytest.raises(UserError, match="max_items"):
        SessionCompaction(model, max_items=0)
    with pytest.raises(UserError, match="keep_recent"):
        SessionCompaction(model, max_items=5, keep_recent=-1)
    with pytest.raises(UserError, match="below max_items"):
        SessionCompaction(model, max_items=10, keep_recent=10)


async def test_nothing_is_summarised_when_only_one_item_would_be() -> None:
    model = SummaryModel()
    session = InMemorySession()
    await session.add_items([user("x" * 400), user("y" * 400), user("z")])
    # Past the token threshold, but keep_recent=2 of 3 leaves one old item: no model call.
    assert not await SessionCompaction(model, max_tokens=50, keep_recent=2).maybe_compact(session)
    assert model.calls == []


# ----- against sessions -------------------------------------------------------------------


async def test_under_the_threshold_nothing_happens() -> None:
    model = SummaryModel()
    session = InMemorySession()
    await session.add_items(conversation(20))
    assert not await SessionCompaction(model, max_items=20).maybe_compact(session)
    assert model.calls == []
    assert await session.get_items() == conversation(20)


async def test_past_the_item_threshold_old_items_become_one_summary(
    make_session: MakeSession,
) -> None:
    session = await make_session()
    await session.add_items(conversation(30))
    model = SummaryModel()
    compaction = SessionCompaction(model, max_items=20, keep_recent=5, instructions="Summarise!")
    assert await compaction.maybe_compact(session)

    items = await session.get_items()
    assert items[0] == user(SUMMARY_PREFIX + "They talked about the weather.")
    assert items[1:] == conversation(30)[25:]
    assert len(model.calls) == 1
    call = model.calls[0]
    assert call["instructions"] == "Summarise!"
    assert call["tools"] == [] and call["tracing"] is ModelTracing.DISABLED
    transcript = call["input"][-1]["content"]
    assert "user: question 0" in transcript and "user: question 24" in transcript
    assert "answer 25" not in transcript  # kept items are not summarised
    # Below the threshold now: a second check does nothing.
    assert not await compaction.maybe_compact(session)
    assert len(model.calls) == 1


async def test_past_the_token_threshold() -> None:
    session = InMemorySession()
    await session.add_items([user("x" * 4000), user("y" * 4000), user("short")])
    model = SummaryModel("long texts")
    assert await SessionCompaction(model, max_tokens=1500, keep_recent=1).maybe_compact(session)
    assert await session.get_items() == [user(SUMMARY_PREFIX + "long texts"), user("short")]


async def test_a_second_compaction_folds_the_first_summary_in() -> None:
    session = InMemorySession()
    await session.add_items(conversation(12))
    compaction = SessionCompaction(SummaryModel("first"), max_items=10, keep_recent=2)
    assert await compaction.maybe_compact(session)
    await session.add_items(conversation(12))
    second = SummaryModel("second")
    compaction.model = second
    assert await compaction.maybe_compact(session)
    assert (await session.get_items())[0] == user(SUMMARY_PREFIX + "second")
    assert SUMMARY_PREFIX + "first" in second.calls[0]["input"][-1]["content"]


async def test_tool_call_pairs_survive_compaction() -> None:
    session = InMemorySession()
    await session.add_items(conversation(10))
    pair = [
        dict(function_call_raw("lookup", '{"q": 1}', "c9")),
        dict(function_output_raw("c9", "42")),
    ]
    await session.add_items([*pair, dict(message_raw("it is 42"))])
    await SessionCompaction(SummaryModel(), max_items=5, keep_recent=2).maybe_compact(session)
    items = await session.get_items()
    assert items[1:] == [*pair, dict(message_raw("it is 42"))]


async def test_an_empty_summary_fails_and_leaves_the_session_alone() -> None:
    session = InMemorySession()
    await session.add_items(conversation(12))
    with pytest.raises(ModelBehaviorError, match="no summary"):
        await SessionCompaction(SummaryModel(""), max_items=10, keep_recent=4).maybe_compact(
            session
        )
    assert await session.get_items() == conversation(12)


async def test_works_on_a_session_without_replace_items() -> None:
    class MinimalSession:
        """Only the four protocol methods, as a user might write."""

        session_id = "minimal"

        def __init__(self) -> None:
            self.items: list[dict[str, Any]] = []

        async def get_items(self, limit: int | None = None) -> list[dict[str, Any]]:
            return list(self.items if limit is None else self.items[-limit:])

        async def add_items(self, items: list[dict[str, Any]]) -> None:
            self.items.extend(items)

        async def pop_item(self) -> dict[str, Any] | None:
            return self.items.pop() if self.items else None

        async def clear_session(self) -> None:
            self.items.clear()

    session = MinimalSession()
    await session.add_items(conversation(12))
    assert await SessionCompaction(SummaryModel("s"), max_items=10, keep_recent=3).maybe_compact(
        session  # type: ignore[arg-type]
    )
    assert session.items == [user(SUMMARY_PREFIX + "s"), *conversation(12)[9:]]


async def test_sqlite_rewrite_is_one_transaction(tmp_path: Path) -> None:
    from runwright._sessions.sqlite_store import ITEMS_TABLE

    session = SQLiteSession("conv", tmp_path / "c.db")
    await session.add_items(conversation(12))
    # Fail the insert of the summary: the delete of the old history must roll back with it.
    await session._store.run(
        lambda conn: conn.execute(
            f"CREATE TRIGGER no_summary BEFORE INSERT ON {ITEMS_TABLE} "
            f"WHEN NEW.item LIKE '%{SUMMARY_PREFIX}%' BEGIN SELECT RAISE(ABORT, 'full'); END"
        )
    )
    with pytest.raises(Exception, match="full"):
        await SessionCompaction(SummaryModel(), max_items=10, keep_recent=4).maybe_compact(session)
    assert await session.get_items() == conversation(12)
    session.close()


async def test_works_with_scripted_model(scripted: Any) -> None:
    model = scripted(["The user asked twelve things."])
    session = InMemorySession()
    await session.add_items(conversation(12))
    assert await SessionCompaction(model, max_items=10, keep_recent=4).maybe_compact(session)
    assert (await session.get_items())[0] == user(SUMMARY_PREFIX + "The user asked twelve things.")
    assert "question 0" in (model.calls[0].last_user_text or "")


async def test_an_item_threshold_alone_reads_only_a_few_items_when_under_it() -> None:
    class CountingSession(InMemorySession):
        def __init__(self) -> None:
            super().__init__("counting")
            self.limits: list[int | None] = []

        async def get_items(self, limit: int | None = None) -> list[dict[str, Any]]:
            self.limits.append(limit)
            return await super().get_items(limit)

    session = CountingSession()
    await session.add_items(conversation(50))
    assert not await SessionCompaction(SummaryModel(), max_items=60).maybe_compact(session)
    assert session.limits == [61]
