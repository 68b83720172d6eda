"""The Agents SDK's ``agents.mcp.util`` names: tool filters and MCPUtil.

Public face: the code lives in runwright/_mcp/util.py.
"""

from __future__ import annotations

from runwright._mcp.util import (
    MCPToolMetaContext,
    MCPToolMetaResolver,
    MCPUtil,
    ToolFilter,
    ToolFilterCallable,
    ToolFilterContext,
    ToolFilterStatic,
    create_static_tool_filter,
)

__all__ = [
    "MCPToolMetaContext",
    "MCPToolMetaResolver",
    "MCPUtil",
    "ToolFilter",
    "ToolFilterCallable",
    "ToolFilterContext",
    "ToolFilterStatic",
    "create_static_tool_filter",
]
