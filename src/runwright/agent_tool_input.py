"""Structured input for agents used as tools (``Agent.as_tool(parameters=...)``).

Public face: the code lives in runwright/_agent/agent_tool_input.py.
"""

from __future__ import annotations

from runwright._agent.agent_tool_input import (
    StructuredInput,
    StructuredToolInputBuilder,
    StructuredToolInputBuilderOptions,
    default_tool_input_builder,
)

__all__ = [
    "StructuredInput",
    "StructuredToolInputBuilder",
    "StructuredToolInputBuilderOptions",
    "default_tool_input_builder",
]
