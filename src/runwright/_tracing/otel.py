"""Export traces to OpenTelemetry, following the GenAI semantic conventions.

Needs the ``otel`` extra (``pip install 'runwright[otel]'``). Each runwright
trace becomes a root OTel span (a child of whatever OTel span is current when
the trace starts), and each runwright span an OTel child span with
``gen_ai.*`` attributes: ``chat`` for model calls, ``execute_tool`` for
function tools, ``invoke_agent`` for agents. Failed spans get status ERROR.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from opentelemetry import context as otel_context
from opentelemetry import trace as otel_trace
from opentelemetry.trace import SpanKind, Status, StatusCode

from runwright._tracing.processor import TracingProcessor
from runwright._tracing.util import jsonable, usage_cost, usage_tokens

if TYPE_CHECKING:
    from opentelemetry.util.types import AttributeValue

    from runwright._tracing.spans import Span
    from runwright._tracing.traces import Trace

Attributes = dict[str, "AttributeValue"]

_MODEL_CONFIG_KEYS = {
    "temperature": "gen_ai.request.temperature",
    "top_p": "gen_ai.request.top_p",
    "max_tokens": "gen_ai.request.max_tokens",
    "frequency_penalty": "gen_ai.request.frequency_penalty",
    "presence_penalty": "gen_ai.request.presence_penalty",
}
_CONTENT_KEYS = frozenset(
    {
        "gen_ai.input.messages",
        "gen_ai.output.messages",
        "gen_ai.tool.call.arguments",
        "gen_ai.tool.call.result",
    }
)


def _text(value: Any) -> str:
    if isinstance(value, str):
        return value
    try:
        return json.dumps(value)
    except (TypeError, ValueError):
        return json.dumps(jsonable(value))


def _put(attrs: Attributes, key: str, value: Any) -> None:
    """Set ``key`` when ``value`` is set, as an OTel-legal value (else JSON text)."""
    if value is None:
        return
    if isinstance(value, (str, bool, int, float)):
        attrs[key] = value
    elif isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
        attrs[key] = list(value)
    else:
        attrs[key] = _text(value)


def _model_call(attrs: Attributes, data: Mapping[str, Any]) -> str:
    model = data.get("model")
    attrs["gen_ai.operation.name"] = "chat"
    _put(attrs, "gen_ai.request.model", model)
    _put(attrs, "gen_ai.response.id", data.get("response_id"))
    for key, attr in _MODEL_CONFIG_KEYS.items():
        _put(attrs, attr, (data.get("model_config") or {}).get(key))
    if data.get("usage") is not None:
        tokens_in, tokens_out = usage_tokens(data["usage"])
        attrs["gen_ai.usage.input_tokens"] = tokens_in
        attrs["gen_ai.usage.output_tokens"] = tokens_out
        cost = usage_cost(data["usage"])
        if cost is not None:
            attrs["gen_ai.usage.cost"] = cost
    _put(attrs, "gen_ai.input.messages", data.get("input"))
    _put(attrs, "gen_ai.output.messages", data.get("output"))
    return f"chat {model}" if model else "chat"


def _tool(attrs: Attributes, data: Mapping[str, Any]) -> str:
    attrs["gen_ai.operation.name"] = "execute_tool"
    attrs["gen_ai.tool.type"] = "function"
    _put(attrs, "gen_ai.tool.name", data.get("name"))
    _put(attrs, "gen_ai.tool.call.arguments", data.get("input"))
    _put(attrs, "gen_ai.tool.call.result", data.get("output"))
    return f"execute_tool {data.get('name')}"


def _agent(attrs: Attributes, data: Mapping[str, Any]) -> str:
    attrs["gen_ai.operation.name"] = "invoke_agent"
    _put(attrs, "gen_ai.agent.name", data.get("name"))
    _put(attrs, "runwright.agent.tools", data.get("tools"))
    _put(attrs, "runwright.agent.handoffs", data.get("handoffs"))
    _put(attrs, "runwright.agent.output_type", data.get("output_type"))
    return f"invoke_agent {data.get('name')}"


def _other(attrs: Attributes, data: Mapping[str, Any]) -> str:
    kind = data.get("type")
    if kind == "handoff":
        _put(attrs, "runwright.handoff.from_agent", data.get("from_agent"))
        _put(attrs, "runwright.handoff.to_agent", data.get("to_agent"))
        return f"handoff {data.get('from_agent')} -> {data.get('to_agent')}"
    if kind == "guardrail":
        _put(attrs, "runwright.guardrail.name", data.get("name"))
        attrs["runwright.guardrail.triggered"] = bool(data.get("triggered"))
        return f"guardrail {data.get('name')}"
    if kind == "mcp_tools":
        _put(attrs, "runwright.mcp.server", data.get("server"))
        _put(attrs, "runwright.mcp.tools", data.get("result"))
        return f"list_tools {data.get('server')}"
    _put(attrs, "runwright.custom.data", data.get("data") or None)
    return str(data.get("name") or kind or "span")


_MAPPERS = {"generation": _model_call, "response": _model_call, "function": _tool, "agent": _agent}


def span_attributes(
    data: Mapping[str, Any], *, include_content: bool = True
) -> tuple[str, Attributes]:
    """The OTel span name and attributes for an exported span data dict.

    Args:
        data: ``span.span_data.export()``.
        include_content: keep message contents and tool arguments/results.
    """
    attrs: Attributes = {"runwright.span.type": str(data.get("type"))}
    name = _MAPPERS.get(str(data.get("type")), _other)(attrs, data)
    if not include_content:
        for key in _CONTENT_KEYS & attrs.keys():
            del attrs[key]
    return name, attrs


def _trace_attributes(trace: Trace) -> Attributes:
    attrs: Attributes = {
        "runwright.trace_id": trace.trace_id,
        "runwright.workflow_name": trace.name,
    }
    _put(attrs, "gen_ai.conversation.id", trace.group_id)
    for key, value in (trace.metadata or {}).items():
        _put(attrs, f"runwright.metadata.{key}", value)
    return attrs


class OpenTelemetryProcessor(TracingProcessor):
    """A :class:`TracingProcessor` that mirrors traces and spans as OpenTelemetry spans.

    Example:
        ``add_trace_processor(OpenTelemetryProcessor())`` exports through the
        global OTel tracer provider (configure its exporter, e.g. OTLP, as usual).
    """

    def __init__(
        self,
        tracer_provider: otel_trace.TracerProvider | None = None,
        *,
        include_content: bool = True,
    ) -> None:
        """Create the processor.

        Args:
            tracer_provider: where spans go; ``None``: OTel's global provider.
            include_content: export model messages and tool arguments/results
                (runwright already omits them when the run's
                ``trace_include_sensitive_data`` is False).
        """
        self._provider = tracer_provider
        provider = tracer_provider or otel_trace.get_tracer_provider()
        self._tracer = provider.get_tracer("runwright")
        self._include_content = include_content
        self._lock = threading.Lock()
        self._roots: dict[str, otel_trace.Span] = {}
        self._open: dict[tuple[str, str], otel_trace.Span] = {}

    def on_trace_start(self, trace: Trace) -> None:
        root = self._tracer.start_span(
            trace.name,
            context=otel_context.get_current(),
            kind=SpanKind.INTERNAL,
            attributes=_trace_attributes(trace),
            start_time=time.time_ns(),
        )
        with self._lock:
            self._roots[trace.trace_id] = root

    def on_trace_end(self, trace: Trace) -> None:
        with self._lock:
            root = self._roots.pop(trace.trace_id, None)
        if root is not None:
            root.end(time.time_ns())

    def on_span_start(self, span: Span[Any]) -> None:
        with self._lock:
            parent = None
            if span.parent_id is not None:
                parent = self._open.get((span.trace_id, span.parent_id))
            if parent is None:
                parent = self._roots.get(span.trace_id)
        ctx = otel_trace.set_span_in_context(parent) if parent is not None else None
        kind = (
            SpanKind.CLIENT
            if span.span_data.type in ("generation", "response")
            else SpanKind.INTERNAL
        )
        otel_span = self._tracer.start_span(
            span.span_data.type, context=ctx, kind=kind, start_time=time.time_ns()
        )
        with self._lock:
            self._open[(span.trace_id, span.span_id)] = otel_span

    def on_span_end(self, span: Span[Any]) -> None:
        with self._lock:
            otel_span = self._open.pop((span.trace_id, span.span_id), None)
        if otel_span is None:
            return
        name, attrs = span_attributes(
            span.span_data.export(), include_content=self._include_content
        )
        attrs["runwright.span_id"] = span.span_id
        attrs["runwright.trace_id"] = span.trace_id
        otel_span.update_name(name)
        otel_span.set_attributes(attrs)
        if span.error is not None:
            data = span.error.get("data") or {}
            otel_span.set_attribute("error.type", str(data.get("type") or "_OTHER"))
            otel_span.set_status(Status(StatusCode.ERROR, span.error.get("message")))
        otel_span.end(time.time_ns())

    def force_flush(self) -> None:
        provider = self._provider or otel_trace.get_tracer_provider()
        flush = getattr(provider, "force_flush", None)
        if callable(flush):
            flush()

    def shutdown(self) -> None:
        """End spans still open (so they are exported), then flush the provider."""
        with self._lock:
            dangling = [*self._open.values(), *self._roots.values()]
            self._open.clear()
            self._roots.clear()
        for otel_span in dangling:
            otel_span.end()
        self.force_flush()
