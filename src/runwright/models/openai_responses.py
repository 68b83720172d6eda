"""OpenAIResponsesModel: a Model over the OpenAI Responses API (``POST /responses``).

Public face: the code lives in runwright/_models/openai_responses.py.
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

__all__ = [
    "OpenAIResponsesModel",
    "build_request",
    "responses_tool_choice",
    "responses_input",
    "parse_response",
    "completed_event_response",
]
