"""MCP servers as tool sources: stdio, streamable HTTP and SSE (``agents.mcp.server``).

Public face: the code lives in runwright/_mcp/base.py, runwright/_mcp/server.py.
"""

from __future__ import annotations

from runwright._mcp.base import (
    MCPConnectionError,
    MCPServer,
)
from runwright._mcp.server import (
    MCPServerSse,
    MCPServerSseParams,
    MCPServerStdio,
    MCPServerStdioParams,
    MCPServerStreamableHttp,
    MCPServerStreamableHttpParams,
)

__all__ = [
    "MCPConnectionError",
    "MCPServer",
    "MCPServerSse",
    "MCPServerSseParams",
    "MCPServerStdio",
    "MCPServerStdioParams",
    "MCPServerStreamableHttp",
    "MCPServerStreamableHttpParams",
]
