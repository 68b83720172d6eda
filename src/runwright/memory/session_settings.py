"""``agents.memory.session_settings`` of the OpenAI Agents SDK: session-level settings.

A thin re-export module for drop-in imports; the code lives in the modules named below.
"""

from __future__ import annotations

from runwright._sessions import SessionSettings

__all__ = [
    "SessionSettings",
]
