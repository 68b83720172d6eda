"""``agents.memory`` of the OpenAI Agents SDK: conversation memory (sessions).

``OpenAIConversationsSession`` and ``OpenAIResponsesCompactionSession`` load (with the
openai client) on first access.

Public face: the code lives in runwright/_sessions/ (protocol, memory, sqlite,
openai_conversations, responses_compaction).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from runwright._core.lazy import forward_lazy
from runwright._sessions.memory import InMemorySession
from runwright._sessions.protocol import (
    OpenAIResponsesCompactionArgs,
    OpenAIResponsesCompactionAwareSession,
    Session,
    SessionABC,
    SessionInputCallback,
    SessionSettings,
    is_openai_responses_compaction_aware_session,
)
from runwright._sessions.sqlite import SQLiteSession

if TYPE_CHECKING:
    from runwright._sessions.openai_conversations import OpenAIConversationsSession
    from runwright._sessions.responses_compaction import OpenAIResponsesCompactionSession

# Loaded on first access: their modules import the openai client's defaults.
__getattr__ = forward_lazy(
    __name__,
    {
        "OpenAIConversationsSession": "runwright._sessions.openai_conversations",
        "OpenAIResponsesCompactionSession": "runwright._sessions.responses_compaction",
    },
)

__all__ = [
    "InMemorySession",
    "OpenAIConversationsSession",
    "OpenAIResponsesCompactionArgs",
    "OpenAIResponsesCompactionAwareSession",
    "OpenAIResponsesCompactionSession",
    "SQLiteSession",
    "Session",
    "SessionABC",
    "SessionInputCallback",
    "SessionSettings",
    "is_openai_responses_compaction_aware_session",
]
