"""Tool filters: which of a server's tools an agent is offered."""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypedDict, Union

from typing_extensions import NotRequired

from runwright._core.exceptions import UserError

if TYPE_CHECKING:
    from runwright._agent.agent import Agent
    from runwright._core.context import RunContextWrapper


@dataclass
class ToolFilterContext:
    """What a callable tool filter is given besides the tool."""

    run_context: RunContextWrapper[Any]
    """The run's context."""
    agent: Agent[Any]
    """The agent the tools are listed for."""
    server_name: str
    """The name of the MCP server offering the tool."""


class ToolFilterStatic(TypedDict):
    """A fixed filter: an allow list and/or a block list of tool names."""

    allowed_tool_names: NotRequired[list[str]]
    blocked_tool_names: NotRequired[list[str]]


ToolFilterCallable = Callable[[ToolFilterContext, Any], Union[bool, Awaitable[bool]]]
"""``filter(context, tool) -> bool`` (sync or async): True keeps the tool."""

ToolFilter = Union[ToolFilterCallable, ToolFilterStatic, None]


def create_static_tool_filter(
    allowed_tool_names: list[str] | None = None,
    blocked_tool_names: list[str] | None = None,
) -> ToolFilterStatic | None:
    """A static filter from allow/block lists; ``None`` when both are ``None``."""
    if allowed_tool_names is None and blocked_tool_names is None:
        return None
    result: ToolFilterStatic = {}
    if allowed_tool_names is not None:
        result["allowed_tool_names"] = list(allowed_tool_names)
    if blocked_tool_names is not None:
        result["blocked_tool_names"] = list(blocked_tool_names)
    return result


def check_filter(tool_filter: Any, server_name: str) -> None:
    """Raises UserError for something that is neither a static filter nor callable."""
    if tool_filter is None or callable(tool_filter):
        return
    if not isinstance(tool_filter, dict) or set(tool_filter) - {
        "allowed_tool_names",
        "blocked_tool_names",
    }:
        raise UserError(
            f"MCP server {server_name!r}: tool_filter must be create_static_tool_filter(...), a "
            f"dict with allowed_tool_names/blocked_tool_names, or a callable; got {tool_filter!r}."
        )


def apply_static(tool_filter: ToolFilterStatic, tools: Iterable[Any]) -> list[Any]:
    """The tools an allow/block list keeps."""
    allowed = tool_filter.get("allowed_tool_names")
    blocked = set(tool_filter.get("blocked_tool_names") or ())
    allowed_set = None if allowed is None else set(allowed)
    return [
        t for t in tools if (allowed_set is None or t.name in allowed_set) and t.name not in blocked
    ]


async def apply_callable(
    tool_filter: ToolFilterCallable, context: ToolFilterContext, tools: Iterable[Any]
) -> list[Any]:
    """The tools a callable filter keeps. A filter that raises drops that tool (fails closed)."""
    kept = []
    for tool in tools:
        try:
            verdict = tool_filter(context, tool)
            if inspect.isawaitable(verdict):
                verdict = await verdict
        except Exception:
            import logging

            logging.getLogger("runwright.mcp").exception(
                "Tool filter of MCP server %r failed for tool %r; the tool is left out.",
                context.server_name,
                tool.name,
            )
            continue
        if verdict:
            kept.append(tool)
    return kept
