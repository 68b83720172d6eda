"""The SDK's newer ModelSettings fields: their values, validation, tracing form and wire form."""

from __future__ import annotations

import dataclasses
import inspect
from typing import Any

import pytest
from _models_wire import call

from runwright import ModelSettings
from runwright.exceptions import UserError
from runwright.model_settings import MCPToolChoice
from runwright.models.openai_chatcompletions import OpenAIChatCompletionsModel
from runwright.models.openai_responses import OpenAIResponsesModel
from runwright.retry import ModelRetrySettings
from support.fake_openai_server import Answer, FakeOpenAIServer


def test_fields_in_the_sdk_order_with_none_defaults() -> None:
    names = [f.name for f in dataclasses.fields(ModelSettings)]
    assert names.index("prompt_cache_retention") == names.index("store") + 1
    assert names[-5:] == [
        "retry",
        "context_management",
        "prompt_cache_options",
        "preserve_raw_usage",
        "timeout",
    ]
    settings = ModelSettings()
    assert settings.timeout is None and settings.context_management is None
    parameters = inspect.signature(ModelSettings).parameters
    assert parameters["timeout"].kind is inspect.Parameter.POSITIONAL_OR_KEYWORD


@pytest.mark.parametrize("bad", [0, -1, float("inf"), float("nan"), "5", True])
def test_timeout_must_be_a_positive_finite_number(bad: Any) -> None:
    with pytest.raises(UserError, match="timeout"):
        ModelSettings(timeout=bad)


def test_timeout_is_a_float_and_resolves_like_other_fields() -> None:
    assert ModelSettings(timeout=3).timeout == 3.0
    merged = ModelSettings(timeout=5, temperature=0.1).resolve(ModelSettings(timeout=2))
    assert (merged.timeout, merged.temperature) == (2.0, 0.1)


def test_to_traceable_dict_leaves_out_request_extras() -> None:
    settings = ModelSettings(
        temperature=0.5,
        tool_choice=MCPToolChoice(server_label="docs", name="search"),
        extra_headers={"Authorization": "secret"},
        extra_body={"x": 1},
        extra_args={"y": 2},
        preserve_raw_usage=True,
        retry=ModelRetrySettings(max_retries=2),
        context_management=[{"type": "compaction", "compact_threshold": 1000}],
        prompt_cache_options={"mode": "explicit", "ttl": "30m"},
        timeout=3,
    )
    traced = settings.to_traceable_dict()
    assert list(traced)[:3] == ["temperature", "top_p", "frequency_penalty"]
    assert list(traced)[-3:] == ["context_management", "prompt_cache_options", "timeout"]
    assert not {"extra_headers", "extra_body", "extra_args", "extra_query"} & set(traced)
    assert "preserve_raw_usage" not in traced
    assert traced["tool_choice"] == {"server_label": "docs", "name": "search"}
    assert traced["retry"] == {"max_retries": 2, "backoff": None}
    assert traced["timeout"] == 3.0
    assert traced["top_p"] is None  # unset fields are there, as None


async def test_responses_wire_fields(openai_client: Any, fake_server: FakeOpenAIServer) -> None:
    fake_server.script(Answer(text="ok"))
    settings = ModelSettings(
        prompt_cache_retention="24h",
        prompt_cache_options={"mode": "explicit", "ttl": "30m"},
        context_management=[{"type": "compaction", "compact_threshold": 200000}],
        tool_choice=MCPToolChoice(server_label="docs", name="search"),
        preserve_raw_usage=True,
        timeout=30,
    )
    await call(OpenAIResponsesModel("m", openai_client), "hi", settings=settings)
    body = fake_server.requests[0].body
    assert body["prompt_cache_retention"] == "24h"
    assert body["prompt_cache_options"] == {"mode": "explicit", "ttl": "30m"}
    assert body["context_management"] == [{"type": "compaction", "compact_threshold": 200000}]
    assert body["tool_choice"] == {"server_label": "docs", "type": "mcp", "name": "search"}
    assert "timeout" not in body and "preserve_raw_usage" not in body


async def test_chat_wire_fields(openai_client: Any, fake_server: FakeOpenAIServer) -> None:
    fake_server.script(Answer(text="ok"))
    settings = ModelSettings(
        prompt_cache_retention="in_memory",
        prompt_cache_options={"mode": "explicit"},
        context_management=[{"type": "compaction"}],
    )
    await call(OpenAIChatCompletionsModel("m", openai_client), "hi", settings=settings)
    body = fake_server.requests[0].body
    assert body["prompt_cache_retention"] == "in_memory"
    assert body["prompt_cache_options"] == {"mode": "explicit"}
    assert "context_management" not in body  # a Responses API field only, as in the SDK


async def test_mcp_tool_choice_needs_responses(openai_client: Any) -> None:
    settings = ModelSettings(tool_choice=MCPToolChoice(server_label="s", name="n"))
    with pytest.raises(UserError, match="MCPToolChoice"):
        await call(OpenAIChatCompletionsModel("m", openai_client), "hi", settings=settings)


def test_openai_models_take_the_call_options_positionally() -> None:
    for cls in (OpenAIResponsesModel, OpenAIChatCompletionsModel):
        for method in (cls.get_response, cls.stream_response):
            params = inspect.signature(method).parameters
            for name in ("previous_response_id", "conversation_id", "prompt"):
                assert params[name].kind is inspect.Parameter.POSITIONAL_OR_KEYWORD
                assert params[name].default is None


async def test_preserve_raw_usage_keeps_the_servers_usage(
    openai_client: Any, fake_server: FakeOpenAIServer
) -> None:
    fake_server.script(Answer(text="a", cached_tokens=3), Answer(text="b"), Answer(text="c"))
    keep = ModelSettings(preserve_raw_usage=True)
    responses = await call(OpenAIResponsesModel("m", openai_client), "hi", settings=keep)
    assert responses.raw_usage is not None
    assert responses.raw_usage["input_tokens_details"] == {"cached_tokens": 3}
    chat = await call(OpenAIChatCompletionsModel("m", openai_client), "hi", settings=keep)
    assert chat.raw_usage is not None and chat.raw_usage["prompt_tokens"] == 11
    plain = await call(OpenAIResponsesModel("m", openai_client), "hi")
    assert plain.raw_usage is None


async def test_preserve_raw_usage_on_a_streamed_run(
    openai_client: Any, fake_server: FakeOpenAIServer
) -> None:
    from runwright import Agent, Runner

    fake_server.script(Answer(text="streamed"))
    agent = Agent(
        name="a",
        model=OpenAIResponsesModel("m", openai_client),
        model_settings=ModelSettings(preserve_raw_usage=True),
    )
    result = Runner.run_streamed(agent, "hi")
    async for _ in result.stream_events():
        pass
    (response,) = result.raw_responses
    assert response.raw_usage is not None and response.raw_usage["output_tokens"] == 7
