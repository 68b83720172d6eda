"""No secret reaches the trace store through span errors; deeply nested content is kept cut."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from runwright import Agent, ModelBehaviorError, RunConfig, Runner, function_tool
from runwright.testing import ScriptedModel, tool_call
from runwright.tracing import (
    TraceStore,
    custom_span,
    function_span,
    set_local_trace_store,
    trace,
)
from runwright.tracing.provider import TraceProvider

SECRET = "card-4242-4242-SECRET"
PRIVATE = RunConfig(trace_include_sensitive_data=False)


def _everything_stored(db: Path) -> str:
    """Every byte the store holds, as text (the secret must appear nowhere)."""
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT * FROM traces").fetchall()
    return repr(rows)


def _errors(db: Path) -> list[Any]:
    [summary] = TraceStore(db).list_traces()
    got = TraceStore(db).get_trace(summary.trace_id)
    assert got is not None
    return [s["error"] for s in got["spans"] if s["error"] is not None]


@function_tool(failure_error_function=None)
def charge(card: str) -> str:
    raise RuntimeError(f"payment declined for card {card}")


async def test_tool_exception_quoting_arguments_is_redacted(
    provider: TraceProvider, tmp_path: Path
) -> None:
    local = set_local_trace_store(tmp_path / "t.db")
    assert local is not None
    model = ScriptedModel([tool_call("charge", {"card": SECRET})])
    with pytest.raises(Exception, match="payment declined"):
        await Runner.run(Agent(name="a", model=model, tools=[charge]), "pay", run_config=PRIVATE)
    local.force_flush()
    assert SECRET not in _everything_stored(tmp_path / "t.db")
    errors = _errors(tmp_path / "t.db")
    assert errors and all("redacted" in e["message"] for e in errors)
    assert {"RuntimeError", "UserError"} & {e["data"]["type"] for e in errors}


class Order(BaseModel):
    total: int


async def test_output_validation_error_quoting_output_is_redacted(
    provider: TraceProvider, tmp_path: Path
) -> None:
    local = set_local_trace_store(tmp_path / "t.db")
    assert local is not None
    model = ScriptedModel([f'{{"total": "{SECRET}"}}'])
    agent = Agent(name="a", model=model, output_type=Order)
    with pytest.raises(ModelBehaviorError) as info:
        await Runner.run(agent, "order", run_config=PRIVATE)
    assert SECRET in str(info.value)  # the caller still gets the full message
    local.force_flush()
    assert SECRET not in _everything_stored(tmp_path / "t.db")
    [error] = _errors(tmp_path / "t.db")
    assert error["data"] == {"type": "ModelBehaviorError"}


async def test_errors_are_kept_in_full_when_sensitive_data_is_on(
    provider: TraceProvider, tmp_path: Path
) -> None:
    local = set_local_trace_store(tmp_path / "t.db")
    assert local is not None
    agent = Agent(name="a", model=ScriptedModel([f'{{"total": "{SECRET}"}}']), output_type=Order)
    with pytest.raises(ModelBehaviorError):
        await Runner.run(agent, "order")
    local.force_flush()
    assert SECRET in _everything_stored(tmp_path / "t.db")


def test_deeply_nested_content_is_stored_truncated(provider: TraceProvider, tmp_path: Path) -> None:
    local = set_local_trace_store(tmp_path / "t.db")
    assert local is not None
    deep: Any = "bottom"
    for _ in range(5000):
        deep = {"down": deep}
    with trace("deep") as tr:
        with function_span("nest", input="{}") as span:
            span.span_data.output = deep
        with custom_span("also", data={"list": [[[[["fine"]]]]]}):
            pass
    local.force_flush()
    assert local.written == 1
    got = TraceStore(tmp_path / "t.db").get_trace(tr.trace_id)
    assert got is not None
    spans = {s["name"]: s for s in got["spans"]}
    text = repr(spans["nest"]["span_data"]["output"])
    # Cut at the depth limit where the content cannot be encoded whole (Python <= 3.12,
    # whose repr/json recursion stops first); 3.13 stringifies it whole. Never dropped.
    assert "down" in text and ("truncated" in text or "bottom" in text)
    assert spans["also"]["span_data"]["data"] == {"list": [[[[["fine"]]]]]}
