"""Whole runs over HTTP: Runner + adapters + the real openai client + the fake server."""

from __future__ import annotations

from typing import Any

import pytest

from runwright import Agent, Runner, function_tool
from runwright._models.openai_chat import OpenAIChatCompletionsModel
from runwright.models.openai_responses import OpenAIResponsesModel
from support.fake_openai_server import Answer, FakeOpenAIServer, ToolCall


@function_tool
def add(a: int, b: int) -> int:
    """Add two integers.

    Args:
        a: First.
        b: Second.
    """
    return a + b


SCRIPT = [
    Answer(tool_calls=[ToolCall("add", '{"a": 2, "b": 3}', call_id="call_add")]),
    Answer(text="2 + 3 = 5"),
]


@pytest.mark.parametrize("model_class", [OpenAIResponsesModel, OpenAIChatCompletionsModel])
@pytest.mark.parametrize("streamed", [False, True])
async def test_tool_loop_run(
    model_class: Any, streamed: bool, openai_client: Any, fake_server: FakeOpenAIServer
) -> None:
    fake_server.script(*SCRIPT)
    agent = Agent(
        name="calc", instructions="Use tools.", model=model_class("m", openai_client), tools=[add]
    )
    if streamed:
        result: Any = Runner.run_streamed(agent, "2+3?")
        types = [event.type async for event in result.stream_events()]
        assert "raw_response_event" in types
    else:
        result = await Runner.run(agent, "2+3?")
    assert result.final_output == "2 + 3 = 5"
    assert result.usage.requests == 2
    second = fake_server.requests[1].body
    if model_class is OpenAIChatCompletionsModel:
        assert second["messages"][-1] == {
            "role": "tool",
            "tool_call_id": "call_add",
            "content": "5",
        }
    else:
        assert second["input"][-1] == {
            "type": "function_call_output",
            "call_id": "call_add",
            "output": "5",
        }


async def test_model_name_resolves_through_multi_provider(fake_server: FakeOpenAIServer) -> None:
    from runwright._core.config import RunConfig
    from runwright._models.provider import MultiProvider

    fake_server.script(Answer(text="hello"))
    provider = MultiProvider(openai_base_url=fake_server.base_url)
    agent = Agent(name="a", model="chat/Qwen/Qwen2.5-7B-Instruct")
    result = await Runner.run(agent, "hi", run_config=RunConfig(model_provider=provider))
    assert result.final_output == "hello"
    request = fake_server.requests[0]
    assert request.path == "/v1/chat/completions"
    assert request.body["model"] == "Qwen/Qwen2.5-7B-Instruct"
