"""Agent: the configuration of one LLM agent. It holds no run state.

Public face: the code lives in runwright/_agent/agent.py, runwright/_tools/use_behavior.py.
"""

from __future__ import annotations

from runwright._agent.agent import (
    Agent,
    AgentBase,
    AgentToolStreamEvent,
    Instructions,
    resolve_tools,
)
from runwright._tools.use_behavior import (
    StopAtTools,
    ToolsToFinalOutputFunction,
    ToolsToFinalOutputResult,
)

__all__ = [
    "Instructions",
    "AgentToolStreamEvent",
    "AgentBase",
    "resolve_tools",
    "Agent",
    "StopAtTools",
    "ToolsToFinalOutputFunction",
    "ToolsToFinalOutputResult",
]
