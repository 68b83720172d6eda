"""``agents.run_context`` of the OpenAI Agents SDK: the context wrapper every callback receives.

Public face: the code lives in runwright/_core/context.py.
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
