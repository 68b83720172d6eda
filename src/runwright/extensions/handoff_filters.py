"""``agents.extensions.handoff_filters`` of the OpenAI Agents SDK: handoff input filters.

runwright adds ``remove_reasoning`` and ``keep_last_items(n)``.
Public face: the code lives in runwright/_agent/handoff_filters.py,
runwright/_agent/handoff_history.py.
"""

from __future__ import annotations

from runwright._agent.handoff_filters import keep_last_items, remove_all_tools, remove_reasoning
from runwright._agent.handoff_history import (
    default_handoff_history_mapper,
    nest_handoff_history,
)

__all__ = [
    "default_handoff_history_mapper",
    "keep_last_items",
    "nest_handoff_history",
    "remove_all_tools",
    "remove_reasoning",
]
