"""The driver: the one loop every run goes through, streamed or not.

Each turn: plan the agent → call the model → classify (pure) → run tools →
decide (pure) → act on the decision. Events go to the run's sink; whether
anyone listens makes no difference to what happens. A run paused for
approvals (or interrupted by a crash, with a durable store) resumes at the
tool phase of its last turn, from the same RunState.
"""

from __future__ import annotations

from typing import Any

from runwright._core.current import current_run
from runwright._core.events import AgentUpdatedStreamEvent
from runwright._core.items import ToolApprovalItem
from runwright._loop.budget import (
    model_name,
    nested_stop,
    over_budget,
    timer_cancelled,
    wall_breach,
    warn,
)
from runwright._loop.decide import classify_response, decide_next_step
from runwright._loop.env import RunEnv
from runwright._loop.executor import Executor
from runwright._loop.steps import (
    AgentPlan,
    AskToolUseFunction,
    FinalOutput,
    HandoffTo,
    InvalidFinalOutput,
    ProcessedResponse,
    Refusal,
)
from runwright._state.run_state import RunState
from runwright._tools.use_behavior import FunctionToolResult


async def drive(env: RunEnv, state: RunState[Any]) -> RunState[Any]:
    """Advances ``state`` until a final output, a pause for approval, or a requested stop.

    Raises:
        MaxTurnsExceeded: the run needed more than ``state.max_turns`` turns.
    """
    executor = Executor(env)
    sink = env.sink
    if sink.streaming:
        sink.emit(AgentUpdatedStreamEvent(state.current_agent))
    state.clear_interruptions()
    if env.run_config.reasoning_item_id_policy is not None:
        state.reasoning_item_id_policy = env.run_config.reasoning_item_id_policy
    # The run's input as the model first saw it, shared (not copied) with hooks and tools.
    state.context_wrapper.turn_input = state.input_items
    token = current_run.set((env, state))
    # The turn loop lives here, not in a helper coroutine: every coroutine frame of a run
    # in flight is one more object each GC pass traverses (helpers below exist only while
    # the model call or the tool calls they make are in flight).
    executor.enter_task()
    try:
        while not state.is_finished:
            agent = state.current_agent
            plan = await executor.plan_for(agent)
            executor.enter_agent(plan)
            if state.awaiting_tools:
                executor.enter_turn(state.current_turn, agent)
                processed = classify_response(plan, state.model_responses[-1], executor.missing_ok)
            elif state.current_turn >= state.max_turns:
                await executor.finish(state, (await executor.out_of_turns(state, plan)).output)
                await executor.end_turn(state)
                break
            else:
                executor.enter_turn(state.current_turn + 1, agent)
                over = await _model_turn(executor, state, plan)
                if over is None:  # over budget; an error handler gave the final output
                    await executor.end_turn(state)
                    break
                processed = over
            results: list[FunctionToolResult] = []
            if processed.tool_runs or processed.mcp_requests:
                calls = await _run_calls(executor, state, plan, processed)
                if calls is None:  # over budget; an error handler gave the final output
                    await executor.end_turn(state)
                    break
                results, waiting = calls
                if waiting:
                    state.interruptions = waiting
                    state.record_approvals(waiting)
                    _announce(sink, waiting)
                    await executor.checkpoint(state)
                    break
            state.awaiting_tools = False
            step = decide_next_step(plan, processed, results)
            if isinstance(step, AskToolUseFunction):
                step = await executor.ask_tool_use_function(step)
            if isinstance(step, (InvalidFinalOutput, Refusal)):
                step = await executor.settle_failure(state, plan, step)
            if isinstance(step, FinalOutput):
                await executor.finish(state, step.output, step.from_tools)
            elif isinstance(step, HandoffTo):
                _announce(sink, await executor.hand_off(state, step))
                if sink.streaming and state.current_agent is not agent:
                    sink.emit(AgentUpdatedStreamEvent(state.current_agent))
            await executor.end_turn(state)
            executor.leave_turn()
            if env.cancel.after_turn:
                break
            # This turn's values must not stay alive through the next model call: with
            # thousands of runs in flight, every object kept is traversed by each GC pass.
            processed = step = results = None  # type: ignore[assignment]
    except BaseException as error:
        executor.leave_turn()
        executor.leave_agent(error)
        executor.leave_task()
        raise
    finally:
        current_run.reset(token)
        if executor.set_up_tools:
            await executor.release_tools()
    executor.leave_turn()
    executor.leave_agent()
    executor.leave_task()
    return state


