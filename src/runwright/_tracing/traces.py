"""Traces: one end-to-end workflow (a run, or several grouped by ``with trace(...)``)."""

from __future__ import annotations

import time
from contextvars import Token
from typing import TYPE_CHECKING, Any

from runwright._tracing import scope as _scope
from runwright._tracing.processor import TracingProcessor
from runwright._tracing.util import iso_from_timestamp

if TYPE_CHECKING:
    from types import TracebackType


class Trace:
    """A workflow's trace: id, name, group, metadata, start and end times.

    ``with trace("Support bot"):`` starts it as the current trace so runs and
    ``custom_span``s inside join it; it finishes (and is handed to processors)
    on exit. ``start()`` / ``finish()`` do the same by hand.
    """

    __slots__ = (
        "__weakref__",
        "_ended",
        "_processor",
        "_started",
        "_token",
        "_tracing_api_key",
        "group_id",
        "metadata",
        "name",
        "trace_id",
    )

    def __init__(
        self,
        name: str,
        trace_id: str,
        group_id: str | None,
        metadata: dict[str, Any] | None,
        processor: TracingProcessor,
        tracing_api_key: str | None = None,
    ) -> None:
        self.name = name
        self.trace_id = trace_id
        self.group_id = group_id
        self.metadata = metadata
        self._started: float | None = None
        self._ended: float | None = None
        self._processor = processor
        self._token: Token[Trace | None] | None = None
        self._tracing_api_key = tracing_api_key

    @property
    def tracing_api_key(self) -> str | None:
        """The API key an exporter uses for this trace and its spans (``TracingConfig``'s
        ``api_key``), or ``None``: the exporter's own key."""
        return self._tracing_api_key

    @property
    def started_at(self) -> str | None:
        """When the trace started (ISO 8601, UTC), or ``None`` before :meth:`start`."""
        return None if self._started is None else iso_from_timestamp(self._started)

    @property
    def ended_at(self) -> str | None:
        """When the trace finished (ISO 8601, UTC), or ``None`` before :meth:`finish`."""
        return None if self._ended is None else iso_from_timestamp(self._ended)

    @property
    def workflow_name(self) -> str:
        """The workflow name (the same as :attr:`name`)."""
        return self.name

    @property
    def disabled(self) -> bool:
        """``True`` for a trace that records nothing."""
        return False

    def start(self, mark_as_current: bool = False) -> None:
        """Record the start time, notify processors, optionally become the current trace."""
        if self._started is not None:
            return
        self._started = time.time()
        self._processor.on_trace_start(self)
        if mark_as_current:
            self._token = _scope.current_trace.set(self)

    def finish(self, reset_current: bool = False) -> None:
        """Record the end time and notify processors; optionally restore the previous trace."""
        if self._ended is None and self._started is not None:
            self._ended = time.time()
            self._processor.on_trace_end(self)
        if reset_current:
            self._reset_current()

    def _reset_current(self) -> None:
        token, self._token = self._token, None
        if token is None:
            return
        try:
            _scope.current_trace.reset(token)
        except ValueError:
            if _scope.current_trace.get() is self:
                old = token.old_value
                _scope.current_trace.set(None if old is Token.MISSING else old)

    def export(self) -> dict[str, Any] | None:
        """The trace as a dict (SDK shape plus ``started_at`` / ``ended_at``)."""
        return {
            "object": "trace",
            "id": self.trace_id,
            "workflow_name": self.name,
            "group_id": self.group_id,
            "metadata": self.metadata,
            "started_at": self.started_at,
            "ended_at": self.ended_at,
        }

    def to_json(self, *, include_tracing_api_key: bool = False) -> dict[str, Any] | None:
        """The trace's data for storing or sending (``None`` for a trace that records nothing).

        The tracing API key is left out unless ``include_tracing_api_key`` is True.
        """
        exported = self.export()
        if exported is None:
            return None
        payload = dict(exported)
        if include_tracing_api_key and self.tracing_api_key:
            payload["tracing_api_key"] = self.tracing_api_key
        return payload

    def __enter__(self) -> Trace:
        self.start(mark_as_current=True)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.finish(reset_current=exc_type is not GeneratorExit)

    def __repr__(self) -> str:
        return f"<Trace {self.name!r} id={self.trace_id}>"


class NoOpTrace(Trace):
    """A trace that records nothing (tracing disabled).

    It still becomes the current trace when entered, so runs and spans inside
    see it and record nothing either, rather than opening traces of their own.
    """

    __slots__ = ()

    def __init__(self) -> None:
        self.name = "no-op"
        self.trace_id = "no-op"
        self.group_id = None
        self.metadata = None
        self._started = None
        self._ended = None
        self._token = None
        self._tracing_api_key = None

    @property
    def disabled(self) -> bool:
        return True

    def start(self, mark_as_current: bool = False) -> None:
        if mark_as_current and self._token is None:
            self._token = _scope.current_trace.set(self)

    def finish(self, reset_current: bool = False) -> None:
        if reset_current:
            self._reset_current()

    def export(self) -> dict[str, Any] | None:
        return None

    def __repr__(self) -> str:
        return "<NoOpTrace>"
