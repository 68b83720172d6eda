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
