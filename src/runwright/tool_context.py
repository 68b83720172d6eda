"""``agents.tool_context`` of the OpenAI Agents SDK: the context a tool call receives.

Public face: the code lives in runwright/_tools/context.py.
"""

from __future__ import annotations

from runwright._tools.context import ToolContext

__all__ = [
    "ToolContext",
]
