"""Item shapes as the SDK has them: key order, tool origins, new item kinds, release_agent,
ItemHelpers' tool-output conversion and ModelResponse's request id and raw usage.

Expected JSON texts were printed by openai-agents 0.24 for the same conversations.
"""

from __future__ import annotations

import dataclasses
import gc
import json
from typing import Any

import pytest
from openai.types.responses import (
    ResponseFunctionToolCall,
    ResponseOutputMessage,
    ResponseOutputText,
)
from pydantic import BaseModel, TypeAdapter

import runwright
from runwright import (
    Agent,
    CompactionItem,
    HandoffOutputItem,
    InputItem,
    ItemHelpers,
    MessageOutputItem,
    Model,
    ModelResponse,
    Runner,
    ToolCallItem,
    ToolCallOutputItem,
    ToolOrigin,
    ToolOriginType,
    ToolOutputImage,
    ToolOutputText,
    Usage,
    UserError,
    function_tool,
)
from runwright.items import RunItemBase, TypedModelResponse, message_raw, to_raw
from runwright.testing import ScriptedModel, tool_call


@function_tool
def add(a: int, b: int) -> int:
    """Add."""
    return a + b


class TypedItemsModel(Model):
    """A custom Model returning openai's typed items, as SDK users write them."""

    def __init__(self) -> None:
        self.inputs: list[Any] = []

    async def get_response(self, system_instructions: Any, input: Any, *a: Any, **k: Any) -> Any:
        self.inputs.append(json.loads(json.dumps(input)))
        if len(self.inputs) == 1:
            out: list[Any] = [
                ResponseFunctionToolCall(
                    type="function_call",
                    name="add",
                    arguments='{"a":1,"b":2}',
                    call_id="call_1",
                    id="fc_1",
                    status="completed",
                )
            ]
        else:
            text = ResponseOutputText(type="output_text", text="3", annotations=[])
            out = [
                ResponseOutputMessage(
                    id="msg_1", type="message", role="assistant", status="completed", content=[text]
                )
            ]
        return ModelResponse(output=out, usage=Usage(), response_id=None)

    def stream_response(self, *a: Any, **k: Any) -> Any:
        raise NotImplementedError


SDK_INPUT_LIST = (
    '[{"content": "what is 1+2", "role": "user"}, '
    '{"arguments": "{\\"a\\":1,\\"b\\":2}", "call_id": "call_1", "name": "add", '
    '"type": "function_call", "id": "fc_1", "status": "completed"}, '
    '{"call_id": "call_1", "output": "3", "type": "function_call_output"}, '
    '{"id": "msg_1", "content": [{"annotations": [], "text": "3", "type": "output_text"}], '
    '"role": "assistant", "status": "completed", "type": "message"}]'
)


async def test_to_input_list_prints_as_under_the_sdk() -> None:
    model = TypedItemsModel()
    result = await Runner.run(Agent(name="Calc", tools=[add], model=model), "what is 1+2")
    assert json.dumps(result.to_input_list()) == SDK_INPUT_LIST
    # what the model got back is in the same shape
    assert json.dumps(model.inputs[1]) == SDK_INPUT_LIST.rsplit(', {"id": "msg_1"', 1)[0] + "]"


async def test_runwright_made_items_have_the_sdk_key_order() -> None:
    model = ScriptedModel([tool_call("add", '{"a":1,"b":2}', call_id="c1"), "3"])
    result = await Runner.run(Agent(name="Calc", tools=[add], model=model), "hi")
    keys = [list(item) for item in result.to_input_list()]
    assert keys == [
        ["content", "role"],
        ["arguments", "call_id", "name", "type"],
        ["call_id", "output", "type"],
        ["content", "role", "status", "type"],
    ]
    assert list(result.to_input_list()[-1]["content"][0]) == ["annotations", "text", "type"]
    assert list(message_raw("x", id="m")) == ["id", "content", "role", "status", "type"]
    assert ItemHelpers.input_to_new_input_list("hi") == [{"content": "hi", "role": "user"}]


# ----- tool origins and tool item fields --------------------------------------


async def test_tool_items_carry_description_and_origin() -> None:
    model = ScriptedModel([tool_call("add", '{"a":1,"b":2}'), "3"])
    result = await Runner.run(Agent(name="Calc", tools=[add], model=model), "hi")
    call, out = result.new_items[0], result.new_items[1]
    assert isinstance(call, ToolCallItem) and isinstance(out, ToolCallOutputItem)
    assert call.description == "Add."
    assert call.title is None
    assert call.tool_origin == ToolOrigin(ToolOriginType.FUNCTION)
    assert out.tool_origin == ToolOrigin(ToolOriginType.FUNCTION)
    assert out.custom_data is None


