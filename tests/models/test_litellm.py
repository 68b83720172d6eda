"""LitellmModel / AnyLLMModel and the ``litellm/`` / ``any-llm/`` prefixes, for real.

The real ``litellm`` and ``any-llm-sdk`` packages send the requests, to the scripted
OpenAI-compatible server (``openai/<name>`` at a ``base_url``): tools, streaming,
structured output, usage and retries go through the libraries' own code.
"""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

import pytest
from pydantic import BaseModel

from runwright import (
    Agent,
    ModelRetrySettings,
    ModelSettings,
    RetryDecision,
    RetryPolicyContext,
    Runner,
    function_tool,
)
from runwright.exceptions import UserError
from runwright.extensions.models.any_llm_model import AnyLLMModel
from runwright.extensions.models.any_llm_provider import AnyLLMProvider
from runwright.extensions.models.litellm_model import LitellmModel
from runwright.extensions.models.litellm_provider import LitellmProvider
from runwright.models.multi_provider import MultiProvider
from support.fake_openai_server import Answer, Fail, FakeOpenAIServer, ToolCall

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")

# any-llm-sdk needs Python 3.11+ (as the SDK's any-llm extra does): not installed before.
KINDS = ["litellm", "any-llm"] if sys.version_info >= (3, 11) else ["litellm"]


def make_model(kind: str, server: FakeOpenAIServer, name: str = "m1") -> Any:
    if kind == "litellm":
        return LitellmModel(f"openai/{name}", base_url=server.base_url, api_key="k")
    return AnyLLMModel(f"openai/{name}", base_url=server.base_url, api_key="k")


@function_tool
def add(a: int, b: int) -> int:
    """Adds two numbers."""
    return a + b


@pytest.mark.parametrize("kind", KINDS)
async def test_tool_call_round_trip_and_usage(kind: str, fake_server: FakeOpenAIServer) -> None:
    fake_server.script(
        Answer(tool_calls=[ToolCall("add", '{"a": 2, "b": 3}')], input_tokens=20),
        Answer(text="five", output_tokens=4, cached_tokens=5),
    )
    agent = Agent(name="a", model=make_model(kind, fake_server), tools=[add])
    result = await Runner.run(agent, "2+3?")
    assert result.final_output == "five"
    first, second = (r.body for r in fake_server.requests)
    assert first["model"] == "m1"
    assert first["tools"][0]["function"]["name"] == "add"
    assert second["messages"][-1] == {"role": "tool", "tool_call_id": "call_1_0", "content": "5"}
    usage = result.context_wrapper.usage
    assert (usage.requests, usage.input_tokens, usage.output_tokens) == (2, 31, 11)
    assert usage.input_tokens_details.cached_tokens == 5
    assert fake_server.requests[0].headers["authorization"] == "Bearer k"


@pytest.mark.parametrize("kind", KINDS)
async def test_streaming_events_and_text(kind: str, fake_server: FakeOpenAIServer) -> None:
    fake_server.script(Answer(text="hello there world"))
    agent = Agent(name="a", model=make_model(kind, fake_server))
    result = Runner.run_streamed(agent, "hi")
    deltas = [
        e.data.delta
        async for e in result.stream_events()
        if e.type == "raw_response_event" and e.data.type == "response.output_text.delta"
    ]
    assert "".join(deltas) == "hello there world" and len(deltas) > 1
    assert result.final_output == "hello there world"
    body = fake_server.requests[0].body
    assert body["stream"] is True and body["stream_options"] == {"include_usage": True}
    assert result.context_wrapper.usage.total_tokens == 18


class Weather(BaseModel):
    city: str
    degrees: int


@pytest.mark.parametrize("kind", KINDS)
async def test_structured_output(kind: str, fake_server: FakeOpenAIServer) -> None:
    fake_server.script(Answer(text='{"city": "Oslo", "degrees": 3}'))
    agent = Agent(name="a", model=make_model(kind, fake_server), output_type=Weather)
    result = await Runner.run(agent, "weather?")
    assert result.final_output == Weather(city="Oslo", degrees=3)
    fmt = fake_server.requests[0].body["response_format"]
    assert fmt["type"] == "json_schema"
    assert fmt["json_schema"]["schema"]["properties"]["city"] == {"title": "City", "type": "string"}


