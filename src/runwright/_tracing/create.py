"""Functions that create traces and spans: ``trace()``, ``agent_span()``, ``function_span()``...

Span helpers make a child of the current span in the current trace; with no
current trace, or tracing disabled, they return a :class:`NoOpSpan` with the
same interface, so callers never branch on whether tracing is on.
"""

from __future__ import annotations

from collections.abc import Mapping
from contextvars import Token
from typing import TYPE_CHECKING, Any

from runwright._tracing import scope as _scope
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
    disabled: bool = False,
) -> Trace:
    """A new trace; use it as ``with trace("My workflow"):`` to group runs into it.

    Args:
        workflow_name: the logical workflow or app ("Customer support").
        trace_id: an id of your own (``trace_`` + 32 hex); generated when omitted.
        group_id: links traces of one conversation (e.g. a chat thread id).
        metadata: free-form key/values stored with the trace.
        disabled: return a trace that records nothing (runs inside record nothing either).

    Returns:
        A trace not yet started: ``with`` starts it as the current trace and
        finishes it on exit; or call ``start(mark_as_current=True)`` and
        ``finish(reset_current=True)``.
    """
    return get_trace_provider().create_trace(workflow_name, trace_id, group_id, metadata, disabled)


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


class RunTraceScope:
    """Context manager a run uses to join the current trace or open its own.

    On enter: when tracing is disabled for the run, a :class:`NoOpTrace`
    becomes current (so every span inside is a no-op, even inside a user's
    ``with trace()``); otherwise the current trace is reused when there is one,
    and a new trace is started as current when there is not. It also sets the
    run's sensitive-data switch read by the span helpers. On exit it finishes
    only a trace it opened itself.
    """

    __slots__ = ("_owned", "_sensitive_token", "_spec", "trace")

    def __init__(
        self,
        workflow_name: str,
        trace_id: str | None,
        group_id: str | None,
        metadata: dict[str, Any] | None,
        disabled: bool,
        include_sensitive_data: bool,
    ) -> None:
        self._spec = (workflow_name, trace_id, group_id, metadata, disabled, include_sensitive_data)
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
            new = trace(name, trace_id, group_id, metadata)
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
) -> RunTraceScope:
    """The trace scope for one run: ``with run_trace(...) as trace:`` around the whole run.

    Joins the current trace (from ``with trace(...)``) or opens one; see
    :class:`RunTraceScope`. Arguments mirror RunConfig's ``workflow_name``,
    ``trace_id``, ``group_id``, ``trace_metadata``, ``tracing_disabled`` and
    ``trace_include_sensitive_data``.
    """
    return RunTraceScope(
        workflow_name, trace_id, group_id, metadata, disabled, include_sensitive_data
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
    )
