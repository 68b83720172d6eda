"""``agents.responses_websocket_session`` of the OpenAI Agents SDK: runs sharing one
warm Responses websocket.

Public face: the code lives in runwright/_loop/ws_session.py.
"""

from __future__ import annotations

from runwright._loop.ws_session import (
    ResponsesWebSocketSession,
    responses_websocket_session,
)

__all__ = [
    "ResponsesWebSocketSession",
    "responses_websocket_session",
]
