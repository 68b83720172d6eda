"""ScriptedModel: plays its script, records calls, fails loudly when used off-script."""

from __future__ import annotations

from typing import Any

import pytest

from runwright import Agent, ModelSettings, Runner, Usage
from runwright.exceptions import ScriptError
from runwright.models.interface import ModelTracing
from runwright.testing import (
    ScriptedModel,
    ScriptedResponse,
    UnconsumedScriptWarning,
    handoff_call,
    refusal,
    tool_call,
)


async def _call(model: ScriptedModel, text: str = "hi") -> Any:
    return await model.get_response(
        None, text, ModelSettings(), [], None, [], ModelTracing.DISABLED
    )


async def test_steps_are_consumed_in_order() -> None:
    model = ScriptedModel(["one", [tool_call("f", {"x": 1}), "two"]])
    first = await _call(model)
    second = await _call(model)
    assert first.output[0].content[0].text == "one"
    assert [o.type for o in second.output] == ["function_call", "message"]
    assert second.output[0].call_id == "call_scripted_1"
    assert second.output[0]["arguments"] == '{"x": 1}'
    assert model.remaining == 0
    model.assert_consumed()


async def test_call_beyond_the_script_fails_loudly() -> None:
    model = ScriptedModel([])
    with pytest.raises(ScriptError, match="used up"):
        await _call(model)


def test_unconsumed_steps_fail_loudly() -> None:
    model = ScriptedModel(["left over"])
    with pytest.raises(ScriptError, match="1 unconsumed"):
        model.assert_consumed()
    with pytest.raises(ScriptError), model:
        pass
    model.clear()


def test_discarded_model_with_steps_warns() -> None:
    model = ScriptedModel(["left over"])
    with pytest.warns(UnconsumedScriptWarning):
        model.__del__()
    model.clear()


async def test_callable_steps_see_the_call() -> None:
    model = ScriptedModel([lambda call: f"you said {call.last_user_text}"])
    response = await _call(model, "ping")
    assert response.output[0].content[0].text == "you said ping"


async def test_exception_steps_are_raised() -> None:
    model = ScriptedModel([TimeoutError("slow server")])
    with pytest.raises(TimeoutError, match="slow server"):
        await _call(model)


async def test_scripted_response_usage_and_id() -> None:
    model = ScriptedModel(
        [ScriptedResponse(["x"], usage=Usage(input_tokens=3, output_tokens=4), response_id="r1")]
    )
    response = await _call(model)
    assert (response.usage.requests, response.usage.total_tokens, response.response_id) == (
        1,
        7,
        "r1",
    )


async def test_estimated_usage() -> None:
    model = ScriptedModel(["a fairly long answer for counting"], usage="estimate")
    response = await _call(model, "question " * 20)
    assert response.usage.input_tokens > 20
    assert response.usage.output_tokens > 5


async def test_stream_events_assemble_the_same_response() -> None:
    model = ScriptedModel(["hello streaming world", "hello streaming world"], chunk_size=5)
    plain = await _call(model)
    events = [
        e
        async for e in model.stream_response(
            None, "hi", ModelSettings(), [], None, [], ModelTracing.DISABLED
        )
    ]
    assert events[0].type == "response.created"
    assert events[-1].type == "response.completed"
    deltas = [e.delta for e in events if e.type == "response.output_text.delta"]
    assert deltas == ["hello", " stre", "aming", " worl", "d"]
    assert events[-1].response.output == plain.output
    assert model.calls[1].streamed is True


async def test_refusal_and_handoff_helpers() -> None:
    assert refusal("no").content[0] == {"type": "refusal", "refusal": "no"}
    assert handoff_call("Billing Agent")["name"] == "transfer_to_billing_agent"


async def test_records_what_the_runner_sent() -> None:
    model = ScriptedModel(["ok"])
    await Runner.run(Agent(name="a", instructions="sys", model=model), "question")
    call = model.calls[0]
    assert (call.system_instructions, call.last_user_text, call.streamed) == (
        "sys",
        "question",
        False,
    )


# ----- the SDK's forms next to runwright's --------------------------------------


