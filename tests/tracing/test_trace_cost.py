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


async def test_the_trace_list_sums_what_its_model_calls_cost(
    provider: TraceProvider, tmp_path: Path
) -> None:
    local = set_local_trace_store(tmp_path / "t.db")
    assert local is not None
    priced = ScriptedModel(["hi"], name="gpt-4o", usage=_usage())
    await Runner.run(Agent(name="a", model=priced), "x", run_config={"workflow_name": "priced"})
    unknown = ScriptedModel(["hi"], name="my-private-model", usage=_usage())
    await Runner.run(Agent(name="b", model=unknown), "x", run_config={"workflow_name": "unpriced"})
    local.force_flush()
    rows = {row.workflow_name: row for row in TraceStore(tmp_path / "t.db").list_traces()}
    # one call each: gpt-4o, 1000 in / 500 out -> $0.0075; no price for the private model
    assert rows["priced"].cost_usd == pytest.approx(0.0075)
    assert rows["unpriced"].cost_usd is None
    assert rows["priced"].to_dict()["cost_usd"] == pytest.approx(0.0075)


def _old_store(path: Path) -> None:
    """A store as runwright wrote it before traces had a cost column (schema 1)."""
    import json
    import sqlite3

    usage = {"input_tokens": 1000, "output_tokens": 500, "cost_usd": 0.0075}
    spans = [
        ["s1", None, "agent", 1, 2, None, {"type": "agent", "name": "a"}],
        ["s2", "s1", "generation", 1, 2, None, {"type": "generation", "usage": usage}],
        ["s3", "s1", "response", 1, 2, None, {"type": "response", "usage": usage}],
    ]
    conn = sqlite3.connect(path)
    conn.executescript(
        """CREATE TABLE traces (trace_id TEXT PRIMARY KEY, workflow_name TEXT, group_id TEXT,
        metadata TEXT, started_at INTEGER, ended_at INTEGER, duration_ms REAL,
        span_count INTEGER NOT NULL, agents TEXT NOT NULL, total_tokens INTEGER NOT NULL,
        error_count INTEGER NOT NULL, spans TEXT NOT NULL);
        CREATE TABLE late_spans (trace_id TEXT NOT NULL, span_id TEXT NOT NULL,
        span TEXT NOT NULL, PRIMARY KEY (trace_id, span_id));
        PRAGMA user_version=1;"""
    )
    row = ("trace_old", "old", None, None, 1, 2, 0.001, 3, '["a"]', 3000, 0, json.dumps(spans))
    conn.execute("INSERT INTO traces VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", row)
    no_cost = [["s4", None, "generation", 1, 2, None, {"type": "generation", "usage": {}}]]
    row = ("trace_free", "free", None, None, 0, 1, 0.001, 1, "[]", 0, 0, json.dumps(no_cost))
    conn.execute("INSERT INTO traces VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", row)
    conn.commit()
    conn.close()


def test_an_older_store_is_migrated_and_its_costs_filled_in(tmp_path: Path) -> None:
    import sqlite3

    from runwright._tracing.store import SCHEMA_VERSION

    path = tmp_path / "old.db"
    _old_store(path)
    rows = {row.trace_id: row for row in TraceStore(path).list_traces()}
    assert rows["trace_old"].cost_usd == pytest.approx(0.015)  # both model calls
    assert rows["trace_free"].cost_usd is None
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 2
    conn.close()
    # the migrated file takes new traces (with their cost) as before
    again = TraceStore(path)
    assert again.get_trace("trace_old") is not None
    assert len(again.list_traces()) == 2


def test_an_older_store_that_cannot_be_migrated_lists_without_cost(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    from runwright._tracing import store as store_module

    def read_only(conn: Any) -> None:
        raise sqlite3.OperationalError("attempt to write a readonly database")

    path = tmp_path / "old.db"
    _old_store(path)
    monkeypatch.setattr(store_module, "_migrate", read_only)
    rows = TraceStore(path).list_traces()
    assert {row.trace_id for row in rows} == {"trace_old", "trace_free"}
    assert all(row.cost_usd is None for row in rows)
