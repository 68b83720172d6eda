"""Functions that create traces and spans: ``trace()``, ``agent_span()``, ``function_span()``...

Span helpers make a child of the current span in the current trace; with no
current trace, or tracing disabled, they return a :class:`NoOpSpan` with the
same interface, so callers never branch on whether tracing is on.
"""

from __future__ import annotations

from collections.abc import Mapping
from contextvars import Token
from typing import TYPE_CHECKING, Any

from runwright._core.exceptions import UserError
from runwright._tracing import scope as _scope
from runwright._tracing.config import TracingConfig
from runwright._tracing.provider import get_trace_provider
from runwright._tracing.span_data import (
    AgentSpanData,
    CustomSpanData,
    FunctionSpanData,
    GenerationSpanData,
    GuardrailSpanData,
    HandoffSpanData,
    MCPListToolsSpanData,
    ResponseSpanData,
    SpeechGroupSpanData,
    SpeechSpanData,
    TaskSpanData,
    TranscriptionSpanData,
    TurnSpanData,
)
from runwright._tracing.spans import Span
from runwright._tracing.traces import NoOpTrace, Trace

if TYPE_CHECKING:
    from types import TracebackType

Parent = Trace | Span[Any] | None


def trace(
    workflow_name: str,
    trace_id: str | None = None,
    group_id: str | None = None,
    metadata: dict[str, Any] | None = None,
    tracing: TracingConfig | None = None,
    disabled: bool = False,
) -> Trace:
    """A new trace; use it as ``with trace("My workflow"):`` to group runs into it.

    Args:
        workflow_name: the logical workflow or app ("Customer support").
        trace_id: an id of your own (``trace_`` + 32 hex); generated when omitted.
        group_id: links traces of one conversation (e.g. a chat thread id).
        metadata: free-form key/values stored with the trace.
        tracing: a :class:`TracingConfig`; its ``api_key`` goes with the trace and its
            spans, for an exporter you registered that sends them to a backend.
        disabled: return a trace that records nothing (runs inside record nothing either).

    Returns:
        A trace not yet started: ``with`` starts it as the current trace and
        finishes it on exit; or call ``start(mark_as_current=True)`` and
        ``finish(reset_current=True)``.
    """
    if tracing is not None and not isinstance(tracing, Mapping):
        raise UserError(
            f"trace(tracing=...) takes a TracingConfig dict such as {{'api_key': ...}}, "
            f"not {type(tracing).__name__}."
        )
    return get_trace_provider().create_trace(
        workflow_name, trace_id, group_id, metadata, disabled, tracing=tracing
    )


def _include(include_data: bool | None) -> bool:
    return _scope.include_sensitive_data.get() if include_data is None else include_data


def agent_span(
    name: str,
    handoffs: list[str] | None = None,
    tools: list[str] | None = None,
    output_type: str | None = None,
    span_id: str | None = None,
    parent: Parent = None,
    disabled: bool = False,
) -> Span[AgentSpanData]:
    """A span for one agent's part of a run (name, handoff names, tool names, output type)."""
    data = AgentSpanData(name, handoffs, tools, output_type)
    return get_trace_provider().create_span(data, span_id, parent, disabled)


def function_span(
    name: str,
    input: str | None = None,
    output: Any | None = None,
    span_id: str | None = None,
    parent: Parent = None,
    disabled: bool = False,
    *,
    include_data: bool | None = None,
) -> Span[FunctionSpanData]:
    """A span for one function tool call; set ``span.span_data.output`` when it returns.

    ``include_data=False`` records no arguments or output at all (``None``:
    follow the current run's ``trace_include_sensitive_data``).
    """
    data = FunctionSpanData(name, input, output, include_data=_include(include_data))
    return get_trace_provider().create_span(data, span_id, parent, disabled)


def generation_span(
    input: Any | None = None,
    output: Any | None = None,
    model: str | None = None,
    model_config: Mapping[str, Any] | None = None,
    usage: Any | None = None,
    span_id: str | None = None,
    parent: Parent = None,
    disabled: bool = False,
    *,
    include_data: bool | None = None,
) -> Span[GenerationSpanData]:
    """A span for one Chat Completions model call (messages in/out, model, config, usage).

    ``include_data=False`` records no input or output messages.
    """
    data = GenerationSpanData(
        input, output, model, model_config, usage, include_data=_include(include_data)
    )
    return get_trace_provider().create_span(data, span_id, parent, disabled)


def response_span(
    response: Any | None = None,
    input: Any | None = None,
    span_id: str | None = None,
    parent: Parent = None,
    disabled: bool = False,
    *,
    model: str | None = None,
    include_data: bool | None = None,
) -> Span[ResponseSpanData]:
    """A span for one Responses API model call; set ``span.span_data.response`` when done.

    ``include_data=False`` records no input or output items (id, model and
    usage are kept).
    """
    data = ResponseSpanData(response, input, model=model, include_data=_include(include_data))
    return get_trace_provider().create_span(data, span_id, parent, disabled)


