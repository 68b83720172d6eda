"""``agents.memory.session_settings`` of the OpenAI Agents SDK: session-level settings.

Public face: the code lives in runwright/_sessions/protocol.py.
"""

from __future__ import annotations

from runwright._sessions.protocol import SessionSettings

__all__ = [
    "SessionSettings",
]
