"""MCP tools as function tools: listing per turn, calling, and turning results into outputs."""

from __future__ import annotations

import asyncio
import copy
import hashlib
import inspect
import json
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from runwright._core.current import current_run
from runwright._core.exceptions import (
    AgentsException,
    MCPToolCancellationError,
    ModelBehaviorError,
    UserError,
)
from runwright._core.strict_schema import ensure_strict_json_schema
from runwright._mcp.approval import ApprovalPolicy, ask_policy
from runwright._mcp.base import _UNSET, MCPConnectionError, MCPServer
from runwright._tools.function_tool import FunctionTool, default_tool_error_function
from runwright._tracing.create import mcp_tools_span

if TYPE_CHECKING:
    from runwright._agent.agent import AgentBase
    from runwright._core.context import RunContextWrapper
    from runwright._tools.context import ToolContext


class MCPToolError(AgentsException):
    """An MCP tool call failed: an error result (``isError``), or an error answer to the call."""


@dataclass(frozen=True)
class MCPToolCustomDataContext:
    """What an MCP server's ``custom_data_extractor`` is given after each tool call."""

    run_context: RunContextWrapper[Any]
    """The call's ToolContext."""
    server_name: str
    tool_name: str
    """The tool's name on the server."""
    tool_display_name: str
    """The name the model called it by (with the server prefix, when there is one)."""
    arguments: Mapping[str, Any]
    result_meta: Mapping[str, Any] | None
    """The result's ``_meta``."""
    structured_content: Mapping[str, Any] | None
    is_error: bool | None
    tool_output: Any
    """The tool output as the run keeps it."""


MCPToolCustomDataExtractor = Callable[[MCPToolCustomDataContext], Any]
"""``extractor(context) -> dict | None`` (sync or async): data kept on the call's output
item as ``custom_data``; never sent to the model."""


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
    options = options_of(agent)
    reserved: set[str] = set()
    if options.include_server_in_tool_names:
        # Prefixed names keep clear of the agent's own tools and handoffs.
        reserved = {t.name for t in agent.tools if isinstance(getattr(t, "name", None), str)}
        reserved |= {h.tool_name for h in getattr(agent, "handoffs", []) if hasattr(h, "tool_name")}
    return await collect_tools(agent.mcp_servers, options, run_context, agent, reserved)


async def collect_tools(
    servers: list[Any],
    options: ToolOptions,
    run_context: Any,
    agent: Any,
    reserved: set[str] | None = None,
    name_of: Callable[[Any], str] | None = None,
    first_index: int = 0,
) -> list[FunctionTool]:
    """The tools of ``servers`` for ``agent`` (see :func:`mcp_function_tools`).

    ``reserved``: names prefixed tool names must avoid. ``name_of(mcp_tool)``:
    the public name of each tool (instead of its own or the prefixed one).
    """
    agent_name = getattr(agent, "name", None)
    listed: list[tuple[int, MCPServer, list[Any]]] = []
    for index, server in enumerate(servers, first_index):
        if not isinstance(server, MCPServer):
            raise UserError(
                f"Agent {agent_name!r}: mcp_servers must hold MCP servers "
                f"(MCPServerStdio, MCPServerStreamableHttp, MCPServerSse), got {server!r}."
            )
        listed.append((index, server, await _listed(server, run_context, agent)))
    prefixed: dict[tuple[int, int], str] = {}
    if options.include_server_in_tool_names and name_of is None:
        prefixed = prefixed_names(listed, reserved or set())
    owners: dict[str, MCPServer] = {}
    tools: list[FunctionTool] = []
    for index, server, mcp_tools in listed:
        for position, mcp_tool in enumerate(mcp_tools):
            if name_of is not None:
                name = name_of(mcp_tool)
            else:
                name = prefixed.get((index, position), mcp_tool.name)
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


_MAX_NAME, _HASH_CHARS = 64, 8


