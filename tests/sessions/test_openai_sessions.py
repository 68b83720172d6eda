"""OpenAIConversationsSession and OpenAIResponsesCompactionSession against the scripted
OpenAI-compatible server (its Conversations and ``responses/compact`` endpoints), through
the real openai client."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import openai
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import runwright
from runwright import Agent, Runner, function_tool
from runwright.exceptions import UserError
from runwright.memory import (
    OpenAIConversationsSession,
    OpenAIResponsesCompactionArgs,
    OpenAIResponsesCompactionAwareSession,
    OpenAIResponsesCompactionSession,
    SessionInputCallback,
    is_openai_responses_compaction_aware_session,
)
from runwright.models.openai_responses import OpenAIResponsesModel
from runwright.sessions import InMemorySession, SQLiteSession
from support.fake_openai_server import Answer, FakeOpenAIServer, ToolCall


@pytest.fixture
async def server() -> AsyncIterator[FakeOpenAIServer]:
    async with FakeOpenAIServer() as fake:
        yield fake


@pytest.fixture
def client(server: FakeOpenAIServer) -> openai.AsyncOpenAI:
    return openai.AsyncOpenAI(base_url=server.base_url, api_key="k", max_retries=0)


def user(text: str) -> dict[str, Any]:
    return {"role": "user", "content": text}


def texts(items: list[dict[str, Any]]) -> list[str]:
    return [item["content"][0]["text"] for item in items]


def test_names_at_the_sdk_paths() -> None:
    assert runwright.OpenAIConversationsSession is OpenAIConversationsSession
    assert runwright.OpenAIResponsesCompactionSession is OpenAIResponsesCompactionSession
    assert runwright.is_openai_responses_compaction_aware_session is (
        is_openai_responses_compaction_aware_session
    )
    args: OpenAIResponsesCompactionArgs = {"response_id": "r", "force": True}
    assert args["force"]
    assert SessionInputCallback is not None


# ----- OpenAIConversationsSession -----------------------------------------------------


async def test_conversation_is_created_on_first_use(
    client: openai.AsyncOpenAI, server: FakeOpenAIServer
) -> None:
    session = OpenAIConversationsSession(openai_client=client)
    with pytest.raises(UserError, match="no conversation yet"):
        _ = session.session_id
    assert await session.get_items() == []
    assert session.session_id in server.conversations.conversations


async def test_add_read_pop_clear(client: openai.AsyncOpenAI, server: FakeOpenAIServer) -> None:
    session = OpenAIConversationsSession(openai_client=client)
    await session.add_items([user("a"), {"role": "assistant", "content": "b"}])
    await session.add_items([user("c")])
    items = await session.get_items()
    assert texts(items) == ["a", "b", "c"]
    assert items[0]["type"] == "message" and items[0]["id"].startswith("msg_")
    assert texts(await session.get_items(limit=2)) == ["b", "c"]
    popped = await session.pop_item()
    assert popped is not None and texts([popped]) == ["c"]
    assert texts(await session.get_items()) == ["a", "b"]
    conversation = session.session_id
    await session.clear_session()
    assert conversation not in server.conversations.conversations
    await session.add_items([user("new")])
    assert session.session_id != conversation
    assert texts(await session.get_items()) == ["new"]
    assert await OpenAIConversationsSession(openai_client=client).pop_item() is None


async def test_many_items_go_in_chunks_of_20_and_read_across_pages(
    client: openai.AsyncOpenAI, server: FakeOpenAIServer
) -> None:
    session = OpenAIConversationsSession(openai_client=client)
    await session.add_items([user(str(i)) for i in range(45)])
    creates = [r for r in server.requests if r.method == "POST" and r.path.endswith("/items")]
    assert [len(r.body["items"]) for r in creates] == [20, 20, 5]
    assert texts(await session.get_items()) == [str(i) for i in range(45)]
    assert texts(await session.get_items(limit=25)) == [str(i) for i in range(20, 45)]


async def test_an_existing_conversation_and_session_settings(client: openai.AsyncOpenAI) -> None:
    first = OpenAIConversationsSession(openai_client=client)
    await first.add_items([user("x"), user("y"), user("z")])
    again = OpenAIConversationsSession(
        conversation_id=first.session_id, openai_client=client, session_settings={"limit": 2}
    )
    assert texts(await again.get_items()) == ["y", "z"]
    assert texts(await again.get_items(limit=3)) == ["x", "y", "z"]


async def test_a_run_keeps_its_history_on_the_server(
    client: openai.AsyncOpenAI, server: FakeOpenAIServer
) -> None:
    server.script(Answer(text="Paris"), Answer(text="France"))
    agent = Agent(name="a", model=OpenAIResponsesModel("m", client))
    session = OpenAIConversationsSession(openai_client=client)
    await Runner.run(agent, "Capital?", session=session)
    await Runner.run(agent, "Country?", session=session)
    second = [r.body for r in server.requests if r.path == "/v1/responses"][1]
    sent = [item.get("role") for item in second["input"]]
    assert sent == ["user", "assistant", "user"]
    assert texts(await session.get_items())[-1] == "France"


async def test_default_client_is_used(server: FakeOpenAIServer) -> None:
    from runwright import set_default_openai_client
    from runwright._models import provider

    client = openai.AsyncOpenAI(base_url=server.base_url, api_key="k")
    previous = provider.get_default_openai_client()
    set_default_openai_client(client, use_for_tracing=False)
    try:
        session = OpenAIConversationsSession()
        await session.add_items([user("hi")])
        assert session.openai_client is client
    finally:
        provider._defaults.client = previous


# ----- OpenAIResponsesCompactionSession -----------------------------------------------


def long_history(n: int) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = [user("start")]
    for i in range(n):
        items.append({"role": "assistant", "content": f"step {i}"})
    return items


async def test_compaction_runs_past_the_threshold(
    client: openai.AsyncOpenAI, server: FakeOpenAIServer
) -> None:
    inner = InMemorySession("c")
    session = OpenAIResponsesCompactionSession("c", inner, client=client)
    assert is_openai_responses_compaction_aware_session(session)
    assert isinstance(session, OpenAIResponsesCompactionAwareSession)
    await session.add_items(long_history(9))
    await session.run_compaction()
    assert server.conversations.compact_calls == []  # 9 candidates: not yet
    await session.add_items([{"role": "assistant", "content": "step 9"}])
    await session.run_compaction()
    (call,) = server.conversations.compact_calls
    assert call["model"] == "gpt-4.1" and len(call["input"]) == 11
    items = await session.get_items()
    assert items[0] == user("start")
    assert items[1]["type"] == "compaction" and items[1]["encrypted_content"] == "compacted:11"
    assert await inner.get_items() == items


async def test_compaction_modes_force_and_trigger(
    client: openai.AsyncOpenAI, server: FakeOpenAIServer, tmp_path: Path
) -> None:
    seen: list[dict[str, Any]] = []

    def trigger(context: dict[str, Any]) -> bool:
        seen.append(context)
        return False

    session = OpenAIResponsesCompactionSession(
        "c", SQLiteSession("c", tmp_path / "c.db"), client=client, should_trigger_compaction=trigger
    )
    await session.add_items(long_history(3))
    await session.run_compaction({"response_id": "resp_9"})
    assert seen[-1]["compaction_mode"] == "previous_response_id"
    assert len(seen[-1]["compaction_candidate_items"]) == 3
    await session.run_compaction({"response_id": "resp_9", "store": False})
    assert seen[-1]["compaction_mode"] == "input"
    await session.run_compaction({"response_id": "resp_10", "force": True})
    assert server.conversations.compact_calls[-1] == {
        "model": "gpt-4.1",
        "previous_response_id": "resp_10",
    }
    assert (await session.get_items())[-1]["type"] == "compaction"
    fresh = OpenAIResponsesCompactionSession(
        "d", InMemorySession("d"), client=client, compaction_mode="previous_response_id"
    )
    with pytest.raises(UserError, match="needs a response_id"):
        await fresh.run_compaction({"force": True})


async def test_the_runner_compacts_after_each_turn(
    client: openai.AsyncOpenAI, server: FakeOpenAIServer
) -> None:
    @function_tool
    def ping() -> str:
        return "pong"

    server.script(
        Answer(tool_calls=[ToolCall("ping")]),
        Answer(text="done"),
    )
    session = OpenAIResponsesCompactionSession(
        "r", InMemorySession("r"), client=client, should_trigger_compaction=lambda c: True
    )
    agent = Agent(name="a", model=OpenAIResponsesModel("m", client), tools=[ping])
    result = await Runner.run(agent, "go", session=session)
    assert result.final_output == "done"
    # Not after the tool turn (its outputs wait for the model), once after the last turn.
    (call,) = server.conversations.compact_calls
    assert call["previous_response_id"] == result.last_response_id
    (call_input,) = server.conversations.compact_calls
    assert "input" not in call_input  # the stored response stands for the history
    items = await session.get_items()
    # The session now holds exactly what the server's compaction returned.
    assert items[0] == user(f"history of {result.last_response_id}")
    assert items[1]["type"] == "compaction" and len(items) == 2
    assert result.context_wrapper.usage.total_tokens >= 48  # the compaction call counted


def test_compaction_session_arguments() -> None:
    inner = InMemorySession("s")
    with pytest.raises(UserError, match="OpenAI model name"):
        OpenAIResponsesCompactionSession("s", inner, model="llama3")
    with pytest.raises(UserError, match="compaction_mode"):
        OpenAIResponsesCompactionSession("s", inner, compaction_mode="never")  # type: ignore[arg-type]
    with pytest.raises(UserError, match="cannot wrap"):
        OpenAIResponsesCompactionSession("s", OpenAIConversationsSession(openai_client=object()))
    with pytest.raises(UserError, match="give a session"):
        OpenAIResponsesCompactionSession("s", object())
    assert not is_openai_responses_compaction_aware_session(None)
    assert not is_openai_responses_compaction_aware_session(inner)


async def test_the_next_run_sends_the_compaction_item(
    client: openai.AsyncOpenAI, server: FakeOpenAIServer
) -> None:
    server.script(Answer(text="Everest"), Answer(text="8,849 m"))
    session = OpenAIResponsesCompactionSession(
        "n",
        InMemorySession("n"),
        client=client,
        should_trigger_compaction=lambda c: len(c["compaction_candidate_items"]) >= 1,
    )
    agent = Agent(name="a", model=OpenAIResponsesModel("m", client))
    await Runner.run(agent, "Tallest mountain?", session=session)
    result = await Runner.run(agent, "How tall?", session=session)
    assert result.final_output == "8,849 m"
    second = [r.body for r in server.requests if r.path == "/v1/responses"][1]
    kinds = [item.get("type") for item in second["input"]]
    assert "compaction" in kinds and second["input"][-1]["content"] == "How tall?"
