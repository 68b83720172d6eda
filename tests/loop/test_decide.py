"""Table tests for the pure decision functions: no event loop, no I/O."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from runwright import (
    Agent,
    ModelBehaviorError,
    ModelResponse,
    StopAtTools,
    ToolsToFinalOutputResult,
)
from runwright._agent.output_schema import AgentOutputSchema
from runwright._loop.decide import classify_response, decide_next_step
from runwright._loop.steps import (
    AgentPlan,
    AskToolUseFunction,
    FinalOutput,
    HandoffTo,
    InvalidFinalOutput,
    Refusal,
    RunAgain,
)
from runwright._tools.function_tool import FunctionTool
from runwright._tools.use_behavior import FunctionToolResult
from runwright.handoffs import handoff
from runwright.items import (
    HandoffCallItem,
    MessageOutputItem,
    RawItem,
    ReasoningItem,
    ToolCallItem,
    ToolCallOutputItem,
    function_call_raw,
    function_output_raw,
    message_raw,
)
from runwright.testing import ScriptedModel


async def _noop(ctx: Any, args: str) -> str:
    return "x"


def _tool(name: str) -> FunctionTool:
    return FunctionTool(name, "d", {"type": "object", "properties": {}}, _noop)


@dataclass
class Point:
    x: int
    y: int


def _plan(
    behavior: Any = "run_llm_again", output_type: Any = None, handoffs: bool = False
) -> AgentPlan:
    tools = [_tool("a"), _tool("b")]
    target = Agent(name="Billing Team")
    agent = Agent(name="main", tools=tools, tool_use_behavior=behavior, output_type=output_type)
    hs = [handoff(target)] if handoffs else []
    return AgentPlan(
        agent=agent,
        model=ScriptedModel(),
        tools=tools,
        tool_map={t.name: t for t in tools},
        handoffs=hs,
        handoff_map={h.tool_name: h for h in hs},
        output_schema=AgentOutputSchema(output_type) if output_type else None,
        span_tools=[t.name for t in tools],
        span_handoffs=[h.agent_name for h in hs],
    )


def _call(name: str, n: int = 1) -> RawItem:
    return function_call_raw(name, "{}", f"c{n}")


def _result(plan: AgentPlan, name: str, output: Any) -> FunctionToolResult:
    item = ToolCallOutputItem(plan.agent, function_output_raw("c", str(output)), output)
    return FunctionToolResult(plan.tool_map[name], output, item)


REASONING = RawItem(type="reasoning", summary=[])


@pytest.mark.parametrize(
    ("output", "kinds", "tools", "handoffs", "text"),
    [
        ([message_raw("hi")], [MessageOutputItem], 0, 0, "hi"),
        ([REASONING, message_raw("hi")], [ReasoningItem, MessageOutputItem], 0, 0, "hi"),
        ([_call("a"), _call("b", 2)], [ToolCallItem, ToolCallItem], 2, 0, None),
        ([message_raw("one"), message_raw("two")], [MessageOutputItem] * 2, 0, 0, "two"),
        ([_call("transfer_to_billing_team")], [HandoffCallItem], 0, 1, None),
        (
            [_call("a"), _call("transfer_to_billing_team", 2)],
            [ToolCallItem, HandoffCallItem],
            1,
            1,
            None,
        ),
        ([RawItem(type="web_search_call", id="w")], [ToolCallItem], 0, 0, None),
        ([], [], 0, 0, None),
    ],
)
def test_classify_response(
    output: list[RawItem], kinds: list[type], tools: int, handoffs: int, text: str | None
) -> None:
    plan = _plan(handoffs=True)
    processed = classify_response(plan, ModelResponse(output))
    assert [type(i) for i in processed.new_items] == kinds
    assert [i.raw_item for i in processed.new_items] == output
    assert all(i.agent is plan.agent for i in processed.new_items)
    assert len(processed.tool_runs) == tools
    assert len(processed.handoff_runs) == handoffs
    assert processed.final_text == text


def test_unknown_tool_is_model_behavior_error() -> None:
    with pytest.raises(ModelBehaviorError, match=r"'nope'.*offered: a, b"):
        classify_response(_plan(), ModelResponse([_call("nope")]))


def _decide(plan: AgentPlan, output: list[RawItem], results: list[FunctionToolResult]) -> Any:
    return decide_next_step(plan, classify_response(plan, ModelResponse(output)), results)


def test_plain_text_message_is_final() -> None:
    assert _decide(_plan(), [message_raw("done")], []) == FinalOutput("done")


def test_plain_text_with_no_message_is_empty_final_output() -> None:
    assert _decide(_plan(), [REASONING], []) == FinalOutput("")


def test_structured_output_is_validated() -> None:
    step = _decide(_plan(output_type=Point), [message_raw('{"x": 1, "y": 2}')], [])
    assert step == FinalOutput(Point(1, 2))


def test_structured_output_invalid_is_its_own_step() -> None:
    step = _decide(_plan(output_type=Point), [message_raw('{"x": "no"}')], [])
    assert isinstance(step, InvalidFinalOutput)
    assert isinstance(step.error, ModelBehaviorError)


def test_structured_output_without_message_is_a_missing_output() -> None:
    step = _decide(_plan(output_type=Point), [REASONING], [])
    assert isinstance(step, InvalidFinalOutput)
    assert step.missing  # without an error handler the model is called again


@pytest.mark.parametrize("output_type", [None, Point])
def test_refusal_in_final_message_is_its_own_step(output_type: Any) -> None:
    output = [message_raw("", refusal="I can't help with that.")]
    assert _decide(_plan(output_type=output_type), output, []) == Refusal("I can't help with that.")


def test_refusal_with_tool_calls_is_not_final() -> None:
    plan = _plan()
    output = [message_raw("", refusal="no"), _call("a")]
    assert _decide(plan, output, [_result(plan, "a", "A")]) == RunAgain()


def test_first_handoff_wins_and_others_are_ignored() -> None:
    plan = _plan(handoffs=True)
    output = [_call("transfer_to_billing_team", 1), _call("transfer_to_billing_team", 2)]
    step = _decide(plan, output, [])
    assert isinstance(step, HandoffTo)
    assert step.run.call["call_id"] == "c1"
    assert [r.call["call_id"] for r in step.ignored] == ["c2"]


def test_handoff_wins_over_tool_results() -> None:
    plan = _plan(behavior="stop_on_first_tool", handoffs=True)
    step = _decide(
        plan, [_call("a"), _call("transfer_to_billing_team", 2)], [_result(plan, "a", 1)]
    )
    assert isinstance(step, HandoffTo)


async def _fn(ctx: Any, results: Any) -> ToolsToFinalOutputResult:
    return ToolsToFinalOutputResult(is_final_output=True, final_output="x")


@pytest.mark.parametrize(
    ("behavior", "expected"),
    [
        ("run_llm_again", RunAgain()),
        ("stop_on_first_tool", FinalOutput("A", from_tools=True)),
        (StopAtTools(stop_at_tool_names=["b"]), FinalOutput("B", from_tools=True)),
        (StopAtTools(stop_at_tool_names=["zzz"]), RunAgain()),
    ],
)
def test_tool_use_behavior(behavior: Any, expected: Any) -> None:
    plan = _plan(behavior=behavior)
    results = [_result(plan, "a", "A"), _result(plan, "b", "B")]
    assert _decide(plan, [_call("a"), _call("b", 2)], results) == expected


def test_custom_tool_use_function_is_asked() -> None:
    plan = _plan(behavior=_fn)
    results = [_result(plan, "a", "A")]
    step = _decide(plan, [_call("a")], results)
    assert isinstance(step, AskToolUseFunction)
    assert step.function is _fn
    assert step.results == results


def test_unknown_tool_can_be_kept_as_a_missing_call() -> None:
    plan = _plan()
    processed = classify_response(plan, ModelResponse([_call("nope")]), missing_ok=True)
    assert [type(i) for i in processed.new_items] == [ToolCallItem]
    assert processed.missing_calls is not None
    assert [c["name"] for c in processed.missing_calls] == ["nope"]
    assert decide_next_step(plan, processed, []) == RunAgain()
