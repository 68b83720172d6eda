"""``agents.extensions.handoff_prompt`` of the OpenAI Agents SDK: a prompt for handoffs.

Public face: the code lives in runwright/_agent/handoff_prompt.py.
"""

from __future__ import annotations

from runwright._agent.handoff_prompt import (
    RECOMMENDED_PROMPT_PREFIX,
    prompt_with_handoff_instructions,
)

__all__ = [
    "RECOMMENDED_PROMPT_PREFIX",
    "prompt_with_handoff_instructions",
]
