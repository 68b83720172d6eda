"""Agent.as_tool: an agent run as a tool of another, in a nested run."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from pydantic import BaseModel, Field

from runwright import (
    Agent,
    AgentBase,
    AgentToolStreamEvent,
    RunContextWrapper,
    Runner,
    ToolCallOutputItem,
    Usage,
    UserError,
    function_tool,
)
from runwright.testing import ScriptedModel, ScriptedResponse, tool_call


async def test_agent_as_tool_runs_a_nested_run(scripted: Any) -> None:
    translator_model = scripted(
        [ScriptedResponse(["bonjour"], usage=Usage(input_tokens=5, output_tokens=1))]
    )
    translator = Agent(
        name="Translator", model=translator_model, instructions="Translate to French."
    )
    tool = translator.as_tool(tool_name="translate", tool_description="Translate text.")
    outer_model = scripted(
        [
            ScriptedResponse(
                [tool_call("translate", {"input": "hello"})],
                usage=Usage(input_tokens=10, output_tokens=2),
            ),
            "It is 'bonjour'.",
        ]
    )
    result = await Runner.run(
        Agent(name="Main", model=outer_model, tools=[tool]), "Translate hello", context="shared"
    )
    assert translator_model.calls[0].last_user_text == "hello"
    assert [i.output for i in result.new_items if isinstance(i, ToolCallOutputItem)] == ["bonjour"]
    assert result.usage.requests == 3
    assert result.usage.input_tokens == 15
    assert tool.params_json_schema["required"] == ["input"]


async def test_custom_output_extractor(scripted: Any) -> None:
    inner = Agent(name="Inner", model=scripted(["raw"]))
    tool = inner.as_tool(custom_output_extractor=lambda r: f"extracted {r.final_output}")
    outer_model = scripted([tool_call(tool.name, {"input": "x"}), "ok"])
    await Runner.run(Agent(name="Outer", model=outer_model, tools=[tool]), "go")
    assert outer_model.calls[1].input[-1]["output"] == "extracted raw"


async def test_nested_approvals_surface_on_the_outer_run_and_resume(scripted: Any) -> None:
    from runwright import RunState, function_tool

    done: list[str] = []

    @function_tool(needs_approval=True)
    def refund(amount: int) -> str:
        done.append(f"refund {amount}")
        return "refunded"

    billing_model = scripted([tool_call("refund", {"amount": 30}), "Refunded 30."])
    billing = Agent(name="Billing", model=billing_model, tools=[refund])
    outer_model = scripted(
        [tool_call("billing", {"input": "refund 30"}), "Billing says: Refunded 30."]
    )
    outer = Agent(name="Desk", model=outer_model, tools=[billing.as_tool(tool_name="billing")])
    paused = await Runner.run(outer, "refund me")
    [item] = paused.interruptions
    assert (item.tool_name, item.agent.name) == ("refund", "Billing")
    assert done == []
    # Through plain JSON, as if resumed in another process.
    state = await RunState.from_string(outer, paused.to_state().to_string())
    state.approve(state.get_interruptions()[0])
    result = await Runner.run(outer, state)
    assert done == ["refund 30"]
    assert result.final_output == "Billing says: Refunded 30."
    assert outer_model.calls[1].input[-1]["output"] == "Refunded 30."


async def test_nested_stream_events_reach_the_outer_stream(scripted: Any) -> None:
    from runwright import RawResponsesStreamEvent, RunItemStreamEvent

    inner = Agent(name="Inner", model=scripted(["inner words"]))
    outer_model = scripted([tool_call("inner", {"input": "x"}), "outer words"])
    outer = Agent(name="Outer", model=outer_model, tools=[inner.as_tool(tool_name="inner")])
    result = Runner.run_streamed(outer, "go")
    items, deltas = [], []
    async for event in result:
        if isinstance(event, RunItemStreamEvent):
            items.append((event.name, event.item.agent.name))
        elif (
            isinstance(event, RawResponsesStreamEvent)
            and event.data.type == "response.output_text.delta"
        ):
            deltas.append((event.agent.name if event.agent else "outer", event.data.delta))
    assert items == [
        ("tool_called", "Outer"),
        ("message_output_created", "Inner"),
        ("tool_output", "Outer"),
        ("message_output_created", "Outer"),
    ]
    assert "".join(d for a, d in deltas if a == "Inner") == "inner words"
    assert "".join(d for a, d in deltas if a == "outer") == "outer words"


# ----- the SDK's as_tool forms (issue 11) ------------------------------------------


def test_without_a_description_the_model_sees_the_sdks_tool_declaration() -> None:
    """openai-agents 0.24: an empty description, and its AgentAsToolInput schema."""
    tool = Agent(name="Spanish agent", handoff_description="Speaks Spanish.").as_tool(
        tool_name=None, tool_description=None
    )
    assert (tool.name, tool.description) == ("spanish_agent", "")
    assert tool.params_json_schema == {
        "description": "Default input schema for agent-as-tool calls.",
        "properties": {"input": {"title": "Input", "type": "string"}},
        "required": ["input"],
        "title": "AgentAsToolInput",
        "type": "object",
        "additionalProperties": False,
    }


async def test_default_tool_name_is_the_sdk_transform(scripted: Any) -> None:
    faq = Agent(name="FAQ-bot", model=scripted(["Opening hours are 9-5."]))
    tool = faq.as_tool(None, "Answers FAQs.")
    assert tool.name == "faq_bot"
    assert Agent(name="Weather Bot 2").as_tool(None, None).name == "weather_bot_2"
    outer_model = scripted([tool_call("faq_bot", {"input": "hours?"}), "9-5"])
    result = await Runner.run(Agent(name="Desk", model=outer_model, tools=[tool]), "hours?")
    assert result.final_output == "9-5"


class Forecast(BaseModel):
    city: str
    days: int


class DescribedForecast(BaseModel):
    city: str = Field(description="The city to forecast")
    days: int


async def test_structured_parameters_become_json_input(scripted: Any) -> None:
    inner_model = scripted(["sunny"])
    seen: list[Any] = []

    def instructions(ctx: RunContextWrapper[Any], agent: Any) -> str:
        seen.append(ctx.tool_input)
        return "Forecast."

    inner = Agent(name="Weather Bot", model=inner_model, instructions=instructions)
    tool = inner.as_tool(None, "Forecasts.", parameters=Forecast)
    assert tool.params_json_schema["required"] == ["city", "days"]
    assert tool.params_json_schema["additionalProperties"] is False
    outer_model = scripted([tool_call("weather_bot", {"city": "Paris", "days": 2}), "ok"])
    await Runner.run(Agent(name="o", model=outer_model, tools=[tool]), "weather")
    assert inner_model.calls[0].input == [
        {"role": "user", "content": '{"city": "Paris", "days": 2}'}
    ]
    assert seen == [{"city": "Paris", "days": 2}]


async def test_described_parameters_become_a_message_with_the_fields(scripted: Any) -> None:
    inner_model = scripted(["sunny"])
    tool = Agent(name="w", model=inner_model).as_tool("w", "d", parameters=DescribedForecast)
    outer_model = scripted([tool_call("w", {"city": "Oslo", "days": 1}), "ok"])
    await Runner.run(Agent(name="o", model=outer_model, tools=[tool]), "weather")
    text = inner_model.calls[0].input[0]["content"]
    assert '"city": "Oslo"' in text
    assert "- city (string, required): The city to forecast" in text
    assert "- days (integer, required)" in text


async def test_input_builder_and_invalid_structured_arguments(scripted: Any) -> None:
    inner_model = scripted(["done"])

    async def build(options: Any) -> str:
        return f"Forecast {options['params']['city']} for {options['params']['days']} days"

    tool = Agent(name="w", model=inner_model).as_tool(
        "w", "d", parameters=Forecast, input_builder=build
    )
    outer_model = scripted(
        [tool_call("w", {"city": "Rome"}), tool_call("w", {"city": "Rome", "days": 3}), "ok"]
    )
    result = await Runner.run(Agent(name="o", model=outer_model, tools=[tool]), "weather")
    first_output = outer_model.calls[1].input[-1]["output"]
    assert "Invalid JSON input for tool w" in first_output and "days" in first_output
    assert inner_model.calls[0].input == [{"role": "user", "content": "Forecast Rome for 3 days"}]
    assert result.final_output == "ok"


def test_parameters_must_be_a_model_or_dataclass() -> None:
    with pytest.raises(UserError, match="pydantic model or a dataclass"):
        Agent(name="w").as_tool("w", "d", parameters=dict)


async def test_on_stream_gets_the_nested_events(scripted: Any) -> None:
    events: list[AgentToolStreamEvent] = []

    async def on_stream(event: AgentToolStreamEvent) -> None:
        events.append(event)

    inner = Agent(name="inner", model=scripted(["inner words"]))
    tool = inner.as_tool("inner", "d", on_stream=on_stream)
    outer_model = scripted([tool_call("inner", {"input": "x"}, call_id="call_9"), "done"])
    result = await Runner.run(Agent(name="o", model=outer_model, tools=[tool]), "go")
    assert result.final_output == "done"
    kinds = [type(e["event"]).__name__ for e in events]
    assert kinds[0] == "AgentUpdatedStreamEvent"
    assert "RawResponsesStreamEvent" in kinds and kinds[-1] == "RunItemStreamEvent"
    assert {e["agent"].name for e in events} == {"inner"}
    assert {e["tool_call"]["call_id"] for e in events} == {"call_9"}


async def test_on_stream_errors_do_not_fail_the_tool(
    scripted: Any, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(event: Any) -> None:
        raise RuntimeError("observer bug")

    tool = Agent(name="inner", model=scripted(["fine"])).as_tool("inner", "d", on_stream=broken)
    outer_model = scripted([tool_call("inner", {"input": "x"}), "done"])
    await Runner.run(Agent(name="o", model=outer_model, tools=[tool]), "go")
    assert outer_model.calls[1].input[-1]["output"] == "fine"
    assert "on_stream callback failed" in caplog.text


async def test_on_stream_falling_behind_stops_the_nested_run_and_fails_the_tool() -> None:
    handled: list[Any] = []

    async def slow(event: Any) -> None:
        handled.append(event)
        await asyncio.sleep(0.01)  # the nested run streams on meanwhile

    text = "one two three four five six seven eight nine ten"
    inner = Agent(name="inner", model=ScriptedModel([text], chunk_size=1))
    tool = inner.as_tool("inner", "d", on_stream=slow, on_stream_max_pending_events=3)
    outer_model = ScriptedModel([tool_call("inner", {"input": "x"}), "done"])
    result = await Runner.run(Agent(name="o", model=outer_model, tools=[tool]), "go")

    assert result.final_output == "done"
    output = outer_model.calls[1].input[-1]["output"]
    assert "on_stream_max_pending_events=3" in output and text not in output
    assert len(handled) < len(text)  # stopped long before the ~50 delta events


async def test_on_stream_without_a_limit_may_fall_behind() -> None:
    async def slow(event: Any) -> None:
        await asyncio.sleep(0.001)

    text = "one two three four five six"
    inner = Agent(name="inner", model=ScriptedModel([text], chunk_size=1))
    tool = inner.as_tool("inner", "d", on_stream=slow, on_stream_max_pending_events=None)
    outer_model = ScriptedModel([tool_call("inner", {"input": "x"}), "done"])
    await Runner.run(Agent(name="o", model=outer_model, tools=[tool]), "go")
    assert outer_model.calls[1].input[-1]["output"] == text


async def test_empty_final_output_falls_back_to_the_last_tool_output(scripted: Any) -> None:
    @function_tool
    def lookup() -> str:
        return "found it"

    inner_model = scripted([tool_call("lookup"), ""])
    inner = Agent(name="inner", model=inner_model, tools=[lookup])
    outer_model = scripted([tool_call("inner", {"input": "x"}), "done"])
    await Runner.run(Agent(name="o", model=outer_model, tools=[inner.as_tool("inner", "d")]), "go")
    assert outer_model.calls[1].input[-1]["output"] == "found it"


async def test_get_all_tools_filters_disabled_tools() -> None:
    @function_tool
    def always() -> str:
        return "a"

    @function_tool(is_enabled=lambda ctx, agent: ctx.context["admin"])
    def admin_only() -> str:
        return "b"

    @function_tool(is_enabled=False)
    def never() -> str:
        return "c"

    agent = Agent(name="a", tools=[always, admin_only, never])
    names = [t.name for t in await agent.get_all_tools(RunContextWrapper({"admin": False}))]
    assert names == ["always"]
    names = [t.name for t in await agent.get_all_tools(RunContextWrapper({"admin": True}))]
    assert names == ["always", "admin_only"]
    assert isinstance(agent, AgentBase)


async def test_an_overridden_get_all_tools_decides_what_the_model_sees(scripted: Any) -> None:
    @function_tool
    def first() -> str:
        return "1"

    @function_tool
    def second() -> str:
        return "2"

    class OneToolPerTurn(Agent[Any]):
        async def get_all_tools(self, run_context: RunContextWrapper[Any]) -> list[Any]:
            return [first] if run_context.usage.requests == 0 else [second]

    model = scripted([tool_call("first"), "done"])
    result = await Runner.run(OneToolPerTurn(name="a", model=model, tools=[first, second]), "go")
    assert result.final_output == "done"
    assert [c.tool_names for c in model.calls] == [["first"], ["second"]]
