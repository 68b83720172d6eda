"""Agents with MCP servers in runs: tools offered and called, errors, approvals, durability."""

from __future__ import annotations

import asyncio
import json
import logging
from pathlib import Path
from typing import Any

import pytest
from mcp_support import calls, outputs, raw_outputs, stdio_params

from runwright import (
    Agent,
    RunConfig,
    Runner,
    RunState,
    ToolCallOutputItem,
    UserError,
    function_tool,
)
from runwright.durable import InMemoryCheckpointStore
from runwright.mcp import MCPServerStdio, MCPServerStreamableHttp, create_static_tool_filter
from runwright.testing import tool_call


async def test_tools_offered_beside_function_tools_and_called(scripted: Any) -> None:
    @function_tool
    def local_time() -> str:
        return "noon"

    model = scripted([tool_call("add", {"a": 2, "b": 3}), "It is 5."])
    async with MCPServerStdio(params=stdio_params(), cache_tools_list=True) as server:
        agent = Agent(name="a", model=model, tools=[local_time], mcp_servers=[server])
        result = await Runner.run(agent, "add 2 and 3")
    assert result.final_output == "It is 5."
    offered = model.calls[0].tool_names
    assert offered[-1] == "local_time" and {"add", "echo", "picture"} <= set(offered)
    # As in the SDK: the item's output is a text dict; the model gets an input_text part.
    assert raw_outputs(model.calls[1]) == [[{"type": "input_text", "text": "5"}]]
    [out] = [i for i in result.new_items if isinstance(i, ToolCallOutputItem)]
    assert out.output == {"type": "text", "text": "5"}


async def test_streamable_http_agent_with_strict_schemas(scripted: Any, http_server: Any) -> None:
    proc = http_server()
    model = scripted([tool_call("echo", {"text": "hey"}), "done"])
    server = MCPServerStreamableHttp(params={"url": proc.url})
    agent = Agent(
        name="a",
        model=model,
        mcp_servers=[server],
        mcp_config={"convert_schemas_to_strict": True},
    )
    result = await Runner.run(agent, "echo hey")  # the server was never entered: auto-connect
    await server.cleanup()
    assert result.final_output == "done"
    assert outputs(model.calls[1]) == ["echo: hey"]
    [echo] = [t for t in model.calls[0].tools if t.name == "echo"]
    assert echo.strict_json_schema is True


async def test_filter_limits_what_the_model_is_offered(scripted: Any) -> None:
    model = scripted(["ok"])
    server = MCPServerStdio(
        params=stdio_params(), tool_filter=create_static_tool_filter(allowed_tool_names=["echo"])
    )
    async with server:
        await Runner.run(Agent(name="a", model=model, mcp_servers=[server]), "hi")
    assert model.calls[0].tool_names == ["echo"]


async def test_result_kinds_become_outputs(scripted: Any) -> None:
    model = scripted(
        [
            [
                tool_call("picture", call_id="p"),
                tool_call("weather", {"city": "Oslo"}, call_id="w"),
                tool_call("document", call_id="d"),
            ],
            "seen",
        ]
    )
    async with MCPServerStdio(params=stdio_params()) as server:
        agent = Agent(name="a", model=model, mcp_servers=[server])
        result = await Runner.run(agent, "show")
    picture, weather, document = outputs(model.calls[1])
    # The list output survives RunState JSON as the list the model was sent.
    state = await RunState.from_json(agent, json.loads(json.dumps(result.to_state().to_json())))
    [restored] = [
        i.raw_item["output"]
        for i in state.generated_items
        if isinstance(i, ToolCallOutputItem) and i.raw_item["call_id"] == "p"
    ]
    assert restored == picture
    assert picture[0] == {"type": "input_text", "text": "a red dot"}
    assert picture[1]["type"] == "input_image"
    assert picture[1]["image_url"].startswith("data:image/png;base64,iVBORw0KGgo")
    assert json.loads(weather) == {"city": "Oslo", "celsius": 21}
    assert document == "notes"


async def test_structured_content_when_asked_for(scripted: Any) -> None:
    model = scripted([tool_call("weather", {"city": "Rome"}), "ok"])
    server = MCPServerStdio(params=stdio_params(), use_structured_content=True)
    async with server:
        await Runner.run(Agent(name="a", model=model, mcp_servers=[server]), "w")
    assert outputs(model.calls[1]) == ['{"city": "Rome", "celsius": 21}']


async def test_tool_error_becomes_output_and_run_goes_on(scripted: Any) -> None:
    model = scripted([tool_call("fail", {"reason": "disk full"}), "sorry"])
    async with MCPServerStdio(params=stdio_params()) as server:
        result = await Runner.run(Agent(name="a", model=model, mcp_servers=[server]), "go")
    assert result.final_output == "sorry"
    [text] = outputs(model.calls[1])
    assert "An error occurred while running the tool" in text and "disk full" in text


