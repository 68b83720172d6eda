"""MCP tools as function tools: listing per turn, calling, and turning results into outputs."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from runwright._core.current import current_run
from runwright._core.exceptions import AgentsException, ModelBehaviorError, UserError
from runwright._core.strict_schema import ensure_strict_json_schema
from runwright._mcp.approval import ApprovalPolicy, ask_policy
from runwright._mcp.base import _UNSET, MCPServer
from runwright._tools.function_tool import FunctionTool, default_tool_error_function
from runwright._tracing.create import mcp_tools_span

if TYPE_CHECKING:
    from runwright._agent.agent import AgentBase
    from runwright._core.context import RunContextWrapper
    from runwright._tools.context import ToolContext


class MCPToolError(AgentsException):
    """An MCP tool answered with an error result (``isError``)."""


@dataclass(frozen=True)
class ToolOptions:
    """How an agent turns its servers' tools into function tools (``mcp_config``)."""

    strict: bool = False
    failure_error_function: Any = _UNSET
    """The agent-level fallback when a server sets none; ``_UNSET``: the default."""
    include_server_in_tool_names: bool = False


def options_of(agent: Any) -> ToolOptions:
    """The ToolOptions of an agent's ``mcp_config``."""
    config = getattr(agent, "mcp_config", None) or {}
    return ToolOptions(
        strict=bool(config.get("convert_schemas_to_strict", False)),
        failure_error_function=config.get("failure_error_function", _UNSET),
        include_server_in_tool_names=bool(config.get("include_server_in_tool_names", False)),
    )


async def mcp_function_tools(
    agent: AgentBase[Any], run_context: RunContextWrapper[Any]
) -> list[FunctionTool]:
    """The tools of ``agent.mcp_servers`` for one turn, as function tools.

    Raises:
        UserError: two servers offer a tool with the same name, or an entry of
            ``mcp_servers`` is not an MCP server.
    """
    return await collect_tools(agent.mcp_servers, options_of(agent), run_context, agent)


async def collect_tools(
    servers: list[Any], options: ToolOptions, run_context: Any, agent: Any
) -> list[FunctionTool]:
    """The tools of ``servers`` for ``agent`` (see :func:`mcp_function_tools`)."""
    owners: dict[str, MCPServer] = {}
    tools: list[FunctionTool] = []
    agent_name = getattr(agent, "name", None)
    for server in servers:
        if not isinstance(server, MCPServer):
            raise UserError(
                f"Agent {agent_name!r}: mcp_servers must hold MCP servers "
                f"(MCPServerStdio, MCPServerStreamableHttp, MCPServerSse), got {server!r}."
            )
        for mcp_tool in await _listed(server, run_context, agent):
            name = mcp_tool.name
            if options.include_server_in_tool_names:
                name = _prefixed(server.name, name)
            other = owners.get(name)
            if other is not None:
                raise UserError(
                    f"Agent {agent_name!r}: MCP servers {other.name!r} and {server.name!r} "
                    f"both offer a tool named {name!r}. Leave it out of one with "
                    "tool_filter=create_static_tool_filter(blocked_tool_names=[...]), or set "
                    "mcp_config={'include_server_in_tool_names': True} on the agent."
                )
            owners[name] = server
            tools.append(function_tool_for(server, mcp_tool, options, name))
    return tools


def _prefixed(server_name: str, tool_name: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9_-]+", "_", server_name).strip("_") or "server"
    return f"{slug}__{tool_name}"[:64]


async def _listed(server: MCPServer, run_context: Any, agent: Any) -> list[Any]:
    with mcp_tools_span(server=server.name) as span:
        tools = await server.list_tools(run_context, agent)
        span.span_data.result = [t.name for t in tools]
    return tools


