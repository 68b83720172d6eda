"""``agents.extensions.handoff_prompt`` of the OpenAI Agents SDK: a prompt for handoffs.

Put :data:`RECOMMENDED_PROMPT_PREFIX` at the start of an agent's instructions
(or call :func:`prompt_with_handoff_instructions`) so the model knows it is
one of several agents and hands off through the ``transfer_to_...`` tools.
"""

from __future__ import annotations

RECOMMENDED_PROMPT_PREFIX = (
    "# How this conversation is handled\n"
    "You are one of several agents that serve the user together; each agent has its own "
    "specialty. Passing the conversation to another agent is called a handoff. You hand off "
    "by calling one of your tools whose name starts with `transfer_to_`. Hand off when the "
    "request is better served by another agent, and do not tell the user about the handoff "
    "itself: the next agent simply continues the same conversation."
)
"""Text to put before an agent's own instructions when it takes part in handoffs."""


def prompt_with_handoff_instructions(prompt: str) -> str:
    """``prompt`` preceded by :data:`RECOMMENDED_PROMPT_PREFIX` (and a blank line)."""
    return f"{RECOMMENDED_PROMPT_PREFIX}\n\n{prompt}"
