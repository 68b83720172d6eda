"""``agents.run_state`` of the OpenAI Agents SDK: a run's resumable state.

A thin re-export module for drop-in imports; the code lives in the modules named below.
"""

from __future__ import annotations

from runwright._state.run_state import RunState

__all__ = [
    "RunState",
]
