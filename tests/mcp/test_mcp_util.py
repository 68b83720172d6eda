"""The rest of agents.mcp: MCPUtil, resources with cursors, custom data, cancellation."""

from __future__ import annotations

import asyncio
import inspect
import json
import sys
from pathlib import Path
from typing import Any

import pytest
from mcp_support import outputs, stdio_params

import runwright
from runwright import (
    Agent,
    MCPToolCancellationError,
    RunContextWrapper,
    Runner,
    ToolCallOutputItem,
    UserError,
)
from runwright.mcp import (
    LocalMCPApprovalCallable,
    MCPServer,
    MCPServerStdio,
    MCPToolCustomDataContext,
    MCPToolCustomDataExtractor,
    MCPUtil,
)
from runwright.testing import ScriptedModel, tool_call

RAW = str(Path(__file__).with_name("raw_server.py"))


def test_names_at_the_sdk_paths() -> None:
    import runwright.exceptions
    import runwright.mcp.server
    import runwright.mcp.util

    assert runwright.mcp.server.LocalMCPApprovalCallable is LocalMCPApprovalCallable
    assert runwright.mcp.util.MCPToolCustomDataContext is MCPToolCustomDataContext
    assert runwright.mcp.util.MCPToolCustomDataExtractor is MCPToolCustomDataExtractor
    assert runwright.exceptions.MCPToolCancellationError is MCPToolCancellationError
    error = MCPToolCancellationError("stopped")
    assert isinstance(error, runwright.AgentsException) and error.message == "stopped"
    params = inspect.signature(MCPUtil.get_function_tools).parameters
    assert list(params)[-4:] == [
        "include_server_in_tool_names",
        "tool_name_override",
        "reserved_tool_names",
        "server_index",
    ]


async def test_resources_page_by_page_with_cursor() -> None:
    async with MCPServerStdio(params={"command": sys.executable, "args": [RAW, "pages"]}) as s:
        first = await s.list_resources()
        assert [str(r.uri) for r in first.resources] == ["notes://1"]
        second = await s.list_resources(cursor=first.next_cursor)
        assert [str(r.uri) for r in second.resources] == ["notes://2"]
        assert second.next_cursor is None
        templates = await s.list_resource_templates()
        more = await s.list_resource_templates(cursor=templates.next_cursor)
        assert [t.uri_template for t in more.resource_templates] == ["notes://2/{id}"]
        with pytest.raises(UserError, match="cursor"):
            await s.list_resources(cursor=2)  # type: ignore[arg-type]


async def test_resources_of_the_real_server() -> None:
    async with MCPServerStdio(params=stdio_params()) as server:
        listed = await server.list_resources(cursor=None)
        assert [str(r.uri) for r in listed.resources] == ["notes://today"]
        read = await server.read_resource("notes://today")
        assert read.contents[0].text == "buy milk"


async def test_a_server_class_without_resources_says_so() -> None:
    class ToolsOnly(MCPServer):
        name = "tools-only"  # type: ignore[assignment]

        async def connect(self) -> None: ...
        async def cleanup(self) -> None: ...
        async def list_tools(self, run_context: Any = None, agent: Any = None) -> list[Any]:
            return []

        async def call_tool(self, tool_name: str, arguments: Any, meta: Any = None) -> Any: ...
        async def list_prompts(self) -> Any: ...
        async def get_prompt(self, name: str, arguments: Any = None) -> Any: ...

    server = ToolsOnly()
    for call in (server.list_resources(), server.list_resource_templates(cursor="c")):
        with pytest.raises(NotImplementedError, match="'tools-only' does not support"):
            await call
    with pytest.raises(UserError):
        await server.read_resource("x://y")


async def test_to_function_tool_and_invoke_mcp_tool() -> None:
    async with MCPServerStdio(params=stdio_params(), name="calc") as server:
        [add] = [t for t in await server.list_tools() if t.name == "add"]
        tool = MCPUtil.to_function_tool(add, server, True, tool_name_override="plus")
        assert tool.name == "plus" and tool.strict_json_schema
        model = ScriptedModel([tool_call("plus", {"a": 2, "b": 40}), "42"])
        result = await Runner.run(Agent(name="a", model=model, tools=[tool]), "go")
        assert result.final_output == "42"
        assert outputs(model.calls[1]) == ["42"]

        [meta_tool] = [t for t in await server.list_tools() if t.name == "meta"]
        output = await MCPUtil.invoke_mcp_tool(
            server, meta_tool, RunContextWrapper(None), "{}", meta={"trace": "t1"}
        )
        assert json.loads(output["text"]) == {"trace": "t1"}
        with pytest.raises(runwright.ModelBehaviorError, match="'shown'"):
            await MCPUtil.invoke_mcp_tool(
                server, add, RunContextWrapper(None), "[1]", tool_display_name="shown"
            )
        with pytest.raises(UserError, match="MCP server"):
            MCPUtil.to_function_tool(add, object(), False)  # type: ignore[arg-type]


