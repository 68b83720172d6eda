"""runwright.testing as the OpenAI Agents SDK's ``agents.testing``: tests written the way an SDK
user writes them against ``agents.testing`` pass unchanged.

Only the import lines name runwright: with ``runwright`` replaced by ``agents`` this file runs
(and passes) against openai-agents 0.24.0 as well.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from runwright import Agent, ModelResponse, ModelSettings, Runner, Usage, function_tool
from runwright.models.interface import ModelTracing
from runwright.retry import ModelRetryAdvice, ModelRetryAdviceRequest
from runwright.testing import (
    InvalidModelStep,
    ModelCall,
    ModelScriptError,
    ModelStep,
    ModelStepSpec,
    ScriptedModel,
    UnconsumedModelSteps,
    UnexpectedModelCall,
    assistant_message,
    function_call,
)
from runwright.testing.model import ScriptedModel as ModelModuleScriptedModel


@function_tool
def get_weather(city: str) -> str:
    """The weather in a city."""
    return f"Sunny in {city}"


async def test_a_tool_call_then_an_answer() -> None:
    model = ScriptedModel(
        [
            [function_call("get_weather", {"city": "Paris"}, call_id="call-1")],
            [assistant_message("It is sunny in Paris.")],
        ]
    )
    agent = Agent(name="weather", instructions="Be brief.", model=model, tools=[get_weather])

    result = await Runner.run(agent, "Weather in Paris?")

    assert result.final_output == "It is sunny in Paris."
    model.assert_complete()
    assert model.remaining_steps == 0
    assert len(model.calls) == 2
    first = model.first_call
    assert first is not None and first.system_instructions == "Be brief."
    assert first.input[-1]["content"] == "Weather in Paris?"
    assert [tool.name for tool in first.tools] == ["get_weather"]
    assert first.streamed is False
    assert first.previous_response_id is None and first.conversation_id is None
    last = model.last_call
    assert last is not None
    output = last.input[-1]
    assert output["type"] == "function_call_output"
    assert output["call_id"] == "call-1"
    assert output["output"] == "Sunny in Paris"


async def test_step_spec_dicts_and_usage() -> None:
    spec: ModelStepSpec = {
        "output": [assistant_message("Hi!")],
        "usage": Usage(requests=1, input_tokens=12, output_tokens=3, total_tokens=15),
        "response_id": "resp-1",
    }
    model = ScriptedModel([spec])

    result = await Runner.run(Agent(name="a", model=model), "hello")

    assert result.final_output == "Hi!"
    assert result.context_wrapper.usage.input_tokens == 12
    assert result.context_wrapper.usage.output_tokens == 3
    assert result.raw_responses[0].response_id == "resp-1"
    model.assert_complete()


async def test_model_step_defaults() -> None:
    step = ModelStep(output=[assistant_message("x")])
    assert step.response_id == "resp-789"
    assert step.usage == Usage()
    assert step.error is None and step.responder is None and step.stream_events is None

    model = ScriptedModel([step])
    result = await Runner.run(Agent(name="a", model=model), "hi")
    assert result.raw_responses[0].response_id == "resp-789"
    # A step without usage counts one request.
    assert result.context_wrapper.usage.requests == 1


async def test_default_usage_applies_to_steps_without_usage() -> None:
    model = ScriptedModel(
        [[assistant_message("one")]],
        default_usage=Usage(requests=1, input_tokens=5, output_tokens=2, total_tokens=7),
    )
    result = await Runner.run(Agent(name="a", model=model), "hi")
    assert result.context_wrapper.usage.total_tokens == 7

    model.set_default_usage(Usage(requests=1, input_tokens=1, output_tokens=1, total_tokens=2))
    model.enqueue([assistant_message("two")])
    result = await Runner.run(Agent(name="a", model=model), "hi")
    assert result.context_wrapper.usage.total_tokens == 2


async def test_enqueue_and_extend() -> None:
    model = ScriptedModel()
    assert model.remaining_steps == 0
    assert model.first_call is None and model.last_call is None
    model.enqueue([function_call("get_weather", '{"city": "Oslo"}', call_id="c-1")])
    model.extend([[assistant_message("Snow.")], [assistant_message("unused")]])
    assert model.remaining_steps == 3

    agent = Agent(name="a", model=model, tools=[get_weather])
    result = await Runner.run(agent, "Oslo?")
    assert result.final_output == "Snow."
    assert model.remaining_steps == 1

    with pytest.raises(UnconsumedModelSteps) as info:
        model.assert_complete()
    assert info.value.remaining_steps == 1
    assert isinstance(info.value, ModelScriptError)
    assert "1 scripted model step(s) were not consumed" in str(info.value)


async def test_a_call_beyond_the_script_raises_unexpected_model_call() -> None:
    model = ScriptedModel([[function_call("get_weather", {"city": "Rome"}, call_id="c1")]])
    agent = Agent(name="a", model=model, tools=[get_weather])

    with pytest.raises(UnexpectedModelCall) as info:
        await Runner.run(agent, "Rome?")

    error = info.value
    assert isinstance(error, ModelScriptError)
    assert error.call_index == 1
    assert isinstance(error.call, ModelCall)
    assert error.call.streamed is False
    assert error.call.input[-1]["output"] == "Sunny in Rome"
    assert "Unexpected non-streaming model call #2" in str(error)
    assert len(model.calls) == 2


async def test_unexpected_streaming_call() -> None:
    model = ScriptedModel()
    result = Runner.run_streamed(Agent(name="a", model=model), "hi")
    with pytest.raises(UnexpectedModelCall) as info:
        async for _ in result.stream_events():
            pass
    assert info.value.call_index == 0
    assert info.value.call.streamed is True
    assert "Unexpected streaming model call #1" in str(info.value)


def test_invalid_steps_are_rejected_up_front() -> None:
    with pytest.raises(InvalidModelStep) as info:
        ScriptedModel([[assistant_message("ok")], {"outputs": []}])
    assert info.value.reason == "unsupported_field"
    assert info.value.input_index == 1
    assert "#2" in str(info.value)
    assert isinstance(info.value, ModelScriptError)

    with pytest.raises(InvalidModelStep) as info:
        ScriptedModel([ModelStep(error=ValueError("x"), responder=lambda call: [])])
    assert info.value.reason == "conflicting_outcomes"

    with pytest.raises(InvalidModelStep) as info:
        ScriptedModel([{"usage": "lots"}])
    assert info.value.reason == "invalid_input"

    with pytest.raises(InvalidModelStep) as info:
        ScriptedModel([{"responder": "not callable"}])
    assert info.value.reason == "invalid_responder"

    with pytest.raises(InvalidModelStep) as info:
        ScriptedModel([{"stream_events": 5}])
    assert info.value.reason == "invalid_stream_events"

    model = ScriptedModel()
    with pytest.raises(InvalidModelStep) as info:
        model.extend([[assistant_message("fine")], {"bogus": 1}])
    assert info.value.input_index == 1
    assert model.remaining_steps == 0
    with pytest.raises(InvalidModelStep) as info:
        model.enqueue({"bogus": 1})
    assert info.value.input_index == 0


async def test_a_scripted_error_is_raised_by_the_run() -> None:
    model = ScriptedModel([ModelStep.raise_error(RuntimeError("provider down"))])
    with pytest.raises(RuntimeError, match="provider down"):
        await Runner.run(Agent(name="a", model=model), "hi")
    model.assert_complete()

    model = ScriptedModel([ValueError("bad request")])
    with pytest.raises(ValueError, match="bad request"):
        await Runner.run(Agent(name="a", model=model), "hi")


async def test_responders_see_the_call() -> None:
    seen: list[ModelCall] = []

    def echo(call: ModelCall) -> Any:
        seen.append(call)
        return [assistant_message(f"echo: {call.input[-1]['content']}")]

    async def later(call: ModelCall) -> Any:
        return {"output": [assistant_message("async")], "response_id": "resp-async"}

    model = ScriptedModel([ModelStep.respond(echo), ModelStep.respond(later)])
    agent = Agent(name="a", model=model)
    first = await Runner.run(agent, "ping")
    second = await Runner.run(agent, "again")
    assert first.final_output == "echo: ping"
    assert second.final_output == "async"
    assert second.raw_responses[0].response_id == "resp-async"
    assert seen[0].model_settings == ModelSettings()


async def test_streamed_run_with_automatic_events() -> None:
    model = ScriptedModel(
        [
            [function_call("get_weather", {"city": "Lima"}, call_id="c-9")],
            [assistant_message("Warm in Lima.")],
        ]
    )
    agent = Agent(name="a", model=model, tools=[get_weather])
    result = Runner.run_streamed(agent, "Lima?")
    deltas: list[str] = []
    kinds: list[str] = []
    async for event in result.stream_events():
        if event.type == "raw_response_event":
            kinds.append(event.data.type)
            if event.data.type == "response.output_text.delta":
                deltas.append(event.data.delta)
    assert result.final_output == "Warm in Lima."
    assert "".join(deltas) == "Warm in Lima."
    assert "response.function_call_arguments.delta" in kinds
    assert kinds[-1] == "response.completed"
    assert model.last_call is not None and model.last_call.streamed is True
    model.assert_complete()


def test_output_item_helpers() -> None:
    call = function_call("lookup", {"q": "café"}, call_id="call-7")
    assert call.type == "function_call"
    assert call.name == "lookup"
    assert call.call_id == "call-7"
    assert call.id == "call-7"
    assert call.arguments == '{"q":"café"}'
    assert json.loads(call.arguments) == {"q": "café"}
    named = function_call("lookup", "{}", call_id="c", item_id="fc-1")
    assert named.id == "fc-1"

    message = assistant_message("Hello")
    assert message.type == "message"
    assert message.role == "assistant"
    assert message.id == "scripted-message"
    assert message.content[0].text == "Hello"
    assert assistant_message("x", item_id="m-2").id == "m-2"


async def test_close_and_module_path() -> None:
    model = ScriptedModel()
    await model.close()
    assert ModelModuleScriptedModel is ScriptedModel


async def test_retry_advice_goes_with_the_scripted_error() -> None:
    error = ConnectionError("overloaded")
    advice = ModelRetryAdvice(suggested=True, retry_after=0.5)
    model = ScriptedModel([ModelStep.raise_error(error, retry_advice=advice)])
    with pytest.raises(ConnectionError):
        await model.get_response(
            None, "hi", ModelSettings(), [], None, [], ModelTracing.DISABLED,
            previous_response_id=None, conversation_id=None, prompt=None,
        )  # fmt: skip
    got = model.get_retry_advice(ModelRetryAdviceRequest(error=error, attempt=1, stream=False))
    assert got is not None and got.suggested is True and got.retry_after == 0.5
    other = ModelRetryAdviceRequest(error=ConnectionError("x"), attempt=1, stream=False)
    assert model.get_retry_advice(other) is None

    with pytest.raises(InvalidModelStep) as info:
        ScriptedModel([ModelStep(output=[assistant_message("x")], retry_advice=advice)])
    assert info.value.reason == "invalid_retry_advice"


async def test_model_response_steps_and_responder_errors() -> None:
    response = ModelResponse(
        output=[assistant_message("from a response")],
        usage=Usage(requests=1, input_tokens=2, output_tokens=2, total_tokens=4),
        response_id="resp-from-response",
    )

    def refuse(call: ModelCall) -> Any:
        return PermissionError("no")

    model = ScriptedModel([response, ModelStep.respond(refuse)])
    agent = Agent(name="a", model=model)
    result = await Runner.run(agent, "hi")
    assert result.final_output == "from a response"
    assert result.raw_responses[0].response_id == "resp-from-response"
    with pytest.raises(PermissionError):
        await Runner.run(agent, "again")
    model.assert_complete()
