"""An agent used as a tool of another agent: a nested run inside the caller's run.

The nested run shares the caller's context and run config; its usage adds to
the caller's; when the caller streams, the nested run's item and raw events
are forwarded into the caller's stream (and to ``on_stream`` when given); and
when the nested run pauses for approvals, the caller's run pauses with those
approvals and resumes the nested run when it is resumed.
"""

from __future__ import annotations

import inspect
import json
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from runwright._core.current import NestedInterruption, current_run
from runwright._core.events import AgentUpdatedStreamEvent, RawResponsesStreamEvent
from runwright._core.exceptions import BudgetExceeded, BudgetStop, ModelBehaviorError, UserError
from runwright._core.items import ItemHelpers, MessageOutputItem, ToolCallOutputItem
from runwright._core.names import function_style_name
from runwright._loop.result import AgentToolInvocation
from runwright._loop.runner import get_default_agent_runner
from runwright._tools.context import ToolContext
from runwright._tools.function_tool import FunctionTool

if TYPE_CHECKING:
    from runwright._agent.agent import Agent, AgentToolStreamEvent
    from runwright._core.config import RunConfig
    from runwright._core.lifecycle import RunHooks
    from runwright._loop.env import RunEnv
    from runwright._loop.result import RunResult, RunResultStreaming
    from runwright._state.run_state import RunState

logger = logging.getLogger("runwright")

# The schema the model sees for an agent tool's text input: the SDK's, key for key.
_SCHEMA: dict[str, Any] = {
    "description": "Default input schema for agent-as-tool calls.",
    "properties": {"input": {"title": "Input", "type": "string"}},
    "required": ["input"],
    "title": "AgentAsToolInput",
    "type": "object",
    "additionalProperties": False,
}


@dataclass(frozen=True)
class AgentToolOptions:
    """How each call of an agent tool runs its nested run."""

    custom_output_extractor: Callable[[RunResult], Awaitable[str] | str] | None = None
    on_stream: Callable[[AgentToolStreamEvent], Any] | None = None
    run_config: RunConfig | None = None
    max_turns: int | None = None
    hooks: RunHooks[Any] | None = None
    previous_response_id: str | None = None
    conversation_id: str | None = None
    session: Any = None
    input_builder: Callable[..., Any] | None = None
    on_stream_max_pending_events: int | None = 1024
    """Events the nested run may queue while ``on_stream`` is busy (None: no limit)."""


class AgentToolStreamOverflow(RuntimeError):
    """An agent tool's ``on_stream`` fell too far behind its nested run: the run is
    cancelled and the tool fails (through its failure_error_function)."""


def agent_as_tool(
    agent: Agent[Any],
    options: AgentToolOptions,
    *,
    tool_name: str | None,
    tool_description: str | None,
    is_enabled: Any,
    needs_approval: Any,
    failure_error_function: Any,
    parameters: type[Any] | None,
    include_input_schema: bool,
) -> FunctionTool:
    """A FunctionTool running ``agent`` in a nested run on the caller's context."""
    structured = None
    schema = _SCHEMA
    if parameters is not None:
        # pydantic loads only for agent tools with structured input
        from runwright._agent.agent_tool_input import StructuredInput

        structured = StructuredInput(parameters, include_input_schema, options.input_builder)
        schema = structured.schema
    elif options.input_builder is not None:
        # pydantic loads only for agent tools with structured input
        from runwright._agent.agent_tool_input import StructuredInput

        structured = StructuredInput(None, False, options.input_builder)
    name = tool_name or function_style_name(agent.name)

    async def invoke(ctx: ToolContext[Any], arguments: str) -> Any:
        if structured is not None:
            tool_input, run_input = await structured.resolve(name, arguments)
        else:
            tool_input, run_input = None, _text_input(arguments)
        return await _run_nested(agent, options, ctx, run_input, tool_input)

    tool = FunctionTool(
        name=name,
        description=tool_description or "",  # as in the SDK: no description unless given
        params_json_schema=schema,
        on_invoke_tool=invoke,
        is_enabled=is_enabled,
        needs_approval=needs_approval,
        failure_error_function=failure_error_function,
    )
    tool._extra["agent"] = agent  # lets RunState resolve the nested agent by name
    return tool