async def test_an_agent_tool_has_an_agent_as_tool_origin() -> None:
    inner = Agent(name="Inner", model=ScriptedModel(["inner answer"]))
    tool = inner.as_tool(tool_name="ask_inner", tool_description="Ask the inner agent.")
    model = ScriptedModel([tool_call("ask_inner", {"input": "q"}), "done"])
    result = await Runner.run(Agent(name="Outer", tools=[tool], model=model), "hi")
    call = result.new_items[0]
    assert isinstance(call, ToolCallItem)
    assert call.tool_origin == ToolOrigin(
        ToolOriginType.AGENT_AS_TOOL, agent_name="Inner", agent_tool_name="ask_inner"
    )


def test_tool_origin_json_round_trip() -> None:
    origin = ToolOrigin(ToolOriginType.MCP, mcp_server_name="files")
    assert origin.to_json_dict() == {"type": "mcp", "mcp_server_name": "files"}
    assert ToolOrigin.from_json_dict(origin.to_json_dict()) == origin
    assert ToolOrigin.from_json_dict({"type": "nope"}) is None
    assert ToolOrigin.from_json_dict("x") is None
    assert ToolOrigin.from_json_dict({"type": "function", "agent_name": 3}) == ToolOrigin(
        ToolOriginType.FUNCTION
    )
    assert [m.value for m in ToolOriginType] == ["function", "mcp", "agent_as_tool"]
    assert ToolOriginType.MCP == "mcp"
    with pytest.raises(dataclasses.FrozenInstanceError):
        origin.agent_name = "x"  # type: ignore[misc]


# ----- new item kinds -----------------------------------------------------------


def test_compaction_and_input_items() -> None:
    agent = Agent(name="a")
    raw = {"type": "compaction", "id": "cmp_1", "encrypted_content": "..."}
    item = CompactionItem(agent, raw)  # type: ignore[arg-type]
    assert item.type == "compaction_item" and item.to_input_item() is raw
    first = InputItem(agent, {"content": "more", "role": "user"})  # type: ignore[arg-type]
    second = InputItem(agent=agent, raw_item={"content": "more", "role": "user"})  # type: ignore[arg-type]
    assert first.type == "input_item"
    assert len(first.input_id) == 32 and first.input_id != second.input_id
    assert InputItem(agent, {}, input_id="fixed").input_id == "fixed"  # type: ignore[arg-type]
    assert RunItemBase is runwright.RunItem


# ----- release_agent ----------------------------------------------------------------


def test_release_agent_keeps_a_weak_reference() -> None:
    agent = Agent(name="a")
    item = MessageOutputItem(agent, message_raw("hi"))
    item.release_agent()
    assert item.agent is agent  # still there while someone holds it
    assert isinstance(item, MessageOutputItem) and type(item).__name__ == "MessageOutputItem"
    assert repr(item).startswith("MessageOutputItem(agent=Agent(name='a'")
    item.release_agent()  # twice is fine
    del agent
    gc.collect()
    assert item.agent is None
    assert repr(item).startswith("MessageOutputItem(agent=None")


def test_release_agent_on_a_handoff_output_releases_all_three() -> None:
    source, target = Agent(name="s"), Agent(name="t")
    item = HandoffOutputItem(source, to_raw({}), source_agent=source, target_agent=target)
    item.release_agent()
    assert (item.agent, item.source_agent, item.target_agent) == (source, source, target)
    del source, target
    gc.collect()
    assert (item.agent, item.source_agent, item.target_agent) == (None, None, None)


def test_every_item_class_can_release() -> None:
    for name in (
        "MessageOutputItem", "ToolCallItem", "ToolCallOutputItem", "ReasoningItem",
        "HandoffCallItem", "HandoffOutputItem", "MCPListToolsItem", "MCPApprovalRequestItem",
        "MCPApprovalResponseItem", "ToolApprovalItem", "CompactionItem", "InputItem",
    ):  # fmt: skip
        cls = getattr(runwright, name)
        agent = Agent(name="a")
        item = cls(agent, to_raw({"type": "x", "name": "f"}))
        item.release_agent()
        assert item.agent is agent, name


# ----- ItemHelpers ------------------------------------------------------------------


CALL = {"type": "function_call", "name": "f", "arguments": "{}", "call_id": "c1"}