async def test_custom_failure_error_function_and_none(scripted: Any) -> None:
    model = scripted([tool_call("fail", {"reason": "x"}), "ok"])
    server = MCPServerStdio(
        params=stdio_params(), failure_error_function=lambda ctx, e: f"custom: {type(e).__name__}"
    )
    async with server:
        await Runner.run(Agent(name="a", model=model, mcp_servers=[server]), "go")
    assert outputs(model.calls[1]) == ["custom: MCPToolError"]
    raising = MCPServerStdio(params=stdio_params(), failure_error_function=None)
    async with raising:
        agent = Agent(name="a", model=scripted([tool_call("fail", {"reason": "y"})]))
        agent.mcp_servers.append(raising)
        with pytest.raises(Exception, match="failed because y"):
            await Runner.run(agent, "go")


async def test_slow_tool_hits_session_timeout_and_run_goes_on(scripted: Any) -> None:
    model = scripted([tool_call("slow", {"seconds": 5}), tool_call("echo", {"text": "x"}), "ok"])
    server = MCPServerStdio(params=stdio_params(), client_session_timeout_seconds=0.5)
    async with server:
        result = await Runner.run(Agent(name="a", model=model, mcp_servers=[server]), "go")
    assert result.final_output == "ok"
    assert "timed out" in outputs(model.calls[1])[0]
    assert outputs(model.calls[2])[1] == "echo: x"  # the same connection still works


async def test_server_crash_mid_run_reconnects_at_next_call(
    scripted: Any, caplog: pytest.LogCaptureFixture
) -> None:
    model = scripted([tool_call("crash"), tool_call("add", {"a": 1, "b": 1}), "recovered"])
    server = MCPServerStdio(params=stdio_params(), name="fragile", cache_tools_list=True)
    async with server:
        with caplog.at_level(logging.WARNING, logger="runwright.mcp"):
            result = await Runner.run(Agent(name="a", model=model, mcp_servers=[server]), "go")
    assert result.final_output == "recovered"
    crashed = outputs(model.calls[1])[0]
    assert "'fragile' closed the connection" in crashed
    assert outputs(model.calls[2])[1] == "2"
    assert any("reconnecting" in r.getMessage() for r in caplog.records)


async def test_http_server_killed_and_restarted(scripted: Any, http_server: Any) -> None:
    proc = http_server()
    server = MCPServerStreamableHttp(params={"url": proc.url, "timeout": 3}, cache_tools_list=True)
    async with server:
        assert (await server.call_tool("echo", {"text": "1"})).content[0].text == "echo: 1"
        await server.list_tools()
        proc.stop()
        model = scripted([tool_call("echo", {"text": "2"}), "down"])
        result = await Runner.run(Agent(name="a", model=model, mcp_servers=[server]), "go")
        assert result.final_output == "down"
        assert "error" in outputs(model.calls[1])[0].lower()
        proc.start()  # same port
        again = await server.call_tool("echo", {"text": "3"})
        assert again.content[0].text == "echo: 3"


async def test_two_servers_with_the_same_tool_name(scripted: Any) -> None:
    first = MCPServerStdio(params=stdio_params(), name="alpha")
    second = MCPServerStdio(params=stdio_params(), name="beta")
    prefixed = MCPServerStdio(params=stdio_params(MCP_TEST_PREFIX="b_"), name="gamma")
    async with first, second, prefixed:
        agent = Agent(name="a", model=scripted([]), mcp_servers=[first, second])
        with pytest.raises(UserError, match="'alpha' and 'beta' both offer a tool named 'add'"):
            await Runner.run(agent, "go")
        model = scripted([tool_call("b_add", {"a": 4, "b": 4}), "8"])
        both = Agent(name="b", model=model, mcp_servers=[first, prefixed])
        assert (await Runner.run(both, "go")).final_output == "8"
    assert outputs(model.calls[1]) == ["8"]


async def test_approval_paused_and_resumed_through_runstate_json(
    scripted: Any, marker: Path
) -> None:
    server = MCPServerStdio(
        params=stdio_params(MCP_TEST_MARKER=str(marker)),
        require_approval={"add": "always", "echo": "never"},
    )
    model = scripted(
        [[tool_call("echo", {"text": "a"}), tool_call("add", {"a": 1, "b": 2})], "three"]
    )
    agent = Agent(name="a", model=model, mcp_servers=[server])
    first = await Runner.run(agent, "go")
    [item] = first.interruptions
    assert (item.tool_name, item.arguments) == ("add", '{"a": 1, "b": 2}')
    assert calls(marker) == []
    text = json.dumps(first.to_state().to_json())
    await server.cleanup()  # as if the process ended; the resumed run connects again
    state = await RunState.from_json(agent, json.loads(text))
    state.approve(state.get_interruptions()[0])
    done = await Runner.run(agent, state)
    await server.cleanup()
    assert done.final_output == "three"
    assert calls(marker) == ["1+2"]
    assert outputs(model.calls[1]) == ["echo: a", "3"]


