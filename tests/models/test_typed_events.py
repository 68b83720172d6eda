"""Streamed events carry openai's typed event objects, as in the SDK."""

from __future__ import annotations

import sys
from typing import Any

import pytest
from openai.types.responses import (
    ResponseCompletedEvent,
    ResponseContentPartAddedEvent,
    ResponseCreatedEvent,
    ResponseFunctionCallArgumentsDeltaEvent,
    ResponseFunctionToolCall,
    ResponseOutputItemAddedEvent,
    ResponseOutputMessage,
    ResponseReasoningItem,
    ResponseReasoningSummaryTextDeltaEvent,
    ResponseTextDeltaEvent,
)

from runwright import Agent, RawResponsesStreamEvent, Runner, function_tool
from runwright._models.openai_chat import OpenAIChatCompletionsModel
from runwright.models.openai_responses import OpenAIResponsesModel
from runwright.testing import ScriptedModel, reasoning, tool_call
from support.fake_openai_server import Answer, FakeOpenAIServer, ToolCall


@function_tool
def add(a: int, b: int) -> int:
    """Add two integers."""
    return a + b


async def _collect(agent: Agent[Any]) -> tuple[list[Any], str]:
    result = Runner.run_streamed(agent, "2+3?")
    text = ""
    datas: list[Any] = []
    async for event in result.stream_events():
        if event.type == "raw_response_event":
            datas.append(event.data)
            if isinstance(event.data, ResponseTextDeltaEvent):
                text += event.data.delta
    return datas, text


def _check_typed(datas: list[Any], *, reasoning_summary: bool) -> None:
    kinds = {type(d) for d in datas}
    assert any(issubclass(k, ResponseCreatedEvent) for k in kinds)
    assert any(issubclass(k, ResponseOutputItemAddedEvent) for k in kinds)
    assert any(issubclass(k, ResponseContentPartAddedEvent) for k in kinds)
    assert any(issubclass(k, ResponseFunctionCallArgumentsDeltaEvent) for k in kinds)
    if reasoning_summary:
        deltas = [d for d in datas if isinstance(d, ResponseReasoningSummaryTextDeltaEvent)]
        assert "".join(d.delta for d in deltas) == "thinking"
    completed = [d for d in datas if isinstance(d, ResponseCompletedEvent)]
    assert len(completed) == 2
    first_output = completed[0].response.output
    assert any(isinstance(item, ResponseFunctionToolCall) for item in first_output)
    call = next(item for item in first_output if isinstance(item, ResponseFunctionToolCall))
    assert call.name == "add"
    assert isinstance(completed[1].response.output[-1], ResponseOutputMessage)
    added = [d for d in datas if isinstance(d, ResponseOutputItemAddedEvent)]
    assert added[0].item.type in ("reasoning", "function_call", "message")


@pytest.mark.parametrize("model_class", [OpenAIResponsesModel, OpenAIChatCompletionsModel])
async def test_http_adapters_stream_typed_events(
    model_class: Any, openai_client: Any, fake_server: FakeOpenAIServer
) -> None:
    fake_server.script(
        Answer(reasoning="thinking", tool_calls=[ToolCall("add", '{"a": 2, "b": 3}')]),
        Answer(text="2 + 3 = 5"),
    )
    agent = Agent(name="calc", model=model_class("m", openai_client), tools=[add])
    datas, text = await _collect(agent)
    assert text == "2 + 3 = 5"
    _check_typed(datas, reasoning_summary=model_class is OpenAIChatCompletionsModel)


async def test_scripted_model_streams_typed_events() -> None:
    model = ScriptedModel([[reasoning("think"), tool_call("add", {"a": 2, "b": 3})], "2 + 3 = 5"])
    datas, text = await _collect(Agent(name="calc", model=model, tools=[add]))
    assert text == "2 + 3 = 5"
    _check_typed(datas, reasoning_summary=False)
    assert any(
        isinstance(item, ResponseReasoningItem)
        for d in datas
        if isinstance(d, ResponseCompletedEvent)
        for item in d.response.output
    )


def test_typed_event_keeps_dict_reads_and_is_built_once() -> None:
    event = RawResponsesStreamEvent(
        {
            "type": "response.output_text.delta",
            "delta": "hi",
            "item_id": "m",
            "output_index": 0,
            "content_index": 0,
            "sequence_number": 3,
            "logprobs": [],
        }
    )
    assert event.raw["delta"] == "hi"
    assert isinstance(event.data, ResponseTextDeltaEvent)
    assert event.data is event.data
    assert event.data.delta == "hi" and event.data.get("delta") == "hi"
    assert event.data.sequence_number == 3


def test_unknown_event_type_stays_a_dict() -> None:
    event = RawResponsesStreamEvent({"type": "vendor.custom", "x": 1})
    assert event.data == {"type": "vendor.custom", "x": 1}


def test_events_are_not_typed_unless_read() -> None:
    # Built but never read: no typed object exists (the run loop pays nothing).
    event = RawResponsesStreamEvent({"type": "response.output_text.delta", "delta": "x"})
    assert event._typed is None
    assert "openai.types.responses" in sys.modules  # imported by this test module itself
