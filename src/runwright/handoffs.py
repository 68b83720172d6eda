"""Handoffs: one agent passing the conversation to another.

Public face: the code lives in runwright/_agent/handoffs.py and
runwright/_agent/handoff_history.py (nested handoff history).
"""

from __future__ import annotations

from runwright._agent.handoff_history import (
    default_handoff_history_mapper,
    get_conversation_history_wrappers,
    nest_handoff_history,
    reset_conversation_history_wrappers,
    set_conversation_history_wrappers,
)
from runwright._agent.handoffs import (
    Handoff,
    HandoffHistoryMapper,
    HandoffInputData,
    HandoffInputFilter,
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
    "nest_handoff_history",
    "get_conversation_history_wrappers",
    "set_conversation_history_wrappers",
    "reset_conversation_history_wrappers",
]
