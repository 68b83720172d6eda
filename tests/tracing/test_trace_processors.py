"""The processor registry: fan-out, replacement, isolation of failing processors."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from _tracing_recorder import Recorder

from runwright.tracing import (
    Span,
    Trace,
    TracingProcessor,
    add_trace_processor,
    custom_span,
    flush_traces,
    function_span,
    get_trace_provider,
    set_trace_processors,
    trace,
)
from runwright.tracing.provider import TraceProvider


class Exploding(TracingProcessor):
    """Raises from every method."""

    def __init__(self) -> None:
        self.calls = 0

    def _boom(self, *_: Any) -> None:
        self.calls += 1
        raise RuntimeError("processor bug")

    on_trace_start = on_trace_end = on_span_start = on_span_end = _boom

    def shutdown(self) -> None:
        self._boom()

    def force_flush(self) -> None:
        self._boom()


def test_a_failing_processor_never_breaks_the_caller_or_other_processors(
    provider: TraceProvider, caplog: pytest.LogCaptureFixture
) -> None:
    bad, good = Exploding(), Recorder()
    add_trace_processor(bad)
    add_trace_processor(good)
    with caplog.at_level(logging.ERROR, logger="runwright.tracing"):
        with trace("t"), function_span("f") as span:
            span.span_data.output = "still fine"
        flush_traces()
    assert bad.calls == 5
    assert good.kinds() == ["trace_start", "span_start", "span_end", "trace_end"]
    assert good.flushed == 1
    assert sum("processor bug" in r.exc_text for r in caplog.records if r.exc_text) == 5


def test_set_trace_processors_replaces_all(provider: TraceProvider) -> None:
    first, second = Recorder(), Recorder()
    add_trace_processor(first)
    add_trace_processor(first)  # adding twice does not duplicate events
    set_trace_processors([second])
    with trace("t"):
        pass
    assert first.events == []
    assert second.kinds() == ["trace_start", "trace_end"]
    assert get_trace_provider().processors == (second,)


def test_set_trace_processors_drops_the_default_local_store(provider: TraceProvider) -> None:
    local = provider.set_local_trace_store(None, enabled=True)
    assert local is not None and provider.processors == (local,)
    set_trace_processors([Recorder()])
    assert provider.local_processor is None


def test_a_processor_written_for_the_sdk_works_unchanged(provider: TraceProvider) -> None:
    """Written the way the OpenAI Agents SDK documents processors, using only its attributes."""

    class SdkStyle(TracingProcessor):
        def __init__(self) -> None:
            self.active_traces: dict[str, Any] = {}
            self.active_spans: dict[str, Any] = {}
            self.log: list[dict[str, Any]] = []

        def on_trace_start(self, trace: Trace) -> None:
            self.active_traces[trace.trace_id] = trace

        def on_trace_end(self, trace: Trace) -> None:
            self.log.append({"trace": trace.name, **(trace.export() or {})})
            del self.active_traces[trace.trace_id]

        def on_span_start(self, span: Span[Any]) -> None:
            self.active_spans[span.span_id] = span

        def on_span_end(self, span: Span[Any]) -> None:
            del self.active_spans[span.span_id]
            self.log.append(
                {
                    "type": span.span_data.type,
                    "data": span.span_data.export(),
                    "parent": span.parent_id,
                    "times": (span.started_at, span.ended_at),
                    "error": span.error,
                    "full": span.export(),
                }
            )

        def shutdown(self) -> None:
            self.active_traces.clear()
            self.active_spans.clear()

        def force_flush(self) -> None:
            pass

    proc = SdkStyle()
    add_trace_processor(proc)
    with trace("sdk"), custom_span("step", {"n": 1}):
        pass
    span_entry, trace_entry = proc.log
    assert span_entry["type"] == "custom"
    assert span_entry["data"] == {"type": "custom", "name": "step", "data": {"n": 1}}
    assert all(span_entry["times"]) and span_entry["error"] is None
    assert span_entry["full"]["span_data"] == span_entry["data"]
    assert trace_entry["trace"] == "sdk" and trace_entry["object"] == "trace"
    assert proc.active_spans == {} and proc.active_traces == {}
