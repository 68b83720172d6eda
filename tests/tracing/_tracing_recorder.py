"""A processor that records every event, for assertions."""

from __future__ import annotations

from typing import Any

from runwright.tracing import Span, Trace, TracingProcessor


class Recorder(TracingProcessor):
    """Records every event as (kind, object) in order."""

    def __init__(self) -> None:
        self.events: list[tuple[str, Any]] = []
        self.flushed = 0
        self.shut = 0

    def on_trace_start(self, trace: Trace) -> None:
        self.events.append(("trace_start", trace))

    def on_trace_end(self, trace: Trace) -> None:
        self.events.append(("trace_end", trace))

    def on_span_start(self, span: Span[Any]) -> None:
        self.events.append(("span_start", span))

    def on_span_end(self, span: Span[Any]) -> None:
        self.events.append(("span_end", span))

    def shutdown(self) -> None:
        self.shut += 1

    def force_flush(self) -> None:
        self.flushed += 1

    def ended_spans(self) -> list[Span[Any]]:
        return [obj for kind, obj in self.events if kind == "span_end"]

    def kinds(self) -> list[str]:
        return [kind for kind, _ in self.events]
