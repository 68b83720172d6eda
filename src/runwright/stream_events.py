"""``agents.stream_events`` of the OpenAI Agents SDK: what a streamed run yields.

Public face: the code lives in runwright/_core/events.py.
"""

from __future__ import annotations

from runwright._core.events import (
    AgentUpdatedStreamEvent,
    RawResponsesStreamEvent,
    RunItemStreamEvent,
    StreamEvent,
)

__all__ = [
    "AgentUpdatedStreamEvent",
    "RawResponsesStreamEvent",
    "RunItemStreamEvent",
    "StreamEvent",
]