async def test_approval_rejected_and_callable_policy(scripted: Any, marker: Path) -> None:
    asked: list[tuple[str, str]] = []

    def policy(ctx: Any, agent: Any, tool: Any) -> bool:
        asked.append((agent.name, tool.name))
        return bool(tool.name == "add")

    server = MCPServerStdio(
        params=stdio_params(MCP_TEST_MARKER=str(marker)), require_approval=policy
    )
    model = scripted([tool_call("add", {"a": 1, "b": 1}), "not done"])
    agent = Agent(name="a", model=model, mcp_servers=[server])
    async with server:
        first = await Runner.run(agent, "go")
        state = first.to_state()
        state.reject(first.interruptions[0])
        done = await Runner.run(agent, state)
    assert done.final_output == "not done"
    assert calls(marker) == []
    assert asked and asked[0] == ("a", "add")


async def test_all_or_nothing_policy_forms(scripted: Any) -> None:
    server = MCPServerStdio(
        params=stdio_params(), require_approval={"always": {"tool_names": ["echo"]}}
    )
    model = scripted([tool_call("echo", {"text": "x"})])
    async with server:
        result = await Runner.run(Agent(name="a", model=model, mcp_servers=[server]), "go")
    assert [i.tool_name for i in result.interruptions] == ["echo"]
    model.clear()


async def test_hundred_concurrent_runs_share_one_connection(
    scripted: Any, http_server: Any
) -> None:
    proc = http_server()
    server = MCPServerStreamableHttp(params={"url": proc.url}, cache_tools_list=True)

    async def one(i: int) -> Any:
        model = scripted([tool_call("add", {"a": i, "b": 1000}), lambda call: outputs(call)[0]])
        return await Runner.run(Agent(name=f"a{i}", model=model, mcp_servers=[server]), "go")

    async with server:
        session = server.session
        results = await asyncio.gather(*(one(i) for i in range(100)))
        assert server.session is session
    assert [r.final_output for r in results] == [str(i + 1000) for i in range(100)]


async def test_many_concurrent_first_uses_connect_once(scripted: Any) -> None:
    server = MCPServerStdio(params=stdio_params())
    seen = await asyncio.gather(*(server.call_tool("echo", {"text": str(i)}) for i in range(20)))
    assert [r.content[0].text for r in seen] == [f"echo: {i}" for i in range(20)]
    session = server.session
    await server.call_tool("echo", {"text": "x"})
    assert server.session is session
    await server.cleanup()


async def test_cancelled_streamed_run_leaves_the_server_usable(scripted: Any) -> None:
    model = scripted([tool_call("slow", {"seconds": 3})])
    server = MCPServerStdio(params=stdio_params(), client_session_timeout_seconds=10)
    async with server:
        result = Runner.run_streamed(Agent(name="a", model=model, mcp_servers=[server]), "go")
        async for event in result.stream_events():
            if getattr(event, "name", "") == "tool_called":
                await asyncio.sleep(0.2)  # the call is in flight on the server
                result.cancel()
        assert result.is_complete
        after = scripted([tool_call("echo", {"text": "still here"}), "ok"])
        again = await Runner.run(Agent(name="b", model=after, mcp_servers=[server]), "go")
        assert again.final_output == "ok"
    assert outputs(after.calls[1]) == ["echo: still here"]


async def test_run_cancelled_while_it_connects_the_server(scripted: Any) -> None:
    model = scripted([tool_call("echo", {"text": "never sent"})])
    server = MCPServerStdio(params=stdio_params())
    agent = Agent(name="a", model=model, mcp_servers=[server])
    task = asyncio.ensure_future(Runner.run(agent, "go"))
    for _ in range(3):
        await asyncio.sleep(0)  # the run is now starting the server process
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    model.clear()
    assert (await server.call_tool("echo", {"text": "x"})).content[0].text == "echo: x"
    await server.cleanup()  # exits the connection in its own task: no cancel-scope error


async def test_run_cancelled_during_a_call_on_a_connection_it_opened(scripted: Any) -> None:
    model = scripted([tool_call("slow", {"seconds": 3})])
    server = MCPServerStdio(params=stdio_params())
    task = asyncio.ensure_future(
        Runner.run(Agent(name="a", model=model, mcp_servers=[server]), "go")
    )
    while not model.calls:  # connected, tools listed, model answered: the call goes out next
        await asyncio.sleep(0.01)
    await asyncio.sleep(0.3)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert (await server.call_tool("echo", {"text": "x"})).content[0].text == "echo: x"
    await server.cleanup()


