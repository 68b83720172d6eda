"""Running one response's tool calls: approvals, guardrails, concurrency, recording.

A batch is resumable: calls whose outputs are already recorded on the state
(this turn) are not run again, and calls waiting for a human decision become
approval items while the rest of the batch goes ahead.
"""

from __future__ import annotations

import copy
import inspect
import json
import logging
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from runwright._agent.agent import Agent
from runwright._core.current import NestedInterruption
from runwright._core.items import (
    RunItem,
    ToolApprovalItem,
    ToolCallOutputItem,
    function_output_raw,
    tool_origin_of,
)
from runwright._core.lifecycle import notify_hooks
from runwright._loop.concurrency import at_most, gather_or_cancel
from runwright._loop.env import RunEnv
from runwright._loop.guarding import check_tool_input, check_tool_output
from runwright._loop.steps import AgentPlan, ToolRun
from runwright._state.run_state import RunState
from runwright._tools.context import ToolContext
from runwright._tools.function_tool import (
    FunctionTool,
    FunctionToolCustomDataContext,
    format_tool_error,
    tool_output_text,
)
from runwright._tools.native import NativeTool, apply_on_approval, maybe_await
from runwright._tools.output_parts import tool_output_for_model
from runwright._tools.use_behavior import FunctionToolResult

logger = logging.getLogger("runwright")

DEFAULT_REJECTION = "Tool execution was not approved."
"""What the model gets for a rejected call without a message (the SDK's words)."""


class ToolBatch:
    """What a batch produced: results of every call with an output, approvals pending."""

    __slots__ = ("results", "new_items", "approvals")

    def __init__(
        self,
        results: list[FunctionToolResult],
        new_items: list[RunItem],
        approvals: list[ToolApprovalItem],
    ) -> None:
        self.results = results
        self.new_items = new_items
        self.approvals = approvals


Checkpoint = Callable[[RunState[Any]], Awaitable[None]]


async def run_tool_batch(
    env: RunEnv,
    state: RunState[Any],
    plan: AgentPlan,
    runs: list[ToolRun],
    checkpoint: Checkpoint | None = None,
) -> ToolBatch:
    """Runs the calls of ``runs`` that have no output yet; records outputs in call order.

    With ``checkpoint`` (durable runs) the state is saved before the calls
    start and after each one finishes, so a crash re-runs only calls whose
    outputs were not saved — and pauses for a human on non-idempotent ones.
    """
    agent = plan.agent
    done = _recorded_outputs(state)
    approvals: list[ToolApprovalItem] = []  # then the nested runs' ones, in that order
    to_run: list[ToolRun] = []
    decided = state.completed_outputs
    for run in runs:
        call_id = run.call["call_id"]
        if call_id in done or call_id in decided:
            continue
        verdict = await _approval(env, state, run, agent)
        if verdict is None and _guards_before_approval(env, run):
            # ToolExecutionConfig(pre_approval_tool_input_guardrails=True): a call its input
            # guardrails reject is answered now, without asking a human.
            rejected = await _pre_approval_rejection(env, state, agent, run)
            if rejected is not None:
                state.record([rejected])
                done[call_id] = rejected
                continue
        if verdict is None:
            approvals.append(
                ToolApprovalItem(
                    agent, run.call, tool_name=run.tool.name, tool_origin=tool_origin_of(run.tool)
                )
            )
        elif verdict:
            to_run.append(run)
        else:
            decided[call_id] = await _rejection(env, agent, run)
    if approvals:  # before this batch's outputs, as in the SDK's new_items
        state.record_approvals(approvals)
    if to_run:
        state.agents_that_used_tools.add(agent.name)
        if checkpoint is not None:
            state.tools_started = _still_pending(state, approvals) + _call_ids(to_run)
            await checkpoint(state)
        if len(to_run) == 1:
            await _run_and_keep(env, state, agent, to_run[0], checkpoint, approvals)
        elif env.run_config.tool_execution is None:
            await gather_or_cancel(_calls(env, state, agent, to_run, checkpoint, approvals))
        else:
            limit = env.run_config.tool_execution.max_function_tool_concurrency
            calls = _calls(env, state, agent, to_run, checkpoint, approvals)
            await gather_or_cancel(calls if limit is None else at_most(limit, calls))
    return _collect(state, runs, done, approvals)


