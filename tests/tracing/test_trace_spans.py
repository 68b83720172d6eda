"""Traces and spans: ids, parent/child via contextvars, grouping, disabling, export shapes."""

from __future__ import annotations

import asyncio
import re
from datetime import datetime
from typing import Any

import pytest
from _tracing_recorder import Recorder

from runwright.tracing import (
    NoOpSpan,
    NoOpTrace,
    Span,
    agent_span,
    custom_span,
    function_span,
    gen_span_id,
    gen_trace_id,
    generation_span,
    get_current_span,
    get_current_trace,
    guardrail_span,
    handoff_span,
    response_span,
    run_trace,
    run_trace_from_config,
    set_tracing_disabled,
    trace,
)
from runwright.tracing.provider import TraceProvider


def test_ids_have_the_sdk_format() -> None:
    assert re.fullmatch(r"trace_[0-9a-f]{32}", gen_trace_id())
    assert re.fullmatch(r"span_[0-9a-f]{24}", gen_span_id())
    assert len({gen_span_id() for _ in range(1000)}) == 1000


def test_span_tree_follows_the_with_blocks(recorder: Recorder) -> None:
    with trace("Support") as tr:
        assert get_current_trace() is tr
        with agent_span("triage", handoffs=["billing"], tools=["lookup"]) as agent:
            assert get_current_span() is agent
            with generation_span(model="gpt-x") as gen:
                pass
            with (
                function_span("lookup", input='{"q": 1}') as tool,
                custom_span("inner", {"k": "v"}) as inner,
            ):
                pass
            with handoff_span("triage", "billing") as hand:
                pass
        with guardrail_span("no_pii", triggered=True) as guard:
            pass
        assert get_current_span() is None
    assert get_current_trace() is None

    assert agent.parent_id is None
    assert gen.parent_id == tool.parent_id == hand.parent_id == agent.span_id
    assert inner.parent_id == tool.span_id
    assert guard.parent_id is None
    assert {s.trace_id for s in (agent, gen, tool, inner, hand, guard)} == {tr.trace_id}
    assert recorder.kinds()[0] == "trace_start"
    assert recorder.kinds()[-1] == "trace_end"
    ends = recorder.ended_spans()
    assert ends == [gen, inner, tool, hand, agent, guard]


async def test_tasks_created_inside_a_span_are_its_children(recorder: Recorder) -> None:
    async def tool_call(name: str) -> Span[Any]:
        await asyncio.sleep(0)
        with function_span(name) as span:
            await asyncio.sleep(0.001)
            with custom_span(f"{name}-step") as step:
                await asyncio.sleep(0)
            assert step.parent_id == span.span_id
        return span

    with trace("parallel"), agent_span("worker") as agent:
        spans = await asyncio.gather(
            asyncio.ensure_future(tool_call("a")),
            asyncio.ensure_future(tool_call("b")),
            tool_call("c"),
        )
        # Sibling tasks did not leak their spans into this context.
        assert get_current_span() is agent
    assert [s.parent_id for s in spans] == [agent.span_id] * 3
    assert len({s.span_id for s in spans}) == 3


def test_two_runs_in_one_with_trace_share_it(recorder: Recorder) -> None:
    with trace("Conversation", group_id="thread-1") as outer:
        with run_trace("ignored name") as first, agent_span("a"):
            pass
        with run_trace("ignored name") as second, agent_span("b"):
            pass
    assert first is second is outer
    traces_started = [obj for kind, obj in recorder.events if kind == "trace_start"]
    assert traces_started == [outer]
    assert {s.trace_id for s in recorder.ended_spans()} == {outer.trace_id}


def test_a_run_without_a_current_trace_opens_and_finishes_its_own(recorder: Recorder) -> None:
    with run_trace("Solo", group_id="g", metadata={"user": "u1"}) as tr:
        assert get_current_trace() is tr
        with agent_span("a"):
            pass
    assert get_current_trace() is None
    assert tr.name == tr.workflow_name == "Solo"
    assert tr.group_id == "g" and tr.metadata == {"user": "u1"}
    assert tr.ended_at is not None
    assert recorder.kinds() == ["trace_start", "span_start", "span_end", "trace_end"]


