"""The Agents SDK's ``agents.mcp.util`` names: tool filters and MCPUtil."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from runwright._core.exceptions import UserError
from runwright._mcp.base import MCPServer, MCPToolMetaContext
from runwright._mcp.tools import (
    ToolOptions,
    collect_tools,
    function_tool_for,
    invoke,
)
from runwright._tools.function_tool import default_tool_error_function

if TYPE_CHECKING:
    from runwright._tools.function_tool import FunctionTool


MCPToolMetaResolver = Callable[[MCPToolMetaContext], Any]
"""``resolver(context) -> dict | None`` (sync or async): the ``_meta`` of a tool call."""


def _options(strict: bool, failure: Any, include_server: bool = False) -> ToolOptions:
    return ToolOptions(
        strict=strict, failure_error_function=failure, include_server_in_tool_names=include_server
    )


def _reserved(names: Any) -> set[str]:
    if names is None:
        return set()
    if isinstance(names, str) or not all(isinstance(n, str) for n in names):
        raise UserError(f"reserved_tool_names must be a set of tool names, got {names!r}.")
    return set(names)


class MCPUtil:
    """MCP servers' tools as function tools: what a run does with ``mcp_servers`` each turn.

    ``failure_error_function`` is the fallback for servers that set none
    (a server's own ``failure_error_function`` wins), as in a run.
    """

    @classmethod
    async def get_all_function_tools(
        cls,
        servers: list[MCPServer],
        convert_schemas_to_strict: bool,
        run_context: Any,
        agent: Any,
        failure_error_function: Any = default_tool_error_function,
        include_server_in_tool_names: bool = False,
        reserved_tool_names: set[str] | None = None,
    ) -> list[FunctionTool]:
        """The tools of all ``servers`` for ``agent``.

        With ``include_server_in_tool_names`` each is named ``mcp_<server>__<tool>``
        (a hash suffix keeps names unique, within 64 characters, and out of
        ``reserved_tool_names``). UserError when two servers offer one name.
        """
        options = _options(
            convert_schemas_to_strict, failure_error_function, include_server_in_tool_names
        )
        return await collect_tools(
            servers, options, run_context, agent, _reserved(reserved_tool_names)
        )

    @classmethod
    async def get_function_tools(
        cls,
        server: MCPServer,
        convert_schemas_to_strict: bool,
        run_context: Any,
        agent: Any,
        failure_error_function: Any = default_tool_error_function,
        include_server_in_tool_names: bool = False,
        tool_name_override: Callable[[Any], str] | None = None,
        reserved_tool_names: set[str] | None = None,
        server_index: int = 0,
    ) -> list[FunctionTool]:
        """The tools of one server for ``agent``.

        ``tool_name_override(mcp_tool) -> str`` names each tool (it wins over
        ``include_server_in_tool_names``); ``server_index`` is the server's place
        among the agent's servers (it only orders prefixed names).
        """
        if tool_name_override is not None and not callable(tool_name_override):
            raise UserError("tool_name_override must be a callable taking the MCP tool.")
        options = _options(
            convert_schemas_to_strict, failure_error_function, include_server_in_tool_names
        )
        return await collect_tools(
            [server],
            options,
            run_context,
            agent,
            _reserved(reserved_tool_names),
            name_of=tool_name_override,
            first_index=server_index,
        )

    @classmethod
    def to_function_tool(
        cls,
        tool: Any,
        server: MCPServer,
        convert_schemas_to_strict: bool,
        agent: Any = None,
        failure_error_function: Any = default_tool_error_function,
        tool_name_override: str | None = None,
    ) -> FunctionTool:
        """One MCP tool (``mcp.types.Tool``) of ``server`` as a function tool.

        ``tool_name_override``: the name the model sees (default: the tool's own).
        """
        if not isinstance(server, MCPServer):
            raise UserError(f"to_function_tool needs an MCP server, got {server!r}.")
        if not isinstance(getattr(tool, "name", None), str):
            raise UserError(f"to_function_tool needs an MCP tool (mcp.types.Tool), got {tool!r}.")
        options = _options(convert_schemas_to_strict, failure_error_function)
        return function_tool_for(server, tool, options, tool_name_override)

    @classmethod
    async def invoke_mcp_tool(
        cls,
        server: MCPServer,
        tool: Any,
        context: Any,
        input_json: str,
        *,
        meta: dict[str, Any] | None = None,
        tool_display_name: str | None = None,
    ) -> Any:
        """Calls ``tool`` on ``server`` with the model's JSON input; returns the tool output.

        ``meta`` is merged over the server's ``tool_meta_resolver`` result.
        Raises ModelBehaviorError for input that is not a JSON object, and
        MCPToolError (or the MCP connection errors) when the call fails.
        """
        name = getattr(tool, "name", None)
        if not isinstance(name, str):
            raise UserError(f"invoke_mcp_tool needs an MCP tool (mcp.types.Tool), got {tool!r}.")
        return await invoke(server, name, context, input_json, meta, tool_display_name)
