"""Checks of an agent's tool set that only the Responses API needs (tool search and
programmatic calling), with the OpenAI Agents SDK's error messages."""

from __future__ import annotations

from typing import Any

from runwright._core.exceptions import UserError
from runwright._tools.function_tool import FunctionTool
from runwright._tools.hosted import (
    CodeInterpreterTool,
    HostedMCPTool,
    ProgrammaticToolCallingTool,
    ToolSearchTool,
    _plain,
)


def check_responses_tools(tools: list[Any], tool_choice: Any, opaque_surface: bool) -> None:
    """Raises UserError for a tool set the Responses API would refuse or could not use.

    ``opaque_surface``: a stored prompt may bring tools of its own (searchable or
    programmatic), so their absence here is not an error.
    """
    _check_tool_search(tools, opaque_surface)
    _check_programmatic(tools, tool_choice, opaque_surface)


def _config(tool: Any) -> dict[str, Any]:
    config = _plain(getattr(tool, "tool_config", None))
    return config if isinstance(config, dict) else {}


def _deferred(tool: Any) -> bool:
    if isinstance(tool, FunctionTool):
        return tool.defer_loading
    if isinstance(tool, HostedMCPTool):
        return bool(_config(tool).get("defer_loading"))
    return False


def _searchable(tool: Any) -> bool:
    return _deferred(tool) or (isinstance(tool, FunctionTool) and "namespace" in tool._extra)


def _check_tool_search(tools: list[Any], opaque_surface: bool) -> None:
    searches = sum(isinstance(t, ToolSearchTool) for t in tools)
    if searches > 1:
        raise UserError("Only one ToolSearchTool() is allowed when using OpenAI Responses models.")
    if searches == 0 and any(_deferred(t) for t in tools):
        raise UserError(
            "Deferred-loading Responses tools require ToolSearchTool() when using OpenAI "
            "Responses models."
        )
    if searches and not opaque_surface and not any(_searchable(t) for t in tools):
        raise UserError(
            "ToolSearchTool() requires at least one searchable Responses surface: a "
            "tool_namespace(...) function tool, a deferred-loading function tool "
            "(`function_tool(..., defer_loading=True)`), or a deferred-loading hosted MCP "
            "server (`HostedMCPTool(tool_config={..., 'defer_loading': True})`)."
        )


def _callers(tool: Any) -> Any:
    if isinstance(tool, (HostedMCPTool, CodeInterpreterTool)):
        return _config(tool).get("allowed_callers")
    return getattr(tool, "allowed_callers", None)


def _display_name(tool: Any) -> str:
    if isinstance(tool, HostedMCPTool):
        return f"hosted MCP server `{_config(tool).get('server_label', 'unknown')}`"
    namespace = tool._extra.get("namespace") if isinstance(tool, FunctionTool) else None
    name = str(getattr(tool, "name", type(tool).__name__))
    return f"{namespace[0]}.{name}" if namespace else name


def _check_programmatic(tools: list[Any], tool_choice: Any, opaque_surface: bool) -> None:
    programmatic = sum(isinstance(t, ProgrammaticToolCallingTool) for t in tools)
    if programmatic > 1:
        raise UserError(
            "Only one ProgrammaticToolCallingTool() is allowed when using OpenAI Responses models."
        )
    if tool_choice == "programmatic_tool_calling" and not programmatic:
        raise UserError(
            "tool_choice='programmatic_tool_calling' requires ProgrammaticToolCallingTool() "
            "when using OpenAI Responses models."
        )
    eligible = 0
    for tool in tools:
        callers = _callers(tool)
        if not callers or "programmatic" not in callers:
            continue
        eligible += 1
        if "direct" not in callers and not programmatic:
            raise UserError(
                f"Tool `{_display_name(tool)}` only allows programmatic callers and requires "
                "ProgrammaticToolCallingTool() when using OpenAI Responses models."
            )
    searches = any(isinstance(t, ToolSearchTool) for t in tools)
    if programmatic and not eligible and not searches and not opaque_surface:
        raise UserError(
            "ProgrammaticToolCallingTool() requires at least one tool whose allowed_callers "
            "includes 'programmatic', a ToolSearchTool(), or an opaque prompt-managed tool "
            "surface."
        )
