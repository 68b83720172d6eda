"""Traces: one end-to-end workflow (a run, or several grouped by ``with trace(...)``).

Public face: the code lives in runwright/_tracing/traces.py.
"""

from __future__ import annotations

from runwright._tracing.traces import (
    NoOpTrace,
    Trace,
)

__all__ = [
    "NoOpTrace",
    "Trace",
]