def function_tool_for(
    server: MCPServer, mcp_tool: Any, options: ToolOptions, name: str | None = None
) -> FunctionTool:
    """The function tool calling ``mcp_tool`` on ``server`` (kept while the tool is unchanged).

    ``name``: the name the model sees (default: the tool's own).
    """
    name = name or mcp_tool.name
    key = (name, options)
    cached = server._function_tools.get(key)
    if cached is not None and (cached[0] is mcp_tool or cached[0] == mcp_tool):
        return cached[1]  # type: ignore[no-any-return]
    schema, is_strict = _schema(mcp_tool, options.strict)
    failure = server.failure_error_function
    if failure is _UNSET:
        failure = options.failure_error_function
    tool = FunctionTool(
        name=name,
        description=mcp_tool.description or "",
        params_json_schema=schema,
        on_invoke_tool=_invoker(server, mcp_tool.name),
        strict_json_schema=is_strict,
        needs_approval=_needs_approval(server.approval_policy, mcp_tool),
        failure_error_function=default_tool_error_function if failure is _UNSET else failure,
        tool_input_guardrails=server.tool_input_guardrails,
        tool_output_guardrails=server.tool_output_guardrails,
        idempotent=server.is_idempotent(mcp_tool.name),
    )
    tool._extra["mcp_server"] = server.name
    server._function_tools[key] = (mcp_tool, tool)
    return tool


def _schema(mcp_tool: Any, strict: bool) -> tuple[dict[str, Any], bool]:
    schema = dict(mcp_tool.input_schema or {})
    schema.setdefault("type", "object")
    schema.setdefault("properties", {})
    if not strict:
        return schema, False

    try:
        return ensure_strict_json_schema(schema), True
    except Exception:
        # A schema strict mode cannot express stays as the server gave it.
        return schema, False


def _needs_approval(policy: ApprovalPolicy, mcp_tool: Any) -> Any:
    fixed = policy.static_for(mcp_tool.name)
    if fixed is not None:
        return fixed

    async def needs_approval(ctx: Any, params: Any, call_id: str) -> bool:
        run = current_run.get()
        agent = run[1].current_agent if run is not None else None
        return await ask_policy(policy, ctx, agent, mcp_tool)

    return needs_approval


def _invoker(server: MCPServer, name: str) -> Any:
    async def on_invoke_tool(ctx: ToolContext[Any], arguments: str) -> Any:
        try:
            params = json.loads(arguments) if arguments else {}
        except ValueError as error:
            raise ModelBehaviorError(f"Invalid JSON arguments for tool {name!r}.") from error
        if not isinstance(params, dict):
            raise ModelBehaviorError(f"Arguments for tool {name!r} must be a JSON object.")
        meta = await server.resolve_meta(ctx, name, params)
        result = await server.call_tool(name, params, meta)
        if getattr(result, "is_error", False):
            raise MCPToolError(
                f"MCP tool {name!r} on server {server.name!r} failed: {_text_of(result)}"
            )
        return result_output(result, server.use_structured_content)

    return on_invoke_tool


def result_output(result: Any, use_structured_content: bool) -> Any:
    """A CallToolResult as the tool's output, in the SDK's shapes.

    Each block becomes ``{"type": "text", "text": ...}`` or ``{"type": "image",
    "image_url": "data:...;base64,..."}`` (embedded text resources become text,
    image blobs images, other blocks their JSON); one block is returned alone,
    several as a list. Structured content (as JSON text) is used when asked for,
    or when there are no blocks. The run sends these to the model as input parts.
    """
    structured = getattr(result, "structured_content", None)
    if structured is not None and (use_structured_content or not result.content):
        return json.dumps(structured, ensure_ascii=False)
    outputs = [_output(block) for block in result.content]
    return outputs[0] if len(outputs) == 1 else outputs


def _output(block: Any) -> dict[str, Any]:
    kind = getattr(block, "type", None)
    if kind == "text":
        return {"type": "text", "text": block.text}
    if kind == "image":
        return {"type": "image", "image_url": f"data:{block.mime_type};base64,{block.data}"}
    if kind == "resource":
        resource = block.resource
        text = getattr(resource, "text", None)
        if text is not None:
            return {"type": "text", "text": text}
        mime = getattr(resource, "mime_type", None) or ""
        if mime.startswith("image/"):
            return {"type": "image", "image_url": f"data:{mime};base64,{resource.blob}"}
    return {"type": "text", "text": block.model_dump_json(by_alias=True, exclude_none=True)}


def _text_of(result: Any) -> str:
    texts = [getattr(b, "text", "") for b in result.content if getattr(b, "type", "") == "text"]
    return " ".join(t for t in texts if t) or "the server reported an error"
