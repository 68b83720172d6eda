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
