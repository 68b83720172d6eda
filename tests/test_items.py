"""Raw items read by key and attribute; run items convert to input; ItemHelpers."""

from __future__ import annotations

import json

from runwright import Agent, ItemHelpers, MessageOutputItem, ToolCallItem
from runwright.items import RawItem, function_call_raw, message_raw, to_raw


def test_raw_items_read_by_attribute_and_key() -> None:
    call = function_call_raw("f", '{"a": 1}', "c1")
    assert (call.name, call.arguments, call.call_id) == ("f", '{"a": 1}', "c1")
    assert call["call_id"] == "c1"
    assert call.id is None  # missing optional fields read as None
    message = to_raw({"type": "message", "content": [{"type": "output_text", "text": "hi"}]})
    assert message.content[0].text == "hi"
    assert json.loads(json.dumps(message)) == message  # plain JSON on the wire


def test_model_dump_is_a_plain_deep_copy() -> None:
    message = message_raw("hi")
    dumped = message.model_dump()
    assert type(dumped) is dict and type(dumped["content"][0]) is dict
    dumped["content"][0]["text"] = "changed"
    assert message.content[0].text == "hi"


def test_attribute_assignment_sets_keys() -> None:
    item = RawItem(type="x")
    item.status = "done"
    assert item["status"] == "done"


def test_run_items_know_their_agent_and_input_form() -> None:
    agent = Agent(name="a")
    item = MessageOutputItem(agent, message_raw("hello"))
    assert (item.agent, item.type) == (agent, "message_output_item")
    assert item.to_input_item() == message_raw("hello")
    assert ToolCallItem(agent, function_call_raw("f", "{}", "c")).type == "tool_call_item"


def test_item_helpers() -> None:
    agent = Agent(name="a")
    items = [
        MessageOutputItem(agent, message_raw("one ")),
        MessageOutputItem(agent, message_raw("two")),
    ]
    assert ItemHelpers.text_message_output(items[0]) == "one "
    assert ItemHelpers.text_message_outputs(items) == "one two"
    assert ItemHelpers.input_to_new_input_list("hi") == [{"role": "user", "content": "hi"}]
    original = [{"role": "user", "content": "x"}]
    copied = ItemHelpers.input_to_new_input_list(original)
    assert copied == original and copied is not original
    assert ItemHelpers.extract_last_text(message_raw("t")) == "t"
    assert ItemHelpers.extract_last_content(message_raw("", refusal="no")) == "no"
    assert ItemHelpers.tool_call_output_item(function_call_raw("f", "{}", "c9"), 5) == {
        "type": "function_call_output",
        "call_id": "c9",
        "output": "5",
    }


def test_extract_text_and_refusal_as_in_the_sdk() -> None:
    mixed = RawItem(
        type="message",
        role="assistant",
        content=[
            {"type": "output_text", "text": "Part one. "},
            {"type": "refusal", "refusal": "No more."},
            {"type": "output_text", "text": "Part two."},
        ],
    )
    assert ItemHelpers.extract_text(mixed) == "Part one. Part two."
    assert ItemHelpers.extract_refusal(mixed) == "No more."
    assert ItemHelpers.extract_refusal(message_raw("fine")) is None
    assert ItemHelpers.extract_text(function_call_raw("f", "{}", "c")) is None


async def test_raw_responses_output_items_are_openais_typed_objects() -> None:
    from openai.types.responses import ResponseFunctionToolCall, ResponseOutputMessage

    from runwright import Agent, Runner, function_tool
    from runwright.testing import ScriptedModel, tool_call

    @function_tool
    def ping() -> str:
        """Ping."""
        return "pong"

    model = ScriptedModel([tool_call("ping", {}), "done"])
    result = await Runner.run(Agent(name="A", model=model, tools=[ping]), "hi")
    first, second = result.raw_responses
    assert isinstance(first.output[0], ResponseFunctionToolCall)
    assert first.output[0].name == "ping"
    assert isinstance(second.output[0], ResponseOutputMessage)
    assert second.output[0].content[0].text == "done"
    # What goes back to a model stays plain data.
    assert all(isinstance(item, dict) for item in first.to_input_items())
    assert result.raw_responses is result.raw_responses  # typed once, then cached
