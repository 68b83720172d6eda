"""A real MCP server for the tests, written with the `mcp` package's own server API.

Run as ``python server_app.py stdio`` or ``python server_app.py streamable-http PORT``
(or ``sse PORT``). ``MCP_TEST_PREFIX`` prefixes every tool name (two servers
with distinct tool sets); ``MCP_TEST_MARKER`` names a file each ``add`` call
appends to (to count executions across processes).
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
import sys
from typing import Any

from mcp.server.mcpserver import Context, MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp.types import EmbeddedResource, ImageContent, TextContent, TextResourceContents

# A 1x1 red PNG.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC"
)
PREFIX = os.environ.get("MCP_TEST_PREFIX", "")
server = MCPServer("runwright-test")


def _tool(name: str) -> Any:
    return server.tool(name=PREFIX + name)


@_tool("add")
def add(a: int, b: int) -> str:
    """Add two integers."""
    marker = os.environ.get("MCP_TEST_MARKER")
    if marker:
        with open(marker, "a") as f:
            f.write(f"{a}+{b}\n")
    return str(a + b)


@_tool("echo")
def echo(text: str) -> str:
    """Echo the text back."""
    return f"echo: {text}"


@_tool("slow")
async def slow(seconds: float) -> str:
    """Sleep, then answer."""
    await asyncio.sleep(seconds)
    return f"slept {seconds}"


@_tool("crash")
def crash() -> str:
    """Kill the server process at once."""
    os._exit(3)


@_tool("pid")
def pid() -> str:
    """The server's process id."""
    return str(os.getpid())


@_tool("meta")
def meta(ctx: Context) -> str:
    """The request's _meta as JSON."""
    data = ctx.request_context.meta
    if data is not None and hasattr(data, "model_dump"):
        data = data.model_dump(exclude_none=True)
    return json.dumps(dict(data or {}), sort_keys=True, default=str)


@_tool("fail")
def fail(reason: str) -> str:
    """Always raises."""
    raise ToolError(f"failed because {reason}")


@_tool("picture")
def picture() -> list[Any]:
    """A caption and a PNG image."""
    return [
        TextContent(type="text", text="a red dot"),
        ImageContent(type="image", data=base64.b64encode(PNG).decode(), mimeType="image/png"),
    ]


@_tool("big")
def big(size: int) -> str:
    """A text of ``size`` bytes."""
    return "x" * size


@_tool("weather")
def weather(city: str) -> dict[str, Any]:
    """Structured weather."""
    return {"city": city, "celsius": 21}


@_tool("document")
def document() -> EmbeddedResource:
    """An embedded text resource."""
    return EmbeddedResource(
        type="resource",
        resource=TextResourceContents(uri="file:///notes.txt", mimeType="text/plain", text="notes"),
    )


@server.resource("notes://today")
def today() -> str:
    """Today's notes."""
    return "buy milk"


@server.prompt()
def greet(name: str) -> str:
    """A greeting prompt."""
    return f"Say hello to {name}."


if __name__ == "__main__":
    transport = sys.argv[1] if len(sys.argv) > 1 else "stdio"
    if transport == "stdio":
        server.run("stdio")
    else:
        # The socket is bound here (port 0: any free port) and its port printed, so the
        # test knows the server is the one listening there: a port picked by the test and
        # bound later could be taken meanwhile by another test's server.
        import socket

        import uvicorn

        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", int(sys.argv[2])))
        listener.listen(128)
        if transport == "sse":
            app = server.sse_app(host="127.0.0.1")
        else:
            app = server.streamable_http_app(host="127.0.0.1")
        print(f"PORT {listener.getsockname()[1]}", flush=True)
        uvicorn.Server(uvicorn.Config(app, log_level="warning")).run(sockets=[listener])
