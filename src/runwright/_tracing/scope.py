"""The contextvars holding the current trace, span and sensitive-data switch.

These are the only per-task tracing state: asyncio tasks created inside a span
copy the context, so their spans become children of that span.
"""

from __future__ import annotations

from contextvars import ContextVar, Token
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


class Scope:
    """The current trace and span, read and set by hand (the SDK's ``Scope``).

    ``set_*`` returns a token; pass it to the matching ``reset_*`` to restore
    what was current before (in the same context).
    """

    @classmethod
    def get_current_span(cls) -> Span[Any] | None:
        return current_span.get()

    @classmethod
    def set_current_span(cls, span: Span[Any] | None) -> Token[Span[Any] | None]:
        return current_span.set(span)

    @classmethod
    def reset_current_span(cls, token: Token[Span[Any] | None]) -> None:
        current_span.reset(token)

    @classmethod
    def get_current_trace(cls) -> Trace | None:
        return current_trace.get()

    @classmethod
    def set_current_trace(cls, trace: Trace | None) -> Token[Trace | None]:
        return current_trace.set(trace)

    @classmethod
    def reset_current_trace(cls, token: Token[Trace | None]) -> None:
        current_trace.reset(token)
