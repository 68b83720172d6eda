"""Integration: the Chat Completions adapter against a real llama.cpp server.

Start one with ``scripts/llama_server start`` and set RUNWRIGHT_LLAMA_URL to the
URL it prints. Without it these tests are skipped, unless RUNWRIGHT_REQUIRE_LLAMA=1
(CI), which makes a missing server a failure. They check plumbing (requests
accepted, shapes parsed), not the 135M model's judgement.
"""

from __future__ import annotations

import json
import os
from typing import Any

import pytest
from _models_wire import JsonSchemaOutput, call, completed_response, stream

from runwright._core.config import ModelSettings
from runwright._models.chat_convert import ChatCompatibility
from runwright._models.openai_chat import OpenAIChatCompletionsModel
from runwright._tools.function_tool import FunctionTool
from runwright.items import function_output_raw

LLAMA_URL = os.environ.get("RUNWRIGHT_LLAMA_URL")
REQUIRED = os.environ.get("RUNWRIGHT_REQUIRE_LLAMA") == "1"

ADD_SCHEMA = {
    "type": "object",
    "properties": {"a": {"type": "integer"}, "b": {"type": "integer"}},
    "required": ["a", "b"],
    "additionalProperties": False,
}
SETTINGS = ModelSettings(temperature=0, max_tokens=48)


@pytest.fixture
def llama_model() -> OpenAIChatCompletionsModel:
    if not LLAMA_URL:
        if REQUIRED:
            pytest.fail("RUNWRIGHT_REQUIRE_LLAMA=1 but RUNWRIGHT_LLAMA_URL is not set")
        pytest.skip("no llama.cpp server (set RUNWRIGHT_LLAMA_URL; see scripts/llama_server)")
    import openai

    client = openai.AsyncOpenAI(base_url=LLAMA_URL, api_key="not-needed", timeout=120)
    return OpenAIChatCompletionsModel(
        "smollm2", client, compatibility=ChatCompatibility.llama_cpp()
    )


async def _add(_: Any, arguments: str) -> int:
    values = json.loads(arguments)
    return int(values["a"]) + int(values["b"])


def add_tool() -> FunctionTool:
    return FunctionTool("add", "Add two integers a and b.", ADD_SCHEMA, _add)


async def test_forced_tool_call_and_result_round_trip(
    llama_model: OpenAIChatCompletionsModel,
) -> None:
    question = [{"role": "user", "content": "What is 2 plus 3? Use the add tool."}]
    settings = SETTINGS.resolve(ModelSettings(tool_choice="add"))
    first = await call(llama_model, question, settings=settings, tools=[add_tool()])
    calls = [item for item in first.output if item.type == "function_call"]
    assert calls, first.output
    call_item = calls[0]
    assert call_item.name == "add"
    arguments = json.loads(call_item.arguments)
    assert isinstance(arguments["a"], int) and isinstance(arguments["b"], int)
    result = await _add(None, call_item.arguments)
    history = [
        *question,
        *first.to_input_items(),
        function_output_raw(call_item.call_id, str(result)),
    ]
    second = await call(llama_model, history, settings=SETTINGS, tools=[add_tool()])
    assert second.output, "the server answered the tool result with nothing"
    # The call and its result reached the prompt (with tool_choice unforced in both).
    baseline = await call(llama_model, question, settings=SETTINGS, tools=[add_tool()])
    assert second.usage.input_tokens > baseline.usage.input_tokens


async def test_required_tool_choice_falls_back_instead_of_http_500(
    llama_model: OpenAIChatCompletionsModel,
) -> None:
    settings = SETTINGS.resolve(ModelSettings(tool_choice="required"))
    response = await call(llama_model, "Add 1 and 1.", settings=settings, tools=[add_tool()])
    assert response.usage.requests == 1
    assert response.output


async def test_plain_chat(llama_model: OpenAIChatCompletionsModel) -> None:
    response = await call(llama_model, "Say hello.", settings=SETTINGS)
    (message,) = response.output
    assert message.type == "message"
    assert message.content[0].text.strip()
    assert response.usage.output_tokens > 0
    # As in the SDK, a Chat Completions response has no response id (nothing to chain
    # with previous_response_id); the server's x-request-id header is the request id.
    assert response.response_id is None
    assert response.request_id


async def test_streaming(llama_model: OpenAIChatCompletionsModel) -> None:
    events = await stream(llama_model, "Count to three.", settings=SETTINGS)
    deltas = [e.delta for e in events if e.type == "response.output_text.delta"]
    assert len(deltas) > 1
    response = completed_response(events)
    assert response.output[0].content[0].text == "".join(deltas)


async def test_json_output(llama_model: OpenAIChatCompletionsModel) -> None:
    response = await call(
        llama_model,
        "Reply with a JSON object whose key answer is the number 4.",
        settings=SETTINGS,
        output_schema=JsonSchemaOutput(),
    )
    text = response.output[0].content[0].text
    value = JsonSchemaOutput().validate_json(text)
    assert isinstance(value["answer"], int)


async def test_empty_content_beside_tool_calls_is_accepted(
    llama_model: OpenAIChatCompletionsModel,
) -> None:
    # Default compatibility (role "tool", real tool_calls): the assistant message
    # carries content "" — the server answers HTTP 500 to content null.
    client = llama_model._client.get()
    plain = OpenAIChatCompletionsModel("smollm2", client)
    history = [
        {"role": "user", "content": "What is 2 plus 3?"},
        {"type": "function_call", "call_id": "call_1", "name": "add", "arguments": '{"a":2,"b":3}'},
        function_output_raw("call_1", "5"),
    ]
    response = await call(plain, history, settings=SETTINGS, tools=[add_tool()])
    assert response.usage.requests == 1
