"""The Agents SDK's ``agents.mcp.util`` names: tool filters and MCPUtil."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from runwright._mcp.base import _UNSET, MCPToolMetaContext
from runwright._mcp.tools import ToolOptions, collect_tools

if TYPE_CHECKING:
    from runwright._mcp.base import MCPServer
    from runwright._tools.function_tool import FunctionTool


MCPToolMetaResolver = Callable[[MCPToolMetaContext], Any]
"""``resolver(context) -> dict | None`` (sync or async): the ``_meta`` of a tool call."""

_DEFAULT: Any = object()


class MCPUtil:
    """Lists MCP servers' tools as function tools (what a run does each turn)."""

    @classmethod
    async def get_all_function_tools(
        cls,
        servers: list[MCPServer],
        convert_schemas_to_strict: bool,
        run_context: Any,
        agent: Any,
        failure_error_function: Any = _DEFAULT,
        include_server_in_tool_names: bool = False,
    ) -> list[FunctionTool]:
        """The tools of all ``servers`` for ``agent``; UserError on a name offered twice."""
        options = ToolOptions(
            strict=convert_schemas_to_strict,
            failure_error_function=(
                _UNSET if failure_error_function is _DEFAULT else failure_error_function
            ),
            include_server_in_tool_names=include_server_in_tool_names,
        )
        return await collect_tools(servers, options, run_context, agent)

    @classmethod
    async def get_function_tools(
        cls,
        server: MCPServer,
        convert_schemas_to_strict: bool,
        run_context: Any,
        agent: Any,
        failure_error_function: Any = _DEFAULT,
    ) -> list[FunctionTool]:
        """The tools of one server for ``agent``."""
        return await cls.get_all_function_tools(
            [server], convert_schemas_to_strict, run_context, agent, failure_error_function
        )
