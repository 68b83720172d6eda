"""The trace provider: the documented global registry of processors and the on/off switch.

Public face: the code lives in runwright/_tracing/provider.py.
"""

from __future__ import annotations

from runwright._tracing.provider import (
    TraceProvider,
    get_trace_provider,
    set_trace_provider,
)

__all__ = [
    "TraceProvider",
    "get_trace_provider",
    "set_trace_provider",
]
