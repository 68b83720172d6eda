"""The contextvars holding the current trace, span and sensitive-data switch.

These are the only per-task tracing state: asyncio tasks created inside a span
copy the context, so their spans become children of that span.
"""

from __future__ import annotations

from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from runwright._tracing.spans import Span
    from runwright._tracing.traces import Trace

current_trace: ContextVar[Trace | None] = ContextVar("runwright_current_trace", default=None)
current_span: ContextVar[Span[Any] | None] = ContextVar("runwright_current_span", default=None)
include_sensitive_data: ContextVar[bool] = ContextVar(
    "runwright_trace_include_sensitive_data", default=True
)


def get_current_trace() -> Trace | None:
    """The trace of the current context (set by ``with trace(...)`` or a run), or ``None``."""
    return current_trace.get()


def get_current_span() -> Span[Any] | None:
    """The innermost span started as current in this context, or ``None``."""
    return current_span.get()
