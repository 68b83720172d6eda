"""The trace provider: the documented global registry of processors and the on/off switch.

Public face: the code lives in runwright/_tracing/provider.py, runwright/_tracing/processor.py.
"""

from __future__ import annotations

from runwright._tracing.processor import SynchronousMultiTracingProcessor
from runwright._tracing.provider import (
    DefaultTraceProvider,
    TraceProvider,
    get_trace_provider,
    set_trace_provider,
)

__all__ = [
    "DefaultTraceProvider",
    "SynchronousMultiTracingProcessor",
    "TraceProvider",
    "get_trace_provider",
    "set_trace_provider",
]
