"""An agent used as a tool of another agent."""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from .tools.context import ToolContext
from .tools.function_tool import FunctionTool

if TYPE_CHECKING:
    from .agent import Agent
    from .result import RunResult

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
        import json

        from .runner import Runner

        data = json.loads(arguments or "{}")
        text = data.get("input", "") if isinstance(data, dict) else str(data)
        kwargs: dict[str, Any] = {"context": ctx.context}
        if max_turns is not None:
            kwargs["max_turns"] = max_turns
        result = await Runner.run(agent, str(text), **kwargs)
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
