"""OpenAIResponsesModel through the real openai client against the fake server."""

from __future__ import annotations

from typing import Any

import pytest
from _models_wire import (
    WEATHER_SCHEMA,
    JsonSchemaOutput,
    billing_handoff,
    call,
    completed_response,
    stream,
    weather_tool,
)

from runwright._core.config import ModelSettings
from runwright._core.items import light_response
from runwright.exceptions import ModelBehaviorError
from runwright.items import function_output_raw
from runwright.models.openai_responses import OpenAIResponsesModel
from support.fake_openai_server import Answer, FakeOpenAIServer, RawSSE, ToolCall


@pytest.fixture
def model(openai_client: Any) -> OpenAIResponsesModel:
    return OpenAIResponsesModel("gpt-test", openai_client)


async def test_text_answer_usage_and_id(
    model: OpenAIResponsesModel, fake_server: FakeOpenAIServer
) -> None:
    fake_server.script(
        Answer(text="Hello!", input_tokens=20, output_tokens=5, cached_tokens=8, reasoning_tokens=3)
    )
    response = await call(model, "hi")
    assert response.response_id == "resp_1"
    (message,) = response.output
    assert message.type == "message"
    assert message.content[0].text == "Hello!"
    assert type(message).__name__ == "ResponseOutputMessage"  # openai's, as in the SDK
    assert type(response.to_input_items()[0]).__name__ == "RawItem"
    usage = response.usage
    assert (usage.requests, usage.input_tokens, usage.output_tokens, usage.total_tokens) == (
        1,
        20,
        5,
        25,
    )
    assert usage.details == {"cached_tokens": 8, "reasoning_tokens": 3}
    (request,) = fake_server.requests
    assert request.path == "/v1/responses"
    assert request.body == {"model": "gpt-test", "input": "hi", "instructions": "Be brief."}
    assert request.headers["authorization"] == "Bearer test-key"


async def test_tools_handoffs_and_tool_choice_request(
    model: OpenAIResponsesModel, fake_server: FakeOpenAIServer
) -> None:
    fake_server.script(Answer(text="ok"))
    settings = ModelSettings(tool_choice="get_weather", parallel_tool_calls=False)
    await call(model, settings=settings, tools=[weather_tool()], handoffs=[billing_handoff()])
    body = fake_server.requests[0].body
    assert body["tools"] == [
        {
            "type": "function",
            "name": "get_weather",
            "description": "Weather for a city.",
            "parameters": WEATHER_SCHEMA,
            "strict": True,
        },
        {
            "type": "function",
            "name": "transfer_to_billing",
            "description": "Hand off to the billing agent.",
            "parameters": {"type": "object", "properties": {}, "additionalProperties": False},
            "strict": True,
        },
    ]
    assert body["tool_choice"] == {"type": "function", "name": "get_weather"}
    assert body["parallel_tool_calls"] is False


async def test_every_model_setting_reaches_the_request(
    model: OpenAIResponsesModel, fake_server: FakeOpenAIServer
) -> None:
    fake_server.script(Answer(text="ok"))
    settings = ModelSettings(
        temperature=0.2,
        top_p=0.9,
        frequency_penalty=0.1,
        presence_penalty=0.3,
        tool_choice="required",
        truncation="auto",
        max_tokens=99,
        reasoning={"effort": "low", "summary": "auto"},
        verbosity="low",
        metadata={"k": "v"},
        store=False,
        response_include=["reasoning.encrypted_content"],
        top_logprobs=2,
        extra_query={"api-version": "2025-01-01"},
        extra_body={"service_tier": "flex"},
        extra_headers={"X-Trace": "abc"},
        extra_args={"user": "u-1"},
    )
    await call(model, settings=settings, tools=[weather_tool()])
    request = fake_server.requests[0]
    body = request.body
    expected = {
        "temperature": 0.2,
        "top_p": 0.9,
        "frequency_penalty": 0.1,
        "presence_penalty": 0.3,
        "tool_choice": "required",
        "truncation": "auto",
        "max_output_tokens": 99,
        "reasoning": {"effort": "low", "summary": "auto"},
        "text": {"verbosity": "low"},
        "metadata": {"k": "v"},
        "store": False,
        "include": ["reasoning.encrypted_content", "message.output_text.logprobs"],
        "top_logprobs": 2,
        "service_tier": "flex",
        "user": "u-1",
    }
    assert {k: body[k] for k in expected} == expected
    assert request.headers["x-trace"] == "abc"
    assert "api-version=2025-01-01" in request.query


