"""MCP (Model Context Protocol) servers as tool sources for agents.

``Agent(mcp_servers=[MCPServerStdio(...), MCPServerStreamableHttp(...)])``
offers each server's tools to the model beside the agent's function tools.
Needs the ``mcp`` package (``pip install 'runwright[mcp]'``), which is
imported only when a server connects.
"""

from __future__ import annotations

from runwright._mcp.approval import LocalMCPApprovalCallable
from runwright._mcp.base import (
    MCPConnectionError,
    MCPResultTooLargeError,
    MCPServer,
    MCPTimeoutError,
    MCPToolMetaContext,
)
from runwright._mcp.filters import (
    ToolFilter,
    ToolFilterCallable,
    ToolFilterContext,
    ToolFilterStatic,
    create_static_tool_filter,
)
from runwright._mcp.manager import MCPServerManager
from runwright._mcp.server import (
    MCPServerSse,
    MCPServerSseParams,
    MCPServerStdio,
    MCPServerStdioParams,
    MCPServerStreamableHttp,
    MCPServerStreamableHttpParams,
)
from runwright._mcp.tools import (
    MCPToolCustomDataContext,
    MCPToolCustomDataExtractor,
    MCPToolError,
)
from runwright._mcp.util import MCPToolMetaResolver, MCPUtil

__all__ = [
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