async def _run_nested(
    agent: Agent[Any],
    options: AgentToolOptions,
    ctx: ToolContext[Any],
    run_input: Any,
    tool_input: Any,
) -> Any:
    parent = current_run.get()
    kwargs = _run_kwargs(options, ctx, parent, tool_input)
    run_input = _resume_or(parent, ctx, run_input)
    runner = get_default_agent_runner()
    forward = parent is not None and parent[0].sink.streaming
    try:
        if forward or options.on_stream is not None:
            streamed = runner.run_streamed(agent, run_input, **kwargs)
            await _consume(streamed, parent[0] if forward and parent else None, options, ctx)
            result: Any = streamed
        else:
            result = await runner.run(agent, run_input, **kwargs)
    except BudgetExceeded as over:
        if parent is None or not _counts_for(parent[0].budget, over):
            raise  # the nested run's own budget: the tool call fails
        # The caller's budget ran out in here: park this run for the caller's resume
        # and stop the caller too (past this tool's failure handling).
        if over.run_state is not None:
            parent[1].nested_states[ctx.tool_call_id] = over.run_state
        raise BudgetStop(over) from None
    if result.interruptions:
        if parent is None:
            raise UserError("An agent tool paused for approval outside of a run.")
        parent[1].nested_states[ctx.tool_call_id] = result.to_state()
        raise NestedInterruption(list(result.interruptions))
    ctx.usage.add(result.context_wrapper.usage)
    result._agent_tool_invocation = AgentToolInvocation(
        ctx.tool_name, ctx.tool_call_id, ctx.tool_arguments
    )
    if parent is not None:  # FunctionToolResult.agent_run_result of this call
        results = parent[1].agent_run_results
        if results is None:
            results = parent[1].agent_run_results = {}
        results[ctx.tool_call_id] = result
    if options.custom_output_extractor is not None:
        out = options.custom_output_extractor(result)
        return await out if inspect.isawaitable(out) else out
    return _output(result)


def _counts_for(meter: Any, error: BudgetExceeded) -> bool:
    """Whether ``error`` is a breach of ``meter`` (the caller's) or of a meter above it."""
    while meter is not None:
        if error._meter is meter:
            return True
        meter = meter.parent
    return False


def _run_kwargs(
    options: AgentToolOptions,
    ctx: ToolContext[Any],
    parent: tuple[RunEnv, RunState[Any]] | None,
    tool_input: Any,
) -> dict[str, Any]:
    kwargs: dict[str, Any] = {"context": ctx.context}
    if options.max_turns is not None:
        kwargs["max_turns"] = options.max_turns
    run_config = options.run_config or (parent[0].run_config if parent is not None else None)
    if run_config is not None:
        kwargs["run_config"] = run_config
    for key in ("hooks", "previous_response_id", "conversation_id", "session"):
        value = getattr(options, key)
        if value is not None:
            kwargs[key] = value
    if tool_input is not None:
        kwargs["tool_input"] = tool_input
    return kwargs


def _resume_or(
    parent: tuple[RunEnv, RunState[Any]] | None, ctx: ToolContext[Any], run_input: Any
) -> Any:
    """A parked nested state to resume (with the caller's approval decisions), or the input."""
    if parent is not None:
        saved = parent[1].nested_states.pop(ctx.tool_call_id, None)
        if saved is not None:
            saved.context_wrapper._approvals.update(ctx._approvals)
            return saved
    return run_input


def _text_input(arguments: str) -> str:
    try:
        data = json.loads(arguments or "{}")
    except ValueError:
        return arguments
    if isinstance(data, dict):
        text = data.get("input")
        if not isinstance(text, str):
            raise ModelBehaviorError(f"Agent tool arguments need an 'input' string, got {data!r}.")
        return text
    return str(data)


def _output(result: RunResult | RunResultStreaming) -> Any:
    """The final output; when empty, the last non-empty message or tool output (unless
    output guardrails ran: they approved the final output itself)."""
    final = result.final_output
    if (final is not None and final != "") or result.output_guardrail_results:
        return final
    for item in reversed(result.new_items):
        if isinstance(item, MessageOutputItem):
            text = ItemHelpers.text_message_output(item)
            if text:
                return text
        if isinstance(item, ToolCallOutputItem) and isinstance(item.output, str) and item.output:
            return item.output
    return final


async def _consume(
    streamed: RunResultStreaming,
    parent: RunEnv | None,
    options: AgentToolOptions,
    ctx: ToolContext[Any],
) -> None:
    """Drains the nested stream: into the caller's stream and/or the on_stream callback.

    Raises:
        AgentToolStreamOverflow: more than ``on_stream_max_pending_events`` events
            waited while ``on_stream`` handled one (the nested run is cancelled).
    """
    on_stream, limit = options.on_stream, options.on_stream_max_pending_events
    current = streamed.current_agent
    async for event in streamed:
        if isinstance(event, AgentUpdatedStreamEvent):
            current = event.new_agent
        if on_stream is not None:
            await _notify(on_stream, {"event": event, "agent": current, "tool_call": ctx.tool_call})
            queue = streamed._queue
            if limit is not None and queue is not None and queue.pending() > limit:
                streamed.cancel()
                raise AgentToolStreamOverflow(
                    f"The on_stream callback of agent tool {ctx.tool_name!r} fell "
                    f"{queue.pending()} events behind its nested run (limit "
                    f"on_stream_max_pending_events={limit}); the nested run was stopped. "
                    "Make the callback faster, raise the limit, or pass None."
                )
        if parent is None or isinstance(event, AgentUpdatedStreamEvent):
            continue  # the caller's current agent has not changed
        if isinstance(event, RawResponsesStreamEvent):
            event = RawResponsesStreamEvent(event.data, agent=current)
        parent.sink.emit(event)


async def _notify(on_stream: Callable[[AgentToolStreamEvent], Any], payload: Any) -> None:
    try:
        value = on_stream(payload)
        if inspect.isawaitable(value):
            await value
    except Exception:  # a faulty observer must not fail the tool call
        logger.exception("Agent tool on_stream callback failed")
