"""``agents.extensions.memory.dapr_session`` of the OpenAI Agents SDK.

Public face: the code lives in runwright/_sessions/unsupported.py.
"""

from __future__ import annotations

from runwright._sessions.unsupported import (
    DAPR_CONSISTENCY_EVENTUAL,
    DAPR_CONSISTENCY_STRONG,
    DaprSession,
)

__all__ = [
    "DAPR_CONSISTENCY_EVENTUAL",
    "DAPR_CONSISTENCY_STRONG",
    "DaprSession",
]
