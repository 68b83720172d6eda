"""Images, files and text parts a function tool returns reach the model as parts, not JSON."""

from __future__ import annotations

from typing import Any

import pytest

from runwright import (
    Agent,
    OpenAIChatCompletionsModel,
    OpenAIResponsesModel,
    Runner,
    ToolOutputFileContent,
    ToolOutputImage,
    ToolOutputText,
    function_tool,
)
from runwright._tools.output_parts import tool_output_for_model
from runwright.testing import ScriptedModel, tool_call
from support.fake_openai_server import Answer, FakeOpenAIServer, ToolCall

PNG = "data:image/png;base64,iVBORw0KGgo="


@function_tool
def snapshot() -> ToolOutputImage:
    """Takes a picture."""
    return ToolOutputImage(image_url=PNG, detail="low")


@function_tool
def report() -> list[Any]:
    """A captioned chart and its data file."""
    return [
        ToolOutputText(text="Chart of sales."),
        {"type": "image", "image_url": PNG},
        ToolOutputFileContent(file_data="ZGF0YQ==", filename="sales.csv"),
    ]


@function_tool
def mcp_like() -> list[dict[str, Any]]:
    """Returns raw Responses input parts, as an MCP tool does."""
    return [{"type": "input_text", "text": "page 1"}, {"type": "input_image", "image_url": PNG}]


def test_conversion_of_each_form() -> None:
    assert tool_output_for_model(ToolOutputText(text="hi")) == [
        {"type": "input_text", "text": "hi"}
    ]
    assert tool_output_for_model({"type": "image", "file_id": "file_1", "detail": "high"}) == [
        {"type": "input_image", "file_id": "file_1", "detail": "high"}
    ]
    assert tool_output_for_model({"type": "file", "file_url": "https://x/y.pdf"}) == [
        {"type": "input_file", "file_url": "https://x/y.pdf"}
    ]
    # Plain data stays JSON text, including dicts with an unrelated "type".
    assert tool_output_for_model({"type": "weather", "temp": 3}) == '{"type": "weather", "temp": 3}'
    assert tool_output_for_model([1, 2]) == "[1, 2]"
    assert tool_output_for_model([]) == "[]"
    assert tool_output_for_model("plain") == "plain"


def test_invalid_tool_output_objects_are_rejected_as_in_the_sdk() -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError):
        ToolOutputImage()


async def test_scripted_model_sees_parts() -> None:
    model = ScriptedModel([tool_call("report", {}), "done"])
    result = await Runner.run(Agent(name="a", model=model, tools=[report]), "go")
    sent = result.to_input_list()[-2]
    assert sent["type"] == "function_call_output"
    assert sent["output"] == [
        {"type": "input_text", "text": "Chart of sales."},
        {"type": "input_image", "image_url": PNG},
        {"type": "input_file", "file_data": "ZGF0YQ==", "filename": "sales.csv"},
    ]


@pytest.mark.parametrize("tool", [snapshot, report, mcp_like])
async def test_responses_api_gets_function_call_output_parts(
    tool: Any, openai_client: Any, fake_server: FakeOpenAIServer
) -> None:
    fake_server.script(
        Answer(tool_calls=[ToolCall(tool.name, "{}", call_id="c1")]), Answer(text="ok")
    )
    agent = Agent(name="a", model=OpenAIResponsesModel("m", openai_client), tools=[tool])
    await Runner.run(agent, "go")
    output = fake_server.requests[1].body["input"][-1]
    assert output["type"] == "function_call_output" and output["call_id"] == "c1"
    assert isinstance(output["output"], list)
    images = [p for p in output["output"] if p["type"] == "input_image"]
    assert images and images[0]["image_url"] == PNG


async def test_chat_completions_gets_the_image_as_image_content(
    openai_client: Any, fake_server: FakeOpenAIServer
) -> None:
    fake_server.script(
        Answer(
            tool_calls=[
                ToolCall("report", "{}", call_id="c1"),
                ToolCall("snapshot", "{}", call_id="c2"),
            ]
        ),
        Answer(text="ok"),
    )
    model = OpenAIChatCompletionsModel("m", openai_client)
    await Runner.run(Agent(name="a", model=model, tools=[report, snapshot]), "go")
    messages = fake_server.requests[1].body["messages"]
    tool_messages = [m for m in messages if m["role"] == "tool"]
    assert [m["tool_call_id"] for m in tool_messages] == ["c1", "c2"]
    assert tool_messages[0]["content"] == "Chart of sales."
    assert PNG not in tool_messages[1]["content"]  # never as JSON text
    # The images follow the tool messages, in one user message.
    last = messages[-1]
    assert messages[-3:-1] == tool_messages and last["role"] == "user"
    kinds = [p["type"] for p in last["content"]]
    assert kinds == ["text", "image_url", "file", "image_url"]
    assert last["content"][1]["image_url"] == {"url": PNG}
    assert last["content"][3]["image_url"] == {"url": PNG, "detail": "low"}
