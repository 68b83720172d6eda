"""MCP servers on their own: connecting, listing, filters, prompts, caches, transports."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import subprocess
import sys
from typing import Any

import pytest
from mcp_support import stdio_params

from runwright import Agent, RunContextWrapper, UserError
from runwright.mcp import (
    MCPConnectionError,
    MCPServerSse,
    MCPServerStdio,
    MCPServerStreamableHttp,
    MCPUtil,
    ToolFilterContext,
    create_static_tool_filter,
)

ALL_TOOLS = {
    *("add", "echo", "slow", "crash", "pid", "meta", "fail", "picture", "weather", "document"),
    "big",
}


async def test_async_with_lists_and_calls_tools_over_stdio() -> None:
    async with MCPServerStdio(params=stdio_params(), name="local") as server:
        assert server.name == "local"
        tools = await server.list_tools()
        assert {t.name for t in tools} == ALL_TOOLS
        result = await server.call_tool("add", {"a": 2, "b": 5})
        assert result.content[0].text == "7"
    assert server.session is None


async def test_a_server_nobody_connected_connects_on_first_use() -> None:
    server = MCPServerStdio(params=stdio_params())
    assert server.session is None
    result = await server.call_tool("echo", {"text": "hi"})
    assert result.content[0].text == "echo: hi"
    first = server.session
    assert first is not None
    await server.call_tool("echo", {"text": "again"})
    assert server.session is first  # one connection, reused
    await server.cleanup()
    assert server.session is None
    result = await server.call_tool("echo", {"text": "back"})  # connects again
    assert result.content[0].text == "echo: back"
    await server.cleanup()


async def test_server_that_died_while_idle_is_reconnected_at_next_call(
    caplog: pytest.LogCaptureFixture,
) -> None:
    async with MCPServerStdio(params=stdio_params(), name="idle") as server:
        first = (await server.call_tool("pid", {})).content[0].text
        os.kill(int(first), signal.SIGKILL)
        for _ in range(500):  # until the client has seen the end of the pipe
            if server.session is None:
                break
            await asyncio.sleep(0.01)
        with caplog.at_level(logging.WARNING, logger="runwright.mcp"):
            second = (await server.call_tool("pid", {})).content[0].text
    assert second != first
    assert [r.getMessage() for r in caplog.records if r.name == "runwright.mcp"] == [
        "MCP server 'idle': connection lost; reconnecting."
    ]


async def test_streamable_http_server(http_server: Any) -> None:
    proc = http_server()
    server = MCPServerStreamableHttp(params={"url": proc.url, "timeout": 10})
    async with server:
        assert server.name == f"streamable_http: {proc.url}"
        assert {t.name for t in await server.list_tools()} == ALL_TOOLS
        assert (await server.call_tool("add", {"a": 1, "b": 1})).content[0].text == "2"


async def test_sse_server(http_server: Any) -> None:
    proc = http_server("sse")
    async with MCPServerSse(params={"url": proc.url}, name="sse") as server:
        assert (await server.call_tool("echo", {"text": "x"})).content[0].text == "echo: x"


async def test_unreachable_server_is_a_clear_error() -> None:
    server = MCPServerStreamableHttp(params={"url": "http://127.0.0.1:9/mcp", "timeout": 2})
    with pytest.raises(MCPConnectionError, match="Could not connect to MCP server"):
        await server.connect()
    bad = MCPServerStdio(params={"command": "/nonexistent/mcp-server"})
    with pytest.raises(MCPConnectionError, match="stdio: /nonexistent/mcp-server"):
        await bad.list_tools()


async def test_prompts() -> None:
    async with MCPServerStdio(params=stdio_params()) as server:
        prompts = await server.list_prompts()
        assert [p.name for p in prompts.prompts] == ["greet"]
        got = await server.get_prompt("greet", {"name": "Ada"})
        assert got.messages[0].content.text == "Say hello to Ada."


async def test_resources() -> None:
    async with MCPServerStdio(params=stdio_params()) as server:
        listed = await server.list_resources()
        assert [str(r.uri) for r in listed.resources] == ["notes://today"]
        read = await server.read_resource("notes://today")
        assert read.contents[0].text == "buy milk"
        assert (await server.list_resource_templates()).resource_templates == []


async def test_cache_tools_list_and_invalidate() -> None:
    async with MCPServerStdio(params=stdio_params(), cache_tools_list=True) as server:
        assert server.cached_tools is None
        first = await server.list_tools()
        assert server.cached_tools is first
        assert await server.list_tools() is first  # no new request
        server.invalidate_tools_cache()
        again = await server.list_tools()
        assert again is not first and [t.name for t in again] == [t.name for t in first]
    uncached = MCPServerStdio(params=stdio_params())
    async with uncached:
        assert await uncached.list_tools() is not await uncached.list_tools()


async def test_static_filter() -> None:
    allowed = create_static_tool_filter(allowed_tool_names=["add", "echo", "fail"])
    blocked = create_static_tool_filter(blocked_tool_names=["fail"])
    assert create_static_tool_filter() is None
    server = MCPServerStdio(params=stdio_params(), tool_filter={**allowed, **blocked})  # type: ignore[typeddict-item]
    async with server:
        assert sorted(t.name for t in await server.list_tools()) == ["add", "echo"]


async def test_callable_filter_gets_run_context_and_agent() -> None:
    seen: list[tuple[Any, Any, str]] = []

    async def only_for_math(context: ToolFilterContext, tool: Any) -> bool:
        seen.append((context.run_context.context, context.agent.name, context.server_name))
        return context.agent.name == "math" and tool.name == "add"

    server = MCPServerStdio(params=stdio_params(), name="srv", tool_filter=only_for_math)
    ctx = RunContextWrapper(context={"user": 1})
    async with server:
        math = await MCPUtil.get_all_function_tools([server], False, ctx, Agent(name="math"))
        other = await MCPUtil.get_all_function_tools([server], False, ctx, Agent(name="other"))
        # Without a run context and agent a callable filter cannot be applied.
        unfiltered = await server.list_tools()
    assert [t.name for t in math] == ["add"]
    assert other == []
    assert len(unfiltered) == len(ALL_TOOLS)
    assert seen[0] == ({"user": 1}, "math", "srv")


async def test_function_tools_schema_strict_conversion_and_idempotence() -> None:
    server = MCPServerStdio(params=stdio_params(), idempotent={"add": False})
    ctx = RunContextWrapper(context=None)
    async with server:
        loose = {t.name: t for t in await MCPUtil.get_function_tools(server, False, ctx, None)}
        strict = {t.name: t for t in await MCPUtil.get_function_tools(server, True, ctx, None)}
    assert loose["add"].strict_json_schema is False
    assert loose["add"].params_json_schema["required"] == ["a", "b"]
    assert strict["add"].strict_json_schema is True
    assert strict["add"].params_json_schema["additionalProperties"] is False
    assert strict["crash"].params_json_schema["properties"] == {}
    assert loose["add"].idempotent is False and loose["echo"].idempotent is True
    assert MCPServerStdio(params=stdio_params(), idempotent=False).is_idempotent("echo") is False


def test_bad_settings_are_user_errors() -> None:
    with pytest.raises(UserError, match="params"):
        MCPServerStdio(params={"args": []})  # type: ignore[typeddict-item]
    with pytest.raises(UserError, match="url"):
        MCPServerStreamableHttp(params={})  # type: ignore[typeddict-item]
    with pytest.raises(UserError, match="require_approval"):
        MCPServerStdio(params=stdio_params(), require_approval="sometimes")
    with pytest.raises(UserError, match="tool_filter"):
        MCPServerStdio(params=stdio_params(), tool_filter=["add"])  # type: ignore[arg-type]
    with pytest.raises(UserError, match="client_session_timeout_seconds"):
        MCPServerStdio(params=stdio_params(), client_session_timeout_seconds=-1)


def test_importing_runwright_mcp_does_not_import_mcp() -> None:
    code = (
        "import sys, runwright, runwright.mcp\n"
        "from runwright.mcp import MCPServerStdio\n"
        "MCPServerStdio(params={'command': 'x'})\n"
        "assert 'mcp' not in sys.modules, 'mcp imported'\n"
        "assert 'anyio' not in sys.modules, 'anyio imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


async def test_server_manager_keeps_the_servers_that_connected() -> None:
    from runwright.mcp import MCPServerManager

    good = MCPServerStdio(params=stdio_params(), name="good")
    bad = MCPServerStdio(params={"command": "/nonexistent/server"}, name="bad")
    async with MCPServerManager([good, bad], connect_in_parallel=True) as manager:
        assert manager.active_servers == [good]
        assert manager.failed_servers == [bad]
        assert isinstance(manager.errors[bad], MCPConnectionError)
        assert good.session is not None
    assert good.session is None
    with pytest.raises(MCPConnectionError):
        async with MCPServerManager([bad], strict=True):
            pass


def test_public_names_of_runwright_mcp() -> None:
    import runwright.mcp as mcp_module
    import runwright.mcp.server as server_module
    import runwright.mcp.util as util_module

    assert sorted(mcp_module.__all__) == [
        "LocalMCPApprovalCallable",
        "MCPConnectionError",
        "MCPResultTooLargeError",
        "MCPServer",
        "MCPServerManager",
        "MCPServerSse",
        "MCPServerSseParams",
        "MCPServerStdio",
        "MCPServerStdioParams",
        "MCPServerStreamableHttp",
        "MCPServerStreamableHttpParams",
        "MCPTimeoutError",
        "MCPToolCustomDataContext",
        "MCPToolCustomDataExtractor",
        "MCPToolError",
        "MCPToolMetaContext",
        "MCPToolMetaResolver",
        "MCPUtil",
        "ToolFilter",
        "ToolFilterCallable",
        "ToolFilterContext",
        "ToolFilterStatic",
        "create_static_tool_filter",
    ]
    # The SDK's module paths: agents.mcp.server and agents.mcp.util.
    assert server_module.MCPServerStdio is mcp_module.MCPServerStdio
    assert util_module.create_static_tool_filter is mcp_module.create_static_tool_filter
