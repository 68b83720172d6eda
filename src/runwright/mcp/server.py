"""MCP servers as tool sources: stdio, streamable HTTP and SSE (``agents.mcp.server``).

Public face: the code lives in runwright/_mcp/approval.py, runwright/_mcp/base.py,
runwright/_mcp/server.py.
"""

from __future__ import annotations

from runwright._mcp.approval import LocalMCPApprovalCallable
from runwright._mcp.base import (
    MCPConnectionError,
    MCPResultTooLargeError,
    MCPServer,
    MCPTimeoutError,
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
    "LocalMCPApprovalCallable",
    "MCPConnectionError",
    "MCPResultTooLargeError",
    "MCPServer",
    "MCPServerSse",
    "MCPServerSseParams",
    "MCPServerStdio",
    "MCPServerStdioParams",
    "MCPServerStreamableHttp",
    "MCPServerStreamableHttpParams",
    "MCPTimeoutError",
]
