"""OpenAIChatCompletionsModel through the real openai client against the fake server."""

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
from runwright._models.chat_convert import REQUIRED_TOOL_NOTE, ChatCompatibility
from runwright._models.openai_chat import OpenAIChatCompletionsModel
from runwright.exceptions import ModelBehaviorError, UserError
from runwright.items import function_output_raw
from support.fake_openai_server import Answer, FakeOpenAIServer, Raw, RawSSE, ToolCall


@pytest.fixture
def model(openai_client: Any) -> OpenAIChatCompletionsModel:
    return OpenAIChatCompletionsModel("local-model", openai_client)


async def test_text_answer_and_usage(
    model: OpenAIChatCompletionsModel, fake_server: FakeOpenAIServer
) -> None:
    fake_server.script(Answer(text="Hi!", input_tokens=9, output_tokens=4, cached_tokens=5))
    response = await call(model, "hello")
    (message,) = response.to_input_items()
    assert message == {
        "id": "__fake_id__",
        "type": "message",
        "role": "assistant",
        "status": "completed",
        "content": [{"type": "output_text", "text": "Hi!", "annotations": [], "logprobs": []}],
        "provider_data": {"model": "local-model", "response_id": "chatcmpl-1"},
    }
    assert response.response_id is None  # as in the SDK: a completion id continues nothing
    assert (response.usage.input_tokens, response.usage.output_tokens) == (9, 4)
    assert response.usage.total_tokens == 13
    assert response.usage.input_tokens_details.cached_tokens == 5
    (request,) = fake_server.requests
    assert request.path == "/v1/chat/completions"
    assert request.body == {
        "model": "local-model",
        "messages": [
            {"role": "system", "content": "Be brief."},
            {"role": "user", "content": "hello"},
        ],
    }


async def test_tool_loop_request_shapes(
    model: OpenAIChatCompletionsModel, fake_server: FakeOpenAIServer
) -> None:
    fake_server.script(
        Answer(
            reasoning="look it up",
            tool_calls=[ToolCall("get_weather", '{"city": "Oslo"}', call_id="call_x")],
        ),
        Answer(text="Sunny."),
    )
    settings = ModelSettings(tool_choice="auto", parallel_tool_calls=True)
    tools = [weather_tool()]
    first = await call(
        model, "weather?", tools=tools, handoffs=[billing_handoff()], settings=settings
    )
    reasoning, function_call = first.to_input_items()
    provider_data = {"model": "local-model", "response_id": "chatcmpl-1"}
    assert reasoning == {
        "id": "__fake_id__",
        "type": "reasoning",
        "summary": [{"type": "summary_text", "text": "look it up"}],
        "provider_data": provider_data,
    }
    assert function_call == {
        "id": "__fake_id__",
        "type": "function_call",
        "call_id": "call_x",
        "name": "get_weather",
        "arguments": '{"city": "Oslo"}',
        "provider_data": provider_data,
    }
    body = fake_server.requests[0].body
    assert body["tools"][0] == {
        "type": "function",
        "function": {
            "name": "get_weather",
            "description": "Weather for a city.",
            "parameters": WEATHER_SCHEMA,
            "strict": True,
        },
    }
    assert body["tools"][1]["function"]["name"] == "transfer_to_billing"
    assert (body["tool_choice"], body["parallel_tool_calls"]) == ("auto", True)

    history = [
        {"role": "user", "content": "weather?"},
        *first.to_input_items(),
        function_output_raw("call_x", "sunny"),
    ]
    await call(model, history, tools=tools)
    messages = fake_server.requests[1].body["messages"]
    assert messages[1:] == [
        {"role": "user", "content": "weather?"},
        {
            "role": "assistant",
            "content": "",
            "tool_calls": [
                {
                    "id": "call_x",
                    "type": "function",
                    "function": {"name": "get_weather", "arguments": '{"city": "Oslo"}'},
                }
            ],
        },
        {"role": "tool", "tool_call_id": "call_x", "content": "sunny"},
    ]


async def test_structured_output_and_settings(
    model: OpenAIChatCompletionsModel, fake_server: FakeOpenAIServer
) -> None:
    fake_server.script(Answer(text='{"answer": 1}'))
    settings = ModelSettings(
        temperature=0,
        top_p=1,
        frequency_penalty=0.5,
        presence_penalty=0.25,
        max_tokens=64,
        reasoning={"effort": "high"},
        verbosity="high",
        metadata={"a": "b"},
        store=True,
        top_logprobs=3,
        extra_body={"seed": 3},
        extra_headers={"X-Env": "test"},
        extra_args={"user": "u"},
    )
    await call(model, output_schema=JsonSchemaOutput(), settings=settings)
    request = fake_server.requests[0]
    body = request.body
    assert body["response_format"] == {
        "type": "json_schema",
        "json_schema": {"name": "final_output", "schema": JsonSchemaOutput.SCHEMA, "strict": True},
    }
    expected = {
        "temperature": 0,
        "top_p": 1,
        "frequency_penalty": 0.5,
        "presence_penalty": 0.25,
        "max_tokens": 64,
        "reasoning_effort": "high",
        "verbosity": "high",
        "metadata": {"a": "b"},
        "store": True,
        "logprobs": True,
        "top_logprobs": 3,
        "seed": 3,
        "user": "u",
    }
    assert {k: body[k] for k in expected} == expected
    assert "parallel_tool_calls" not in body  # rejected by servers when no tools are sent
    assert request.headers["x-env"] == "test"


