"""Tracing of real runs: span trees, sensitive data, grouping, disabled tracing."""

from __future__ import annotations

from typing import Any

import pytest
from _tracing_recorder import Recorder

from runwright import Agent, GuardrailFunctionOutput, RunConfig, Runner, function_tool
from runwright._agent.guardrails import input_guardrail
from runwright.testing import ScriptedModel, handoff_call, tool_call
from runwright.tracing import Span, Trace, trace


@function_tool
def lookup(order_id: str) -> str:
    """Look an order up.

    Args:
        order_id: The order.
    """
    return f"order {order_id}: SECRET-ADDRESS"


@input_guardrail
def polite(ctx: Any, agent: Any, input: Any) -> GuardrailFunctionOutput:
    return GuardrailFunctionOutput(output_info=None, tripwire_triggered=False)


def agents() -> tuple[Agent[Any], ScriptedModel, ScriptedModel]:
    billing_model = ScriptedModel(["Refund sent."])
    billing = Agent(name="billing", model=billing_model)
    triage_model = ScriptedModel([tool_call("lookup", {"order_id": "42"}), handoff_call("billing")])
    triage = Agent(
        name="triage",
        model=triage_model,
        tools=[lookup],
        handoffs=[billing],
        input_guardrails=[polite],
    )
    return triage, triage_model, billing_model


def _spans(recorder: Recorder) -> list[Span[Any]]:
    return recorder.ended_spans()


def _children(spans: list[Span[Any]], parent: Span[Any]) -> list[str]:
    return sorted(s.span_data.type for s in spans if s.parent_id == parent.span_id)


@pytest.mark.parametrize("streamed", [False, True])
async def test_run_span_tree_with_tool_handoff_and_guardrail(
    recorder: Recorder, streamed: bool
) -> None:
    triage, *_ = agents()
    if streamed:
        result: Any = Runner.run_streamed(triage, "Refund order 42, please")
        async for _ in result.stream_events():
            pass
    else:
        result = await Runner.run(triage, "Refund order 42, please")
    assert result.final_output == "Refund sent."
    assert isinstance(result.trace, Trace)

    spans = _spans(recorder)
    assert {s.trace_id for s in spans} == {result.trace.trace_id}
    agent_spans = [s for s in spans if s.span_data.type == "agent"]
    assert [s.span_data.name for s in agent_spans] == ["triage", "billing"]
    assert all(s.parent_id is None for s in agent_spans)
    triage_span, billing_span = agent_spans
    assert triage_span.span_data.tools == ["lookup"]
    assert triage_span.span_data.handoffs == ["billing"]
    model_kinds = {"response", "generation"}
    triage_children = _children(spans, triage_span)
    assert triage_children.count("function") == 1
    assert triage_children.count("handoff") == 1
    assert triage_children.count("guardrail") == 1
    assert sum(kind in model_kinds for kind in triage_children) == 2
    assert sum(kind in model_kinds for kind in _children(spans, billing_span)) == 1
    [tool] = [s for s in spans if s.span_data.type == "function"]
    assert tool.span_data.name == "lookup" and "SECRET-ADDRESS" in str(tool.span_data.output)
    [hand] = [s for s in spans if s.span_data.type == "handoff"]
    assert (hand.span_data.from_agent, hand.span_data.to_agent) == ("triage", "billing")
    assert recorder.kinds()[0] == "trace_start" and recorder.kinds()[-1] == "trace_end"


async def test_sensitive_data_switch_in_a_real_run(recorder: Recorder) -> None:
    triage, *_ = agents()
    await Runner.run(
        triage, "Refund order 42", run_config=RunConfig(trace_include_sensitive_data=False)
    )
    exported = [s.export() for s in _spans(recorder)]
    assert "SECRET-ADDRESS" not in repr(exported)
    assert "Refund order 42" not in repr(exported)


async def test_two_runs_grouped_in_one_trace(recorder: Recorder) -> None:
    with trace("conversation") as outer:
        first = await Runner.run(agents()[0], "Refund order 42")
        second = await Runner.run(agents()[0], "And order 43")
    assert first.trace is second.trace is outer
    assert [k for k in recorder.kinds() if k.startswith("trace")] == ["trace_start", "trace_end"]


async def test_tracing_disabled_run_creates_nothing(recorder: Recorder) -> None:
    result = await Runner.run(
        agents()[0], "Refund order 42", run_config=RunConfig(tracing_disabled=True)
    )
    assert result.final_output == "Refund sent."
    assert recorder.events == []


async def test_run_config_names_the_trace(recorder: Recorder) -> None:
    config = RunConfig(workflow_name="Support", group_id="thread-1", trace_metadata={"k": "v"})
    result = await Runner.run(agents()[0], "Refund order 42", run_config=config)
    assert (result.trace.name, result.trace.group_id) == ("Support", "thread-1")
    assert result.trace.metadata == {"k": "v"}