def test_run_trace_from_config_reads_the_run_config_fields(recorder: Recorder) -> None:
    from runwright._core.config import RunConfig

    config = RunConfig(workflow_name="W", trace_id="trace_" + "a" * 32, group_id="G")
    with run_trace_from_config(config) as tr:
        pass
    assert (tr.name, tr.trace_id, tr.group_id) == ("W", "trace_" + "a" * 32, "G")
    with run_trace_from_config(RunConfig(tracing_disabled=True)) as off:
        assert isinstance(function_span("x"), NoOpSpan)
    assert off.disabled


def test_disabled_trace_creates_nothing(recorder: Recorder) -> None:
    with trace("off", disabled=True) as tr:
        assert isinstance(tr, NoOpTrace)
        with run_trace("run") as joined, agent_span("a") as span:
            assert isinstance(span, NoOpSpan)
        assert joined is tr
    assert recorder.events == []
    assert get_current_trace() is None


def test_run_with_tracing_disabled_inside_a_user_trace_records_nothing(
    recorder: Recorder,
) -> None:
    with trace("outer") as outer:
        with run_trace("run", disabled=True), agent_span("a") as span:
            assert isinstance(span, NoOpSpan)
        assert get_current_trace() is outer
    assert recorder.kinds() == ["trace_start", "trace_end"]


def test_global_switch_disables_everything(provider: TraceProvider, recorder: Recorder) -> None:
    set_tracing_disabled(True)
    try:
        with trace("x") as tr, function_span("f") as span:
            assert isinstance(tr, NoOpTrace) and isinstance(span, NoOpSpan)
    finally:
        set_tracing_disabled(False)
    assert recorder.events == []
    with trace("y"):
        pass
    assert recorder.kinds() == ["trace_start", "trace_end"]


def test_spans_outside_any_trace_are_cheap_no_ops(recorder: Recorder) -> None:
    span = function_span("lookup", input="{}")
    assert isinstance(span, NoOpSpan)
    with span as entered:
        entered.span_data.output = "ok"
        assert get_current_span() is None
    assert span.export() is None and span.started_at is None
    assert recorder.events == []


def test_explicit_parent_and_manual_start_finish(recorder: Recorder) -> None:
    tr = trace("manual")
    tr.start(mark_as_current=False)
    parent = agent_span("a", parent=tr)
    parent.start()
    child = function_span("f", parent=parent)
    child.start(mark_as_current=True)
    assert get_current_span() is child
    child.finish(reset_current=True)
    parent.finish()
    tr.finish()
    assert get_current_span() is None
    assert (parent.trace_id, parent.parent_id) == (tr.trace_id, None)
    assert (child.trace_id, child.parent_id) == (tr.trace_id, parent.span_id)
    child.finish()  # a second finish is ignored
    assert len(recorder.ended_spans()) == 2


def test_exception_inside_a_span_is_recorded_as_its_error(recorder: Recorder) -> None:
    with pytest.raises(KeyError), trace("t"), function_span("f") as span:
        raise KeyError("missing")
    assert span.error == {"message": "'missing'", "data": {"type": "KeyError"}}
    with trace("t"), custom_span("c") as other:
        other.set_error({"message": "bad", "data": {"why": 1}})
    assert other.error == {"message": "bad", "data": {"why": 1}}


def test_export_shapes_match_the_sdk(recorder: Recorder) -> None:
    with trace("wf", group_id="g", metadata={"a": 1}) as tr:
        with agent_span("a", handoffs=["b"], tools=["t"], output_type="str") as agent:
            pass
        with response_span(model="m") as resp:
            resp.span_data.response = {
                "id": "resp_1",
                "usage": {"input_tokens": 2, "output_tokens": 3},
                "output": [{"type": "message"}],
            }
    exported = tr.export()
    assert exported is not None
    assert {k: exported[k] for k in ("object", "id", "workflow_name", "group_id", "metadata")} == {
        "object": "trace",
        "id": tr.trace_id,
        "workflow_name": "wf",
        "group_id": "g",
        "metadata": {"a": 1},
    }
    span = agent.export()
    assert span is not None
    assert span["object"] == "trace.span" and span["id"] == agent.span_id
    assert span["span_data"] == {
        "type": "agent",
        "name": "a",
        "handoffs": ["b"],
        "tools": ["t"],
        "output_type": "str",
    }
    started = datetime.fromisoformat(span["started_at"])
    assert started.tzinfo is not None and started <= datetime.fromisoformat(span["ended_at"])
    assert resp.span_data.response is not None and resp.span_data.response.id == "resp_1"
    assert resp.span_data.export()["response_id"] == "resp_1"
    assert resp.span_data.type == "response"
