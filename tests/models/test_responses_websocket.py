"""The Responses websocket transport against a local websocket server."""

from __future__ import annotations

import builtins
import sys
from collections.abc import AsyncIterator
from typing import Any

import pytest
from _models_wire import call, stream, weather_tool

from runwright import (
    Agent,
    ModelSettings,
    OpenAIProvider,
    RunConfig,
    Runner,
    function_tool,
    responses_websocket_session,
    set_default_openai_responses_transport,
)
from runwright.exceptions import ModelBehaviorError, ModelTimeoutError, UserError
from runwright.models.openai_responses import (
    OpenAIResponsesModel,
    OpenAIResponsesWebSocketOptions,
    OpenAIResponsesWSModel,
)
from runwright.responses_websocket_session import ResponsesWebSocketSession
from support.fake_openai_server import Answer, ToolCall
from support.fake_ws_server import FakeResponsesWebSocketServer, WSClose, WSFrames


@pytest.fixture
async def ws_server() -> AsyncIterator[FakeResponsesWebSocketServer]:
    async with FakeResponsesWebSocketServer() as server:
        yield server


@pytest.fixture
def client(ws_server: FakeResponsesWebSocketServer) -> Any:
    import openai

    return openai.AsyncOpenAI(
        base_url=ws_server.http_base_url, api_key="ws-key", default_headers={"X-Team": "a"}
    )


@pytest.fixture
async def model(client: Any) -> AsyncIterator[OpenAIResponsesWSModel]:
    ws_model = OpenAIResponsesWSModel("gpt-ws", client)
    yield ws_model
    await ws_model.close()


async def test_get_response_sends_a_response_create_frame(
    model: OpenAIResponsesWSModel, ws_server: FakeResponsesWebSocketServer
) -> None:
    ws_server.script(Answer(text="Hello over ws", input_tokens=9, output_tokens=4))
    settings = ModelSettings(
        temperature=0.2,
        extra_headers={"X-Extra": "1"},
        extra_query={"trace": "yes"},
        extra_body={"custom_field": 7},
        prompt_cache_retention="24h",
    )
    response = await call(model, "hi", settings=settings, tools=[weather_tool()])
    assert response.output[0].content[0].text == "Hello over ws"
    # a direct call reads openai's typed items, as in the SDK
    assert type(response.output[0]).__name__ == "ResponseOutputMessage"
    assert response.response_id == "resp_1"
    assert (response.usage.input_tokens, response.usage.output_tokens) == (9, 4)
    assert response.request_id is None  # a websocket carries no request id
    (frame,) = ws_server.frames
    assert frame["type"] == "response.create"
    assert frame["stream"] is True
    assert frame["model"] == "gpt-ws"
    assert frame["instructions"] == "Be brief."
    assert frame["temperature"] == 0.2
    assert frame["custom_field"] == 7
    assert frame["prompt_cache_retention"] == "24h"
    assert frame["tools"][0]["name"] == "get_weather"
    assert not {"extra_headers", "extra_query", "extra_body", "timeout"} & set(frame)
    (connection,) = ws_server.connections
    assert connection.path == "/v1/responses?trace=yes"
    assert connection.headers["authorization"] == "Bearer ws-key"
    assert connection.headers["x-team"] == "a"
    assert connection.headers["x-extra"] == "1"


async def test_the_connection_is_reused_across_calls(
    model: OpenAIResponsesWSModel, ws_server: FakeResponsesWebSocketServer
) -> None:
    ws_server.script(Answer(text="one"), Answer(text="two"), Answer(text="three"))
    for expected in ("one", "two", "three"):
        response = await call(model, "hi")
        assert response.output[0].content[0].text == expected
    assert len(ws_server.connections) == 1
    assert len(ws_server.frames) == 3
    await model.close()
    ws_server.script(Answer(text="four"))
    await call(model, "hi")
    assert len(ws_server.connections) == 2  # close() dropped it; the next call reconnects


