"""A bare model name uses the Responses API; servers without it fall back to Chat Completions."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from runwright import (
    Agent,
    OpenAIProvider,
    RunConfig,
    Runner,
    function_tool,
    set_default_openai_api,
)
from runwright._models import api_fallback
from runwright._models import provider as provider_module
from support.fake_openai_server import Answer, Fail, FakeOpenAIServer, ToolCall


@pytest.fixture(autouse=True)
def clean(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    monkeypatch.setattr(provider_module, "_defaults", provider_module._Defaults())
    api_fallback.forget_chat_only_servers()
    yield
    api_fallback.forget_chat_only_servers()


@function_tool
def add(a: int, b: int) -> int:
    """Add two integers."""
    return a + b


async def test_bare_name_uses_responses_on_any_server(
    monkeypatch: pytest.MonkeyPatch, fake_server: FakeOpenAIServer
) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", fake_server.base_url)
    fake_server.script(Answer(text="hello"))
    result = await Runner.run(Agent(name="a", model="some-local-model"), "hi")
    assert result.final_output == "hello"
    assert [r.path for r in fake_server.requests] == ["/v1/responses"]


@pytest.mark.parametrize("status", [404, 405])
@pytest.mark.parametrize("streamed", [False, True])
async def test_server_without_responses_falls_back_and_remembers(
    status: int,
    streamed: bool,
    fake_server: FakeOpenAIServer,
    caplog: pytest.LogCaptureFixture,
) -> None:
    fake_server.script(
        Fail(status, "no route /v1/responses"),
        Answer(tool_calls=[ToolCall("add", '{"a": 2, "b": 3}')]),
        Answer(text="2 + 3 = 5"),
    )
    config = RunConfig(model_provider=OpenAIProvider(base_url=fake_server.base_url))
    agent = Agent(name="calc", model="qwen", tools=[add])
    with caplog.at_level(logging.WARNING, logger="runwright"):
        if streamed:
            result = Runner.run_streamed(agent, "2+3?", run_config=config)
            async for _ in result.stream_events():
                pass
        else:
            result = await Runner.run(agent, "2+3?", run_config=config)
    assert result.final_output == "2 + 3 = 5"
    paths = [r.path for r in fake_server.requests]
    assert paths == ["/v1/responses", "/v1/chat/completions", "/v1/chat/completions"]
    assert sum("Chat Completions" in r.getMessage() for r in caplog.records) == 1
    # A new provider for the same server goes straight to Chat Completions.
    fake_server.script(Answer(text="again"))
    fresh = RunConfig(model_provider=OpenAIProvider(base_url=fake_server.base_url))
    again = await Runner.run(Agent(name="a", model="qwen"), "hi", run_config=fresh)
    assert again.final_output == "again"
    assert fake_server.requests[-1].path == "/v1/chat/completions"


async def test_chosen_api_never_falls_back(fake_server: FakeOpenAIServer) -> None:
    import openai

    set_default_openai_api("responses")
    fake_server.script(Fail(404), Answer(text="unused"))
    config = RunConfig(model_provider=OpenAIProvider(base_url=fake_server.base_url))
    with pytest.raises(openai.NotFoundError):
        await Runner.run(Agent(name="a", model="qwen"), "hi", run_config=config)
    assert len(fake_server.requests) == 1


async def test_unknown_model_404_is_not_a_missing_endpoint(fake_server: FakeOpenAIServer) -> None:
    import openai

    from support.fake_openai_server import Raw

    body = {"error": {"message": "model nope not found", "code": "model_not_found"}}
    fake_server.script(Raw(body, status=404), Answer(text="unused"))
    config = RunConfig(model_provider=OpenAIProvider(base_url=fake_server.base_url))
    with pytest.raises(openai.NotFoundError):
        await Runner.run(Agent(name="a", model="nope"), "hi", run_config=config)
    assert len(fake_server.requests) == 1