def test_sdk_errors_are_script_errors() -> None:
    from runwright.testing import InvalidModelStep, ModelScriptError

    with pytest.raises(InvalidModelStep) as info:
        ScriptedModel([object()])
    assert isinstance(info.value, ScriptError) and isinstance(info.value, ModelScriptError)
    assert info.value.reason == "invalid_input"
    model = ScriptedModel(["left"])
    with pytest.raises(ScriptError, match="1 unconsumed"):
        model.assert_consumed()
    model.clear()


async def test_short_forms_mix_with_sdk_items() -> None:
    from runwright.testing import assistant_message, function_call

    model = ScriptedModel(
        [[function_call("f", {"a": 1}, call_id="c1"), "and text"], [assistant_message("typed")]]
    )
    first = await _call(model)
    assert [o.type for o in first.output] == ["function_call", "message"]
    assert first.output[0]["arguments"] == '{"a":1}'
    assert first.response_id == "resp_scripted_1"  # a runwright short form: generated id
    second = await _call(model)
    assert second.response_id == "resp-789"  # SDK items only: the SDK's default id
    assert second.output[0]["content"][0]["text"] == "typed"
    model.calls.clear()
    assert model.calls == [] and model.first_call is None


async def test_default_usage_applies_to_short_forms_too() -> None:
    model = ScriptedModel(["a"], default_usage=Usage(requests=1, input_tokens=7))
    response = await _call(model)
    assert response.usage.input_tokens == 7


async def test_base_exception_steps_are_raised_as_is() -> None:
    import asyncio

    model = ScriptedModel([asyncio.CancelledError()])
    with pytest.raises(asyncio.CancelledError):
        await _call(model)


async def test_request_id_and_raw_usage_follow_preserve_raw_usage() -> None:
    from runwright.testing import ModelStep, assistant_message

    step = ModelStep(output=[assistant_message("x")], request_id="req-1", raw_usage={"k": 1})
    model = ScriptedModel([step, step])
    plain = await _call(model)
    assert plain.request_id == "req-1" and plain.raw_usage is None
    kept = await model.get_response(
        None, "hi", ModelSettings(preserve_raw_usage=True), [], None, [], ModelTracing.DISABLED
    )
    assert kept.raw_usage == {"k": 1}


async def test_exact_stream_events_from_a_list_or_a_factory() -> None:
    from runwright.testing import ModelStep

    done = {
        "type": "response.completed",
        "response": {"id": "r-1", "output": [{"type": "message", "role": "assistant",
                     "content": [{"type": "output_text", "text": "Hi", "annotations": []}]}],
                     "usage": {"input_tokens": 1, "output_tokens": 1, "total_tokens": 2}},
    }  # fmt: skip

    async def events(call: Any) -> Any:
        yield {"type": "response.created", "response": {"id": "r-1", "output": []}}
        yield done

    model = ScriptedModel([ModelStep.stream([done]), ModelStep.stream(events)])
    agent = Agent(name="a", model=model)
    for _ in range(2):
        result = Runner.run_streamed(agent, "hi")
        seen = [e.data.type async for e in result.stream_events() if e.type == "raw_response_event"]
        assert seen[-1] == "response.completed"
        assert result.final_output == "Hi"
    model.assert_complete()


async def test_emit_traces_records_a_generation_span() -> None:
    from runwright.tracing import TracingProcessor, set_trace_processors

    ended: list[Any] = []

    class Keep(TracingProcessor):
        def on_trace_start(self, trace: Any) -> None: ...
        def on_trace_end(self, trace: Any) -> None: ...
        def on_span_start(self, span: Any) -> None: ...
        def on_span_end(self, span: Any) -> None:
            ended.append(span)

        def shutdown(self) -> None: ...
        def force_flush(self) -> None: ...

    from runwright.tracing import get_trace_provider

    before = list(get_trace_provider().processors)
    set_trace_processors([Keep()])
    try:
        await Runner.run(Agent(name="a", model=ScriptedModel(["x"], emit_traces=True)), "hi")
        await Runner.run(Agent(name="a", model=ScriptedModel(["x"])), "hi")
    finally:
        set_trace_processors(before)
    kinds = [s.span_data.type for s in ended]
    assert kinds.count("generation") == 1 and kinds.count("response") == 1
