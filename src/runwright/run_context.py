"""``agents.run_context`` of the OpenAI Agents SDK: the context wrapper every callback receives.

A thin re-export module for drop-in imports; the code lives in the modules named below.
"""

from __future__ import annotations

from runwright._core.context import (
    AgentHookContext,
    RunContextWrapper,
    TContext,
)

__all__ = [
    "AgentHookContext",
    "RunContextWrapper",
    "TContext",
]