@pytest.mark.parametrize("kind", KINDS)
async def test_model_settings_reach_the_server(kind: str, fake_server: FakeOpenAIServer) -> None:
    fake_server.script(Answer(text="ok"))
    settings = ModelSettings(temperature=0.25, max_tokens=42, extra_headers={"x-test": "yes"})
    agent = Agent(name="a", model=make_model(kind, fake_server), model_settings=settings)
    await Runner.run(agent, "hi", max_turns=1)
    request = fake_server.requests[0]
    assert request.body["temperature"] == 0.25
    assert 42 in (request.body.get("max_tokens"), request.body.get("max_completion_tokens"))
    if kind == "litellm":  # any-llm's chat route does not forward extra headers
        assert request.headers["x-test"] == "yes"


@pytest.mark.parametrize("kind", KINDS)
async def test_runner_retries_with_model_retry_settings(
    kind: str, fake_server: FakeOpenAIServer, sleeps: list[float]
) -> None:
    fake_server.script(Fail(503), Fail(503), Fail(503), Fail(503), Answer(text="finally"))
    seen: list[int | None] = []

    def policy(context: RetryPolicyContext) -> RetryDecision:
        seen.append(context.normalized.status_code)
        return RetryDecision(retry=True, delay=0.0, reason="transient")

    settings = ModelSettings(retry=ModelRetrySettings(max_retries=10, policy=policy))
    agent = Agent(name="a", model=make_model(kind, fake_server), model_settings=settings)
    result = await Runner.run(agent, "hi")
    assert result.final_output == "finally"
    assert seen and set(seen) == {503}
    assert len(fake_server.requests) == 5


@pytest.mark.parametrize("kind", KINDS)
async def test_a_server_error_is_raised_when_not_retried(
    kind: str, fake_server: FakeOpenAIServer
) -> None:
    fake_server.script(*[Fail(400, "bad request")] * 4)
    agent = Agent(name="a", model=make_model(kind, fake_server))
    with pytest.raises(Exception, match="bad request"):
        await Runner.run(agent, "hi")


async def test_multi_provider_prefixes(fake_server: FakeOpenAIServer) -> None:
    provider = MultiProvider()
    model = provider.get_model("litellm/openai/m2")
    assert isinstance(model, LitellmModel) and model.model == "openai/m2"
    any_model = provider.get_model("any-llm/openai/m3")
    assert isinstance(any_model, AnyLLMModel) and any_model.model == "openai/m3"
    assert {"litellm", "any-llm"} <= set(provider.known_prefixes())
    model.base_url, model.api_key = fake_server.base_url, "k"
    fake_server.script(Answer(text="via prefix"))
    result = await Runner.run(Agent(name="a", model=model), "hi")
    assert result.final_output == "via prefix"
    assert fake_server.requests[0].body["model"] == "m2"


def test_a_registered_provider_wins_over_the_extension() -> None:
    provider = MultiProvider(provider_map={"litellm": AnyLLMProvider()})
    assert isinstance(provider.get_model("litellm/openai/x"), AnyLLMModel)


def test_providers_give_models() -> None:
    assert LitellmProvider().get_model("anthropic/claude").model == "anthropic/claude"  # type: ignore[attr-defined]
    default = LitellmProvider().get_model(None)
    assert isinstance(default, LitellmModel) and default.model
    any_default = AnyLLMProvider(base_url="http://x/v1", api_key="k").get_model(None)
    assert isinstance(any_default, AnyLLMModel) and any_default.model.startswith("openai/")
    assert any_default.base_url == "http://x/v1"


def test_bad_model_arguments_are_user_errors() -> None:
    with pytest.raises(UserError, match="model name"):
        LitellmModel("")
    with pytest.raises(UserError, match="provider"):
        AnyLLMModel("no-provider")
    with pytest.raises(UserError, match="api="):
        AnyLLMModel("openai/x", api="soap")  # type: ignore[arg-type]
    with pytest.raises(UserError, match="not supported"):
        AnyLLMModel("openai/x", api="responses")


async def test_server_state_is_refused(fake_server: FakeOpenAIServer) -> None:
    agent = Agent(name="a", model=make_model("litellm", fake_server))
    with pytest.raises(UserError, match="previous_response_id"):
        await Runner.run(agent, "hi", previous_response_id="resp_1")