async def _model_turn(
    executor: Executor, state: RunState[Any], plan: AgentPlan
) -> ProcessedResponse | None:
    """A new turn: the model call, its items recorded and announced.

    With a budget (loop/budget.py): checked before the call and after it; None when the
    run went over it and an error handler gave the final output.
    """
    meter = executor.env.budget
    timed = False
    if meter is not None:
        if meter.costed:  # max_cost_usd: the model must have a known price
            meter.check_model(model_name(plan.model))
        breach = meter.before_call()
        if breach is not None:
            await over_budget(executor, state, plan, breach)
            return None
        timed = meter._task is not None and meter.owner is executor.env
    if not state.agent_started:
        await executor.start_agent(state, plan.agent)
    state.begin_turn()
    if state._pending_input is not None:  # RunState.add_input() before a resume
        state.admit_pending_input()
    if timed:  # max_wall_seconds may cancel the call in flight (no wrapper coroutine)
        assert meter is not None
        meter._in_flight = meter._task
        try:
            response = await executor.call_model(state, plan)
        except BaseException as error:
            meter._in_flight = None
            if not timer_cancelled(meter, error):
                raise
            state.current_turn -= 1  # for a resume, the cancelled turn never happened
            await over_budget(executor, state, plan, wall_breach(meter))
            return None
        meter._in_flight = None
    else:
        response = await executor.call_model(state, plan)
    processed = classify_response(plan, response, executor.missing_ok)
    state.record(processed.new_items)
    if processed.missing_calls:
        processed.new_items += await executor.answer_missing(state, processed.missing_calls)
    executor.mark_server_sent(state)
    _announce(executor.env.sink, processed.new_items)
    state.awaiting_tools = bool(processed.tool_runs or processed.mcp_requests)
    if state.awaiting_tools:
        await executor.checkpoint(state)
    if meter is not None:
        breach = meter.after_response(
            response.usage, model_name(plan.model) if meter.costed else None
        )
        if meter.warns:
            await warn(executor, meter)
        if breach is not None:
            # The response is kept: a resume runs its tool calls (or takes its answer)
            # instead of calling the model again.
            if not state.awaiting_tools:
                state.awaiting_tools = True
                await executor.checkpoint(state)
            await over_budget(executor, state, plan, breach)
            return None
    return processed


async def _run_calls(
    executor: Executor, state: RunState[Any], plan: AgentPlan, processed: ProcessedResponse
) -> tuple[list[FunctionToolResult], list[ToolApprovalItem]] | None:
    """Answers the response's hosted MCP approval requests and runs its tool calls.

    Returns the tool results, and the calls waiting for a human (the run pauses); None
    when the run went over its budget and an error handler gave the final output.
    """
    sink = executor.env.sink
    results: list[FunctionToolResult] = []
    waiting: list[ToolApprovalItem] = []
    if processed.mcp_requests:  # rare: hosted MCP servers asking for approval
        # hosted MCP approval answers load only for agents with hosted MCP servers
        from runwright._loop.hosted_mcp import answer_mcp_requests

        answers, waiting = await answer_mcp_requests(
            executor.env, state, plan.agent, processed.mcp_requests
        )
        _announce(sink, answers)
    if processed.tool_runs:
        meter = executor.env.budget
        if meter is None:
            batch = await executor.run_tools(state, plan, processed.tool_runs)
        else:
            if state.budget_tools_turn != state.current_turn:  # not counted before a pause
                breach = meter.before_tools(len(processed.tool_runs))
                if breach is not None:
                    await over_budget(executor, state, plan, breach)
                    return None
                state.budget_tools_turn = state.current_turn
            if meter.warns:
                await warn(executor, meter)
            timed = meter._task is not None and meter.owner is executor.env
            if timed:
                meter._in_flight = meter._task
            try:
                batch = await executor.run_tools(state, plan, processed.tool_runs)
            except BaseException as error:
                meter._in_flight = None
                stopped = nested_stop(state, error)  # a nested run stopped on this budget
                if stopped is None and not (timed and timer_cancelled(meter, error)):
                    raise
                await over_budget(executor, state, plan, stopped or wall_breach(meter))
                return None
            meter._in_flight = None
        _announce(sink, batch.new_items)
        waiting = [*waiting, *batch.approvals]
        results = batch.results
    return results, waiting


def _announce(sink: Any, items: list[Any]) -> None:
    if sink.streaming:
        for item in items:
            sink.emit_item(item)
