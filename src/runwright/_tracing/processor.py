"""The processor port: what receives traces and spans as they start and end."""

from __future__ import annotations

import abc
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from runwright._tracing.util import get_logger

if TYPE_CHECKING:
    from runwright._tracing.spans import Span
    from runwright._tracing.traces import Trace


class TracingProcessor(abc.ABC):
    """Receives traces and spans as they start and end.

    The same shape as the OpenAI Agents SDK's ``TracingProcessor``, so
    processors written for it work here unchanged. Methods are called on the
    thread that starts or finishes the trace/span (often the event loop's), so
    they must return quickly and be thread-safe. An exception raised by a
    processor is logged and otherwise ignored: it never breaks a run.
    """

    @abc.abstractmethod
    def on_trace_start(self, trace: Trace) -> None:
        """A trace started."""

    @abc.abstractmethod
    def on_trace_end(self, trace: Trace) -> None:
        """A trace finished (its spans have normally finished before)."""

    @abc.abstractmethod
    def on_span_start(self, span: Span[Any]) -> None:
        """A span started."""

    @abc.abstractmethod
    def on_span_end(self, span: Span[Any]) -> None:
        """A span finished; its data, error and ``ended_at`` are final."""

    @abc.abstractmethod
    def shutdown(self) -> None:
        """The application is stopping: flush and release resources."""

    @abc.abstractmethod
    def force_flush(self) -> None:
        """Deliver everything queued so far before returning."""


class TracingExporter(abc.ABC):
    """Sends finished traces and spans somewhere (a console, a backend), in batches.

    Used by :class:`~runwright.tracing.processors.BatchTraceProcessor`, which
    calls :meth:`export` from its worker thread.
    """

    @abc.abstractmethod
    def export(self, items: list[Trace | Span[Any]]) -> None:
        """Deliver ``items``: traces (when they start) and spans (when they end)."""


class MultiTracingProcessor(TracingProcessor):
    """Fans every event out to a list of processors, isolating their failures."""

    __slots__ = ("_processors",)

    def __init__(self, processors: Iterable[TracingProcessor] = ()) -> None:
        # A tuple replaced as a whole: readers on other threads never see a
        # half-updated list, and iteration needs no lock.
        self._processors: tuple[TracingProcessor, ...] = tuple(processors)

    @property
    def processors(self) -> tuple[TracingProcessor, ...]:
        """The processors events go to, in order."""
        return self._processors

    def add_processor(self, processor: TracingProcessor) -> None:
        """Append ``processor`` (ignored when already present)."""
        if processor not in self._processors:
            self._processors = (*self._processors, processor)

    def set_processors(self, processors: Iterable[TracingProcessor]) -> None:
        """Replace every processor."""
        self._processors = tuple(processors)

    def remove_processor(self, processor: TracingProcessor) -> None:
        """Remove ``processor`` if present."""
        self._processors = tuple(p for p in self._processors if p is not processor)

    def on_trace_start(self, trace: Trace) -> None:
        for p in self._processors:
            try:
                p.on_trace_start(trace)
            except Exception:
                get_logger().exception("trace processor %r failed in on_trace_start", p)

    def on_trace_end(self, trace: Trace) -> None:
        for p in self._processors:
            try:
                p.on_trace_end(trace)
            except Exception:
                get_logger().exception("trace processor %r failed in on_trace_end", p)

    def on_span_start(self, span: Span[Any]) -> None:
        for p in self._processors:
            try:
                p.on_span_start(span)
            except Exception:
                get_logger().exception("trace processor %r failed in on_span_start", p)

    def on_span_end(self, span: Span[Any]) -> None:
        for p in self._processors:
            try:
                p.on_span_end(span)
            except Exception:
                get_logger().exception("trace processor %r failed in on_span_end", p)

    def shutdown(self) -> None:
        for p in self._processors:
            try:
                p.shutdown()
            except Exception:
                get_logger().exception("trace processor %r failed in shutdown", p)

    def force_flush(self) -> None:
        for p in self._processors:
            try:
                p.force_flush()
            except Exception:
                get_logger().exception("trace processor %r failed in force_flush", p)


class SynchronousMultiTracingProcessor(MultiTracingProcessor):
    """The SDK's name for the fan-out processor: calls each processor in turn, in order."""

    __slots__ = ()

    def add_tracing_processor(self, tracing_processor: TracingProcessor) -> None:
        """Append ``tracing_processor`` (ignored when already present)."""
        self.add_processor(tracing_processor)