def handoff_span(
    from_agent: str | None = None,
    to_agent: str | None = None,
    span_id: str | None = None,
    parent: Parent = None,
    disabled: bool = False,
) -> Span[HandoffSpanData]:
    """A span for a handoff from one agent to another."""
    data = HandoffSpanData(from_agent, to_agent)
    return get_trace_provider().create_span(data, span_id, parent, disabled)


def guardrail_span(
    name: str,
    triggered: bool = False,
    span_id: str | None = None,
    parent: Parent = None,
    disabled: bool = False,
) -> Span[GuardrailSpanData]:
    """A span for a guardrail check; set ``span.span_data.triggered`` from its result."""
    data = GuardrailSpanData(name, triggered)
    return get_trace_provider().create_span(data, span_id, parent, disabled)


def custom_span(
    name: str,
    data: dict[str, Any] | None = None,
    span_id: str | None = None,
    parent: Parent = None,
    disabled: bool = False,
) -> Span[CustomSpanData]:
    """A span of your own, with a name and a free-form data dict."""
    return get_trace_provider().create_span(CustomSpanData(name, data), span_id, parent, disabled)


def mcp_tools_span(
    server: str | None = None,
    result: list[str] | None = None,
    span_id: str | None = None,
    parent: Parent = None,
    disabled: bool = False,
) -> Span[MCPListToolsSpanData]:
    """A span for listing an MCP server's tools."""
    data = MCPListToolsSpanData(server, result)
    return get_trace_provider().create_span(data, span_id, parent, disabled)


def task_span(
    name: str,
    span_id: str | None = None,
    parent: Parent = None,
    disabled: bool = False,
) -> Span[TaskSpanData]:
    """A span for one top-level run (runs record it themselves, see ``TracingConfig``)."""
    return get_trace_provider().create_span(TaskSpanData(name), span_id, parent, disabled)


def turn_span(
    turn: int,
    agent_name: str,
    span_id: str | None = None,
    parent: Parent = None,
    disabled: bool = False,
) -> Span[TurnSpanData]:
    """A span for one turn of the agent loop (1-based ``turn``, the agent taking it)."""
    data = TurnSpanData(turn, agent_name)
    return get_trace_provider().create_span(data, span_id, parent, disabled)


def transcription_span(
    model: str | None = None,
    input: str | None = None,
    input_format: str | None = "pcm",
    output: str | None = None,
    model_config: Mapping[str, Any] | None = None,
    span_id: str | None = None,
    parent: Parent = None,
    disabled: bool = False,
) -> Span[TranscriptionSpanData]:
    """A span for speech to text: ``input`` audio (base64) in ``input_format``, text ``output``."""
    data = TranscriptionSpanData(input, input_format, output, model, model_config)
    return get_trace_provider().create_span(data, span_id, parent, disabled)


def speech_span(
    model: str | None = None,
    input: str | None = None,
    output: str | None = None,
    output_format: str | None = "pcm",
    model_config: Mapping[str, Any] | None = None,
    first_content_at: str | None = None,
    span_id: str | None = None,
    parent: Parent = None,
    disabled: bool = False,
) -> Span[SpeechSpanData]:
    """A span for text to speech: text ``input``, ``output`` audio (base64) in ``output_format``."""
    data = SpeechSpanData(input, output, output_format, model, model_config, first_content_at)
    return get_trace_provider().create_span(data, span_id, parent, disabled)


def speech_group_span(
    input: str | None = None,
    span_id: str | None = None,
    parent: Parent = None,
    disabled: bool = False,
) -> Span[SpeechGroupSpanData]:
    """A span grouping the speech spans that voice one text."""
    data = SpeechGroupSpanData(input)
    return get_trace_provider().create_span(data, span_id, parent, disabled)


def usage_mark(usage: Any) -> tuple[int, ...]:
    """A run's usage counters now (requests, input, output, total, cached, cache-write tokens),
    to measure a task or turn span's usage from."""
    details = usage.input_tokens_details
    return (
        usage.requests,
        usage.input_tokens,
        usage.output_tokens,
        usage.total_tokens,
        getattr(details, "cached_tokens", 0) or 0,
        getattr(details, "cache_write_tokens", 0) or 0,
    )


def finish_with_usage(span: Span[Any], mark: tuple[int, ...], usage: Any) -> None:
    """Finishes a task or turn span, recording the usage since ``mark`` (none when zero)."""
    now = usage_mark(usage)
    if now != mark:
        requests, input_tokens, output_tokens, total, cached, cache_write = (
            n - m for n, m in zip(now, mark, strict=True)
        )
        data: dict[str, Any] = {
            "input_tokens": input_tokens,
            "output_tokens": output_tokens,
            "cached_input_tokens": cached,
            "cache_write_input_tokens": cache_write,
        }
        if isinstance(span.span_data, TaskSpanData):
            data["requests"] = requests
            data["total_tokens"] = total
        span.span_data.usage = data
    span.finish(reset_current=True)


