"""Lifecycle hooks: callbacks at the edges of agent turns, model calls, tools and handoffs.

Public face: the code lives in runwright/_core/lifecycle.py.
"""

from __future__ import annotations

from runwright._core.lifecycle import (
    AgentHooks,
    AgentHooksBase,
    RunHooks,
    RunHooksBase,
    TAgent,
    notify_hooks,
)

__all__ = [
    "TAgent",
    "RunHooksBase",
    "AgentHooksBase",
    "RunHooks",
    "AgentHooks",
    "notify_hooks",
]