async def test_get_function_tools_naming_options() -> None:
    ctx, agent = RunContextWrapper(None), Agent(name="a")
    async with MCPServerStdio(params=stdio_params(), name="my server") as server:
        renamed = await MCPUtil.get_function_tools(
            server, False, ctx, agent, tool_name_override=lambda t: f"x_{t.name}"
        )
        assert "x_add" in {t.name for t in renamed}
        prefixed = await MCPUtil.get_function_tools(
            server, False, ctx, agent, include_server_in_tool_names=True
        )
        assert "mcp_my_server__add" in {t.name for t in prefixed}
        # A reserved name is never used: that tool gets a hash suffix instead.
        avoided = await MCPUtil.get_all_function_tools(
            [server],
            False,
            ctx,
            agent,
            include_server_in_tool_names=True,
            reserved_tool_names={"mcp_my_server__add"},
        )
        names = {t.name for t in avoided}
        assert "mcp_my_server__add" not in names
        [hashed] = [n for n in names if n.startswith("mcp_my_server__add_")]
        assert len(hashed) == len("mcp_my_server__add_") + 8
        with pytest.raises(UserError, match="reserved_tool_names"):
            await MCPUtil.get_all_function_tools(
                [server], False, ctx, agent, reserved_tool_names="x"
            )


async def test_prefixed_names_stay_within_64_characters_and_unique() -> None:
    async with (
        MCPServerStdio(params=stdio_params(), name="a" * 70) as one,
        MCPServerStdio(params=stdio_params(), name="a" * 70 + "!") as two,
    ):
        tools = await MCPUtil.get_all_function_tools(
            [one, two],
            False,
            RunContextWrapper(None),
            Agent(name="a"),
            include_server_in_tool_names=True,
        )
    names = [t.name for t in tools]
    assert len(names) == len(set(names)) and all(len(n) <= 64 for n in names)


async def test_custom_data_extractor_fills_the_output_items_custom_data() -> None:
    seen: list[MCPToolCustomDataContext] = []

    async def extract(context: MCPToolCustomDataContext) -> dict[str, Any]:
        seen.append(context)
        return {"server": context.server_name, "sum": context.tool_output["text"]}

    server = MCPServerStdio(params=stdio_params(), name="calc", custom_data_extractor=extract)
    model = ScriptedModel([tool_call("add", {"a": 1, "b": 2}), "3"])
    async with server:
        result = await Runner.run(Agent(name="a", model=model, mcp_servers=[server]), "go")
    [item] = [i for i in result.new_items if isinstance(i, ToolCallOutputItem)]
    assert item.custom_data == {"server": "calc", "sum": "3"}
    [context] = seen
    assert (context.tool_name, context.tool_display_name) == ("add", "add")
    assert dict(context.arguments) == {"a": 1, "b": 2} and context.is_error is False
    # Never sent to the model.
    assert "calc" not in json.dumps(model.calls[1].input)
    with pytest.raises(UserError, match="custom_data_extractor"):
        MCPServerStdio(params=stdio_params(), custom_data_extractor="nope")


async def test_a_call_cancelled_inside_is_an_mcp_tool_cancellation_error() -> None:
    class Cancelling(MCPServerStdio):
        async def call_tool(self, tool_name: str, arguments: Any, meta: Any = None) -> Any:
            raise asyncio.CancelledError  # e.g. the connection's task was cancelled

    model = ScriptedModel([tool_call("add", {"a": 1, "b": 2}), "gave up"])
    async with Cancelling(params=stdio_params(), name="c") as server:
        result = await Runner.run(Agent(name="a", model=model, mcp_servers=[server]), "go")
    assert result.final_output == "gave up"
    [text] = outputs(model.calls[1])
    assert "Failed to call tool 'add' on MCP server 'c'" in text and "cancelled" in text

    raising = Cancelling(params=stdio_params(), name="c", failure_error_function=None)
    async with raising:
        with pytest.raises(MCPToolCancellationError):
            await Runner.run(
                Agent(name="a", model=ScriptedModel([tool_call("add")]), mcp_servers=[raising]),
                "go",
            )


async def test_local_approval_callable_decides_per_call() -> None:
    asked: list[str] = []

    def needs_approval(run_context: Any, agent: Any, tool: Any) -> bool:
        asked.append(tool.name)
        return tool.name == "add"

    policy: LocalMCPApprovalCallable = needs_approval
    model = ScriptedModel([tool_call("add", {"a": 1, "b": 2})])
    async with MCPServerStdio(params=stdio_params(), require_approval=policy) as server:
        result = await Runner.run(Agent(name="a", model=model, mcp_servers=[server]), "go")
    assert [i.tool_name for i in result.interruptions] == ["add"] and asked == ["add"]
