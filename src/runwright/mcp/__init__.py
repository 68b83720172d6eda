"""MCP (Model Context Protocol) servers as tool sources for agents.

``Agent(mcp_servers=[MCPServerStdio(...), MCPServerStreamableHttp(...)])``
offers each server's tools to the model beside the agent's function tools.
Needs the ``mcp`` package (``pip install 'runwright[mcp]'``), which is
imported only when a server connects.
"""

from __future__ import annotations

from .filters import (
    ToolFilter,
    ToolFilterCallable,
    ToolFilterContext,
    ToolFilterStatic,
    create_static_tool_filter,
)
from .manager import MCPServerManager
from .server import (
    MCPConnectionError,
    MCPServer,
    MCPServerSse,
    MCPServerSseParams,
    MCPServerStdio,
    MCPServerStdioParams,
    MCPServerStreamableHttp,
    MCPServerStreamableHttpParams,
)
from .tools import MCPToolError
from .util import MCPToolMetaContext, MCPToolMetaResolver, MCPUtil

__all__ = [
    "MCPConnectionError",
    "MCPServer",
    "MCPServerManager",
    "MCPServerSse",
    "MCPServerSseParams",
    "MCPServerStdio",
    "MCPServerStdioParams",
    "MCPServerStreamableHttp",
    "MCPServerStreamableHttpParams",
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
