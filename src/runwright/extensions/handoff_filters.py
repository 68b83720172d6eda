"""``agents.extensions.handoff_filters`` of the OpenAI Agents SDK: handoff input filters.

A thin re-export module for drop-in imports; the code lives in the modules named below.
"""

from __future__ import annotations

from runwright._agent.handoff_filters import remove_all_tools
from runwright._agent.handoffs import default_handoff_history_mapper

__all__ = [
    "default_handoff_history_mapper",
    "remove_all_tools",
]
