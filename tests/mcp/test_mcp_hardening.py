"""MCP servers that hang or answer too much (issue #23), against real servers.

A wedged server (tests/mcp/raw_server.py) stops answering at ``initialize``
or at ``tools/list``; an HTTP endpoint that accepts connections and never
answers stands for a hung HTTP server; the test server (server_app.py) over
streamable HTTP returns results larger than the client's SSE event limit.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import os
import socket
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from mcp_support import outputs

from runwright import Agent, AgentsException, Runner
from runwright.mcp import (
    MCPConnectionError,
    MCPResultTooLargeError,
    MCPServerStdio,
    MCPServerStreamableHttp,
    MCPTimeoutError,
)
from runwright.testing import ScriptedModel, tool_call

HANG = str(Path(__file__).with_name("raw_server.py"))


def wedged(step: str, **options: Any) -> MCPServerStdio:
    return MCPServerStdio(
        params={"command": sys.executable, "args": [HANG, step]}, name="wedged", **options
    )


def hang_server_pids() -> list[int]:
    """Live processes running raw_server.py that are children of this process."""
    me = str(os.getpid())
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as f:
                cmd = f.read()
            with open(f"/proc/{entry}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        ppid = stat.rsplit(")", 1)[1].split()[1]
        state = stat.rsplit(")", 1)[1].split()[0]
        if HANG.encode() in cmd and ppid == me and state != "Z":
            found.append(int(entry))
    return found


@pytest.fixture
def asyncio_errors(caplog: pytest.LogCaptureFixture) -> Iterator[list[str]]:
    """Messages the asyncio logger printed during the test (e.g. never-retrieved futures)."""
    caplog.set_level(logging.ERROR, logger="asyncio")
    messages: list[str] = []
    yield messages
    gc.collect()
    messages.extend(r.getMessage() for r in caplog.records if r.name == "asyncio")


# ----- 1. a server that hangs at tools/list -----------------------------------------


async def test_hang_at_tools_list_ends_the_run_with_an_agents_exception() -> None:
    server = wedged("tools/list", client_session_timeout_seconds=1)
    agent = Agent(name="a", model=ScriptedModel([]), mcp_servers=[server])
    with pytest.raises(MCPTimeoutError) as caught:
        await Runner.run(agent, "go")
    await server.cleanup()
    error = caught.value
    assert isinstance(error, AgentsException) and isinstance(error, TimeoutError)
    assert isinstance(error, MCPConnectionError)
    assert (error.server_name, error.operation, error.timeout) == ("wedged", "tools/list", 1.0)
    assert str(error) == (
        "MCP server 'wedged' timed out: no answer to tools/list within 1 seconds "
        "(client_session_timeout_seconds)."
    )


async def test_hang_at_tools_list_keeps_the_last_listing_when_there_is_one() -> None:
    """A listing that once worked keeps the run going (calls report the failure)."""
    server = wedged("tools/list", client_session_timeout_seconds=1)
    server._tools = []  # as if an earlier listing had answered
    agent = Agent(name="a", model=ScriptedModel(["fine"]), mcp_servers=[server])
    result = await Runner.run(agent, "go")
    await server.cleanup()
    assert result.final_output == "fine"


# ----- 2. a server that hangs at initialize -----------------------------------------


async def test_hang_at_initialize_fails_within_the_session_timeout_and_leaves_nothing(
    asyncio_errors: list[str],
) -> None:
    server = wedged("initialize", connect_timeout_seconds=1)
    agent = Agent(name="a", model=ScriptedModel([]), mcp_servers=[server])
    with pytest.raises(MCPTimeoutError) as caught:
        await Runner.run(agent, "go")
    assert (caught.value.server_name, caught.value.operation) == ("wedged", "initialize")
    assert str(caught.value) == (
        "MCP server 'wedged' timed out: no answer to initialize within 1 seconds "
        "(connect_timeout_seconds)."
    )
    assert server.session is None
    # The owner task was awaited, the subprocess is gone, no task is left behind.
    assert hang_server_pids() == []
    assert asyncio.all_tasks() == {asyncio.current_task()}
    await server.cleanup()
    await asyncio.sleep(0)
    del caught
    gc.collect()
    assert not [m for m in asyncio_errors if "never retrieved" in m]


async def test_connect_and_close_limits() -> None:
    from runwright import UserError
    from runwright._mcp.base import CLOSE_TIMEOUT, CONNECT_TIMEOUT

    assert (CONNECT_TIMEOUT, CLOSE_TIMEOUT) == (10.0, 5.0)
    server = wedged("initialize")
    assert server.client_session_timeout_seconds == 5
    assert server._connect_timeout() == (10.0, "the default connect_timeout_seconds")
    # Without a session timeout, connecting still has a bound; a longer one is used whole.
    assert wedged("initialize", client_session_timeout_seconds=None)._connect_timeout()[0] == 10
    assert wedged("initialize", client_session_timeout_seconds=60)._connect_timeout() == (
        60.0,
        "client_session_timeout_seconds",
    )
    assert wedged("initialize", connect_timeout_seconds=2.5)._connect_timeout()[0] == 2.5
    for bad in (0, -1, "5", True):
        with pytest.raises(UserError, match="connect_timeout_seconds"):
            wedged("initialize", connect_timeout_seconds=bad)


async def test_connect_raises_the_timeout_error_outside_a_run_too(
    asyncio_errors: list[str],
) -> None:
    server = wedged("initialize", connect_timeout_seconds=0.5)
    with pytest.raises(MCPTimeoutError, match="initialize"):
        await server.connect()
    with pytest.raises(MCPTimeoutError, match="initialize"):
        async with server:
            pass
    assert hang_server_pids() == []
    gc.collect()
    assert not [m for m in asyncio_errors if "never retrieved" in m]


@pytest.fixture
def silent_http() -> Iterator[str]:
    """An HTTP endpoint that accepts connections and never answers (a hung server)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    yield f"http://127.0.0.1:{listener.getsockname()[1]}/mcp"
    listener.close()