def _safe_part(value: str, fallback: str) -> str:
    kept = "".join(c if c.isascii() and (c.isalnum() or c in "_-") else "_" for c in value)
    return kept.strip("_-") or fallback


def _short(base: str, seed: str, force_hash: bool = False) -> str:
    """``base`` if it fits in 64 characters; else (or when forced) a stem and a hash of ``seed``."""
    if not force_hash and len(base) <= _MAX_NAME:
        return base
    suffix = "_" + hashlib.sha1(seed.encode()).hexdigest()[:_HASH_CHARS]
    stem = base[: _MAX_NAME - len(suffix)].rstrip("_-") or "mcp"
    return stem + suffix


def prefixed_names(
    listed: list[tuple[int, MCPServer, list[Any]]], reserved: set[str]
) -> dict[tuple[int, int], str]:
    """Public names ``mcp_<server>__<tool>`` for (server index, tool index), as the SDK names them.

    Names over 64 characters, names two tools would share, and names in
    ``reserved`` get a hash suffix; the result is the same for the same listing.
    """
    bases = {
        (index, position): f"mcp_{_safe_part(server.name, 'server')}__"
        f"{_safe_part(tool.name, 'tool')}"
        for index, server, tools in listed
        for position, tool in enumerate(tools)
    }
    counts = Counter(bases.values())
    candidates = []
    for index, server, tools in listed:
        for position, tool in enumerate(tools):
            base = bases[(index, position)]
            seed = f"{server.name}\0{tool.name}"
            first = _short(base, seed, force_hash=counts[base] > 1 or base in reserved)
            candidates.append((first, seed, index, position, base))
    used = set(reserved)
    names: dict[tuple[int, int], str] = {}
    for first, seed, index, position, base in sorted(candidates):
        name, attempt = first, 1
        while name in used:
            name = _short(base, f"{seed}\0{attempt}", force_hash=True)
            attempt += 1
        used.add(name)
        names[(index, position)] = name
    return names


async def _listed(server: MCPServer, run_context: Any, agent: Any) -> list[Any]:
    with mcp_tools_span(server=server.name) as span:
        try:
            tools = await server.list_tools(run_context, agent)
        except AgentsException:
            raise
        except Exception as error:
            # A run only ends with runwright's errors, naming the server and the request.
            raise MCPConnectionError(
                f"MCP server {server.name!r} failed tools/list: {type(error).__name__}: {error}",
                server.name,
                "tools/list",
            ) from error
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
        on_invoke_tool=_invoker(server, mcp_tool.name, name),
        strict_json_schema=is_strict,
        needs_approval=_needs_approval(server.approval_policy, mcp_tool),
        failure_error_function=default_tool_error_function if failure is _UNSET else failure,
        tool_input_guardrails=server.tool_input_guardrails,
        tool_output_guardrails=server.tool_output_guardrails,
        idempotent=server.is_idempotent(mcp_tool.name),
        custom_data_extractor=(
            None if server.custom_data_extractor is None else _custom_data_for(server)
        ),
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


def _invoker(server: MCPServer, name: str, display_name: str | None = None) -> Any:
    async def on_invoke_tool(ctx: ToolContext[Any], arguments: str) -> Any:
        return await invoke(server, name, ctx, arguments, display_name=display_name)

    return on_invoke_tool


