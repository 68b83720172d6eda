"""Tracing: a trace per run (or per ``with trace(...)`` block), spans for every step.

Traces stay on this machine by default: finished traces go to a local SQLite
store (``RUNWRIGHT_TRACE_DB``, default ``$XDG_DATA_HOME/runwright/traces.db``;
``RUNWRIGHT_TRACING=off`` or ``set_local_trace_store(None)`` turns it off).
Add processors (``add_trace_processor``) to send them elsewhere, e.g.
:class:`OpenTelemetryProcessor` (extra ``runwright[otel]``).

The API matches the OpenAI Agents SDK's ``agents.tracing``, so its
``TracingProcessor`` implementations work unchanged. Importing this package
imports neither sqlite3 nor opentelemetry; they load when first used.

Public face: the code lives in runwright/_tracing/ (configure, create, local, otel, processor,
provider, scope, span_data, spans, store, traces, util, config, exporters).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from runwright._core.lazy import forward_lazy
from runwright._tracing.config import TracingConfig
from runwright._tracing.configure import (
    add_trace_processor,
    flush_traces,
    set_local_trace_store,
    set_trace_processors,
    set_tracing_disabled,
)
from runwright._tracing.create import (
    RunTraceScope,
    TraceCtxManager,
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
    speech_group_span,
    speech_span,
    task_span,
    trace,
    transcription_span,
    turn_span,
)
from runwright._tracing.processor import (
    TracingExporter,
    TracingProcessor,
)
from runwright._tracing.provider import (
    TraceProvider,
    get_trace_provider,
    set_trace_provider,
)
from runwright._tracing.scope import (
    get_current_span,
    get_current_trace,
)
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
    SpeechGroupSpanData,
    SpeechSpanData,
    TaskSpanData,
    TranscriptionSpanData,
    TurnSpanData,
)
from runwright._tracing.spans import (
    NoOpSpan,
    Span,
    SpanError,
)
from runwright._tracing.traces import (
    NoOpTrace,
    Trace,
)
from runwright._tracing.util import (
    gen_group_id,
    gen_span_id,
    gen_trace_id,
    time_iso,
)

if TYPE_CHECKING:
    from runwright._tracing.exporters import (
        BackendSpanExporter,
        BatchTraceProcessor,
        ConsoleSpanExporter,
        default_exporter,
        default_processor,
        set_tracing_export_api_key,
    )
    from runwright._tracing.local import LocalTraceProcessor, default_trace_db_path
    from runwright._tracing.otel import OpenTelemetryProcessor
    from runwright._tracing.store import TraceStore, TraceSummary

# Loaded on first access: their modules import heavier dependencies.
__getattr__ = forward_lazy(
    __name__,
    {
        "BackendSpanExporter": "runwright._tracing.exporters",
        "BatchTraceProcessor": "runwright._tracing.exporters",
        "ConsoleSpanExporter": "runwright._tracing.exporters",
        "default_exporter": "runwright._tracing.exporters",
        "default_processor": "runwright._tracing.exporters",
        "set_tracing_export_api_key": "runwright._tracing.exporters",
        "LocalTraceProcessor": "runwright._tracing.local",
        "OpenTelemetryProcessor": "runwright._tracing.otel",
        "TraceStore": "runwright._tracing.store",
        "TraceSummary": "runwright._tracing.store",
        "default_trace_db_path": "runwright._tracing.local",
    },
)

__all__ = [
    "AgentSpanData",
    "BackendSpanExporter",
    "BatchTraceProcessor",
    "ConsoleSpanExporter",
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
    "SpeechGroupSpanData",
    "SpeechSpanData",
    "TaskSpanData",
    "Trace",
    "TraceCtxManager",
    "TraceProvider",
    "TraceStore",
    "TraceSummary",
    "TracingConfig",
    "TracingExporter",
    "TracingProcessor",
    "TranscriptionSpanData",
    "TurnSpanData",
    "add_trace_processor",
    "agent_span",
    "custom_span",
    "default_exporter",
    "default_processor",
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
    "set_tracing_export_api_key",
    "speech_group_span",
    "speech_span",
    "task_span",
    "time_iso",
    "trace",
    "transcription_span",
    "turn_span",
]