def _guards_before_approval(env: RunEnv, run: ToolRun) -> bool:
    config = env.run_config.tool_execution
    return (
        config is not None
        and config.pre_approval_tool_input_guardrails
        and bool(getattr(run.tool, "tool_input_guardrails", None))
    )


async def _pre_approval_rejection(
    env: RunEnv, state: RunState[Any], agent: Agent[Any], run: ToolRun
) -> ToolCallOutputItem | None:
    """The output for a call its input guardrails reject before approval, else None.

    Raises:
        ToolInputGuardrailTripwireTriggered: a guardrail asked to stop the run.
    """
    call = run.call
    ctx = ToolContext.for_call(
        env.context_wrapper,
        run.tool.name,
        call["call_id"],
        call.get("arguments") or "",
        tool_call=call,
        agent=agent,
        run_config=env.run_config,
    )
    message = await check_tool_input(state, run.tool, ctx, agent)
    if message is None:
        return None
    return ToolCallOutputItem(agent, function_output_raw(call["call_id"], message), message)


# No comprehensions in run_tool_batch itself: the locals they read would become
# cells, alive (and traversed by every GC pass) for as long as the calls run.


def _calls(
    env: RunEnv,
    state: RunState[Any],
    agent: Agent[Any],
    to_run: list[ToolRun],
    checkpoint: Checkpoint | None,
    nested: list[ToolApprovalItem],
) -> list[Coroutine[Any, Any, None]]:
    return [_run_and_keep(env, state, agent, run, checkpoint, nested) for run in to_run]


def _collect(
    state: RunState[Any],
    runs: list[ToolRun],
    done: dict[str, Any],
    approvals: list[ToolApprovalItem],
) -> ToolBatch:
    """Records the batch's outputs in call order; what the batch produced."""
    if _still_pending(state, approvals):
        new_items = _record_in_call_order(state, runs, done)
    else:
        new_items = _record_all(state, runs, done)
    # Interrupted calls still waiting for a human stay marked, or the next pass would run
    # them without asking (whatever the human then decides).
    if state._tools_started:
        state.tools_started = _still_pending(state, approvals)
    results = [
        FunctionToolResult(r.tool, done[r.call["call_id"]].output, done[r.call["call_id"]])
        for r in runs
        if r.call["call_id"] in done and not isinstance(r.tool, NativeTool)
    ]  # tool_use_behavior looks at function tools only, as in the SDK
    if state.agent_run_results:  # agents run as tools: their nested results
        for result in results:
            result.agent_run_result = state.agent_run_results.pop(
                result.run_item.raw_item["call_id"], None
            )
    return ToolBatch(results, new_items, approvals)


def _call_ids(runs: list[ToolRun]) -> list[str]:
    return [r.call["call_id"] for r in runs]


def _still_pending(state: RunState[Any], approvals: list[ToolApprovalItem]) -> list[str]:
    """Calls in flight at a crash whose approval is still pending."""
    if not approvals or state._tools_started is None:
        return []
    waiting = {item.raw_item["call_id"] for item in approvals}
    return [call_id for call_id in state.tools_started if call_id in waiting]


def _record_all(
    state: RunState[Any], runs: list[ToolRun], done: dict[str, ToolCallOutputItem]
) -> list[RunItem]:
    """Records every finished output of the batch (in call order among themselves).

    A call waiting for an ordinary approval gets its output later, after these, as in
    the OpenAI Agents SDK (whose programs print outputs in that order).
    """
    decided = state.completed_outputs
    ready: list[RunItem] = [
        decided[r.call["call_id"]] for r in runs if r.call["call_id"] in decided
    ]
    state.record(ready)
    done.update(decided)
    state.completed_outputs = {}
    return ready


