"""The Agents SDK's ``agents.mcp.util`` names: tool filters and MCPUtil.

Public face: the code lives in runwright/_mcp/ (base, filters, tools, util).
"""

from __future__ import annotations

from runwright._mcp.base import (
    MCPToolMetaContext,
)
from runwright._mcp.filters import (
    ToolFilter,
    ToolFilterCallable,
    ToolFilterContext,
    ToolFilterStatic,
    create_static_tool_filter,
)
from runwright._mcp.tools import (
    MCPToolCustomDataContext,
    MCPToolCustomDataExtractor,
)
from runwright._mcp.util import (
    MCPToolMetaResolver,
    MCPUtil,
)

__all__ = [
    "MCPToolCustomDataContext",
    "MCPToolCustomDataExtractor",
    "MCPToolMetaContext",
    "MCPToolMetaResolver",
    "MCPUtil",
    "ToolFilter",
    "ToolFilterCallable",
    "ToolFilterContext",
    "ToolFilterStatic",
    "create_static_tool_filter",
]
