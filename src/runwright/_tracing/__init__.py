"""Tracing: a trace per run (or per ``with trace(...)`` block), spans for every step.

Traces stay on this machine by default: finished traces go to a local SQLite
store (``RUNWRIGHT_TRACE_DB``, default ``$XDG_DATA_HOME/runwright/traces.db``;
``RUNWRIGHT_TRACING=off`` or ``set_local_trace_store(None)`` turns it off).
Add processors (``add_trace_processor``) to send them elsewhere, e.g.
:class:`OpenTelemetryProcessor` (extra ``runwright[otel]``).

The API matches the OpenAI Agents SDK's ``agents.tracing``, so its
``TracingProcessor`` implementations work unchanged. Importing this package
imports neither sqlite3 nor opentelemetry; they load when first used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from runwright._tracing.create import (
    RunTraceScope,
    agent_span,
    custom_span,
    function_span,
    generation_span,
    guardrail_span,
    handoff_span,
    mcp_tools_span,
    response_span,
    run_trace,
    run_trace_from_config,
    trace,
)
from runwright._tracing.processor import TracingProcessor
from runwright._tracing.provider import TraceProvider, get_trace_provider, set_trace_provider
from runwright._tracing.scope import get_current_span, get_current_trace
from runwright._tracing.span_data import (
    AgentSpanData,
    CustomSpanData,
    FunctionSpanData,
    GenerationSpanData,
    GuardrailSpanData,
    HandoffSpanData,
    MCPListToolsSpanData,
    ResponseSpanData,
    ResponseSummary,
    SpanData,
)
from runwright._tracing.spans import NoOpSpan, Span, SpanError
from runwright._tracing.traces import NoOpTrace, Trace
from runwright._tracing.util import gen_group_id, gen_span_id, gen_trace_id, time_iso

if TYPE_CHECKING:
    from pathlib import Path

    from runwright._tracing.local import LocalTraceProcessor, default_trace_db_path
    from runwright._tracing.otel import OpenTelemetryProcessor
    from runwright._tracing.store import TraceStore, TraceSummary

__all__ = [
    "AgentSpanData",
    "CustomSpanData",
    "FunctionSpanData",
    "GenerationSpanData",
    "GuardrailSpanData",
    "HandoffSpanData",
    "LocalTraceProcessor",
    "MCPListToolsSpanData",
    "NoOpSpan",
    "NoOpTrace",
    "OpenTelemetryProcessor",
    "ResponseSpanData",
    "ResponseSummary",
    "RunTraceScope",
    "Span",
    "SpanData",
    "SpanError",
    "Trace",
    "TraceProvider",
    "TraceStore",
    "TraceSummary",
    "TracingProcessor",
    "add_trace_processor",
    "agent_span",
    "custom_span",
    "default_trace_db_path",
    "flush_traces",
    "function_span",
    "gen_group_id",
    "gen_span_id",
    "gen_trace_id",
    "generation_span",
    "get_current_span",
    "get_current_trace",
    "get_trace_provider",
    "guardrail_span",
    "handoff_span",
    "mcp_tools_span",
    "response_span",
    "run_trace",
    "run_trace_from_config",
    "set_local_trace_store",
    "set_trace_processors",
    "set_trace_provider",
    "set_tracing_disabled",
    "time_iso",
    "trace",
]

_LAZY = {
    "LocalTraceProcessor": ".local",
    "default_trace_db_path": ".local",
    "OpenTelemetryProcessor": ".otel",
    "TraceStore": ".store",
    "TraceSummary": ".store",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


def add_trace_processor(processor: TracingProcessor) -> None:
    """Add a processor that receives every trace and span (after the existing ones)."""
    get_trace_provider().register_processor(processor)


def set_trace_processors(processors: list[TracingProcessor]) -> None:
    """Replace all processors, the default local store included.

    To keep the local store, include ``get_trace_provider().local_processor``
    in the list, or call :func:`set_local_trace_store` afterwards.
    """
    get_trace_provider().set_processors(processors)


def set_tracing_disabled(disabled: bool) -> None:
    """Turn tracing off (``True``) or on for the whole process."""
    get_trace_provider().set_disabled(disabled)


def set_local_trace_store(path: str | Path | None) -> LocalTraceProcessor | None:
    """Send finished traces to the SQLite file ``path``, or (``None``) stop storing them.

    ``set_local_trace_store(default_trace_db_path())`` restores the default.
    The previous local processor is flushed and stopped.
    """
    provider = get_trace_provider()
    return provider.set_local_trace_store(path, enabled=path is not None)


def flush_traces() -> None:
    """Block until every processor has delivered what it queued (e.g. before reading the store)."""
    get_trace_provider().force_flush()
