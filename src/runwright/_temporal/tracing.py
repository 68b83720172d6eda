"""One trace across workflow and activities, replay-safe.

In a workflow, trace and span ids come from the workflow's deterministic
random (so a workflow replayed on another worker keeps its ids), and nothing
is reported to trace processors while history is being replayed (the spans
were reported when they first happened). Each activity the workflow starts
carries the current trace and span ids in a header; on the worker, an
``activity <name>`` span is opened as a child of the span that scheduled it
(the model call's ``response`` span, a tool's ``function`` span), and any span
the activity's code opens nests under it — one trace, wherever the parts ran.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

import temporalio.api.common.v1
import temporalio.client
import temporalio.converter
from temporalio import activity, workflow
from temporalio.worker import (
    ActivityInboundInterceptor,
    ExecuteActivityInput,
    ExecuteWorkflowInput,
    Interceptor,
    StartActivityInput,
    StartLocalActivityInput,
    WorkflowInboundInterceptor,
    WorkflowInterceptorClassInput,
    WorkflowOutboundInterceptor,
)

from runwright._temporal.approvals import current_registry, install_handlers
from runwright._tracing import scope as _scope
from runwright._tracing.create import custom_span
from runwright._tracing.processor import TracingProcessor
from runwright._tracing.provider import TraceProvider, get_trace_provider
from runwright._tracing.traces import NoOpTrace

HEADER = "runwright-trace"


def _replaying() -> bool:
    return workflow.in_workflow() and workflow.unsafe.is_replaying()


class _LiveOnly(TracingProcessor):
    """Forwards events, except those of workflow code replaying its history."""

    def __init__(self, inner: TracingProcessor) -> None:
        self._inner = inner

    def on_trace_start(self, trace: Any) -> None:
        if not _replaying():
            self._inner.on_trace_start(trace)

    def on_trace_end(self, trace: Any) -> None:
        if not _replaying():
            self._inner.on_trace_end(trace)

    def on_span_start(self, span: Any) -> None:
        if not _replaying():
            self._inner.on_span_start(span)

    def on_span_end(self, span: Any) -> None:
        if not _replaying():
            self._inner.on_span_end(span)

    def shutdown(self) -> None:
        self._inner.shutdown()

    def force_flush(self) -> None:
        self._inner.force_flush()


def _workflow_hex(nbytes: int) -> str:
    registry = current_registry()
    if registry.random is None:
        registry.random = workflow.new_random()
    return uuid.UUID(int=registry.random.getrandbits(128)).hex[: nbytes * 2]


class WorkflowTraceProvider(TraceProvider):
    """The process's trace provider, made deterministic and replay-safe inside workflows.

    Shares the wrapped provider's processors, so processors registered on
    either receive everything.
    """

    def __init__(self, wrapped: TraceProvider) -> None:  # no super().__init__: shares state
        self.__dict__.update(wrapped.__dict__)
        self.wrapped = wrapped
        self._live = _LiveOnly(self._multi)

    def create_trace(
        self,
        name: str,
        trace_id: str | None = None,
        group_id: str | None = None,
        metadata: dict[str, Any] | None = None,
        disabled: bool = False,
        tracing: Mapping[str, Any] | None = None,
    ) -> Any:
        if not workflow.in_workflow():
            return super().create_trace(name, trace_id, group_id, metadata, disabled, tracing)
        trace = super().create_trace(
            name, trace_id or f"trace_{_workflow_hex(16)}", group_id, metadata, disabled, tracing
        )
        if hasattr(trace, "_processor"):
            trace._processor = self._live
        return trace

    def create_span(
        self,
        span_data: Any,
        span_id: str | None = None,
        parent: Any = None,
        disabled: bool = False,
    ) -> Any:
        if not workflow.in_workflow():
            return super().create_span(span_data, span_id, parent, disabled)
        span = super().create_span(
            span_data, span_id or f"span_{_workflow_hex(12)}", parent, disabled
        )
        if hasattr(span, "_processor"):
            span._processor = self._live
        return span


# ----- propagation through activity headers -----------------------------------------


def _trace_header() -> dict[str, Any] | None:
    trace = _scope.current_trace.get()
    if trace is None or isinstance(trace, NoOpTrace) or not getattr(trace, "trace_id", None):
        return None
    span = _scope.current_span.get()
    return {
        "trace_id": trace.trace_id,
        "span_id": getattr(span, "span_id", None),
        "name": getattr(trace, "name", "Agent workflow"),
        "metadata": getattr(trace, "metadata", None),
    }


def _with_header(
    headers: Mapping[str, temporalio.api.common.v1.Payload],
) -> Mapping[str, temporalio.api.common.v1.Payload]:
    data = _trace_header()
    if data is None:
        return headers
    payload = temporalio.converter.PayloadConverter.default.to_payloads([data])[0]
    return {**headers, HEADER: payload}


class _RemoteParent:
    """The span that scheduled an activity, known only by its ids."""

    def __init__(self, trace_id: str, span_id: str | None, metadata: Any) -> None:
        self.trace_id, self.span_id, self.trace_metadata = trace_id, span_id, metadata


class _ActivityInbound(ActivityInboundInterceptor):
    async def execute_activity(self, input: ExecuteActivityInput) -> Any:
        payload = input.headers.get(HEADER)
        if payload is None:
            return await self.next.execute_activity(input)
        data = temporalio.converter.PayloadConverter.default.from_payloads([payload])[0]

        provider = get_trace_provider()
        trace = provider.create_trace(data["name"], data["trace_id"], None, data.get("metadata"))
        trace_token = _scope.current_trace.set(trace)  # joined, not started: the workflow owns it
        try:
            info = activity.info()
            parent: Any = _RemoteParent(data["trace_id"], data.get("span_id"), data.get("metadata"))
            with custom_span(
                f"activity {info.activity_type}",
                data={"activity_id": info.activity_id, "attempt": info.attempt},
                parent=parent,
            ):
                return await self.next.execute_activity(input)
        finally:
            _scope.current_trace.reset(trace_token)


class _WorkflowOutbound(WorkflowOutboundInterceptor):
    def start_activity(self, input: StartActivityInput) -> Any:
        input.headers = _with_header(input.headers)
        return self.next.start_activity(input)

    def start_local_activity(self, input: StartLocalActivityInput) -> Any:
        input.headers = _with_header(input.headers)
        return self.next.start_local_activity(input)


def _joined(headers: Mapping[str, temporalio.api.common.v1.Payload]) -> tuple[Any, Any] | None:
    """Makes the trace named in ``headers`` current (joined, not started): reset tokens."""
    payload = headers.get(HEADER)
    if payload is None:
        return None
    data = temporalio.converter.PayloadConverter.default.from_payloads([payload])[0]

    trace = get_trace_provider().create_trace(
        data["name"], data["trace_id"], None, data.get("metadata")
    )
    parent = _RemoteParent(data["trace_id"], data.get("span_id"), data.get("metadata"))
    return _scope.current_trace.set(trace), _scope.current_span.set(parent)  # type: ignore[arg-type]


class _WorkflowInbound(WorkflowInboundInterceptor):
    def init(self, outbound: WorkflowOutboundInterceptor) -> None:
        super().init(_WorkflowOutbound(outbound))

    async def execute_workflow(self, input: ExecuteWorkflowInput) -> Any:
        install_handlers()
        # A workflow started inside a client's trace joins it: its runs' spans go there.
        tokens = _joined(input.headers)
        try:
            return await self.next.execute_workflow(input)
        finally:
            if tokens is not None:
                _scope.current_span.reset(tokens[1])
                _scope.current_trace.reset(tokens[0])


class _ClientOutbound(temporalio.client.OutboundInterceptor):
    async def start_workflow(self, input: temporalio.client.StartWorkflowInput) -> Any:
        input.headers = _with_header(input.headers)
        return await self.next.start_workflow(input)


class RunwrightInterceptor(temporalio.client.Interceptor, Interceptor):
    """Registers the approval/state handlers and carries trace context from the client into
    workflows and from workflows into activities."""

    def intercept_client(
        self, next: temporalio.client.OutboundInterceptor
    ) -> temporalio.client.OutboundInterceptor:
        return _ClientOutbound(next)

    def intercept_activity(self, next: ActivityInboundInterceptor) -> ActivityInboundInterceptor:
        return _ActivityInbound(next)

    def workflow_interceptor_class(
        self, input: WorkflowInterceptorClassInput
    ) -> type[WorkflowInboundInterceptor] | None:
        return _WorkflowInbound
