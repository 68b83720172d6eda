"""Stored prompts (``agents.prompts`` in the OpenAI Agents SDK).

Public face: the code lives in runwright/_agent/prompts.py.
"""

from __future__ import annotations

from runwright._agent.prompts import (
    DynamicPromptFunction,
    GenerateDynamicPromptData,
    Prompt,
    PromptUtil,
)

__all__ = ["DynamicPromptFunction", "GenerateDynamicPromptData", "Prompt", "PromptUtil"]
