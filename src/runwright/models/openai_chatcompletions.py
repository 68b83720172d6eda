"""``agents.models.openai_chatcompletions`` of the OpenAI Agents SDK: the Chat Completions model.

A thin re-export module for drop-in imports; the code lives in the modules named below.
"""

from __future__ import annotations

from runwright._models.openai_chat import OpenAIChatCompletionsModel

__all__ = [
    "OpenAIChatCompletionsModel",
]
