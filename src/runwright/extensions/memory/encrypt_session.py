"""``agents.extensions.memory.encrypt_session`` of the OpenAI Agents SDK.

Public face: the code lives in runwright/_sessions/encrypted.py.
"""

from __future__ import annotations

from runwright._sessions.encrypted import (
    EncryptedEnvelope,
    EncryptedSession,
)

__all__ = [
    "EncryptedEnvelope",
    "EncryptedSession",
]