def _record_in_call_order(
    state: RunState[Any], runs: list[ToolRun], done: dict[str, ToolCallOutputItem]
) -> list[RunItem]:
    """Records the finished outputs that follow, in call order, the ones already recorded.

    Used when a crash left a non-idempotent call waiting for a human: the outputs after
    it stay in ``state.completed_outputs`` until it is answered, so however the crash
    fell, the outputs end up in call order (they came back c1, c3, c2, c4 before).
    """
    decided = state.completed_outputs
    ready: list[RunItem] = []
    for run in runs:
        call_id = run.call["call_id"]
        if call_id in done:
            continue
        if call_id not in decided:
            break
        item = decided.pop(call_id)
        done[call_id] = item
        ready.append(item)
    state.record(ready)
    return ready


def _recorded_outputs(state: RunState[Any]) -> dict[str, ToolCallOutputItem]:
    return {
        item.raw_item["call_id"]: item
        for item in state.generated_items[state.turn_start_index :]
        if isinstance(item, ToolCallOutputItem)
    }


async def _approval(
    env: RunEnv, state: RunState[Any], run: ToolRun, agent: Agent[Any]
) -> bool | None:
    """True: run it; False: rejected; None: ask a human."""
    tool, call = run.tool, run.call
    interrupted = not tool.idempotent and call["call_id"] in state.tools_started
    if isinstance(tool, NativeTool):
        return await _native_approval(env, tool, call, agent, interrupted)
    if not interrupted and not await needs_approval(env, tool, call):
        return True
    return env.context_wrapper.is_tool_approved(tool.name, call["call_id"])


async def _native_approval(
    env: RunEnv, tool: NativeTool, call: Any, agent: Agent[Any], interrupted: bool
) -> bool | None:
    """As for function tools; a decision already made wins, and ``on_approval`` (when
    the tool has one) decides before a human is asked."""
    ctx, call_id = env.context_wrapper, call["call_id"]
    decided = ctx.is_tool_approved(tool.name, call_id)
    if decided is not None:
        return decided
    if not interrupted and not await _native_needs_approval(ctx, tool, call):
        return True
    handler = tool.approval_handler()
    if handler is not None:
        await apply_on_approval(handler, ctx, ToolApprovalItem(agent, call, tool_name=tool.name))
    return ctx.is_tool_approved(tool.name, call_id)


async def _native_needs_approval(ctx: Any, tool: NativeTool, call: Any) -> bool:
    rule = tool.approval_rule()
    if not callable(rule):
        return bool(rule)
    for subject in tool.approval_subjects(ctx, call):  # apply_patch: one per operation
        if await maybe_await(rule(ctx, subject, call["call_id"])):
            return True
    return False


async def needs_approval(env: RunEnv, tool: FunctionTool, call: Any) -> bool:
    """Whether the call needs a human decision. Fails closed when it cannot tell."""
    rule = tool.needs_approval
    if rule is False or rule is None:
        return False
    if rule is True or not callable(rule):
        return bool(rule)
    try:
        params = json.loads(call.get("arguments") or "{}")
    except ValueError:
        return True
    if not isinstance(params, dict):
        return True
    try:
        value = rule(env.context_wrapper, params, call["call_id"])
        if inspect.isawaitable(value):
            value = await value
    except Exception:
        return True
    return bool(value)


async def _rejection(env: RunEnv, agent: Agent[Any], run: ToolRun) -> ToolCallOutputItem:
    call_id = run.call["call_id"]
    wrapper = env.context_wrapper
    message = wrapper.rejection_message(run.tool.name, call_id)
    if message is None:
        message = await format_tool_error(
            env.run_config, "approval_rejected", run.tool.name, call_id, DEFAULT_REJECTION, wrapper
        )
    if isinstance(run.tool, NativeTool):
        return ToolCallOutputItem(agent, run.tool.rejected(run.call, message), message)
    return ToolCallOutputItem(agent, function_output_raw(call_id, message), message)