async def test_hang_at_initialize_over_streamable_http(
    silent_http: str, asyncio_errors: list[str]
) -> None:
    server = MCPServerStreamableHttp(
        params={"url": silent_http, "timeout": 30}, name="silent", connect_timeout_seconds=1
    )
    agent = Agent(name="a", model=ScriptedModel([]), mcp_servers=[server])
    with pytest.raises(MCPTimeoutError) as caught:
        await Runner.run(agent, "go")
    assert (caught.value.server_name, caught.value.operation) == ("silent", "initialize")
    assert asyncio.all_tasks() == {asyncio.current_task()}
    await server.cleanup()
    del caught
    gc.collect()
    assert not [m for m in asyncio_errors if "never retrieved" in m]


# ----- 3. a result over the client's SSE event limit ------------------------------------


async def test_oversized_result_is_a_tool_error_and_the_session_stays_up(
    http_server: Any, scripted: Any, caplog: pytest.LogCaptureFixture
) -> None:
    proc = http_server()
    server = MCPServerStreamableHttp(
        params={"url": proc.url, "max_sse_event_size": 64 * 1024}, name="big"
    )
    model = scripted(
        [
            tool_call("big", {"size": 100_000}, call_id="b"),
            tool_call("echo", {"text": "still there"}, call_id="e"),
            "done",
        ]
    )
    agent = Agent(name="a", model=model, mcp_servers=[server])
    async with server:
        session = server.session
        with caplog.at_level(logging.WARNING, logger="runwright.mcp"):
            result = await Runner.run(agent, "go")
        assert server.session is session  # not torn down and reconnected
    assert result.final_output == "done"
    [too_big] = outputs(model.calls[1])
    assert "larger than the client accepts" in too_big
    assert "65,536 bytes" in too_big and "max_sse_event_size" in too_big
    assert "closed the connection" not in too_big
    assert outputs(model.calls[2])[-1] == "echo: still there"
    assert not [r for r in caplog.records if "reconnect" in r.getMessage()]


async def test_oversized_result_with_no_failure_function_ends_the_run_naming_it(
    http_server: Any,
) -> None:
    proc = http_server()
    server = MCPServerStreamableHttp(
        params={"url": proc.url, "max_sse_event_size": 64 * 1024},
        name="big",
        failure_error_function=None,
    )
    model = ScriptedModel([tool_call("big", {"size": 100_000})])
    agent = Agent(name="a", model=model, mcp_servers=[server])
    async with server:
        with pytest.raises(MCPResultTooLargeError) as caught:
            await Runner.run(agent, "go")
        # Direct calls say the same; the session still answers.
        with pytest.raises(MCPResultTooLargeError):
            await server.call_tool("big", {"size": 100_000})
        assert (await server.call_tool("echo", {"text": "x"})).content[0].text == "echo: x"
    assert (caught.value.server_name, caught.value.operation) == ("big", "the call of tool 'big'")


async def test_results_over_the_mcp_clients_one_mib_default_work(http_server: Any) -> None:
    proc = http_server()
    async with MCPServerStreamableHttp(params={"url": proc.url}) as server:
        result = await server.call_tool("big", {"size": 3 * 1024 * 1024})
    assert len(result.content[0].text) == 3 * 1024 * 1024


async def test_max_sse_event_size_is_checked() -> None:
    from runwright import UserError

    for bad in (0, -1, "big", True):
        with pytest.raises(UserError, match="max_sse_event_size"):
            MCPServerStreamableHttp(params={"url": "http://x/mcp", "max_sse_event_size": bad})
    MCPServerStreamableHttp(params={"url": "http://x/mcp", "max_sse_event_size": None})