@pytest.mark.parametrize(
    ("value", "sent"),
    [
        (5, "5"),
        ("text", "text"),
        ({"a": 1}, "{'a': 1}"),
        ([1, 2], "[1, 2]"),
        ([{"type": "input_text", "text": "x"}], "[{'type': 'input_text', 'text': 'x'}]"),
        ({"type": "text", "text": "y"}, [{"type": "input_text", "text": "y"}]),
        (ToolOutputText(text="hi"), [{"type": "input_text", "text": "hi"}]),
        (
            [ToolOutputText(text="a"), {"type": "image", "image_url": "u", "detail": "low"}],
            [
                {"type": "input_text", "text": "a"},
                {"type": "input_image", "image_url": "u", "detail": "low"},
            ],
        ),
        (ToolOutputImage(file_id="f1"), [{"type": "input_image", "file_id": "f1"}]),
    ],
)
def test_tool_call_output_item_converts_as_the_sdk(value: Any, sent: Any) -> None:
    item = ItemHelpers.tool_call_output_item(CALL, value)
    assert item == {"call_id": "c1", "output": sent, "type": "function_call_output"}
    assert list(item) == ["call_id", "output", "type"]


def test_tool_call_output_item_accepts_openai_calls() -> None:
    call = ResponseFunctionToolCall(type="function_call", name="f", arguments="{}", call_id="c9")
    assert ItemHelpers.tool_call_output_item(call, "ok")["call_id"] == "c9"
    with pytest.raises(UserError, match="no call_id"):
        ItemHelpers.tool_call_output_item({"type": "function_call"}, "ok")


class Weather(BaseModel):
    city: str
    degrees: int


def test_tool_call_output_item_with_an_output_schema() -> None:
    schema = {"type": "object"}
    item = ItemHelpers.tool_call_output_item(CALL, {"a": 1, "b": "é"}, output_json_schema=schema)
    assert item["output"] == '{"a":1,"b":"é"}'
    assert (
        ItemHelpers.tool_call_output_item(CALL, '{"x": 2}', output_json_schema=schema)["output"]
        == '{"x":2}'
    )
    for bad in ("not json", "[1]", 3):
        with pytest.raises(UserError, match="requires a JSON object"):
            ItemHelpers.tool_call_output_item(CALL, bad, output_json_schema=schema)
    adapter = TypeAdapter(Weather)
    item = ItemHelpers.tool_call_output_item(
        CALL, Weather(city="Oslo", degrees=3), output_type_adapter=adapter
    )
    assert item["output"] == '{"city":"Oslo","degrees":3}'
    from_json = ItemHelpers.tool_call_output_item(
        CALL, '{"city": "Rome", "degrees": 20}', output_type_adapter=adapter
    )
    assert from_json["output"] == '{"city":"Rome","degrees":20}'
    with pytest.raises(UserError, match="does not match its declared output schema"):
        ItemHelpers.tool_call_output_item(CALL, {"city": 1}, output_type_adapter=adapter)
    with pytest.raises(UserError, match="requires a JSON object"):
        ItemHelpers.tool_call_output_item(CALL, [1], output_type_adapter=TypeAdapter(list[int]))


def test_copy_tool_call_caller() -> None:
    program_call = {**CALL, "caller": {"type": "program", "id": "p1"}}
    item = ItemHelpers.tool_call_output_item(program_call, "ok")
    assert item["caller"] == {"type": "program", "id": "p1"}
    target: dict[str, Any] = {"x": 1}
    assert ItemHelpers.copy_tool_call_caller(program_call, target) is target
    assert target == {"x": 1, "caller": {"type": "program", "id": "p1"}}
    assert ItemHelpers.copy_tool_call_caller(CALL, {"x": 1}) == {"x": 1}


# ----- ModelResponse ----------------------------------------------------------------


def test_model_response_request_id_and_raw_usage() -> None:
    response = ModelResponse(
        output=[message_raw("hi")],
        usage=Usage(),
        response_id="resp_1",
        request_id="req_1",
        raw_usage={"input_tokens": 3},
    )
    assert (response.request_id, response.raw_usage) == ("req_1", {"input_tokens": 3})
    assert ModelResponse(output=[]).request_id is None
    typed = TypedModelResponse(response)
    assert (typed.request_id, typed.raw_usage) == ("req_1", {"input_tokens": 3})
    assert repr(typed).startswith("ModelResponse(output=[ResponseOutputMessage(")
    assert repr(typed).endswith("request_id='req_1', raw_usage={'input_tokens': 3})")


# ----- reprs ------------------------------------------------------------------------


