"""Spans: one timed operation inside a trace (agent turn, model call, tool call...)."""

from __future__ import annotations

import re
import time
from contextvars import Token
from typing import TYPE_CHECKING, Any, Generic, TypedDict, TypeVar

from runwright._tracing import scope as _scope
from runwright._tracing.processor import TracingProcessor
from runwright._tracing.span_data import SpanData
from runwright._tracing.util import iso_from_timestamp

if TYPE_CHECKING:
    from types import TracebackType

TSpanData = TypeVar("TSpanData", bound=SpanData)

# Bound once: spans start and finish on every model and tool call.
_now = time.time
_set_current = _scope.current_span.set
_reset_current = _scope.current_span.reset


class SpanError(TypedDict):
    """What went wrong in a span: a message and optional structured data."""

    message: str
    data: dict[str, Any] | None


class Span(Generic[TSpanData]):
    """A timed operation with typed data, a parent and an optional error.

    Use it as a context manager (``with function_span("lookup") as span:``),
    which starts it as the current span and finishes it on exit (recording an
    exception as the span's error), or call :meth:`start` / :meth:`finish`.
    Timestamps are ISO 8601 strings in UTC.
    """

    __slots__ = (
        "_ended",
        "_processor",
        "_started",
        "_token",
        "_trace_metadata",
        "_tracing_api_key",
        "error",
        "parent_id",
        "span_data",
        "span_id",
        "trace_id",
    )

    def __init__(
        self,
        trace_id: str,
        span_id: str,
        parent_id: str | None,
        span_data: TSpanData,
        processor: TracingProcessor,
        trace_metadata: dict[str, Any] | None = None,
        tracing_api_key: str | None = None,
    ) -> None:
        self.trace_id = trace_id
        self.span_id = span_id
        self.parent_id = parent_id
        self.span_data = span_data
        # POSIX timestamps; the ISO strings are made only when read (export
        # runs off the calling thread), which keeps start/finish cheap.
        self._started: float | None = None
        self._ended: float | None = None
        self.error: SpanError | None = None
        self._processor = processor
        self._token: Token[Span[Any] | None] | None = None
        self._trace_metadata = trace_metadata
        self._tracing_api_key = tracing_api_key

    @property
    def tracing_api_key(self) -> str | None:
        """The API key of the span's trace, for exporters (see ``Trace.tracing_api_key``)."""
        return self._tracing_api_key

    @property
    def started_at(self) -> str | None:
        """When the span started (ISO 8601, UTC), or ``None`` before :meth:`start`."""
        return None if self._started is None else iso_from_timestamp(self._started)

    @property
    def ended_at(self) -> str | None:
        """When the span finished (ISO 8601, UTC), or ``None`` before :meth:`finish`."""
        return None if self._ended is None else iso_from_timestamp(self._ended)

    @property
    def trace_metadata(self) -> dict[str, Any] | None:
        """The metadata of the trace this span belongs to."""
        return self._trace_metadata

    def start(self, mark_as_current: bool = False) -> None:
        """Record the start time and notify processors; optionally become the current span."""
        if self._started is not None:
            return
        self._started = _now()
        self._processor.on_span_start(self)
        if mark_as_current:
            self._token = _set_current(self)

    def finish(self, reset_current: bool = False) -> None:
        """Record the end time and notify processors; optionally restore the previous span."""
        if self._ended is not None:
            return
        self._ended = _now()
        self._processor.on_span_end(self)
        if reset_current:
            self._restore_previous()

    def _restore_previous(self) -> None:
        token, self._token = self._token, None
        if token is None:
            return
        try:
            _reset_current(token)
        except ValueError:
            # Finished in another context than it started (e.g. another task):
            # the token cannot be reset there, so step back to the parent by hand.
            if _scope.current_span.get() is self:
                old = token.old_value
                _scope.current_span.set(None if old is Token.MISSING else old)

    def set_error(self, error: SpanError) -> None:
        """Mark the span as failed.

        When the span records no sensitive data (its ``include_data``, else the
        run's ``trace_include_sensitive_data``), only the error's type is kept:
        error messages quote tool arguments and model output.
        """
        include = getattr(self.span_data, "include_data", None)
        if include is None:
            include = _scope.include_sensitive_data.get()
        self.error = error if include else redacted_error(error)

    def export(self) -> dict[str, Any] | None:
        """The span as a dict (SDK shape: ``object``, ``id``, ``span_data``...)."""
        return {
            "object": "trace.span",
            "id": self.span_id,
            "trace_id": self.trace_id,
            "parent_id": self.parent_id,
            "started_at": self.started_at,
            "ended_at": self.ended_at,
            "span_data": self.span_data.export(),
            "error": self.error,
        }

    def __enter__(self) -> Span[TSpanData]:
        # start(mark_as_current=True), inlined: this is the hot path.
        if self._started is None:
            self._started = _now()
            self._processor.on_span_start(self)
            self._token = _set_current(self)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc is not None and self.error is None and isinstance(exc, Exception):
            self.set_error({"message": str(exc) or type(exc).__name__, "data": _exc_data(exc)})
        # finish(reset_current=...), inlined.
        if self._ended is None:
            self._ended = _now()
            self._processor.on_span_end(self)
        if exc_type is not GeneratorExit:
            self._restore_previous()

    def __repr__(self) -> str:
        return (
            f"<Span {self.span_data.type} id={self.span_id} parent={self.parent_id} "
            f"trace={self.trace_id}>"
        )


def _exc_data(exc: BaseException) -> dict[str, Any]:
    return {"type": type(exc).__name__}


_TYPE_PREFIX = re.compile(r"[A-Za-z_][\w.]*(?=: )")
REDACTED = "message redacted: trace_include_sensitive_data is off"


def redacted_error(error: Any) -> SpanError:
    """``error`` with its message and data replaced by the error's type alone."""
    kind = None
    if isinstance(error, dict):
        data = error.get("data")
        kind = data.get("type") if isinstance(data, dict) else None
        message = error.get("message")
        match = _TYPE_PREFIX.match(message) if kind is None and isinstance(message, str) else None
        kind = match.group(0) if match else kind
    kind = kind if isinstance(kind, str) else "Error"
    return {"message": f"{kind} ({REDACTED})", "data": {"type": kind}}


class NoOpSpan(Span[TSpanData]):
    """A span that records nothing: returned when there is no trace or tracing is off.

    Same interface as :class:`Span`; starting and finishing it cost a few
    attribute reads and notify no processor.
    """

    __slots__ = ()

    # Class attributes shadow the slots of Span: nothing to set per instance
    # but the data, which keeps the no-op path (tracing off) cheap.
    trace_id = "no-op"
    span_id = "no-op"
    parent_id = None
    error = None
    _started = None
    _ended = None
    _token = None
    _trace_metadata = None
    _tracing_api_key = None

    def __init__(self, span_data: TSpanData) -> None:
        self.span_data = span_data

    def set_error(self, error: SpanError) -> None:
        return None

    def start(self, mark_as_current: bool = False) -> None:
        return None

    def finish(self, reset_current: bool = False) -> None:
        return None

    def __enter__(self) -> NoOpSpan[TSpanData]:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        return None

    def export(self) -> dict[str, Any] | None:
        return None

    def __repr__(self) -> str:
        return f"<NoOpSpan {self.span_data.type}>"