async def invoke(
    server: MCPServer,
    name: str,
    ctx: Any,
    arguments: str,
    meta: dict[str, Any] | None = None,
    display_name: str | None = None,
) -> Any:
    """Calls tool ``name`` on ``server`` with the model's JSON ``arguments``; its tool output.

    ``meta`` is merged over what the server's ``tool_meta_resolver`` gives.

    Raises:
        ModelBehaviorError: the arguments are not a JSON object.
        MCPToolError: the tool answered with an error result, or the server with an error.
        MCPToolCancellationError: the call was cancelled inside runwright, not by the caller.
        MCPConnectionError / MCPTimeoutError / MCPResultTooLargeError: see MCPServer.call_tool.
    """
    shown = display_name or name
    try:
        params = json.loads(arguments) if arguments else {}
    except ValueError as error:
        raise ModelBehaviorError(f"Invalid JSON arguments for tool {shown!r}.") from error
    if not isinstance(params, dict):
        raise ModelBehaviorError(f"Arguments for tool {shown!r} must be a JSON object.")
    resolved = await server.resolve_meta(ctx, name, params)
    if meta is not None:
        resolved = {**(resolved or {}), **copy.deepcopy(meta)}
    try:
        result = await server.call_tool(name, params, resolved)
    except asyncio.CancelledError:
        task = asyncio.current_task()
        if task is not None and getattr(task, "cancelling", lambda: 1)() > 0:
            raise  # the caller cancelled: the run (or its tool batch) is stopping
        raise MCPToolCancellationError(
            f"Failed to call tool {name!r} on MCP server {server.name!r}: "
            "the call was cancelled before it answered."
        ) from None
    except AgentsException:
        raise
    except Exception as error:
        # The server answered the call with an error (mcp.MCPError and the like).
        raise MCPToolError(
            f"MCP tool {shown!r} on server {server.name!r} failed: {_error_text(error)}"
        ) from error
    is_error = bool(getattr(result, "is_error", False))
    output = result_output(result, server.use_structured_content and not is_error)
    if server.custom_data_extractor is not None and hasattr(ctx, "tool_call_id"):
        # Read back by the tool's custom_data_extractor (_custom_data_for) after the call.
        ctx._runwright_mcp_call = (name, shown, params, result, output)
    if is_error:
        raise MCPToolError(
            f"MCP tool {shown!r} on server {server.name!r} failed: {_text_of(result)}"
        )
    return output


def _custom_data_for(server: MCPServer) -> Any:
    """The FunctionTool custom_data_extractor running the server's MCP extractor."""

    async def extract(data: Any) -> dict[str, Any] | None:
        ctx = data.tool_context
        call = getattr(ctx, "_runwright_mcp_call", None)
        if call is None:  # the call failed before the server answered
            return None
        name, shown, params, result, output = call
        context = MCPToolCustomDataContext(
            run_context=ctx,
            server_name=server.name,
            tool_name=name,
            tool_display_name=shown,
            arguments=MappingProxyType(copy.deepcopy(params)),
            result_meta=_frozen(getattr(result, "meta", None)),
            structured_content=_frozen(getattr(result, "structured_content", None)),
            is_error=getattr(result, "is_error", None),
            tool_output=copy.deepcopy(output),
        )
        value = server.custom_data_extractor(context)
        if inspect.isawaitable(value):
            value = await value
        return _custom_data_value(value, server.name)

    return extract


def _frozen(value: Any) -> Mapping[str, Any] | None:
    return MappingProxyType(copy.deepcopy(value)) if isinstance(value, dict) else None


def _custom_data_value(value: Any, server_name: str) -> dict[str, Any] | None:
    """The extractor's value as JSON-safe data (None for nothing)."""
    if value is None:
        return None
    if not isinstance(value, Mapping) or not all(isinstance(k, str) for k in value):
        raise UserError(
            f"MCP server {server_name!r}: custom_data_extractor must return a dict with "
            f"string keys or None, got {type(value).__name__}."
        )
    if not value:
        return None
    try:
        data: dict[str, Any] = json.loads(json.dumps(dict(value), allow_nan=False))
    except (TypeError, ValueError) as error:
        raise UserError(
            f"MCP server {server_name!r}: custom_data_extractor must return JSON data: {error}"
        ) from error
    return data


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


def _error_text(error: Exception) -> str:
    message = getattr(getattr(error, "error", None), "message", None)
    return str(message or error) or type(error).__name__


def _text_of(result: Any) -> str:
    texts = [getattr(b, "text", "") for b in result.content if getattr(b, "type", "") == "text"]
    return " ".join(t for t in texts if t) or "the server reported an error"
