"""Malformed, failed or empty answers from a model server are ModelBehaviorErrors naming it.

The payloads of issue 12, one by one, through the real openai client and the
scripted server: Responses and Chat Completions, JSON and SSE, via Runner.
"""

from __future__ import annotations

from typing import Any

import pytest

from runwright import Agent, ModelBehaviorError, RunConfig, Runner, function_tool
from runwright._models.openai_chat import OpenAIChatCompletionsModel
from runwright.models.openai_responses import OpenAIResponsesModel
from support.fake_openai_server import (
    Answer,
    FakeOpenAIServer,
    Raw,
    RawBytes,
    RawSSE,
    ToolCall,
    chat_json,
    responses_json,
)

CONFIG = RunConfig(tracing_disabled=True)


@function_tool
def echo(text: str) -> str:
    return text


def _responses(**changes: Any) -> dict[str, Any]:
    body = responses_json(Answer(text="hi"), "m", 1)
    body.update(changes)
    return body


def _call_item(**changes: Any) -> dict[str, Any]:
    item = {"type": "function_call", "id": "fc_1", "call_id": "c1", "name": "echo"}
    item.update(arguments='{"text": "x"}', **changes)
    item = {k: v for k, v in item.items() if v is not None}
    return item


def _message(content: Any) -> dict[str, Any]:
    return {"type": "message", "id": "m1", "role": "assistant", "content": content}


RESPONSES_BODIES = {
    "list body": Raw([1, 2, 3]),
    "html page": RawBytes(b"<html><h1>502 Bad Gateway</h1></html>", content_type="text/html"),
    "output 123": Raw(_responses(output=[123])),
    "call without call_id": Raw(_responses(output=[_call_item(call_id=None)])),
    "call name is a list": Raw(_responses(output=[_call_item(name=[])])),
    "usage lots": Raw(_responses(usage="lots")),
    "token counts as strings": Raw(_responses(usage={"input_tokens": "5", "output_tokens": 1})),
    "invalid json": RawBytes(b'{"output": [}'),
    "invalid utf-8": RawBytes(b'{"id": "r", "output": "\xff\xfe"}'),
    "deeply nested": RawBytes(b'{"output": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"),
    "content of the wrong type": Raw(_responses(output=[_message(42)])),
    "no output": Raw({k: v for k, v in _responses().items() if k != "output"}),
    "null output": Raw(_responses(output=None)),
    "empty output": Raw(_responses(output=[])),
}

CHAT_BODIES = {
    "list body": Raw([1, 2, 3]),
    "html page": RawBytes(b"<html><h1>502 Bad Gateway</h1></html>", content_type="text/html"),
    "choices 123": Raw({"choices": [123]}),
    "call name is a list": Raw(
        {"choices": [{"message": {"tool_calls": [{"id": "c", "function": {"name": []}}]}}]}
    ),
    "usage lots": Raw({**chat_json(Answer(text="hi"), "m", 1), "usage": "lots"}),
    "token counts as strings": Raw(
        {**chat_json(Answer(text="hi"), "m", 1), "usage": {"prompt_tokens": "5"}}
    ),
    "invalid utf-8": RawBytes(b'{"choices": "\xff\xfe"}'),
    "deeply nested": RawBytes(b"[" * 100_000 + b"]" * 100_000),
    "content of the wrong type": Raw({"choices": [{"message": {"content": {"text": "x"}}}]}),
    "no message": Raw({"choices": [{"index": 0}]}),
    "empty answer": Raw({"choices": [{"message": {"role": "assistant", "content": None}}]}),
}

SSE_STREAMS = {
    "responses": {
        "not json": RawSSE(["this is not json"]),
        "not an object": RawSSE(["[1, 2]", "42"]),
        "no type": RawSSE([{"sequence_number": 1}]),
        "completed without output": RawSSE(
            [{"type": "response.completed", "response": _responses(output=None)}]
        ),
    },
    "chat": {
        "not json": RawSSE(["this is not json"]),
        "not an object": RawSSE(["[1, 2]"]),
        "choice not an object": RawSSE([{"choices": [7]}, "[DONE]"]),
        "delta content a list": RawSSE([{"choices": [{"delta": {"content": [1]}}]}, "[DONE]"]),
        "nothing at all": RawSSE(["[DONE]"]),
    },
}


def _agent(api: str, client: Any) -> Agent[Any]:
    cls = OpenAIResponsesModel if api == "responses" else OpenAIChatCompletionsModel
    return Agent(name="a", model=cls("local-model", client), tools=[echo])


async def _run(agent: Agent[Any], stream: bool) -> None:
    if stream:
        result = Runner.run_streamed(agent, "hi", run_config=CONFIG)
        async for _ in result.stream_events():
            pass
    else:
        await Runner.run(agent, "hi", run_config=CONFIG)


def _cases() -> list[Any]:
    cases = [("responses", False, name, r) for name, r in RESPONSES_BODIES.items()]
    cases += [("chat", False, name, r) for name, r in CHAT_BODIES.items()]
    cases += [
        (api, True, name, r) for api, table in SSE_STREAMS.items() for name, r in table.items()
    ]
    return [pytest.param(*c, id=f"{c[0]}-{'sse' if c[1] else 'json'}-{c[2]}") for c in cases]


@pytest.mark.parametrize(("api", "stream", "name", "reply"), _cases())
async def test_bad_answers_are_model_behavior_errors_naming_the_server(
    fake_server: FakeOpenAIServer, openai_client: Any, api: str, stream: bool, name: str, reply: Any
) -> None:
    fake_server.script(reply)
    with pytest.raises(ModelBehaviorError) as info:
        await _run(_agent(api, openai_client), stream)
    assert fake_server.base_url.rstrip("/") in info.value.message
    assert "local-model" in info.value.message
    assert len(info.value.message) < 600  # what was sent is quoted, truncated


@pytest.mark.parametrize("stream", [False, True], ids=["json", "sse"])
@pytest.mark.parametrize("status", ["failed", "incomplete"])
async def test_failed_responses_give_the_servers_message(
    fake_server: FakeOpenAIServer, openai_client: Any, status: str, stream: bool
) -> None:
    body = _responses(
        status=status,
        output=[],
        error={"message": "the GPU caught fire"} if status == "failed" else None,
        incomplete_details={"reason": "max_output_tokens"} if status == "incomplete" else None,
    )
    if stream:
        fake_server.script(RawSSE([{"type": f"response.{status}", "response": body}]))
    else:
        fake_server.script(Raw(body))
    detail = "GPU caught fire" if status == "failed" else "max_output_tokens"
    with pytest.raises(ModelBehaviorError, match=detail):
        await _run(_agent("responses", openai_client), stream)


async def test_a_good_answer_still_runs(fake_server: FakeOpenAIServer, openai_client: Any) -> None:
    fake_server.script(Answer(tool_calls=[ToolCall("echo", '{"text": "x"}')]), Answer(text="ok"))
    result = await Runner.run(_agent("responses", openai_client), "hi", run_config=CONFIG)
    assert result.final_output == "ok"
