"""Model call cost in traces: generation and response spans, the local store, OTel."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from runwright import Agent, Runner, Usage
from runwright._tracing.util import usage_cost, usage_dict
from runwright.testing import ScriptedModel
from runwright.tracing import OpenTelemetryProcessor, TraceStore, set_local_trace_store
from runwright.tracing.provider import TraceProvider


def _usage() -> Usage:
    return Usage(requests=1, input_tokens=1000, output_tokens=500)


@pytest.mark.parametrize("emit_traces", [True, False], ids=["generation", "response"])
async def test_model_spans_carry_cost_to_the_store_and_otel(
    provider: TraceProvider, tmp_path: Path, emit_traces: bool
) -> None:
    exporter = InMemorySpanExporter()
    tracer_provider = TracerProvider()
    tracer_provider.add_span_processor(SimpleSpanProcessor(exporter))
    provider.register_processor(OpenTelemetryProcessor(tracer_provider))
    local = set_local_trace_store(tmp_path / "t.db")
    assert local is not None
    model = ScriptedModel(["hi"], name="gpt-4o", usage=_usage(), emit_traces=emit_traces)
    await Runner.run(Agent(name="a", model=model), "x")
    local.force_flush()

    # gpt-4o: $2.50 / M input, $10 / M output tokens -> $0.0075
    chat = next(s for s in exporter.get_finished_spans() if s.name.startswith("chat"))
    assert chat.attributes is not None
    assert chat.attributes["gen_ai.usage.cost"] == pytest.approx(0.0075)
    [summary] = TraceStore(tmp_path / "t.db").list_traces()
    stored = TraceStore(tmp_path / "t.db").get_trace(summary.trace_id)
    assert stored is not None
    kind = "generation" if emit_traces else "response"
    span = next(s for s in stored["spans"] if s["span_data"]["type"] == kind)
    assert span["span_data"]["usage"]["cost_usd"] == pytest.approx(0.0075)
    tracer_provider.shutdown()


def test_unknown_prices_leave_cost_out() -> None:
    usage = _usage()
    usage._pricing = ("my-private-model", None)
    assert "cost_usd" not in (usage_dict(usage) or {})
    assert usage_cost(usage) is None
    assert usage_cost({"input_tokens": 1, "cost_usd": 0.5}) == 0.5
    assert usage_cost({"input_tokens": 1}) is None


def test_a_failing_price_fn_does_not_fail_an_export() -> None:
    def broken(model: Any, usage: Any) -> Any:
        raise RuntimeError("rates down")

    usage = _usage()
    usage._pricing = ("x", broken)
    assert usage_dict(usage) == usage.to_json_dict()
