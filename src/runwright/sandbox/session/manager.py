"""Instrumentation: where a session's events go.

Public face: the code lives in runwright/_sandbox/events.py.
"""

from __future__ import annotations

from runwright._sandbox.events import (
    Instrumentation,
)

__all__ = [
    "Instrumentation",
]
