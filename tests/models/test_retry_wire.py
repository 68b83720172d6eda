"""Retries and fallback through the real openai client against the fake server."""

from __future__ import annotations

import time
from typing import Any

import openai
import pytest
from _models_wire import call, completed_response, stream

from runwright._core.config import ModelSettings
from runwright._models.openai_chat import OpenAIChatCompletionsModel
from runwright._models.provider import OpenAIProvider
from runwright._models.retry import NO_RETRY, RetrySettings
from runwright.models import FallbackModel
from runwright.models.openai_responses import OpenAIResponsesModel
from support.fake_openai_server import Answer, Fail, FakeOpenAIServer

MODELS = [OpenAIResponsesModel, OpenAIChatCompletionsModel]


@pytest.mark.parametrize("model_class", MODELS)
async def test_429_then_success_honours_retry_after(
    model_class: Any, runwright_client: Any, fake_server: FakeOpenAIServer, sleeps: list[float]
) -> None:
    fake_server.script(
        Fail(429, headers={"retry-after": "1.5"}),
        Fail(503, headers={"retry-after-ms": "40"}),
        Answer(text="finally"),
    )
    model = model_class("m", runwright_client)
    response = await call(model)
    assert response.output[-1].content[0].text == "finally"
    assert sleeps == [1.5, 0.04]
    assert len(fake_server.requests) == 3


async def test_retry_after_really_waits(
    runwright_client: Any, fake_server: FakeOpenAIServer
) -> None:
    fake_server.script(Fail(429, headers={"retry-after": "0.3"}), Answer(text="ok"))
    model = OpenAIChatCompletionsModel("m", runwright_client)
    started = time.perf_counter()
    await call(model)
    assert time.perf_counter() - started >= 0.3


@pytest.mark.parametrize("model_class", MODELS)
async def test_500_surfaces_after_attempts_without_doubling(
    model_class: Any, openai_client: Any, fake_server: FakeOpenAIServer, sleeps: list[float]
) -> None:
    # The client keeps its default max_retries=2: the adapter must switch it off,
    # or each attempt would become three requests.
    assert openai_client.max_retries == 2
    fake_server.script(*[Fail(500, "boom")] * 5)
    model = model_class("m", openai_client, retry=RetrySettings(max_attempts=3, jitter=False))
    with pytest.raises(openai.InternalServerError, match="boom"):
        await call(model)
    assert len(fake_server.requests) == 3
    assert sleeps == [0.5, 1.0]


@pytest.mark.parametrize("status", [400, 401, 404, 422])
async def test_other_4xx_are_not_retried(
    status: int, openai_client: Any, fake_server: FakeOpenAIServer, sleeps: list[float]
) -> None:
    fake_server.script(Fail(status), Answer(text="never"))
    with pytest.raises(openai.APIStatusError):
        await call(OpenAIChatCompletionsModel("m", openai_client))
    assert len(fake_server.requests) == 1
    assert sleeps == []


async def test_per_call_retry_settings_override(
    openai_client: Any, fake_server: FakeOpenAIServer, sleeps: list[float]
) -> None:
    fake_server.script(Fail(429), Answer(text="unused"))
    settings = ModelSettings()
    settings.retry = NO_RETRY  # type: ignore[attr-defined]  # the field the lead adds
    with pytest.raises(openai.RateLimitError):
        await call(OpenAIResponsesModel("m", openai_client), settings=settings)
    assert len(fake_server.requests) == 1


async def test_connection_error_is_retried(sleeps: list[float]) -> None:
    async with FakeOpenAIServer() as server:
        base_url = server.base_url  # the port is closed once the server stops
    client = openai.AsyncOpenAI(base_url=base_url, api_key="k")
    with pytest.raises(openai.APIConnectionError):
        await call(OpenAIChatCompletionsModel("m", client, retry=RetrySettings(jitter=False)))
    assert sleeps == [0.5, 1.0]


async def test_timeout_is_retried(fake_server: FakeOpenAIServer, sleeps: list[float]) -> None:
    fake_server.script(Answer(text="slow", delay=1.0), Answer(text="fast"))
    provider = OpenAIProvider(base_url=fake_server.base_url, timeout=0.2)
    response = await call(provider.get_model("m"))
    assert response.output[0].content[0].text == "fast"
    assert len(sleeps) == 1


@pytest.mark.parametrize("model_class", MODELS)
async def test_stream_open_is_retried(
    model_class: Any, runwright_client: Any, fake_server: FakeOpenAIServer, sleeps: list[float]
) -> None:
    fake_server.script(Fail(502), Answer(text="streamed"))
    events = await stream(model_class("m", runwright_client))
    assert completed_response(events).output[0].content[0].text == "streamed"
    assert len(sleeps) == 1


async def test_fallback_model_moves_on_after_transient_failures(
    runwright_client: Any, fake_server: FakeOpenAIServer, sleeps: list[float]
) -> None:
    fake_server.script(Fail(503), Fail(503), Answer(text="from backup"))
    primary = OpenAIResponsesModel("primary", runwright_client, retry=RetrySettings(max_attempts=2))
    backup = OpenAIChatCompletionsModel("backup", runwright_client)
    response = await call(FallbackModel([primary, backup]))
    assert response.output[0].content[0].text == "from backup"
    assert [r.body["model"] for r in fake_server.requests] == ["primary", "primary", "backup"]


async def test_fallback_model_does_not_hide_request_errors(
    openai_client: Any, fake_server: FakeOpenAIServer
) -> None:
    fake_server.script(Fail(400, "bad schema"), Answer(text="unused"))
    fallback = FallbackModel(
        [OpenAIResponsesModel("a", openai_client), OpenAIResponsesModel("b", openai_client)]
    )
    with pytest.raises(openai.BadRequestError):
        await call(fallback)
    assert len(fake_server.requests) == 1


async def test_fallback_stream(
    runwright_client: Any, fake_server: FakeOpenAIServer, sleeps: list[float]
) -> None:
    fake_server.script(Fail(500), Answer(text="b"))
    fallback = FallbackModel(
        [
            OpenAIChatCompletionsModel("a", runwright_client, retry=NO_RETRY),
            OpenAIChatCompletionsModel("b", runwright_client),
        ]
    )
    events = await stream(fallback)
    assert completed_response(events).output[0].content[0].text == "b"