def test_run_sync_with_a_server_nobody_connected(scripted: Any) -> None:
    model = scripted([tool_call("add", {"a": 20, "b": 22}), "42"])
    server = MCPServerStdio(params=stdio_params())
    agent = Agent(name="a", model=model, mcp_servers=[server])
    assert Runner.run_sync(agent, "go").final_output == "42"
    model.add(tool_call("echo", {"text": "again"}), "fine")
    assert Runner.run_sync(agent, "go").final_output == "fine"


class Crash(BaseException):
    """Stands in for the process dying mid-batch."""


@function_tool
async def boom() -> str:
    await asyncio.sleep(0.5)
    raise Crash


@function_tool(name_override="boom")
def calm() -> str:
    """The same tool after the "restart": it no longer crashes."""
    return "calm"


async def test_durable_recorded_mcp_result_is_not_run_again(marker: Path) -> None:
    from runwright.testing import ScriptedModel

    store = InMemoryCheckpointStore()
    server = MCPServerStdio(params=stdio_params(MCP_TEST_MARKER=str(marker)))
    batch = [tool_call("add", {"a": 3, "b": 4}, call_id="m"), tool_call("boom", call_id="b")]
    async with server:
        agent = Agent(name="a", model=ScriptedModel([batch]), tools=[boom], mcp_servers=[server])
        with pytest.raises(Crash):
            await Runner.run(agent, "go", run_config=RunConfig(durable=store), run_id="r")
    assert calls(marker) == ["3+4"]
    async with server:
        agent = Agent(name="a", model=ScriptedModel(["done"]), tools=[calm], mcp_servers=[server])
        done = await Runner.resume("r", agent, store)
    assert done.final_output == "done"
    assert calls(marker) == ["3+4"]  # the recorded MCP result was kept, not re-run


async def test_durable_in_flight_non_idempotent_mcp_call_waits_for_a_human(scripted: Any) -> None:
    from runwright.testing import ScriptedModel

    store = InMemoryCheckpointStore()
    server = MCPServerStdio(params=stdio_params(), idempotent={"slow": False})
    batch = [tool_call("slow", {"seconds": 2}, call_id="s"), tool_call("boom", call_id="b")]
    async with server:
        agent = Agent(name="a", model=ScriptedModel([batch]), tools=[boom], mcp_servers=[server])
        with pytest.raises(Crash):
            await Runner.run(agent, "go", durable=store, run_id="r2")
        paused = await Runner.resume(
            "r2",
            Agent(name="a", model=ScriptedModel([]), tools=[calm], mcp_servers=[server]),
            store,
        )
    assert [i.tool_name for i in paused.interruptions] == ["slow"]


async def test_tool_meta_resolver_sends_meta_with_each_call(scripted: Any) -> None:
    from runwright.mcp import MCPToolMetaContext

    seen: list[MCPToolMetaContext] = []

    async def resolver(context: MCPToolMetaContext) -> dict[str, Any]:
        seen.append(context)
        return {"tenant": context.run_context.context["tenant"]}

    model = scripted([tool_call("meta"), "ok"])
    server = MCPServerStdio(params=stdio_params(), name="m", tool_meta_resolver=resolver)
    async with server:
        agent = Agent(name="a", model=model, mcp_servers=[server])
        await Runner.run(agent, "go", context={"tenant": "acme"})
    assert outputs(model.calls[1]) == ['{"tenant": "acme"}']
    assert (seen[0].server_name, seen[0].tool_name, seen[0].arguments) == ("m", "meta", {})


async def test_server_names_in_tool_names_avoid_collisions(scripted: Any) -> None:
    model = scripted([tool_call("mcp_beta_srv__add", {"a": 1, "b": 9}), "10"])
    first = MCPServerStdio(params=stdio_params(), name="alpha")
    second = MCPServerStdio(params=stdio_params(), name="beta srv")
    async with first, second:
        agent = Agent(
            name="a",
            model=model,
            mcp_servers=[first, second],
            mcp_config={"include_server_in_tool_names": True},
        )
        result = await Runner.run(agent, "go")
    assert result.final_output == "10"
    # The SDK's names: mcp_<server>__<tool>.
    assert {"mcp_alpha__add", "mcp_beta_srv__add"} <= set(model.calls[0].tool_names)
    assert outputs(model.calls[1]) == ["10"]


async def test_agent_level_failure_error_function(scripted: Any) -> None:
    model = scripted([tool_call("fail", {"reason": "r"}), "ok"])
    server = MCPServerStdio(params=stdio_params())
    async with server:
        agent = Agent(
            name="a",
            model=model,
            mcp_servers=[server],
            mcp_config={"failure_error_function": lambda ctx, error: "agent-level"},
        )
        await Runner.run(agent, "go")
    assert outputs(model.calls[1]) == ["agent-level"]
