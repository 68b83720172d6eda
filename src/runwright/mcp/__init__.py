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
from .util import MCPToolMetaContext, MCPUtil

__all__ = [
    "MCPConnectionError",
    "MCPServer",
    "MCPServerSse",
    "MCPServerSseParams",
    "MCPServerStdio",
    "MCPServerStdioParams",
    "MCPServerStreamableHttp",
    "MCPServerStreamableHttpParams",
    "MCPToolError",
    "MCPToolMetaContext",
    "MCPUtil",
    "ToolFilter",
    "ToolFilterCallable",
    "ToolFilterContext",
    "ToolFilterStatic",
    "create_static_tool_filter",
]
