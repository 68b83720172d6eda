"""``agents.models.openai_chatcompletions`` of the OpenAI Agents SDK: the Chat Completions model.

Public face: the code lives in runwright/_models/openai_chat.py.
"""

from __future__ import annotations

from runwright._models.openai_chat import OpenAIChatCompletionsModel

__all__ = [
    "OpenAIChatCompletionsModel",
]
