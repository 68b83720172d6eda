"""An agent used as a tool of another agent: a nested run inside the caller's run.

The nested run shares the caller's context and run config; its usage adds to
the caller's; when the caller streams, the nested run's item and raw events
are forwarded into the caller's stream; and when the nested run pauses for
approvals, the caller's run pauses with those approvals and resumes the
nested run when it is resumed.
"""

from __future__ import annotations

import inspect
import json
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from .tools.context import ToolContext
from .tools.function_tool import FunctionTool

if TYPE_CHECKING:
    from .agent import Agent
    from .loop.env import RunEnv
    from .result import RunResult, RunResultStreaming
    from .state import RunState

_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {"input": {"type": "string", "description": "The input for the agent."}},
    "required": ["input"],
    "additionalProperties": False,
}


def agent_as_tool(
    agent: Agent[Any],
    *,
    tool_name: str | None,
    tool_description: str | None,
    custom_output_extractor: Callable[[RunResult], Awaitable[str] | str] | None,
    max_turns: int | None,
    is_enabled: Any,
    needs_approval: Any,
) -> FunctionTool:
    """A FunctionTool running ``agent`` in a nested run on the caller's context."""
    from .handoffs import default_tool_name

    name = tool_name or default_tool_name(agent.name).replace("transfer_to_", "", 1)

    async def invoke(ctx: ToolContext[Any], arguments: str) -> Any:
        from .loop.current import NestedInterruption, current_run
        from .runner import Runner

        parent = current_run.get()
        kwargs: dict[str, Any] = {"context": ctx.context}
        if max_turns is not None:
            kwargs["max_turns"] = max_turns
        if parent is not None:
            kwargs["run_config"] = parent[0].run_config
        run_input = _nested_input(parent, ctx, arguments)
        if parent is not None and parent[0].sink.streaming:
            streamed = Runner.run_streamed(agent, run_input, **kwargs)
            await _forward(streamed, parent[0])
            result: Any = streamed
        else:
            result = await Runner.run(agent, run_input, **kwargs)
        if result.interruptions:
            if parent is None:
                raise RuntimeError("an agent tool paused for approval outside of a run")
            parent[1].nested_states[ctx.tool_call_id] = result.to_state()
            raise NestedInterruption(list(result.interruptions))
        ctx.usage.add(result.context_wrapper.usage)
        if custom_output_extractor is not None:
            out = custom_output_extractor(result)
            return await out if inspect.isawaitable(out) else out
        return result.final_output

    tool = FunctionTool(
        name=name,
        description=tool_description or agent.handoff_description or f"Run the {agent.name} agent.",
        params_json_schema=_SCHEMA,
        on_invoke_tool=invoke,
        is_enabled=is_enabled,
        needs_approval=needs_approval,
    )
    tool._extra["agent"] = agent  # lets RunState resolve the nested agent by name
    return tool


def _nested_input(
    parent: tuple[RunEnv, RunState[Any]] | None, ctx: ToolContext[Any], arguments: str
) -> Any:
    """A parked nested state to resume (with the caller's approval decisions), or the text."""
    if parent is not None:
        saved = parent[1].nested_states.pop(ctx.tool_call_id, None)
        if saved is not None:
            saved.context_wrapper._approvals.update(ctx._approvals)
            return saved
    try:
        data = json.loads(arguments or "{}")
    except ValueError:
        data = {"input": arguments}
    text = data.get("input", "") if isinstance(data, dict) else data
    return str(text)


async def _forward(streamed: RunResultStreaming, parent: RunEnv) -> None:
    from .events import AgentUpdatedStreamEvent, RawResponsesStreamEvent

    async for event in streamed:
        if isinstance(event, AgentUpdatedStreamEvent):
            continue  # the caller's current agent has not changed
        if isinstance(event, RawResponsesStreamEvent):
            event = RawResponsesStreamEvent(event.data, agent=streamed.current_agent)
        parent.sink.emit(event)
