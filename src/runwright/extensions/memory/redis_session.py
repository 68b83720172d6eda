"""``agents.extensions.memory.redis_session`` of the OpenAI Agents SDK.

Public face: the code lives in runwright/_sessions/redis.py.
"""

from __future__ import annotations

from runwright._sessions.redis import (
    RedisSession,
)

__all__ = [
    "RedisSession",
]