def test_importing_the_faces_loads_neither_library() -> None:
    code = (
        "import sys, runwright, runwright.extensions.models.litellm_provider,"
        " runwright.extensions.models.any_llm_provider;"
        "print([m for m in ('litellm', 'any_llm', 'openai') if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# ----- a translated wire format: Anthropic's Messages API -----------------------------


def anthropic_model(server: FakeOpenAIServer) -> LitellmModel:
    # LiteLLM appends /v1/messages to the base URL.
    return LitellmModel(
        "anthropic/claude-test", base_url=server.base_url[: -len("/v1")], api_key="k"
    )


@pytest.mark.parametrize("streamed", [False, True])
async def test_anthropic_translation_with_tool_calls(
    streamed: bool, fake_server: FakeOpenAIServer
) -> None:
    fake_server.script(
        Answer(text="adding", tool_calls=[ToolCall("add", '{"a": 4, "b": 5}')]),
        Answer(text="nine", input_tokens=30, output_tokens=3),
    )
    agent = Agent(
        name="a", instructions="Be brief.", model=anthropic_model(fake_server), tools=[add]
    )
    if streamed:
        result: Any = Runner.run_streamed(agent, "4+5?")
        async for _ in result.stream_events():
            pass
    else:
        result = await Runner.run(agent, "4+5?")
    assert result.final_output == "nine"
    first, second = fake_server.requests
    assert first.path == second.path == "/v1/messages"
    assert first.headers["x-api-key"] == "k"
    assert first.body["model"] == "claude-test"
    assert first.body["system"][0]["text"] == "Be brief."
    assert first.body["tools"][0]["name"] == "add"
    assert "input_schema" in first.body["tools"][0]
    assert bool(first.body.get("stream")) is streamed
    tool_use, tool_result = second.body["messages"][1], second.body["messages"][2]
    assert tool_use["role"] == "assistant"
    assert tool_use["content"][-1]["type"] == "tool_use"
    assert tool_use["content"][-1]["input"] == {"a": 4, "b": 5}
    assert tool_result["content"][0] == {
        "type": "tool_result",
        "tool_use_id": tool_use["content"][-1]["id"],
        "content": "9",
    }
    usage = result.context_wrapper.usage
    assert (usage.requests, usage.input_tokens, usage.output_tokens) == (2, 41, 10)


async def test_streamed_tool_call_on_the_openai_route(fake_server: FakeOpenAIServer) -> None:
    fake_server.script(
        Answer(tool_calls=[ToolCall("add", '{"a": 20, "b": 22}')]), Answer(text="forty-two")
    )
    agent = Agent(name="a", model=make_model("litellm", fake_server), tools=[add])
    result = Runner.run_streamed(agent, "20+22?")
    names = [e.item.type async for e in result.stream_events() if e.type == "run_item_stream_event"]
    assert "tool_call_item" in names and "tool_call_output_item" in names
    assert result.final_output == "forty-two"
    assert fake_server.requests[1].body["messages"][-1]["content"] == "42"


async def test_multi_provider_map_is_live() -> None:
    from runwright.models.multi_provider import MultiProviderMap

    mapping = MultiProviderMap()
    provider = MultiProvider(provider_map=mapping)
    with pytest.raises(UserError, match="Unknown model prefix 'mine'"):
        provider.get_model("mine/x")
    mapping.add_provider("mine", LitellmProvider())
    assert mapping.has_prefix("mine") and set(mapping.get_mapping()) == {"mine"}
    model = provider.get_model("mine/openai/x")
    assert isinstance(model, LitellmModel) and model.model == "openai/x"
    assert "mine" in provider.known_prefixes()
    mapping.add_provider("litellm", AnyLLMProvider())  # the map wins over the built-in route
    assert isinstance(provider.get_model("litellm/openai/x"), AnyLLMModel)
    mapping.remove_provider("mine")
    mapping.remove_provider("absent")
    with pytest.raises(UserError, match="Unknown model prefix"):
        provider.get_model("mine/x")
    mapping.set_mapping({"other": LitellmProvider()})
    assert mapping.get_provider("other") is not None and not mapping.has_prefix("litellm")
    with pytest.raises(UserError, match="contain no '/'"):
        mapping.add_provider("a/b", LitellmProvider())
    await provider.aclose()
