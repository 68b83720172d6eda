"""Running guardrails for the executor: input, output, and around tool calls."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any, TypeVar

from runwright._agent.agent import Agent
from runwright._agent.guardrails import InputGuardrail, InputGuardrailResult, OutputGuardrailResult
from runwright._core.exceptions import (
    InputGuardrailTripwireTriggered,
    OutputGuardrailTripwireTriggered,
    ToolInputGuardrailTripwireTriggered,
    ToolOutputGuardrailTripwireTriggered,
)
from runwright._loop.concurrency import gather_or_cancel
from runwright._loop.env import RunEnv
from runwright._state.run_state import RunState
from runwright._tools.context import ToolContext
from runwright._tools.function_tool import FunctionTool
from runwright._tools.guardrails import (
    ToolInputGuardrailData,
    ToolInputGuardrailResult,
    ToolOutputGuardrailData,
    ToolOutputGuardrailResult,
)

T = TypeVar("T")


def input_guardrails_for(env: RunEnv, state: RunState[Any]) -> Sequence[InputGuardrail[Any]]:
    """The input guardrails due now: only on the starting agent's first turn."""
    if state.current_turn != 1 or state.current_agent is not state.starting_agent:
        return ()
    agent_rails, run_rails = state.current_agent.input_guardrails, env.run_config.input_guardrails
    if not agent_rails and not run_rails:
        return ()  # no list kept alive through the model call
    return [*agent_rails, *(run_rails or ())]


async def with_input_guardrails(
    env: RunEnv,
    state: RunState[Any],
    guardrails: Sequence[InputGuardrail[Any]],
    make_call: Callable[[], Awaitable[T]],
) -> T:
    """Runs sequential guardrails, then ``make_call()`` concurrently with the parallel ones.

    A tripwire cancels ``call`` (nothing it produced is used) and raises
    InputGuardrailTripwireTriggered. ``call`` is awaited to the end only once
    every guardrail passed.
    """
    sequential = [g for g in guardrails if not g.run_in_parallel]
    parallel = [g for g in guardrails if g.run_in_parallel]
    if sequential:
        await _check_inputs(env, state, sequential)
    if not parallel:
        return await make_call()
    import asyncio

    checks = _start_checks(env, state, parallel)
    # One loop pass first: guardrails that decide without waiting on I/O trip
    # before the model request is even sent (as they do in the SDK).
    await asyncio.sleep(0)
    if any(
        c.done() and not c.cancelled() and c.exception() is None and _tripped(c) for c in checks
    ):
        await _await_checks(state, checks)
    task = asyncio.ensure_future(make_call())
    try:
        await _await_checks(state, checks)
    except BaseException:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        raise
    return await task


def _tripped(check: Any) -> bool:
    return bool(check.result().output.tripwire_triggered)


def _start_checks(
    env: RunEnv, state: RunState[Any], guardrails: list[InputGuardrail[Any]]
) -> list[Any]:
    import asyncio

    agent, ctx, data = state.current_agent, env.context_wrapper, state.original_input
    return [asyncio.ensure_future(g.run(agent, data, ctx)) for g in guardrails]


async def _check_inputs(
    env: RunEnv, state: RunState[Any], guardrails: list[InputGuardrail[Any]]
) -> None:
    await _await_checks(state, _start_checks(env, state, guardrails))


async def _await_checks(state: RunState[Any], tasks: list[Any]) -> None:
    import asyncio

    try:
        for next_done in asyncio.as_completed(tasks):
            result: InputGuardrailResult = await next_done
            state.input_guardrail_results.append(result)
            if result.output.tripwire_triggered:
                raise InputGuardrailTripwireTriggered(result)
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


async def check_output(env: RunEnv, state: RunState[Any], agent: Agent[Any], output: Any) -> None:
    """Runs the output guardrails together; the first tripped one raises."""
    guardrails = [*agent.output_guardrails, *(env.run_config.output_guardrails or ())]
    if not guardrails:
        return
    results: list[OutputGuardrailResult] = await gather_or_cancel(
        [g.run(env.context_wrapper, agent, output) for g in guardrails]
    )
    state.output_guardrail_results.extend(results)
    for result in results:
        if result.output.tripwire_triggered:
            raise OutputGuardrailTripwireTriggered(result)


async def check_tool_input(
    state: RunState[Any], tool: FunctionTool, ctx: ToolContext[Any], agent: Agent[Any]
) -> str | None:
    """None to run the tool, or the message the model gets instead."""
    for guardrail in tool.tool_input_guardrails or ():
        verdict = await guardrail.run(ToolInputGuardrailData(ctx, agent))
        state.tool_input_guardrail_results.append(ToolInputGuardrailResult(guardrail, verdict))
        if verdict.kind == "raise_exception":
            raise ToolInputGuardrailTripwireTriggered(guardrail, verdict)
        if verdict.kind == "reject_content":
            return str(verdict.behavior.get("message", ""))
    return None


async def check_tool_output(
    state: RunState[Any], tool: FunctionTool, ctx: ToolContext[Any], agent: Agent[Any], output: Any
) -> Any:
    """The output the model gets: the tool's, or a guardrail's replacement message."""
    for guardrail in tool.tool_output_guardrails or ():
        verdict = await guardrail.run(ToolOutputGuardrailData(ctx, agent, output))
        state.tool_output_guardrail_results.append(ToolOutputGuardrailResult(guardrail, verdict))
        if verdict.kind == "raise_exception":
            raise ToolOutputGuardrailTripwireTriggered(guardrail, verdict)
        if verdict.kind == "reject_content":
            return str(verdict.behavior.get("message", ""))
    return output