async def _run_and_keep(
    env: RunEnv,
    state: RunState[Any],
    agent: Agent[Any],
    run: ToolRun,
    checkpoint: Checkpoint | None,
    nested: list[ToolApprovalItem],
) -> None:
    """Runs one call (hooks, guardrails, span) and keeps its output on the state."""
    tool, call, wrapper = run.tool, run.call, env.context_wrapper
    call_id = call["call_id"]
    native = isinstance(tool, NativeTool)
    arguments = (
        tool.call_input(call) if isinstance(tool, NativeTool) else call.get("arguments") or ""
    )
    ctx = ToolContext.for_call(
        wrapper,
        tool.name,
        call_id,
        arguments,
        tool_call=call,
        agent=agent,
        run_config=env.run_config,
    )
    if env.hooks is not None or agent.hooks is not None:
        await notify_hooks(env.hooks, agent, "on_tool_start", ctx, tool)
    invoke = _perform if native else _invoke
    try:
        if env.tracing:
            span_name = getattr(tool, "trace_name", tool.name)
            with _function_span()(span_name, input=arguments) as span:
                text, output = await invoke(state, tool, ctx, agent, arguments)
                _span_output(span, text, output)
        else:
            text, output = await invoke(state, tool, ctx, agent, arguments)
    except NestedInterruption as pause:
        nested.extend(pause.approvals)  # the call stays pending; its nested state is parked
        return
    if env.hooks is not None or agent.hooks is not None:
        await notify_hooks(env.hooks, agent, "on_tool_end", ctx, tool, output)
    raw = text if native else function_output_raw(call_id, text)
    item = ToolCallOutputItem(agent, raw, output, tool_origin_of(tool))  # type: ignore[arg-type]
    if getattr(tool, "custom_data_extractor", None) is not None:
        item.custom_data = await _custom_data(tool, ctx, call, item)
    state.completed_outputs[call_id] = item
    if checkpoint is not None:
        await checkpoint(state)


async def _invoke(
    state: RunState[Any],
    tool: FunctionTool,
    ctx: ToolContext[Any],
    agent: Agent[Any],
    arguments: str,
) -> tuple[str | list[dict[str, Any]], Any]:
    if tool.tool_input_guardrails:
        rejection = await check_tool_input(state, tool, ctx, agent)
        if rejection is not None:
            return rejection, rejection
    output = await tool.invoke(ctx, arguments)
    if tool.tool_output_guardrails:
        output = await check_tool_output(state, tool, ctx, agent, output)
    return tool_output_for_model(output), output


async def _perform(
    state: RunState[Any], tool: Any, ctx: ToolContext[Any], agent: Agent[Any], arguments: str
) -> tuple[Any, Any]:
    """A shell/apply_patch/computer/custom call: its output item and output value."""
    return await tool.perform(ctx, ctx.tool_call)  # type: ignore[no-any-return]


def _span_output(span: Any, text: Any, output: Any) -> None:
    if isinstance(text, dict):  # a native tool's output item: the span shows its output
        span.span_data.output = output if isinstance(output, str) else tool_output_text(output)
        if text.get("status") == "failed":
            span.set_error({"message": "Error running tool", "data": {"error": str(output)}})
        return
    span.span_data.output = text if isinstance(text, str) else tool_output_text(text)


async def _custom_data(tool: Any, ctx: ToolContext[Any], call: Any, item: Any) -> Any:
    """What the tool's custom_data_extractor returns for this output (None when it fails)."""
    raw = copy.deepcopy(dict(item.raw_item))
    if isinstance(tool, NativeTool):
        data = tool.custom_data_context(ctx, call, raw, item.output)  # type: ignore[attr-defined]
    else:
        data = FunctionToolCustomDataContext(ctx, tool, item.output, raw)
    try:
        return await maybe_await(tool.custom_data_extractor(data))
    except Exception:
        logger.exception("custom_data_extractor of tool %r failed", tool.name)
        return None


_span_factory: Any = None


def _function_span() -> Any:
    """tracing.function_span, imported once on first use (tracing stays out of import time)."""
    global _span_factory
    if _span_factory is None:
        # tracing loads with the first traced run, not with `import runwright`
        from runwright._tracing.create import function_span

        _span_factory = function_span
    return _span_factory
