"""OpenTelemetry export: GenAI semantic-convention attributes, tree shape, errors, OTLP/HTTP."""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import pytest
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind, StatusCode

from runwright._tracing.otel import span_attributes
from runwright.tracing import (
    OpenTelemetryProcessor,
    agent_span,
    custom_span,
    function_span,
    generation_span,
    guardrail_span,
    handoff_span,
    response_span,
    run_trace,
    trace,
)
from runwright.tracing.provider import TraceProvider


def _run() -> str:
    with trace("Support", group_id="thread-7", metadata={"tier": "gold"}) as tr:
        with agent_span("triage", tools=["lookup"], handoffs=["billing"]):
            with generation_span(
                input=[{"role": "user", "content": "hi"}],
                model="gpt-test",
                model_config={"temperature": 0.2, "max_tokens": 100},
            ) as gen:
                gen.span_data.output = [{"role": "assistant", "content": "hello"}]
                gen.span_data.usage = {"input_tokens": 11, "output_tokens": 4}
            with function_span("lookup", input='{"id": 1}') as tool:
                tool.span_data.output = "found"
            with handoff_span("triage", "billing"):
                pass
        with agent_span("billing"):
            with response_span(model="resp-model") as resp:
                resp.span_data.response = {
                    "id": "resp_42",
                    "usage": {"input_tokens": 3, "output_tokens": 2},
                    "output": [],
                }
            with pytest.raises(RuntimeError), function_span("charge", input="{}"):
                raise RuntimeError("card declined")
            with guardrail_span("no_pii", triggered=True):
                pass
            with custom_span("audit", {"ok": True}):
                pass
    return tr.trace_id


@pytest.fixture
def memory() -> Iterator[tuple[InMemorySpanExporter, TracerProvider]]:
    exporter = InMemorySpanExporter()
    tracer_provider = TracerProvider()
    tracer_provider.add_span_processor(SimpleSpanProcessor(exporter))
    yield exporter, tracer_provider
    tracer_provider.shutdown()


def _by_name(spans: Any) -> dict[str, ReadableSpan]:
    return {s.name: s for s in spans}


def test_spans_map_to_genai_conventions(provider: TraceProvider, memory: Any) -> None:
    exporter, tracer_provider = memory
    provider.register_processor(OpenTelemetryProcessor(tracer_provider))
    trace_id = _run()
    spans = _by_name(exporter.get_finished_spans())
    assert set(spans) == {
        "Support",
        "invoke_agent triage",
        "chat gpt-test",
        "execute_tool lookup",
        "handoff triage -> billing",
        "invoke_agent billing",
        "chat resp-model",
        "execute_tool charge",
        "guardrail no_pii",
        "audit",
    }
    root = spans["Support"]
    assert root.parent is None
    assert root.attributes["runwright.trace_id"] == trace_id
    assert root.attributes["gen_ai.conversation.id"] == "thread-7"
    assert root.attributes["runwright.metadata.tier"] == "gold"

    agent = spans["invoke_agent triage"]
    assert agent.attributes["gen_ai.operation.name"] == "invoke_agent"
    assert agent.attributes["gen_ai.agent.name"] == "triage"
    assert tuple(agent.attributes["runwright.agent.tools"]) == ("lookup",)

    chat = spans["chat gpt-test"]
    assert chat.kind is SpanKind.CLIENT
    assert chat.attributes["gen_ai.operation.name"] == "chat"
    assert chat.attributes["gen_ai.request.model"] == "gpt-test"
    assert chat.attributes["gen_ai.request.temperature"] == 0.2
    assert chat.attributes["gen_ai.request.max_tokens"] == 100
    assert chat.attributes["gen_ai.usage.input_tokens"] == 11
    assert chat.attributes["gen_ai.usage.output_tokens"] == 4
    assert "hello" in chat.attributes["gen_ai.output.messages"]

    tool = spans["execute_tool lookup"]
    assert tool.attributes["gen_ai.operation.name"] == "execute_tool"
    assert tool.attributes["gen_ai.tool.name"] == "lookup"
    assert tool.attributes["gen_ai.tool.call.arguments"] == '{"id": 1}'
    assert tool.attributes["gen_ai.tool.call.result"] == "found"

    resp = spans["chat resp-model"]
    assert resp.attributes["gen_ai.response.id"] == "resp_42"
    assert resp.attributes["gen_ai.usage.output_tokens"] == 2

    failed = spans["execute_tool charge"]
    assert failed.status.status_code is StatusCode.ERROR
    assert failed.status.description == "card declined"
    assert failed.attributes["error.type"] == "RuntimeError"
    assert spans["guardrail no_pii"].attributes["runwright.guardrail.triggered"] is True

    # Parent/child preserved, all in one OTel trace.
    def parent_of(name: str) -> str:
        parent = spans[name].parent
        assert parent is not None
        return next(n for n, s in spans.items() if s.context.span_id == parent.span_id)

    assert parent_of("invoke_agent triage") == "Support"
    assert parent_of("execute_tool lookup") == "invoke_agent triage"
    assert parent_of("handoff triage -> billing") == "invoke_agent triage"
    assert parent_of("execute_tool charge") == "invoke_agent billing"
    assert len({s.context.trace_id for s in spans.values()}) == 1


