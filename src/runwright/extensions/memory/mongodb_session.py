"""``agents.extensions.memory.mongodb_session`` of the OpenAI Agents SDK.

Public face: the code lives in runwright/_sessions/unsupported.py.
"""

from __future__ import annotations

from runwright._sessions.unsupported import (
    MongoDBSession,
)

__all__ = [
    "MongoDBSession",
]
