"""The SDK's model surface: close/aclose, retry advice, timeouts, agent registration,
the default model and its settings, and openai's typed items on responses."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import AsyncIterator
from typing import Any

import pytest
from openai.types.responses import (
    ResponseFunctionToolCall,
    ResponseOutputMessage,
    ResponseReasoningItem,
)

import runwright
from runwright import (
    Agent,
    AgentHooks,
    ModelResponse,
    ModelSettings,
    OpenAIProvider,
    RunConfig,
    Runner,
    function_tool,
)
from runwright.exceptions import MaxTurnsExceeded, ModelTimeoutError, UserError
from runwright.items import RawItem, function_call_raw, message_raw
from runwright.models import OpenAIAgentRegistrationConfig
from runwright.models.interface import Model, ModelProvider
from runwright.models.multi_provider import MultiProvider
from runwright.models.openai_responses import OpenAIResponsesModel
from runwright.retry import (
    ModelRetryAdvice,
    ModelRetryAdviceRequest,
    ModelRetrySettings,
    RetryPolicyContext,
)
from runwright.tracing import TracingProcessor, add_trace_processor
from runwright.usage import Usage
from support.fake_openai_server import Answer, Fail, FakeOpenAIServer


class ListModel(Model):
    """Answers from a list: each entry is a list of output items (dicts or openai objects)."""

    def __init__(self, *answers: list[Any], delay: float = 0.0) -> None:
        self.answers = list(answers)
        self.delay = delay
        self.settings: list[ModelSettings] = []
        self.closed = False

    async def get_response(self, *args: Any, **kwargs: Any) -> ModelResponse:
        self.settings.append(args[2])
        if self.delay:
            await asyncio.sleep(self.delay)
        return ModelResponse(output=self.answers.pop(0), usage=Usage(requests=1))

    async def stream_response(self, *args: Any, **kwargs: Any) -> AsyncIterator[Any]:
        self.settings.append(args[2])
        output = self.answers.pop(0)
        yield {"type": "response.created", "response": {"id": "r", "output": []}}
        if self.delay:
            await asyncio.sleep(self.delay)
        yield {"type": "response.completed", "response": {"id": "r", "output": output}}

    async def close(self) -> None:
        self.closed = True


# ----- close / aclose / retry advice ------------------------------------------------------


async def test_model_and_provider_defaults() -> None:
    model = ListModel()
    assert await Model.close(model) is None
    request = ModelRetryAdviceRequest(error=RuntimeError("x"), attempt=1, stream=False)
    assert model.get_retry_advice(request) is None
    assert (request.previous_response_id, request.conversation_id) == (None, None)

    class Provider(ModelProvider):
        def get_model(self, model_name: str | None) -> Model:
            return model

    assert await Provider().aclose() is None
    assert inspect.iscoroutinefunction(ModelProvider.aclose)


async def test_multi_provider_aclose_closes_each_provider_once() -> None:
    closed: list[str] = []

    class Provider(ModelProvider):
        def __init__(self, name: str) -> None:
            self.name = name

        def get_model(self, model_name: str | None) -> Model:
            return ListModel()

        async def aclose(self) -> None:
            closed.append(self.name)

    shared = Provider("shared")
    multi = MultiProvider(provider_map={"a": shared, "b": shared, "c": Provider("c")})
    await multi.aclose()
    assert sorted(closed) == ["c", "shared"]


async def test_openai_provider_aclose_closes_its_models() -> None:
    provider = OpenAIProvider(api_key="k", base_url="http://127.0.0.1:9/v1")
    model = provider.get_model("m")
    calls: list[str] = []

    async def close() -> None:
        calls.append("closed")

    model.close = close  # type: ignore[method-assign]
    await provider.aclose()
    assert calls == ["closed"]


def test_openai_retry_advice() -> None:
    import httpx2 as httpx  # the HTTP client openai uses
    import openai

    model = OpenAIResponsesModel("m", openai.AsyncOpenAI(api_key="k"))
    request = httpx.Request("POST", "http://x/v1/responses")

    def status_error(status: int, headers: dict[str, str] | None = None) -> Exception:
        response = httpx.Response(status, headers=headers or {}, request=request)
        return openai.APIStatusError("boom", response=response, body=None)

    advice = model.get_retry_advice(ModelRetryAdviceRequest(status_error(503), 1, False))
    assert advice is not None and advice.suggested is True
    assert advice.normalized is not None and advice.normalized.status_code == 503
    stateful = ModelRetryAdviceRequest(status_error(429), 1, False, previous_response_id="r")
    assert model.get_retry_advice(stateful).replay_safety == "safe"  # type: ignore[union-attr]
    no = model.get_retry_advice(
        ModelRetryAdviceRequest(status_error(500, {"x-should-retry": "false"}), 1, False)
    )
    assert no is not None and no.suggested is False
    assert model.get_retry_advice(ModelRetryAdviceRequest(status_error(400), 1, False)) is None
    timeout = model.get_retry_advice(ModelRetryAdviceRequest(ModelTimeoutError(2), 1, False))
    assert timeout is not None and timeout.normalized is not None
    assert timeout.normalized.is_timeout and not timeout.normalized.is_network_error


async def test_runner_retries_read_the_models_advice(fake_server: FakeOpenAIServer) -> None:
    import openai

    seen: list[ModelRetryAdvice | None] = []

    class AdvisedModel(OpenAIResponsesModel):
        def get_retry_advice(self, request: ModelRetryAdviceRequest) -> ModelRetryAdvice | None:
            return ModelRetryAdvice(suggested=True, retry_after=0.0, reason="custom")

    def policy(context: RetryPolicyContext) -> bool:
        seen.append(context.provider_advice)
        return bool(context.provider_advice and context.provider_advice.suggested)

    fake_server.script(Fail(400), Answer(text="second try"))
    client = openai.AsyncOpenAI(base_url=fake_server.base_url, api_key="k", max_retries=0)
    settings = ModelSettings(retry=ModelRetrySettings(max_retries=1, policy=policy))
    agent = Agent(name="a", model=AdvisedModel("m", client), model_settings=settings)
    result = await Runner.run(agent, "hi")
    assert result.final_output == "second try"
    assert seen and seen[0] is not None and seen[0].reason == "custom"


# ----- ModelSettings.timeout --------------------------------------------------------------


async def test_timeout_ends_a_slow_custom_model_call() -> None:
    model = ListModel([message_raw("late")], delay=5)
    agent = Agent(name="a", model=model, model_settings=ModelSettings(timeout=0.05))
    with pytest.raises(ModelTimeoutError) as caught:
        await Runner.run(agent, "hi")
    assert caught.value.timeout_seconds == 0.05
    assert str(caught.value) == "Model call timed out after 0.05 seconds."


async def test_timeout_ends_a_slow_stream() -> None:
    model = ListModel([message_raw("late")], delay=5)
    agent = Agent(name="a", model=model, model_settings=ModelSettings(timeout=0.05))
    result = Runner.run_streamed(agent, "hi")
    with pytest.raises(ModelTimeoutError):
        async for _ in result.stream_events():
            pass


async def test_a_call_within_the_timeout_is_untouched() -> None:
    model = ListModel([message_raw("quick")])
    agent = Agent(name="a", model=model, model_settings=ModelSettings(timeout=5))
    assert (await Runner.run(agent, "hi")).final_output == "quick"
    streamed = Runner.run_streamed(Agent(name="b", model=ListModel([message_raw("s")])), "hi")
    async for _ in streamed.stream_events():
        pass
    assert streamed.final_output == "s"


async def test_openai_model_attempt_timeout_is_retried_by_policy(
    openai_client: Any, fake_server: FakeOpenAIServer
) -> None:
    fake_server.script(Answer(text="slow", delay=2), Answer(text="fast"))
    timeouts: list[bool] = []

    def policy(context: RetryPolicyContext) -> bool:
        timeouts.append(context.normalized.is_timeout)
        return context.normalized.is_timeout

    settings = ModelSettings(
        timeout=0.3, retry=ModelRetrySettings(max_retries=1, policy=policy, backoff=None)
    )
    agent = Agent(name="a", model=OpenAIResponsesModel("m", openai_client), model_settings=settings)
    result = await Runner.run(agent, "hi")
    assert result.final_output == "fast"
    assert timeouts == [True]


# ----- agent registration -----------------------------------------------------------------


class _Traces(TracingProcessor):
    def __init__(self) -> None:
        self.metadata: list[Any] = []

    def on_trace_start(self, trace: Any) -> None:
        self.metadata.append(trace.metadata)

    def on_trace_end(self, trace: Any) -> None:
        pass

    def on_span_start(self, span: Any) -> None:
        pass

    def on_span_end(self, span: Any) -> None:
        pass

    def shutdown(self) -> None:
        pass

    def force_flush(self) -> None:
        pass


@pytest.fixture
def traces(monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.delenv("OPENAI_AGENT_HARNESS_ID", raising=False)
    processor = _Traces()
    add_trace_processor(processor)
    yield processor
    runwright.set_default_openai_agent_registration(None)


async def test_harness_id_goes_in_trace_metadata(
    traces: _Traces, monkeypatch: pytest.MonkeyPatch
) -> None:
    agent = Agent(name="a", model=ListModel(*[[message_raw("x")]] * 5))
    await Runner.run(agent, "hi")
    assert traces.metadata[-1] is None  # no harness id configured
    monkeypatch.setenv("OPENAI_AGENT_HARNESS_ID", " env-harness ")
    await Runner.run(agent, "hi")
    assert traces.metadata[-1] == {"agent_harness_id": "env-harness"}
    runwright.set_default_openai_harness("default-harness")
    await Runner.run(agent, "hi", run_config=RunConfig(trace_metadata={"team": "x"}))
    assert traces.metadata[-1] == {"team": "x", "agent_harness_id": "default-harness"}
    provider = OpenAIProvider(agent_registration={"harness_id": "provider-harness"})
    await Runner.run(
        agent, "hi", run_config=RunConfig(model_provider=MultiProvider(openai_provider=provider))
    )
    assert traces.metadata[-1] == {"agent_harness_id": "provider-harness"}

    class OtherProvider(ModelProvider):
        def get_model(self, model_name: str | None) -> Model:
            return ListModel([message_raw("y")])

    await Runner.run(Agent(name="b"), "hi", run_config=RunConfig(model_provider=OtherProvider()))
    assert traces.metadata[-1] is None  # not an OpenAI provider


def test_registration_config_and_setters() -> None:
    config = OpenAIAgentRegistrationConfig(harness_id="h")
    assert config.harness_id == "h"
    assert runwright.OpenAIAgentRegistrationConfig is OpenAIAgentRegistrationConfig
    runwright.set_default_openai_agent_registration(config)
    try:
        from runwright._models.registration import get_default_openai_agent_registration

        assert get_default_openai_agent_registration() is config
        runwright.set_default_openai_harness(None)
        assert get_default_openai_agent_registration() is None
        with pytest.raises(UserError, match="harness_id"):
            runwright.set_default_openai_agent_registration({"harness": "x"})  # type: ignore[dict-item]
        with pytest.raises(UserError, match="must be a string"):
            OpenAIAgentRegistrationConfig(harness_id=3)  # type: ignore[arg-type]
    finally:
        runwright.set_default_openai_agent_registration(None)


# ----- the default model and its settings --------------------------------------------------


async def test_default_model_gets_the_sdk_default_settings_on_the_wire(
    fake_server: FakeOpenAIServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("OPENAI_DEFAULT_MODEL", raising=False)
    fake_server.script(Answer(text="a"), Answer(text="b"), Answer(text="c"))
    provider = OpenAIProvider(base_url=fake_server.base_url, api_key="k")
    config = RunConfig(model_provider=provider)
    await Runner.run(Agent(name="default"), "hi", run_config=config)
    body = fake_server.requests[0].body
    assert body["model"] == "gpt-5.6-luna"
    assert body["reasoning"] == {"effort": "none"}
    assert body["text"]["verbosity"] == "low"
    # settings of the agent's own win; a non-GPT-5 model gets none
    own = Agent(name="own", model_settings=ModelSettings(temperature=0.3))
    await Runner.run(own, "hi", run_config=config)
    assert "reasoning" not in fake_server.requests[1].body
    await Runner.run(Agent(name="old", model="gpt-4.1"), "hi", run_config=config)
    body = fake_server.requests[2].body
    assert body["model"] == "gpt-4.1" and "reasoning" not in body and "text" not in body


async def test_a_model_instance_gets_no_implicit_settings() -> None:
    model = ListModel([message_raw("x")])
    await Runner.run(Agent(name="a", model=model), "hi")
    assert model.settings[0] == ModelSettings()


# ----- typed response items -------------------------------------------------------------------


def _reasoning() -> dict[str, Any]:
    return {"type": "reasoning", "id": "rs_1", "summary": [{"type": "summary_text", "text": "t"}]}


async def test_raw_responses_hold_openai_typed_items() -> None:
    @function_tool
    def ping() -> str:
        """Ping."""
        return "pong"

    model = ListModel(
        [_reasoning(), function_call_raw("ping", "{}", "c1")],
        [message_raw("done")],
    )
    result = await Runner.run(Agent(name="a", model=model, tools=[ping]), "hi")
    first, second = result.raw_responses
    assert isinstance(first.output[0], ResponseReasoningItem)
    assert isinstance(first.output[1], ResponseFunctionToolCall)
    assert isinstance(second.output[0], ResponseOutputMessage)
    assert second.output[0].content[0].text == "done"
    assert first.output is result.raw_responses[0].output  # built once
    # the run's own items stay light dicts
    assert all(type(i) is RawItem for i in first.to_input_items())
    assert type(result.new_items[0].raw_item) is RawItem


async def test_a_custom_model_may_return_typed_items() -> None:
    typed = ResponseOutputMessage(
        id="m1",
        type="message",
        role="assistant",
        status="completed",
        content=[{"type": "output_text", "text": "typed!", "annotations": []}],  # type: ignore[list-item]
    )
    model = ListModel([typed])
    result = await Runner.run(Agent(name="a", model=model), "hi")
    assert result.final_output == "typed!"
    assert isinstance(result.raw_responses[0].output[0], ResponseOutputMessage)
    assert result.to_input_list()[-1]["content"][0]["text"] == "typed!"


async def test_hooks_and_errors_see_typed_items() -> None:
    seen: list[Any] = []

    class Hooks(AgentHooks[Any]):
        async def on_llm_end(self, context: Any, agent: Any, response: ModelResponse) -> None:
            seen.append(response.output[0])

    @function_tool
    def ping() -> str:
        """Ping."""
        return "pong"

    calls = [[function_call_raw("ping", "{}", f"c{i}")] for i in range(3)]
    agent = Agent(name="a", model=ListModel(*calls), tools=[ping], hooks=Hooks())
    with pytest.raises(MaxTurnsExceeded) as caught:
        await Runner.run(agent, "hi", max_turns=2)
    assert isinstance(seen[0], ResponseFunctionToolCall)
    run_data = caught.value.run_data
    assert run_data is not None
    assert isinstance(run_data.raw_responses[0].output[0], ResponseFunctionToolCall)