def test_root_joins_the_callers_current_otel_span(provider: TraceProvider, memory: Any) -> None:
    exporter, tracer_provider = memory
    provider.register_processor(OpenTelemetryProcessor(tracer_provider))
    outer_tracer = tracer_provider.get_tracer("web")
    with outer_tracer.start_as_current_span("POST /chat") as request_span, trace("wf"):
        pass
    spans = _by_name(exporter.get_finished_spans())
    parent = spans["wf"].parent
    assert parent is not None
    assert parent.span_id == request_span.get_span_context().span_id


def test_content_can_be_left_out(provider: TraceProvider, memory: Any) -> None:
    exporter, tracer_provider = memory
    provider.register_processor(OpenTelemetryProcessor(tracer_provider, include_content=False))
    _run()
    for span in exporter.get_finished_spans():
        assert not {
            "gen_ai.input.messages",
            "gen_ai.output.messages",
            "gen_ai.tool.call.arguments",
            "gen_ai.tool.call.result",
        } & set(span.attributes or {})
    name, attrs = span_attributes({"type": "function", "name": "f", "input": "{}"})
    assert name == "execute_tool f" and attrs["gen_ai.tool.call.arguments"] == "{}"


def test_sensitive_run_exports_no_content(provider: TraceProvider, memory: Any) -> None:
    exporter, tracer_provider = memory
    provider.register_processor(OpenTelemetryProcessor(tracer_provider))
    with (
        run_trace("private", include_sensitive_data=False),
        function_span("f", input="secret") as tool,
    ):
        tool.span_data.output = "secret"
    [tool_span, _root] = exporter.get_finished_spans()
    assert "secret" not in repr(dict(tool_span.attributes or {}))


class _Collector(BaseHTTPRequestHandler):
    bodies: list[tuple[str, bytes]]

    def do_POST(self) -> None:
        length = int(self.headers["Content-Length"])
        self.server.bodies.append((self.path, self.rfile.read(length)))  # type: ignore[attr-defined]
        self.send_response(200)
        self.send_header("Content-Type", "application/x-protobuf")
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def collector() -> Iterator[HTTPServer]:
    server = HTTPServer(("127.0.0.1", 0), _Collector)
    server.bodies = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_export_over_otlp_http_to_a_local_collector(
    provider: TraceProvider, collector: HTTPServer
) -> None:
    port = collector.server_address[1]
    exporter = OTLPSpanExporter(endpoint=f"http://127.0.0.1:{port}/v1/traces", timeout=10)
    tracer_provider = TracerProvider(resource=Resource.create({"service.name": "rw-test"}))
    tracer_provider.add_span_processor(SimpleSpanProcessor(exporter))
    processor = OpenTelemetryProcessor(tracer_provider)
    provider.register_processor(processor)
    _run()
    processor.force_flush()
    tracer_provider.shutdown()

    bodies = collector.bodies  # type: ignore[attr-defined]
    assert bodies and {path for path, _ in bodies} == {"/v1/traces"}
    spans: dict[str, dict[str, Any]] = {}
    for _, body in bodies:
        request = ExportTraceServiceRequest()
        request.ParseFromString(body)
        for resource_spans in request.resource_spans:
            service = {a.key: a.value.string_value for a in resource_spans.resource.attributes}
            assert service["service.name"] == "rw-test"
            for scope in resource_spans.scope_spans:
                assert scope.scope.name == "runwright"
                for span in scope.spans:
                    spans[span.name] = {
                        "attrs": {a.key: a.value for a in span.attributes},
                        "status": span.status.code,
                        "parent": span.parent_span_id,
                        "id": span.span_id,
                    }
    assert len(spans) == 10
    chat = spans["chat gpt-test"]["attrs"]
    assert chat["gen_ai.operation.name"].string_value == "chat"
    assert chat["gen_ai.request.model"].string_value == "gpt-test"
    assert chat["gen_ai.usage.input_tokens"].int_value == 11
    assert chat["gen_ai.usage.output_tokens"].int_value == 4
    tool = spans["execute_tool lookup"]
    assert tool["attrs"]["gen_ai.tool.name"].string_value == "lookup"
    assert tool["parent"] == spans["invoke_agent triage"]["id"]
    assert spans["invoke_agent triage"]["attrs"]["gen_ai.agent.name"].string_value == "triage"
    assert spans["execute_tool charge"]["status"] == 2  # STATUS_CODE_ERROR
    assert spans["Support"]["parent"] == b""


def test_global_tracer_provider_is_used_by_default() -> None:
    # In a subprocess: OTel's global provider can be set only once per process.
    code = """
from opentelemetry import trace as otel_trace
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from runwright.tracing import OpenTelemetryProcessor, set_trace_processors, trace, agent_span

exporter = InMemorySpanExporter()
global_provider = TracerProvider()
global_provider.add_span_processor(SimpleSpanProcessor(exporter))
otel_trace.set_tracer_provider(global_provider)
set_trace_processors([OpenTelemetryProcessor()])
with trace("wf"), agent_span("a"):
    pass
print(sorted(s.name for s in exporter.get_finished_spans()))
"""
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "['invoke_agent a', 'wf']"
