"""``agents.agent_output`` of the OpenAI Agents SDK: output schemas.

A thin re-export module for drop-in imports; the code lives in the modules named below.
"""

from __future__ import annotations

from runwright._agent.output_schema import (
    AgentOutputSchema,
    AgentOutputSchemaBase,
)

__all__ = [
    "AgentOutputSchema",
    "AgentOutputSchemaBase",
]