class TraceCtxManager:
    """Context manager giving a run its trace, as the SDK's runner uses it.

    On enter: with ``disabled``, a trace that records nothing becomes current
    (hiding any trace around it); else, when no trace is current, a new one is
    started as current (``self.trace``); when one is, it is joined and
    ``self.trace`` stays ``None``. On exit, a trace it started is finished.
    ``trace_state`` and ``reattach_resumed_trace`` are accepted for the SDK's
    signature; a resumed run here always starts a new trace.
    """

    def __init__(
        self,
        workflow_name: str,
        trace_id: str | None,
        group_id: str | None,
        metadata: dict[str, Any] | None,
        tracing: TracingConfig | None,
        disabled: bool,
        trace_state: Any | None = None,
        reattach_resumed_trace: bool = False,
    ) -> None:
        self.trace: Trace | None = None
        self.workflow_name = workflow_name
        self.trace_id = trace_id
        self.group_id = group_id
        self.metadata = metadata
        self.tracing = tracing
        self.disabled = disabled
        self.trace_state = trace_state
        self.reattach_resumed_trace = reattach_resumed_trace

    def __enter__(self) -> TraceCtxManager:
        if self.disabled:
            self.trace = NoOpTrace()
        elif _scope.current_trace.get() is None:
            self.trace = trace(
                self.workflow_name, self.trace_id, self.group_id, self.metadata, self.tracing
            )
        if self.trace is not None:
            self.trace.start(mark_as_current=True)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self.trace is not None:
            self.trace.finish(reset_current=True)


class RunTraceScope:
    """Context manager a run uses to join the current trace or open its own.

    On enter: when tracing is disabled for the run, a :class:`NoOpTrace`
    becomes current (so every span inside is a no-op, even inside a user's
    ``with trace()``); otherwise the current trace is reused when there is one,
    and a new trace is started as current when there is not. It also sets the
    run's sensitive-data switch read by the span helpers. On exit it finishes
    only a trace it opened itself.
    """

    __slots__ = ("_owned", "_sensitive_token", "_spec", "_tracing", "trace")

    def __init__(
        self,
        workflow_name: str,
        trace_id: str | None,
        group_id: str | None,
        metadata: dict[str, Any] | None,
        disabled: bool,
        include_sensitive_data: bool,
        tracing: TracingConfig | None = None,
    ) -> None:
        self._spec = (workflow_name, trace_id, group_id, metadata, disabled, include_sensitive_data)
        self._tracing = tracing
        self._owned = False
        self._sensitive_token: Token[bool] | None = None
        self.trace: Trace | None = None

    def __enter__(self) -> Trace:
        name, trace_id, group_id, metadata, disabled, sensitive = self._spec
        current = _scope.current_trace.get()
        if disabled:
            new: Trace = NoOpTrace()
        elif current is not None:
            new = current
        else:
            new = trace(name, trace_id, group_id, metadata, self._tracing)
        self._owned = new is not current
        if self._owned:
            new.start(mark_as_current=True)
        if _scope.include_sensitive_data.get() is not sensitive:
            # Only when it changes: a token kept per run in flight is one more object
            # for every GC pass (and a context copy), for nothing, in the common case.
            self._sensitive_token = _scope.include_sensitive_data.set(sensitive)
        self.trace = new
        return new

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._sensitive_token is not None:
            try:
                _scope.include_sensitive_data.reset(self._sensitive_token)
            except ValueError:
                _scope.include_sensitive_data.set(True)
            self._sensitive_token = None
        if self._owned and self.trace is not None:
            self.trace.finish(reset_current=exc_type is not GeneratorExit)


def run_trace(
    workflow_name: str = "Agent workflow",
    *,
    trace_id: str | None = None,
    group_id: str | None = None,
    metadata: dict[str, Any] | None = None,
    disabled: bool = False,
    include_sensitive_data: bool = True,
    tracing: TracingConfig | None = None,
) -> RunTraceScope:
    """The trace scope for one run: ``with run_trace(...) as trace:`` around the whole run.

    Joins the current trace (from ``with trace(...)``) or opens one; see
    :class:`RunTraceScope`. Arguments mirror RunConfig's ``workflow_name``,
    ``trace_id``, ``group_id``, ``trace_metadata``, ``tracing_disabled`` and
    ``trace_include_sensitive_data``; ``tracing`` is RunConfig's ``tracing``.
    """
    return RunTraceScope(
        workflow_name, trace_id, group_id, metadata, disabled, include_sensitive_data, tracing
    )


def run_trace_from_config(run_config: Any | None) -> RunTraceScope:
    """:func:`run_trace` with the tracing fields of a RunConfig (``None``: defaults)."""
    get = getattr
    return run_trace(
        get(run_config, "workflow_name", None) or "Agent workflow",
        trace_id=get(run_config, "trace_id", None),
        group_id=get(run_config, "group_id", None),
        metadata=get(run_config, "trace_metadata", None),
        disabled=bool(get(run_config, "tracing_disabled", False)),
        include_sensitive_data=bool(get(run_config, "trace_include_sensitive_data", True)),
        tracing=get(run_config, "tracing", None),
    )
