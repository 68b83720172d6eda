"""``agents.tool_context`` of the OpenAI Agents SDK: the context a tool call receives.

A thin re-export module for drop-in imports; the code lives in the modules named below.
"""

from __future__ import annotations

from runwright._tools.context import ToolContext

__all__ = [
    "ToolContext",
]
