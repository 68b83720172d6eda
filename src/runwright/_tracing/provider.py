"""The trace provider: the documented global registry of processors and the on/off switch.

One provider per process (``get_trace_provider()``). It creates traces and
spans, hands them the processor fan-out, and owns the default local trace
store processor (on unless ``RUNWRIGHT_TRACING=off``).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from runwright._tracing import scope as _scope
from runwright._tracing.processor import MultiTracingProcessor, TracingProcessor
from runwright._tracing.spans import NoOpSpan, Span, TSpanData
from runwright._tracing.traces import NoOpTrace, Trace
from runwright._tracing.util import gen_group_id, gen_span_id, gen_trace_id, time_iso

if TYPE_CHECKING:
    from pathlib import Path

    # the local store's writer (a thread, then sqlite3) starts with the first trace
    from runwright._tracing.local import LocalTraceProcessor

_current_trace = _scope.current_trace.get
_current_span = _scope.current_span.get

_OFF_VALUES = frozenset({"0", "off", "false", "no", "disabled", "none"})


def local_store_enabled_by_env() -> bool:
    """False when ``RUNWRIGHT_TRACING`` says off (``off``, ``0``, ``false``, ``no``...)."""
    return os.environ.get("RUNWRIGHT_TRACING", "on").strip().lower() not in _OFF_VALUES


class TraceProvider:
    """Creates traces and spans and routes their events to the registered processors."""

    def __init__(self, *, local_store: bool | None = None) -> None:
        """Create a provider.

        Args:
            local_store: register the default local trace store processor;
                ``None`` reads ``RUNWRIGHT_TRACING`` (on unless ``off``).
        """
        self._multi = MultiTracingProcessor()
        self._disabled = False
        self._local: LocalTraceProcessor | None = None
        if local_store if local_store is not None else local_store_enabled_by_env():
            self.set_local_trace_store(None, enabled=True)

    # -- processors ---------------------------------------------------------
    def register_processor(self, processor: TracingProcessor) -> None:
        """Add a processor; it receives every trace and span from now on."""
        self._multi.add_processor(processor)

    def set_processors(self, processors: list[TracingProcessor]) -> None:
        """Replace every processor, the default local store included."""
        self._multi.set_processors(processors)
        if self._local is not None and self._local not in processors:
            self._local = None

    @property
    def processors(self) -> tuple[TracingProcessor, ...]:
        """The registered processors, in call order."""
        return self._multi.processors

    @property
    def local_processor(self) -> LocalTraceProcessor | None:
        """The default local trace store processor, or ``None`` when it is off."""
        return self._local

    def set_local_trace_store(
        self, path: str | Path | None, *, enabled: bool = True
    ) -> LocalTraceProcessor | None:
        """Point the default local store at ``path`` (``None``: the default path), or turn it off.

        Returns the new local processor, or ``None`` when turned off. The old
        one is flushed and stopped.
        """
        # the local store's writer (a thread, then sqlite3) starts with the first trace
        from runwright._tracing.local import LocalTraceProcessor

        old = self._local
        self._local = LocalTraceProcessor(path) if enabled else None
        if old is not None:
            self._multi.remove_processor(old)
            old.shutdown()
        if self._local is not None:
            self._multi.add_processor(self._local)
        return self._local

    # -- switches and ids ---------------------------------------------------
    def set_disabled(self, disabled: bool) -> None:
        """Turn all tracing off (``True``) or back on, process-wide."""
        self._disabled = disabled

    @property
    def disabled(self) -> bool:
        """Whether tracing is off process-wide."""
        return self._disabled

    def get_current_trace(self) -> Trace | None:
        return _scope.current_trace.get()

    def get_current_span(self) -> Span[Any] | None:
        return _scope.current_span.get()

    def time_iso(self) -> str:
        return time_iso()

    def gen_trace_id(self) -> str:
        return gen_trace_id()

    def gen_span_id(self) -> str:
        return gen_span_id()

    def gen_group_id(self) -> str:
        return gen_group_id()

    # -- creation -----------------------------------------------------------
    def create_trace(
        self,
        name: str,
        trace_id: str | None = None,
        group_id: str | None = None,
        metadata: dict[str, Any] | None = None,
        disabled: bool = False,
        tracing: Mapping[str, Any] | None = None,
    ) -> Trace:
        """A new, not yet started trace (a :class:`NoOpTrace` when disabled).

        ``tracing``: a ``TracingConfig``; its ``api_key`` goes with the trace
        (to exporters that send traces to a backend).
        """
        if disabled or self._disabled:
            return NoOpTrace()
        key = tracing.get("api_key") if tracing else None
        return Trace(name, trace_id or gen_trace_id(), group_id, metadata, self._multi, key)

    def create_span(
        self,
        span_data: TSpanData,
        span_id: str | None = None,
        parent: Trace | Span[Any] | None = None,
        disabled: bool = False,
    ) -> Span[TSpanData]:
        """A new, not yet started span under ``parent`` (default: the current span or trace).

        A :class:`NoOpSpan` when disabled, when there is no current trace, or
        when the parent records nothing.
        """
        if disabled or self._disabled:
            return NoOpSpan(span_data)
        if parent is None:
            trace = _current_trace()
            if trace is None or isinstance(trace, NoOpTrace):
                return NoOpSpan(span_data)
            trace_id = trace.trace_id
            span = _current_span()
            parent_id = span.span_id if span is not None and span.trace_id == trace_id else None
            return Span(trace_id, span_id or gen_span_id(), parent_id, span_data, self._multi,
                        trace.metadata, getattr(trace, "_tracing_api_key", None))  # fmt: skip
        if isinstance(parent, (NoOpTrace, NoOpSpan)):
            return NoOpSpan(span_data)
        if isinstance(parent, Trace):
            parent_id, trace_id, metadata = None, parent.trace_id, parent.metadata
        else:
            parent_id, trace_id, metadata = parent.span_id, parent.trace_id, parent.trace_metadata
        return Span(trace_id, span_id or gen_span_id(), parent_id, span_data, self._multi, metadata,
                    getattr(parent, "_tracing_api_key", None))  # fmt: skip

    def force_flush(self) -> None:
        """Ask every processor to deliver what it has queued."""
        self._multi.force_flush()

    def shutdown(self) -> None:
        """Flush and stop every processor."""
        self._multi.shutdown()


class DefaultTraceProvider(TraceProvider):
    """The SDK's name for the provider implementation (here the same as :class:`TraceProvider`)."""


_provider: TraceProvider | None = None
_provider_lock = threading.Lock()


def get_trace_provider() -> TraceProvider:
    """The process-wide provider, created on first use."""
    provider = _provider
    if provider is None:
        with _provider_lock:
            if _provider is None:
                set_trace_provider(TraceProvider())
            provider = _provider
    assert provider is not None
    return provider


def set_trace_provider(provider: TraceProvider) -> None:
    """Replace the process-wide provider (mainly for tests)."""
    global _provider
    _provider = provider