def test_item_reprs_are_the_sdks() -> None:
    agent = Agent(name="a")
    call = ToolCallItem(
        agent,
        to_raw({"arguments": "{}", "call_id": "c1", "name": "f", "type": "function_call"}),
        "Does f.",
        None,
        ToolOrigin(ToolOriginType.FUNCTION),
    )
    assert repr(call) == (
        f"ToolCallItem(agent={agent!r}, raw_item=ResponseFunctionToolCall(arguments='{{}}', "
        "call_id='c1', name='f', type='function_call', id=None, async_=None, caller=None, "
        "namespace=None, status=None), type='tool_call_item', description='Does f.', "
        "title=None, tool_origin=ToolOrigin(type=<ToolOriginType.FUNCTION: 'function'>, "
        "mcp_server_name=None, agent_name=None, agent_tool_name=None))"
    )
    out = ToolCallOutputItem(
        agent, to_raw({"call_id": "c1", "output": "3", "type": "function_call_output"}), 3
    )
    assert repr(out) == (
        f"ToolCallOutputItem(agent={agent!r}, raw_item={{'call_id': 'c1', 'output': '3', "
        "'type': 'function_call_output'}, output=3, type='tool_call_output_item', "
        "tool_origin=None, custom_data=None)"
    )
    other = Agent(name="b")
    handed = HandoffOutputItem(agent, to_raw({}), source_agent=agent, target_agent=other)
    assert repr(handed) == (
        f"HandoffOutputItem(agent={agent!r}, raw_item={{}}, source_agent={agent!r}, "
        f"target_agent={other!r}, type='handoff_output_item')"
    )


def test_stream_event_reprs_are_the_sdks() -> None:
    delta = {"type": "response.output_text.delta", "delta": "hi", "item_id": "m",
             "output_index": 0, "content_index": 0, "sequence_number": 1}  # fmt: skip
    event = runwright.RawResponsesStreamEvent(delta)
    assert repr(event).startswith("RawResponsesStreamEvent(data=ResponseTextDeltaEvent(")
    assert repr(event).endswith(", type='raw_response_event')")
    agent = Agent(name="a")
    updated = runwright.AgentUpdatedStreamEvent(agent)
    assert repr(updated) == (
        f"AgentUpdatedStreamEvent(new_agent={agent!r}, type='agent_updated_stream_event')"
    )


def test_agent_repr_lists_the_sdks_fields_in_order() -> None:
    text = repr(Agent(name="a", instructions="x"))
    order = [
        "name=", "handoff_description=", "tools=", "mcp_servers=", "mcp_config=",
        "instructions=", "prompt=", "handoffs=", "model=", "model_settings=",
        "input_guardrails=", "output_guardrails=", "output_type=", "hooks=",
        "tool_use_behavior=", "reset_tool_choice=",
    ]  # fmt: skip
    positions = [text.index(", " + key if i else key) for i, key in enumerate(order)]
    assert positions == sorted(positions) and text.startswith("Agent(name='a'")


async def test_a_compaction_output_becomes_a_compaction_item() -> None:
    compaction = {"type": "compaction", "id": "cmp_1", "encrypted_content": "zz", "created_by": "s"}
    model = ScriptedModel([[to_raw(compaction), message_raw("hi")], "again"])
    agent = Agent(name="a", model=model)
    streamed = Runner.run_streamed(agent, "hello")
    names = [e.name async for e in streamed.stream_events() if e.type == "run_item_stream_event"]
    assert names == ["message_output_created"]  # compaction items are not streamed
    item = streamed.new_items[0]
    assert isinstance(item, CompactionItem)
    assert item.raw_item == {"type": "compaction", "id": "cmp_1", "encrypted_content": "zz"}
    follow = await Runner.run(agent, streamed.to_input_list())
    assert follow.final_output == "again"
    assert model.calls[1].input[1] == item.raw_item  # sent back as it came


def test_tool_origin_of_reads_what_the_tool_maker_noted() -> None:
    from runwright._core.items import FUNCTION_TOOL_ORIGIN, tool_origin_of

    assert tool_origin_of(add) is FUNCTION_TOOL_ORIGIN
    mcp_tool = dataclasses.replace(add, name="read_file")
    mcp_tool._extra = {"mcp_server": "files"}
    assert tool_origin_of(mcp_tool) == ToolOrigin(ToolOriginType.MCP, mcp_server_name="files")
    assert tool_origin_of(object()) is FUNCTION_TOOL_ORIGIN  # tools without notes


