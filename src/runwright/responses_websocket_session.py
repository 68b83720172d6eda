"""``agents.responses_websocket_session`` of the OpenAI Agents SDK: runs sharing one
warm Responses websocket.

Public face: the code lives in runwright/_loop/ws_session.py.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from runwright._core.lazy import forward_lazy

if TYPE_CHECKING:
    from runwright._loop.ws_session import ResponsesWebSocketSession, responses_websocket_session

# Loaded on first access: `import runwright` loads this face (see the package's
# __init__), and the Runner's websocket glue is not needed until a program uses it.
__getattr__ = forward_lazy(
    __name__,
    {
        "ResponsesWebSocketSession": "runwright._loop.ws_session",
        "responses_websocket_session": "runwright._loop.ws_session",
    },
)

__all__ = [
    "ResponsesWebSocketSession",
    "responses_websocket_session",
]
