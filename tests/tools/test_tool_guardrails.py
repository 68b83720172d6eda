"""Tool input/output guardrails around function tools."""

from __future__ import annotations

from typing import Any

import pytest

from runwright import (
    Agent,
    Runner,
    ToolGuardrailFunctionOutput,
    ToolInputGuardrailData,
    ToolInputGuardrailTripwireTriggered,
    ToolOutputGuardrailData,
    ToolOutputGuardrailTripwireTriggered,
    function_tool,
    tool_input_guardrail,
    tool_output_guardrail,
)
from runwright.testing import tool_call

ran: list[str] = []


@tool_input_guardrail
def no_drop_table(data: ToolInputGuardrailData) -> ToolGuardrailFunctionOutput:
    if "drop" in data.context.tool_arguments.lower():
        return ToolGuardrailFunctionOutput.reject_content("Refused: destructive SQL.")
    return ToolGuardrailFunctionOutput.allow()


@tool_output_guardrail
async def redact(data: ToolOutputGuardrailData) -> ToolGuardrailFunctionOutput:
    if "ssn" in str(data.output):
        return ToolGuardrailFunctionOutput.reject_content("[redacted]")
    return ToolGuardrailFunctionOutput.allow()


@function_tool(tool_input_guardrails=[no_drop_table], tool_output_guardrails=[redact])
def sql(query: str) -> str:
    ran.append(query)
    return "ssn: 123" if "people" in query else "3 rows"


@pytest.mark.parametrize(
    ("query", "sent", "executed"),
    [
        ("select * from t", "3 rows", True),
        ("DROP TABLE t", "Refused: destructive SQL.", False),
        ("select * from people", "[redacted]", True),
    ],
)
async def test_tool_guardrail_verdicts(
    scripted: Any, query: str, sent: str, executed: bool
) -> None:
    ran.clear()
    model = scripted([tool_call("sql", {"query": query}), "ok"])
    result = await Runner.run(Agent(name="a", model=model, tools=[sql]), "go")
    assert model.calls[1].input[-1]["output"] == sent
    assert (ran == [query]) is executed
    assert len(result.tool_input_guardrail_results) == 1
    assert len(result.tool_output_guardrail_results) == (1 if executed else 0)


async def test_raise_exception_verdicts(scripted: Any) -> None:
    @tool_input_guardrail
    def stop_in(data: Any) -> ToolGuardrailFunctionOutput:
        return ToolGuardrailFunctionOutput.raise_exception(output_info="no")

    @tool_output_guardrail
    def stop_out(data: Any) -> ToolGuardrailFunctionOutput:
        return ToolGuardrailFunctionOutput.raise_exception()

    @function_tool(tool_input_guardrails=[stop_in])
    def a() -> str:
        return "a"

    @function_tool(tool_output_guardrails=[stop_out])
    def b() -> str:
        return "b"

    with pytest.raises(ToolInputGuardrailTripwireTriggered) as info:
        await Runner.run(Agent(name="x", model=scripted([tool_call("a")]), tools=[a]), "go")
    assert info.value.output.output_info == "no"
    with pytest.raises(ToolOutputGuardrailTripwireTriggered):
        await Runner.run(Agent(name="x", model=scripted([tool_call("b")]), tools=[b]), "go")
