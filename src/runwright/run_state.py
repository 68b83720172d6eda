"""``agents.run_state`` of the OpenAI Agents SDK: a run's resumable state.

runwright adds ``set_signing_key``: every state is then HMAC-signed, and checked on load.
Public face: the code lives in runwright/_state/run_state.py.
"""

from __future__ import annotations

from runwright._state.run_state import RunState, set_signing_key

__all__ = [
    "RunState",
    "set_signing_key",
]