async def test_streamed_events_end_with_completed(
    model: OpenAIResponsesWSModel, ws_server: FakeResponsesWebSocketServer
) -> None:
    ws_server.script(Answer(text="streamed words"))
    events = await stream(model, "hi")
    kinds = [e["type"] for e in events]
    assert kinds[0] == "response.created"
    assert "response.output_text.delta" in kinds
    assert kinds[-1] == "response.completed"
    text = "".join(e["delta"] for e in events if e["type"] == "response.output_text.delta")
    assert text == "streamed words"


async def test_error_frame_is_a_model_behavior_error_and_drops_nothing_else(
    model: OpenAIResponsesWSModel, ws_server: FakeResponsesWebSocketServer
) -> None:
    ws_server.script(
        WSFrames([{"type": "error", "error": {"message": "model not allowed", "code": "x"}}]),
        Answer(text="fine again"),
    )
    with pytest.raises(ModelBehaviorError, match="model not allowed"):
        await call(model, "hi")
    response = await call(model, "hi")
    assert response.output[0].content[0].text == "fine again"


async def test_server_closing_mid_response_is_an_error_then_a_fresh_connection(
    model: OpenAIResponsesWSModel, ws_server: FakeResponsesWebSocketServer
) -> None:
    ws_server.script(WSClose(frames_first=[{"type": "response.created", "response": {}}]))
    with pytest.raises(ConnectionError, match="closed before the response was complete"):
        await call(model, "hi")
    ws_server.script(Answer(text="after reconnect"))
    response = await call(model, "hi")
    assert response.output[0].content[0].text == "after reconnect"
    assert len(ws_server.connections) == 2


async def test_a_frame_that_is_not_json_is_reported(
    model: OpenAIResponsesWSModel, ws_server: FakeResponsesWebSocketServer
) -> None:
    ws_server.script(WSFrames(["<html>nope</html>"]))
    with pytest.raises(ModelBehaviorError, match="not JSON"):
        await call(model, "hi")


async def test_websocket_base_url_and_options(ws_server: FakeResponsesWebSocketServer) -> None:
    import openai

    client = openai.AsyncOpenAI(
        base_url="http://127.0.0.1:9/unused",
        api_key="k",
        websocket_base_url=ws_server.ws_base_url,
    )
    options: OpenAIResponsesWebSocketOptions = {"ping_interval": None, "max_size": 2**20}
    ws_model = OpenAIResponsesWSModel("m", client, websocket_options=options)
    ws_server.script(Answer(text="via websocket_base_url"))
    response = await call(ws_model, "hi")
    assert response.output[0].content[0].text == "via websocket_base_url"
    await ws_model.close()
    with pytest.raises(UserError, match="Unknown websocket option"):
        OpenAIResponsesWSModel("m", client, websocket_options={"pings": 1})  # type: ignore[typeddict-unknown-key]


async def test_a_run_keeps_one_connection_for_all_its_turns(
    ws_server: FakeResponsesWebSocketServer,
) -> None:
    @function_tool
    def add(a: int, b: int) -> int:
        """Add two numbers."""
        return a + b

    ws_server.script(
        Answer(tool_calls=[ToolCall("add", '{"a": 2, "b": 3}', call_id="c1")]),
        Answer(text="It is 5."),
    )
    provider = OpenAIProvider(
        base_url=ws_server.http_base_url, api_key="k", use_responses_websocket=True
    )
    agent = Agent(name="calc", model="gpt-ws", tools=[add])
    result = await Runner.run(agent, "2+3?", run_config=RunConfig(model_provider=provider))
    assert result.final_output == "It is 5."
    assert len(ws_server.connections) == 1
    second = ws_server.frames[1]["input"]
    assert second[-1]["type"] == "function_call_output" and second[-1]["output"] == "5"
    assert isinstance(provider.get_model("gpt-ws"), OpenAIResponsesWSModel)
    await provider.aclose()


async def test_streamed_run_over_websocket(ws_server: FakeResponsesWebSocketServer) -> None:
    ws_server.script(Answer(text="streaming run"))
    async with responses_websocket_session(base_url=ws_server.http_base_url, api_key="k") as ws:
        assert isinstance(ws, ResponsesWebSocketSession)
        result = ws.run_streamed(Agent(name="a", model="gpt-ws"), "hi")
        deltas = [
            e.data.delta
            async for e in result.stream_events()
            if e.type == "raw_response_event" and e.data.type == "response.output_text.delta"
        ]
        assert "".join(deltas) == "streaming run"
        assert result.final_output == "streaming run"


