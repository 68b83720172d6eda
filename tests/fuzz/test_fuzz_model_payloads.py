"""Whatever a model server sends, a run ends normally or in a library error, never a hang.

Payloads go through the real ``openai`` client and the local scripted server,
both APIs, JSON and SSE: valid answers with one to three places mutated, raw
bytes (HTML, invalid UTF-8, cut-off or 100,000-deep JSON), and SSE lines that
are not JSON objects.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import openai
import pytest
from _payloads import MODEL, replies
from hypothesis import given

from conftest import CASE_TIMEOUT, fuzz_settings
from runwright import Agent, AgentsException, RunConfig, Runner, function_tool
from runwright._models.openai_chat import OpenAIChatCompletionsModel
from runwright.models.openai_responses import OpenAIResponsesModel
from support.fake_openai_server import FakeOpenAIServer

CONFIG = RunConfig(tracing_disabled=True)


@function_tool
def echo(text: str) -> str:
    return text


class Harness:
    """One event loop and one scripted server for all the cases of a test."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.server = self.loop.run_until_complete(FakeOpenAIServer(model=MODEL).start())
        self.server.record = False
        self.client = openai.AsyncOpenAI(
            base_url=self.server.base_url, api_key="fuzz", max_retries=0, timeout=CASE_TIMEOUT
        )
        self.cases = 0

    def agent(self, api: str) -> Agent[Any]:
        cls = OpenAIResponsesModel if api == "responses" else OpenAIChatCompletionsModel
        return Agent(name="fuzz", model=cls(MODEL, self.client), tools=[echo])

    def run(self, api: str, stream: bool, reply: Any) -> None:
        self.server._replies.clear()
        self.server.script(reply)
        self.cases += 1
        coro = self._case(self.agent(api), stream)
        try:
            self.loop.run_until_complete(asyncio.wait_for(coro, CASE_TIMEOUT))
        except asyncio.TimeoutError:
            pytest.fail(f"the run hung on {reply!r:.300}")

    async def _case(self, agent: Agent[Any], stream: bool) -> None:
        try:
            if stream:
                result = Runner.run_streamed(agent, "hi", max_turns=2, run_config=CONFIG)
                async for _ in result.stream_events():
                    pass
            else:
                await Runner.run(agent, "hi", max_turns=2, run_config=CONFIG)
        except (AgentsException, openai.APIError):
            pass  # the contract: library errors, or the client's own API errors

    def close(self) -> None:
        self.loop.run_until_complete(self.client.close())
        self.loop.run_until_complete(self.server.stop())
        self.loop.close()


@pytest.fixture(scope="module")
def harness() -> Iterator[Harness]:
    h = Harness()
    yield h
    h.close()


@pytest.mark.parametrize("stream", [False, True], ids=["json", "sse"])
@pytest.mark.parametrize("api", ["responses", "chat"])
def test_model_payloads_end_in_library_errors(harness: Harness, api: str, stream: bool) -> None:
    @fuzz_settings(ci_examples=500)
    @given(reply=replies(api, stream))
    def case(reply: Any) -> None:
        harness.run(api, stream, reply)

    case()