async def test_output_schema_and_server_state(
    model: OpenAIResponsesModel, fake_server: FakeOpenAIServer
) -> None:
    fake_server.script(Answer(text='{"answer": 42}'))
    await call(
        model,
        output_schema=JsonSchemaOutput(),
        previous_response_id="resp_0",
        conversation_id="conv_1",
    )
    body = fake_server.requests[0].body
    assert body["text"] == {
        "format": {
            "type": "json_schema",
            "name": "final_output",
            "schema": JsonSchemaOutput.SCHEMA,
            "strict": True,
        }
    }
    assert body["previous_response_id"] == "resp_0"
    assert body["conversation"] == "conv_1"


async def test_tool_call_then_tool_result_request(
    model: OpenAIResponsesModel, fake_server: FakeOpenAIServer
) -> None:
    fake_server.script(
        Answer(reasoning="need weather", tool_calls=[ToolCall("get_weather", '{"city": "Oslo"}')]),
        Answer(text="Sunny."),
    )
    first = await call(model, "weather in Oslo?", tools=[weather_tool()])
    reasoning, function_call = first.output
    assert reasoning.type == "reasoning"
    assert function_call.type == "function_call"
    assert function_call.arguments == '{"city": "Oslo"}'
    history = [
        {"role": "user", "content": "weather in Oslo?"},
        *first.to_input_items(),
        function_output_raw(function_call.call_id, "sunny"),
    ]
    second = await call(model, history, tools=[weather_tool()])
    assert second.output[0].content[0].text == "Sunny."
    sent = fake_server.requests[1].body["input"]
    assert sent[1] == {
        "type": "reasoning",
        "id": "rs_1",
        "summary": [{"type": "summary_text", "text": "need weather"}],
    }
    assert sent[2]["type"] == "function_call"
    assert sent[2]["call_id"] == "call_1_0"
    assert sent[3] == {"type": "function_call_output", "call_id": "call_1_0", "output": "sunny"}


async def test_reasoning_without_id_and_null_fields_are_not_sent(
    model: OpenAIResponsesModel, fake_server: FakeOpenAIServer
) -> None:
    fake_server.script(Answer(text="ok"))
    chat_reasoning = {"type": "reasoning", "summary": [{"type": "summary_text", "text": "x"}]}
    await call(model, [{"role": "user", "content": "q", "id": None}, chat_reasoning])
    assert fake_server.requests[0].body["input"] == [{"role": "user", "content": "q"}]


async def test_stream_events_and_completed_response_equal_non_streamed(
    model: OpenAIResponsesModel, fake_server: FakeOpenAIServer
) -> None:
    answer = Answer(
        number=7,
        text="Hello there",
        reasoning="r",
        tool_calls=[ToolCall("get_weather", '{"city": "Rome"}')],
        cached_tokens=2,
    )
    fake_server.script(answer, answer)
    direct = await call(model, tools=[weather_tool()])
    events = await stream(model, tools=[weather_tool()])
    assert fake_server.requests[1].body["stream"] is True
    types = [e.type for e in events]
    for name in (
        "response.created",
        "response.output_item.added",
        "response.output_text.delta",
        "response.function_call_arguments.delta",
        "response.output_item.done",
    ):
        assert name in types
    assert types[-1] == "response.completed"
    text = "".join(e.delta for e in events if e.type == "response.output_text.delta")
    assert text == "Hello there"
    assert completed_response(events) == light_response(direct)


async def test_stream_failure_event_raises(
    model: OpenAIResponsesModel, fake_server: FakeOpenAIServer
) -> None:
    failed = {"id": "resp_9", "status": "failed", "error": {"message": "overloaded"}}
    fake_server.script(
        RawSSE(
            [
                {"type": "response.created", "response": {"id": "resp_9"}},
                {"type": "response.failed", "response": failed},
            ]
        )
    )
    with pytest.raises(ModelBehaviorError, match="overloaded"):
        await stream(model)


async def test_incomplete_stream_still_ends_with_completed(
    model: OpenAIResponsesModel, fake_server: FakeOpenAIServer
) -> None:
    output = [
        {
            "type": "message",
            "role": "assistant",
            "content": [{"type": "output_text", "text": "cut"}],
        }
    ]
    incomplete = {"id": "resp_8", "status": "incomplete", "output": output, "usage": None}
    fake_server.script(RawSSE([{"type": "response.incomplete", "response": incomplete}]))
    events = await stream(model)
    assert [e.type for e in events] == ["response.incomplete", "response.completed"]
    assert completed_response(events).output[0].content[0].text == "cut"


async def test_client_without_post_uses_typed_create() -> None:
    class Completions:
        def __init__(self) -> None:
            self.kwargs: dict[str, Any] = {}

        async def create(self, **kwargs: Any) -> dict[str, Any]:
            self.kwargs = kwargs
            return {"id": "r1", "output": [{"type": "message", "role": "assistant", "content": []}]}

    class Double:
        max_retries = 0

        def __init__(self) -> None:
            self.responses = Completions()

    client = Double()
    response = await call(OpenAIResponsesModel("m", client))
    assert response.response_id == "r1"
    assert client.responses.kwargs["model"] == "m"
