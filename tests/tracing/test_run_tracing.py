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
    # As in the SDK: task (the run) > agent > turn > model call, tools, guardrails, handoff.
    [task] = [s for s in spans if s.span_data.type == "task"]
    assert task.parent_id is None and task.span_data.name == "Agent workflow"
    assert task.span_data.usage is not None and task.span_data.usage["requests"] == 3
    agent_spans = [s for s in spans if s.span_data.type == "agent"]
    assert [s.span_data.name for s in agent_spans] == ["triage", "billing"]
    assert all(s.parent_id == task.span_id for s in agent_spans)
    triage_span, billing_span = agent_spans
    assert triage_span.span_data.tools == ["lookup"]
    assert triage_span.span_data.handoffs == ["billing"]
    turns = [s for s in spans if s.span_data.type == "turn"]
    assert [(t.span_data.turn, t.span_data.agent_name) for t in turns] == [
        (1, "triage"),
        (2, "triage"),
        (3, "billing"),
    ]
    assert _children(spans, triage_span) == ["turn", "turn"]
    assert _children(spans, billing_span) == ["turn"]
    model_kinds = {"response", "generation"}
    first, second, third = (_children(spans, t) for t in turns)
    assert [k for k in first if k not in model_kinds] == ["function", "guardrail"]
    assert [k for k in second if k not in model_kinds] == ["handoff"]
    assert [sum(k in model_kinds for k in kids) for kids in (first, second, third)] == [1, 1, 1]
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


async def test_task_and_turn_spans_can_be_turned_off(recorder: Recorder) -> None:
    config = RunConfig(tracing={"include_task_and_turn_spans": False})
    await Runner.run(agents()[0], "Refund order 42", run_config=config)
    kinds = {s.span_data.type for s in _spans(recorder)}
    assert "task" not in kinds and "turn" not in kinds
    assert all(s.parent_id is None for s in _spans(recorder) if s.span_data.type == "agent")


async def test_run_config_tracing_api_key_goes_with_the_trace(recorder: Recorder) -> None:
    config = RunConfig(tracing={"api_key": "sk-trace"})
    result = await Runner.run(agents()[0], "Refund order 42", run_config=config)
    assert result.trace.tracing_api_key == "sk-trace"
    assert {s.tracing_api_key for s in _spans(recorder)} == {"sk-trace"}
    assert "tracing_api_key" not in result.trace.to_json()
    assert result.trace.to_json(include_tracing_api_key=True)["tracing_api_key"] == "sk-trace"