def test_function_tool_repr_lists_the_sdks_fields_in_order() -> None:
    text = repr(add)
    assert text.startswith("FunctionTool(name='add', description='Add.', params_json_schema={")
    fields = [part.split("=", 1)[0] for part in text[len("FunctionTool(") :].split(", ")]
    sdk_fields = [
        "name", "description", "params_json_schema", "on_invoke_tool", "strict_json_schema",
        "is_enabled", "tool_input_guardrails", "tool_output_guardrails", "needs_approval",
        "timeout_seconds", "timeout_behavior", "timeout_error_function", "defer_loading",
        "custom_data_extractor", "allowed_callers", "output_json_schema",
    ]  # fmt: skip
    assert [f for f in fields if f in sdk_fields] == sdk_fields
    assert "idempotent=" not in text and "failure_error_function=" not in text


def test_handoff_guardrail_and_usage_reprs_are_the_sdks() -> None:
    # recorded from openai-agents 0.24.0
    target = Agent(name="b")
    text = repr(runwright.handoff(target))
    assert text.startswith(
        "Handoff(tool_name='transfer_to_b', tool_description='Handoff to the b agent to handle "
        "the request. ', input_json_schema={'additionalProperties': False, 'type': 'object', "
        "'properties': {}, 'required': []}, on_invoke_handoff="
    )
    assert text.endswith(
        "agent_name='b', input_filter=None, nest_handoff_history=None, "
        "strict_json_schema=True, is_enabled=True)"
    )  # the target agent is not shown

    def check(ctx: Any, agent: Any, data: Any) -> Any:
        return runwright.GuardrailFunctionOutput(output_info=None, tripwire_triggered=False)

    assert runwright.input_guardrail(check).name == "check"  # the function's name
    assert runwright.output_guardrail(check).name == "check"
    assert runwright.input_guardrail(name="mine")(check).name == "mine"
    assert runwright.tool_input_guardrail(check).name == "check"
    assert runwright.tool_output_guardrail(check).name == "check"
    assert repr(runwright.Usage()) == (
        "Usage(requests=0, input_tokens=0, input_tokens_details=InputTokensDetails("
        "cached_tokens=0), output_tokens=0, output_tokens_details=OutputTokensDetails("
        "reasoning_tokens=0), total_tokens=0, request_usage_entries=[])"
    )


def test_serialize_usage_writes_the_sdks_shape_and_reads_it_back() -> None:
    from runwright.usage import Usage, deserialize_usage, serialize_usage

    usage = Usage()
    usage.add(Usage(requests=1, input_tokens=10, output_tokens=5, total_tokens=15))
    data = serialize_usage(usage)
    assert json.loads(json.dumps(data)) == {
        "requests": 1,
        "input_tokens": 10,
        "input_tokens_details": [{"cached_tokens": 0}],
        "output_tokens": 5,
        "output_tokens_details": [{"reasoning_tokens": 0}],
        "total_tokens": 15,
        "request_usage_entries": [
            {
                "input_tokens": 10,
                "output_tokens": 5,
                "total_tokens": 15,
                "input_tokens_details": {"cached_tokens": 0},
                "output_tokens_details": {"reasoning_tokens": 0},
            }
        ],
    }
    assert deserialize_usage(data) == usage
    # what openai-agents 0.24.0's serialize_usage writes (extra detail fields are ignored)
    sdk = {
        "requests": 2,
        "input_tokens": 7,
        "input_tokens_details": [{"cache_write_tokens": 0, "cached_tokens": 3}],
        "output_tokens": 1,
        "output_tokens_details": [{"reasoning_tokens": 1}],
        "total_tokens": 8,
        "request_usage_entries": [],
    }
    read = deserialize_usage(sdk)
    assert (read.requests, read.input_tokens_details.cached_tokens, read.total_tokens) == (2, 3, 8)
    for bad in ("text", {"requests": -1}, {"request_usage_entries": 3}):
        with pytest.raises(runwright.UserError):
            deserialize_usage(bad)
    with pytest.raises(runwright.UserError):
        serialize_usage({"requests": 1})  # type: ignore[arg-type]


def test_tool_guardrail_behaviors_are_the_sdks_typed_dicts() -> None:
    from runwright.tool_guardrails import (
        AllowBehavior,
        RaiseExceptionBehavior,
        RejectContentBehavior,
        ToolGuardrailFunctionOutput,
    )

    assert ToolGuardrailFunctionOutput(output_info=None).behavior == AllowBehavior(type="allow")
    rejected = ToolGuardrailFunctionOutput.reject_content("no", output_info=1)
    assert rejected.behavior == RejectContentBehavior(type="reject_content", message="no")
    assert ToolGuardrailFunctionOutput.raise_exception().behavior == RaiseExceptionBehavior(
        type="raise_exception"
    )
    assert RejectContentBehavior.__required_keys__ == frozenset({"type", "message"})