async def test_llama_cpp_compatibility(openai_client: Any, fake_server: FakeOpenAIServer) -> None:
    model = OpenAIChatCompletionsModel(
        "smollm2", openai_client, compatibility=ChatCompatibility.llama_cpp()
    )
    fake_server.script(Answer(text='{"answer": 2}'))
    history = [
        {"role": "user", "content": "add"},
        {"type": "function_call", "call_id": "c1", "name": "add", "arguments": "{}"},
        function_output_raw("c1", "3"),
    ]
    settings = ModelSettings(tool_choice="required")
    await call(
        model, history, tools=[weather_tool()], settings=settings, output_schema=JsonSchemaOutput()
    )
    body = fake_server.requests[0].body
    assert body["tool_choice"] == "auto"
    assert body["messages"][0]["content"].endswith(REQUIRED_TOOL_NOTE)
    assert [m["role"] for m in body["messages"]] == ["system", "user", "assistant", "user"]
    assert "strict" not in body["tools"][0]["function"]
    assert body["response_format"] == {"type": "json_object", "schema": JsonSchemaOutput.SCHEMA}


@pytest.mark.parametrize(
    "body",
    [
        {"id": "x"},
        {"choices": None, "usage": None},
        {"choices": [{"index": 0, "message": {"role": "assistant", "content": None}}]},
        {"choices": [{"message": {"content": None, "tool_calls": None}}], "usage": {}},
    ],
)
async def test_an_empty_answer_is_a_model_behavior_error(
    model: OpenAIChatCompletionsModel, fake_server: FakeOpenAIServer, body: dict[str, Any]
) -> None:
    fake_server.script(Raw(body))
    with pytest.raises(ModelBehaviorError, match=r"127\.0\.0\.1.*local-model"):
        await call(model)


async def test_null_arguments_and_missing_call_id(
    model: OpenAIChatCompletionsModel, fake_server: FakeOpenAIServer
) -> None:
    message = {"role": "assistant", "tool_calls": [{"type": "function", "function": {"name": "f"}}]}
    fake_server.script(Raw({"id": "c", "choices": [{"message": message}]}))
    (item,) = (await call(model)).output
    assert item.arguments == "{}"
    assert item.call_id.startswith("call_")
    assert "id" not in item


async def test_previous_response_id_is_refused(model: OpenAIChatCompletionsModel) -> None:
    with pytest.raises(UserError, match="Responses API"):
        await call(model, previous_response_id="resp_1")


async def test_stream_matches_non_streamed(
    model: OpenAIChatCompletionsModel, fake_server: FakeOpenAIServer
) -> None:
    answer = Answer(
        number=3,
        text="The weather is fine",
        reasoning="thinking",
        tool_calls=[ToolCall("get_weather", '{"city": "Oslo"}'), ToolCall("get_weather", "{}")],
        input_tokens=30,
        output_tokens=12,
        reasoning_tokens=4,
    )
    fake_server.script(answer, answer)
    direct = await call(model, tools=[weather_tool()])
    events = await stream(model, tools=[weather_tool()])
    body = fake_server.requests[1].body
    assert body["stream"] is True
    assert body["stream_options"] == {"include_usage": True}
    types = [e.type for e in events]
    assert types[0] == "response.created"
    assert types[-1] == "response.completed"
    assert types.count("response.output_item.added") == 4
    assert types.count("response.output_item.done") == 4
    text = "".join(e.delta for e in events if e.type == "response.output_text.delta")
    assert text == "The weather is fine"
    args = [e for e in events if e.type == "response.function_call_arguments.delta"]
    assert "".join(e.delta for e in args if e.output_index == 2) == '{"city": "Oslo"}'
    streamed = completed_response(events)
    assert streamed.output == direct.to_input_items()
    assert streamed.usage == direct.usage
    # as in the SDK: no response id from a whole completion, the placeholder from a stream
    assert (streamed.response_id, direct.response_id) == ("__fake_id__", None)
    assert streamed.usage.output_tokens_details.reasoning_tokens == 4


async def test_stream_without_usage_chunk_or_choices(
    model: OpenAIChatCompletionsModel, fake_server: FakeOpenAIServer
) -> None:
    fake_server.script(
        RawSSE(
            [
                {"id": "s1", "choices": [{"index": 0, "delta": {"content": "a"}}]},
                {"id": "s1", "choices": []},
                {"id": "s1", "choices": [{"index": 0, "delta": {"content": None}}]},
                "[DONE]",
            ]
        )
    )
    events = await stream(model)
    response = completed_response(events)
    assert response.output[0].content[0].text == "a"
    assert response.usage.total_tokens == 0
