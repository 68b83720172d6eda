"""Agent.as_tool: an agent run as a tool of another, in a nested run."""

from __future__ import annotations

from typing import Any

from runwright import Agent, Runner, ToolCallOutputItem, Usage
from runwright.testing import ScriptedResponse, tool_call


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
