"""CustomTool, tool search, programmatic calling, function-tool extras, ToolOutputTrimmer."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import BaseModel

from runwright import (
    Agent,
    CustomTool,
    FunctionTool,
    FunctionToolCustomDataContext,
    ProgrammaticToolCallingTool,
    Runner,
    ToolSearchCallItem,
    ToolSearchOutputItem,
    ToolSearchTool,
    UserError,
    function_tool,
    tool_namespace,
)
from runwright.extensions import ToolOutputTrimmer
from runwright.run_config import CallModelData, ModelInputData
from runwright.testing import ScriptedModel, tool_call


def custom_call(name: str, text: str, call_id: str = "u1") -> dict[str, Any]:
    return {
        "type": "custom_tool_call",
        "id": f"ct_{call_id}",
        "call_id": call_id,
        "name": name,
        "input": text,
    }


async def test_custom_tool_gets_the_raw_text() -> None:
    seen: list[tuple[str, str]] = []

    def shout(ctx: Any, text: str) -> str:
        seen.append((ctx.tool_name, text))
        return text.upper()

    tool = CustomTool(name="shout", description="Shouts", on_invoke_tool=shout)
    model = ScriptedModel([[custom_call("shout", "raw {not json")], "ok"])
    await Runner.run(Agent(name="a", model=model, tools=[tool]), "go")
    assert seen == [("shout", "raw {not json")]
    assert dict(model.calls[-1].input[-1]) == {
        "type": "custom_tool_call_output",
        "call_id": "u1",
        "output": "RAW {NOT JSON",
    }


async def test_custom_tool_approval_and_errors() -> None:
    def broken(ctx: Any, text: str) -> str:
        raise ValueError("bad input")

    tool = CustomTool(
        name="b",
        description="d",
        on_invoke_tool=broken,
        needs_approval=lambda ctx, text, call_id: text == "ask",
    )
    model = ScriptedModel([[custom_call("b", "fine", "c1"), custom_call("b", "ask", "c2")]])
    paused = await Runner.run(Agent(name="a", model=model, tools=[tool]), "go")
    assert [i.call_id for i in paused.interruptions] == ["c2"]
    outputs = [i for i in paused.new_items if i.type == "tool_call_output_item"]
    assert outputs[0].raw_item["output"] == "bad input"


def test_custom_tool_declaration() -> None:
    grammar = {"type": "grammar", "syntax": "lark", "definition": "start: /.+/"}
    tool = CustomTool(
        name="g",
        description="d",
        on_invoke_tool=lambda c, s: s,
        format=grammar,
        defer_loading=True,
        allowed_callers=["programmatic"],
    )
    assert tool.to_responses_tool()[0] == {
        "type": "custom",
        "name": "g",
        "description": "d",
        "format": grammar,
        "defer_loading": True,
        "allowed_callers": ["programmatic"],
    }
    assert tool.type == "custom" and tool.runtime_needs_approval() is False


@function_tool(defer_loading=True)
def lookup_customer(customer_id: str) -> str:
    """Finds a customer."""
    return customer_id


class Report(BaseModel):
    total: int


@function_tool(output_type=Report, allowed_callers=["direct", "programmatic"])
def totals() -> Report:
    """Sums up."""
    return Report(total=3)


def test_function_tool_extras() -> None:
    assert lookup_customer.defer_loading is True
    assert totals.allowed_callers == ["direct", "programmatic"]
    assert totals.output_json_schema is not None
    assert totals.output_json_schema["properties"]["total"]["type"] == "integer"
    assert totals.output_json_schema["additionalProperties"] is False

    def f(x: int) -> int:
        """Doubles."""
        return x * 2

    keyword_form = function_tool(func=f)
    assert isinstance(keyword_form, FunctionTool) and keyword_form.name == "f"
    with pytest.raises(UserError, match="duplicate caller"):
        function_tool(f, allowed_callers=["direct", "direct"])
    with pytest.raises(UserError, match="output_json_schema must define a JSON object schema"):
        function_tool(f, output_json_schema={"type": "string"})
    with pytest.raises(UserError, match="output_type must define a strict JSON object schema"):
        function_tool(f, output_type=int)


async def test_function_tool_custom_data_stays_off_the_wire() -> None:
    def extract(data: FunctionToolCustomDataContext) -> dict[str, Any]:
        return {"tool": data.tool.name, "output": data.output}

    @function_tool(custom_data_extractor=extract)
    def ping() -> str:
        """Pings."""
        return "pong"

    model = ScriptedModel([tool_call("ping", {}), "ok"])
    result = await Runner.run(Agent(name="a", model=model, tools=[ping]), "go")
    [item] = [i for i in result.new_items if i.type == "tool_call_output_item"]
    assert item.custom_data == {"tool": "ping", "output": "pong"}
    assert "custom_data" not in model.calls[-1].input[-1]


def test_tool_namespace_copies_tools_and_checks_input() -> None:
    grouped = tool_namespace(name="crm", description="CRM tools", tools=[lookup_customer])
    assert grouped[0] is not lookup_customer and grouped[0].name == "lookup_customer"
    with pytest.raises(UserError, match="non-empty description"):
        tool_namespace(name="crm", description=" ", tools=[lookup_customer])
    with pytest.raises(UserError, match="only supports FunctionTool"):
        tool_namespace(name="crm", description="d", tools=[ToolSearchTool()])  # type: ignore[list-item]


async def test_tool_search_items_are_kept_in_the_transcript() -> None:
    search_call = {
        "type": "tool_search_call",
        "id": "ts1",
        "call_id": "ts1",
        "status": "completed",
        "arguments": {},
    }
    search_output = {
        "type": "tool_search_output",
        "id": "to1",
        "call_id": "ts1",
        "status": "completed",
        "tools": [],
    }
    model = ScriptedModel(
        [
            [
                search_call,
                search_output,
                {
                    "type": "message",
                    "role": "assistant",
                    "content": [{"type": "output_text", "text": "found"}],
                },
            ]
        ]
    )
    agent = Agent(
        name="a",
        model=model,
        tools=[
            ToolSearchTool(),
            *tool_namespace(name="crm", description="CRM", tools=[lookup_customer]),
        ],
    )
    result = await Runner.run(agent, "go")
    kinds = [type(i) for i in result.new_items]
    assert kinds[:2] == [ToolSearchCallItem, ToolSearchOutputItem]
    assert result.to_input_list()[1]["type"] == "tool_search_call"


def test_hosted_declarations() -> None:
    assert ToolSearchTool(description="find", execution="client").to_responses_tool() == (
        {"type": "tool_search", "description": "find", "execution": "client"},
        None,
    )
    assert ProgrammaticToolCallingTool().to_responses_tool() == (
        {"type": "programmatic_tool_calling"},
        None,
    )


def test_tool_output_trimmer_shortens_old_outputs_only() -> None:
    items: list[Any] = [
        {"role": "user", "content": "first"},
        {"type": "function_call", "call_id": "a", "name": "search", "arguments": "{}"},
        {"type": "function_call_output", "call_id": "a", "output": "x" * 1000},
        {"role": "user", "content": "second"},
        {"type": "function_call", "call_id": "b", "name": "search", "arguments": "{}"},
        {"type": "function_call_output", "call_id": "b", "output": "y" * 1000},
    ]
    trimmer = ToolOutputTrimmer(recent_turns=1, max_output_chars=100, preview_chars=10)
    data = CallModelData(
        model_data=ModelInputData(input=items, instructions=None), agent=None, context=None
    )  # type: ignore[arg-type]
    out = trimmer(data).input
    assert (
        out[2]["output"] == "[Trimmed: search output — 1000 chars → 10 char preview]\nxxxxxxxxxx..."
    )
    assert out[5] is items[5] and items[2]["output"] == "x" * 1000
    only_code = ToolOutputTrimmer(recent_turns=1, max_output_chars=100, trimmable_tools="code")
    assert only_code(data).input[2] is items[2]
    with pytest.raises(ValueError, match="recent_turns must be >= 1"):
        ToolOutputTrimmer(recent_turns=0)