async def test_responses_websocket_session_shares_the_connection(
    ws_server: FakeResponsesWebSocketServer,
) -> None:
    ws_server.script(Answer(text="first"), Answer(text="second"))
    async with responses_websocket_session(base_url=ws_server.http_base_url, api_key="k") as ws:
        agent = Agent(name="a", model="gpt-ws")
        assert (await ws.run(agent, "one")).final_output == "first"
        assert (await ws.run(agent, "two")).final_output == "second"
        with pytest.raises(UserError, match="takes no run_config"):
            await ws.run(agent, "x", run_config=RunConfig())
        model = ws.provider.get_model("gpt-ws")
        assert isinstance(model, OpenAIResponsesWSModel)
    assert len(ws_server.connections) == 1
    assert model._connection is None  # the session closed it


def test_session_checks_its_provider() -> None:
    with pytest.raises(UserError, match="must be a MultiProvider"):
        ResponsesWebSocketSession(provider=OpenAIProvider(), run_config=RunConfig())


async def test_default_transport_switches_to_websocket(
    ws_server: FakeResponsesWebSocketServer,
) -> None:
    provider = OpenAIProvider(base_url=ws_server.http_base_url, api_key="k")
    assert type(provider.get_model("plain")) is OpenAIResponsesModel
    set_default_openai_responses_transport("websocket")
    try:
        assert isinstance(
            OpenAIProvider(base_url=ws_server.http_base_url, api_key="k").get_model("m"),
            OpenAIResponsesWSModel,
        )
    finally:
        set_default_openai_responses_transport("http")
    with pytest.raises(UserError, match="Unknown Responses transport"):
        set_default_openai_responses_transport("grpc")  # type: ignore[arg-type]


async def test_timeout_bounds_a_websocket_call(ws_server: FakeResponsesWebSocketServer) -> None:
    ws_server.script(Answer(text="late", delay=2.0), Answer(text="on time"))
    provider = OpenAIProvider(
        base_url=ws_server.http_base_url, api_key="k", use_responses_websocket=True
    )
    slow = Agent(name="a", model="m", model_settings=ModelSettings(timeout=0.2))
    with pytest.raises(ModelTimeoutError, match="0.2 seconds"):
        await Runner.run(slow, "hi", run_config=RunConfig(model_provider=provider))
    await provider.aclose()


async def test_missing_websockets_package_is_a_clear_user_error(
    client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_import = builtins.__import__

    def no_websockets(name: str, *args: Any, **kwargs: Any) -> Any:
        if name.startswith("websockets"):
            raise ImportError("No module named 'websockets'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_websockets)
    for name in [m for m in sys.modules if m.startswith("websockets")]:
        monkeypatch.delitem(sys.modules, name)
    with pytest.raises(UserError, match="websockets"):
        await call(OpenAIResponsesWSModel("m", client), "hi")


async def test_concurrent_calls_take_turns_on_one_connection(
    model: OpenAIResponsesWSModel, ws_server: FakeResponsesWebSocketServer
) -> None:
    import asyncio

    ws_server.script(Answer(text="first", delay=0.05), Answer(text="second"))
    first, second = await asyncio.gather(call(model, "a"), call(model, "b"))
    texts = {first.output[0].content[0].text, second.output[0].content[0].text}
    assert texts == {"first", "second"}
    assert len(ws_server.connections) == 1


async def test_streamed_run_raw_responses_are_typed(
    ws_server: FakeResponsesWebSocketServer,
) -> None:
    from openai.types.responses import ResponseOutputMessage

    ws_server.script(Answer(text="typed"))
    async with responses_websocket_session(base_url=ws_server.http_base_url, api_key="k") as ws:
        result = ws.run_streamed(Agent(name="a", model="gpt-ws"), "hi")
        async for _ in result.stream_events():
            pass
    (response,) = result.raw_responses
    assert isinstance(response.output[0], ResponseOutputMessage)
