"""Input and output guardrails."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from runwright import (
    Agent,
    GuardrailFunctionOutput,
    InputGuardrail,
    InputGuardrailTripwireTriggered,
    OutputGuardrailTripwireTriggered,
    RunConfig,
    Runner,
    UserError,
    function_tool,
    input_guardrail,
    output_guardrail,
)
from runwright.testing import ScriptedModel, tool_call


@input_guardrail
def no_homework(ctx: Any, agent: Any, input: Any) -> GuardrailFunctionOutput:
    text = input if isinstance(input, str) else str(input)
    return GuardrailFunctionOutput(
        output_info={"checked": text}, tripwire_triggered="homework" in text
    )


async def test_input_guardrail_passes_and_result_is_kept(scripted: Any) -> None:
    result = await Runner.run(
        Agent(name="a", model=scripted(["hi"]), input_guardrails=[no_homework]), "hello"
    )
    assert result.final_output == "hi"
    assert [r.output.output_info for r in result.input_guardrail_results] == [{"checked": "hello"}]
    assert result.input_guardrail_results[0].guardrail.get_name() == "no_homework"


async def test_input_guardrail_trip_cancels_a_slow_model_call() -> None:
    ran: list[str] = []

    @function_tool
    def side_effect() -> str:
        ran.append("tool")
        return "x"

    @input_guardrail
    async def quick_block(ctx: Any, agent: Any, input: Any) -> GuardrailFunctionOutput:
        await asyncio.sleep(0.01)
        return GuardrailFunctionOutput(None, tripwire_triggered=True)

    model = ScriptedModel([tool_call("side_effect")], delay=5)
    agent = Agent(name="a", model=model, tools=[side_effect], input_guardrails=[quick_block])
    loop = asyncio.get_running_loop()
    started = loop.time()
    with pytest.raises(InputGuardrailTripwireTriggered) as info:
        await Runner.run(agent, "hi")
    assert loop.time() - started < 2  # the 5 s model call was cancelled
    assert ran == []
    assert info.value.guardrail_result.guardrail is quick_block
    assert info.value.run_data is not None and info.value.run_data.new_items == []
    model.clear()


async def test_trip_after_the_model_answered_still_records_nothing() -> None:
    @input_guardrail
    async def slow_block(ctx: Any, agent: Any, input: Any) -> GuardrailFunctionOutput:
        await asyncio.sleep(0.05)
        return GuardrailFunctionOutput(None, tripwire_triggered=True)

    model = ScriptedModel(["fast answer"])
    with pytest.raises(InputGuardrailTripwireTriggered) as info:
        await Runner.run(Agent(name="a", model=model, input_guardrails=[slow_block]), "hi")
    assert info.value.run_data is not None and info.value.run_data.new_items == []


async def test_blocking_guardrail_runs_before_the_model(scripted: Any) -> None:
    model = scripted([])
    guard = InputGuardrail(no_homework.guardrail_function, run_in_parallel=False)
    with pytest.raises(InputGuardrailTripwireTriggered):
        await Runner.run(Agent(name="a", model=model, input_guardrails=[guard]), "do my homework")
    assert model.calls == []


async def test_input_guardrails_only_on_the_first_turn(scripted: Any) -> None:
    calls: list[int] = []

    @input_guardrail
    def count(ctx: Any, agent: Any, input: Any) -> GuardrailFunctionOutput:
        calls.append(1)
        return GuardrailFunctionOutput(None, False)

    @function_tool
    def noop() -> str:
        return ""

    model = scripted([tool_call("noop"), "done"])
    await Runner.run(
        Agent(name="a", model=model, tools=[noop]),
        "hi",
        run_config=RunConfig(input_guardrails=[count]),
    )
    assert calls == [1]


async def test_output_guardrail(scripted: Any) -> None:
    @output_guardrail(name="no_secrets")
    async def no_secrets(ctx: Any, agent: Any, output: Any) -> GuardrailFunctionOutput:
        return GuardrailFunctionOutput({"len": len(output)}, "secret" in output)

    ok = await Runner.run(
        Agent(name="a", model=scripted(["fine"]), output_guardrails=[no_secrets]), "x"
    )
    assert ok.output_guardrail_results[0].output.output_info == {"len": 4}
    with pytest.raises(OutputGuardrailTripwireTriggered) as info:
        await Runner.run(
            Agent(name="a", model=scripted(["the secret is 42"])),
            "x",
            run_config=RunConfig(output_guardrails=[no_secrets]),
        )
    assert info.value.guardrail_result.agent_output == "the secret is 42"
    assert "no_secrets" in str(info.value)


async def test_output_guardrail_trip_in_streamed_run(scripted: Any) -> None:
    @output_guardrail
    def always(ctx: Any, agent: Any, output: Any) -> GuardrailFunctionOutput:
        return GuardrailFunctionOutput(None, True)

    result = Runner.run_streamed(
        Agent(name="a", model=scripted(["x"]), output_guardrails=[always]), "x"
    )
    with pytest.raises(OutputGuardrailTripwireTriggered):
        async for _ in result:
            pass


async def test_a_guardrail_that_raises_fails_the_run_clearly(scripted: Any) -> None:
    @input_guardrail
    def broken(ctx: Any, agent: Any, input: Any) -> GuardrailFunctionOutput:
        raise ValueError("bad regex")

    model = ScriptedModel(["never used"], delay=1)
    with pytest.raises(UserError, match="Input guardrail 'broken' raised ValueError: bad regex"):
        await Runner.run(Agent(name="a", model=model, input_guardrails=[broken]), "hi")
    model.clear()


async def test_guardrail_must_return_function_output(scripted: Any) -> None:
    @output_guardrail
    def wrong(ctx: Any, agent: Any, output: Any) -> Any:
        return True

    with pytest.raises(UserError, match="must return GuardrailFunctionOutput"):
        await Runner.run(Agent(name="a", model=scripted(["x"]), output_guardrails=[wrong]), "x")


async def test_a_parallel_guardrail_that_trips_at_once_sends_no_model_request() -> None:
    model = ScriptedModel([])  # any model call fails the test: the script is empty
    agent = Agent(name="A", model=model, input_guardrails=[no_homework])
    with pytest.raises(InputGuardrailTripwireTriggered):
        await Runner.run(agent, "do my homework")
    assert model.calls == []
