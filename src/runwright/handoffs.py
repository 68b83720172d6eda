"""Handoffs: one agent passing the conversation to another.

Public face: the code lives in runwright/_agent/handoffs.py.
"""

from __future__ import annotations

from runwright._agent.handoffs import (
    Handoff,
    HandoffHistoryMapper,
    HandoffInputData,
    HandoffInputFilter,
    default_handoff_history_mapper,
    default_tool_description,
    default_tool_name,
    handoff,
    nest_history,
)

__all__ = [
    "Handoff",
    "HandoffInputData",
    "default_tool_name",
    "default_tool_description",
    "handoff",
    "HandoffInputFilter",
    "HandoffHistoryMapper",
    "nest_history",
    "default_handoff_history_mapper",
]
