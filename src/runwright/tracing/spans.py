"""Spans: one timed operation inside a trace (agent turn, model call, tool call...).

Public face: the code lives in runwright/_tracing/spans.py.
"""

from __future__ import annotations

from runwright._tracing.spans import (
    NoOpSpan,
    Span,
    SpanError,
    TSpanData,
)

__all__ = [
    "NoOpSpan",
    "Span",
    "SpanError",
    "TSpanData",
]
