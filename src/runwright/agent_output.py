"""``agents.agent_output`` of the OpenAI Agents SDK: output schemas.

Public face: the code lives in runwright/_agent/output_schema.py.
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
