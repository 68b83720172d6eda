"""Retries in the SDK's form, user clients' own retry budget, and default timeouts."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import openai
import pytest

from runwright import (
    Agent,
    ModelRetrySettings,
    ModelSettings,
    OpenAIChatCompletionsModel,
    OpenAIProvider,
    OpenAIResponsesModel,
    RetryDecision,
    RetryPolicyContext,
    RunConfig,
    Runner,
    retry_policies,
)
from support.fake_openai_server import Answer, Fail, FakeOpenAIServer

MODELS = [OpenAIResponsesModel, OpenAIChatCompletionsModel]


@pytest.mark.parametrize("model_class", MODELS)
@pytest.mark.parametrize("streamed", [False, True])
async def test_user_client_with_max_retries_0_makes_one_request(
    model_class: Any, streamed: bool, fake_server: FakeOpenAIServer
) -> None:
    fake_server.script(Fail(500, "boom"), Answer(text="never"))
    client = openai.AsyncOpenAI(base_url=fake_server.base_url, api_key="k", max_retries=0)
    agent = Agent(name="a", model=model_class("m", client))
    with pytest.raises(openai.InternalServerError):
        if streamed:
            async for _ in Runner.run_streamed(agent, "hi").stream_events():
                pass
        else:
            await Runner.run(agent, "hi")
    assert len(fake_server.requests) == 1


async def test_user_client_keeps_its_own_retries(fake_server: FakeOpenAIServer) -> None:
    fake_server.script(Fail(500, headers={"retry-after-ms": "1"}), Answer(text="second"))
    client = openai.AsyncOpenAI(base_url=fake_server.base_url, api_key="k", max_retries=1)
    result = await Runner.run(Agent(name="a", model=OpenAIResponsesModel("m", client)), "hi")
    assert result.final_output == "second"
    assert len(fake_server.requests) == 2


@pytest.mark.parametrize("model_class", MODELS)
async def test_model_retry_settings_with_policy(
    model_class: Any, fake_server: FakeOpenAIServer, sleeps: list[float]
) -> None:
    fake_server.script(Fail(503), Fail(429), Answer(text="finally"))
    client = openai.AsyncOpenAI(base_url=fake_server.base_url, api_key="k", max_retries=0)
    seen: list[tuple[int, int | None]] = []

    def policy(context: RetryPolicyContext) -> RetryDecision:
        seen.append((context.attempt, context.normalized.status_code))
        return RetryDecision(retry=True, delay=0.01 * context.attempt, reason="transient")

    settings = ModelSettings(retry=ModelRetrySettings(max_retries=3, policy=policy))
    agent = Agent(name="a", model=model_class("m", client), model_settings=settings)
    result = await Runner.run(agent, "hi")
    assert result.final_output == "finally"
    assert seen == [(1, 503), (2, 429)]
    assert sleeps == [0.01, 0.02]


async def test_retry_budget_and_builtin_policies(
    fake_server: FakeOpenAIServer, sleeps: list[float]
) -> None:
    fake_server.script(*[Fail(503)] * 5)
    client = openai.AsyncOpenAI(base_url=fake_server.base_url, api_key="k")  # max_retries=2
    retry = ModelRetrySettings(
        max_retries=2,
        backoff={"initial_delay": 0.5, "multiplier": 3, "jitter": False},
        policy=retry_policies.any(
            retry_policies.network_error(), retry_policies.http_status([503])
        ),
    )
    agent = Agent(name="a", model=OpenAIResponsesModel("m", client))
    with pytest.raises(openai.InternalServerError):
        await Runner.run(
            agent, "hi", run_config=RunConfig(model_settings=ModelSettings(retry=retry))
        )
    # 1 + 2 retries, and the client's own retries were off meanwhile (not 3 x 3 requests).
    assert len(fake_server.requests) == 3
    assert sleeps == [0.5, 1.5]


async def test_policy_that_declines_and_max_retries_0(
    fake_server: FakeOpenAIServer, sleeps: list[float]
) -> None:
    fake_server.script(Fail(400), Fail(503), Answer(text="unused"))
    client = openai.AsyncOpenAI(base_url=fake_server.base_url, api_key="k")
    declining = ModelSettings(
        retry=ModelRetrySettings(max_retries=3, policy=retry_policies.http_status([503]))
    )
    with pytest.raises(openai.BadRequestError):
        await Runner.run(
            Agent(name="a", model=OpenAIResponsesModel("m", client), model_settings=declining),
            "hi",
        )
    off = ModelSettings(retry=ModelRetrySettings(max_retries=0))
    with pytest.raises(openai.InternalServerError):
        await Runner.run(
            Agent(name="a", model=OpenAIResponsesModel("m", client), model_settings=off), "hi"
        )
    assert len(fake_server.requests) == 2
    assert sleeps == []


async def _silent(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """Accepts the connection, reads the request, and never answers."""
    try:
        await reader.read()
    finally:
        writer.close()


@pytest.fixture
async def silent_server() -> AsyncIterator[str]:
    server = await asyncio.start_server(_silent, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}/v1"
    finally:
        server.close()


async def test_default_client_is_bounded_in_time(sleeps: list[float]) -> None:
    from runwright._models.provider import DEFAULT_CONNECT_TIMEOUT, DEFAULT_TIMEOUT

    client = OpenAIProvider(base_url="http://127.0.0.1:1/v1")._client_factory()
    assert client.timeout.read == DEFAULT_TIMEOUT <= 300
    assert client.timeout.connect == DEFAULT_CONNECT_TIMEOUT


async def test_a_server_that_never_answers_times_out(
    silent_server: str, sleeps: list[float]
) -> None:
    provider = OpenAIProvider(base_url=silent_server, timeout=0.3)
    agent = Agent(name="a", model="gpt-4.1")
    with pytest.raises(openai.APITimeoutError):
        await Runner.run(agent, "hi", run_config=RunConfig(model_provider=provider))
    assert len(sleeps) == 2  # three attempts, each cut off by the timeout
