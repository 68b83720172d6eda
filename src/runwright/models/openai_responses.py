"""OpenAIResponsesModel: a Model over the OpenAI Responses API (``POST /responses``), and
OpenAIResponsesWSModel, the same API over a websocket.

Public face: the code lives in runwright/_models/openai_responses.py and
runwright/_models/openai_ws.py.
"""

from __future__ import annotations

from runwright._models.openai_responses import (
    OpenAIResponsesModel,
    build_request,
    completed_event_response,
    parse_response,
    responses_input,
    responses_tool_choice,
)
from runwright._models.openai_ws import (
    OpenAIResponsesWebSocketOptions,
    OpenAIResponsesWSModel,
)

__all__ = [
    "OpenAIResponsesModel",
    "OpenAIResponsesWSModel",
    "OpenAIResponsesWebSocketOptions",
    "build_request",
    "responses_tool_choice",
    "responses_input",
    "parse_response",
    "completed_event_response",
]
