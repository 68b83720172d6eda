"""nest_handoff_history and the conversation-history wrappers, as the SDK writes them.

The expected texts were produced by openai-agents 0.24 on the same input.
"""

from __future__ import annotations

import inspect
import json
from collections.abc import Iterator
from typing import Any

import pytest

import runwright
from runwright import (
    Agent,
    Handoff,
    HandoffCallItem,
    HandoffInputData,
    HandoffOutputItem,
    MessageOutputItem,
    RunConfig,
    Runner,
    ToolApprovalItem,
    ToolCallItem,
    ToolCallOutputItem,
    UserError,
    function_tool,
    handoff,
)
from runwright.extensions import handoff_filters
from runwright.handoffs import (
    default_handoff_history_mapper,
    get_conversation_history_wrappers,
    nest_handoff_history,
    reset_conversation_history_wrappers,
    set_conversation_history_wrappers,
)
from runwright.items import to_raw
from runwright.testing import tool_call

PREAMBLE = "For context, here is the conversation so far between the user and the previous agent:"


@pytest.fixture(autouse=True)
def _default_wrappers() -> Iterator[None]:
    reset_conversation_history_wrappers()
    yield
    reset_conversation_history_wrappers()


def summary(*lines: str, start: str = "<CONVERSATION HISTORY>") -> dict[str, Any]:
    body = "\n".join([PREAMBLE, start, *lines, "</CONVERSATION HISTORY>"])
    return {"role": "assistant", "content": body}


def call(name: str, arguments: str, call_id: str) -> dict[str, Any]:
    return {"arguments": arguments, "call_id": call_id, "name": name, "type": "function_call"}


def output(call_id: str, text: str) -> dict[str, Any]:
    return {"call_id": call_id, "output": text, "type": "function_call_output"}


def message(text: str) -> dict[str, Any]:
    return {
        "id": "m1",
        "content": [{"annotations": [], "text": text, "type": "output_text"}],
        "role": "assistant",
        "status": "completed",
        "type": "message",
    }


def j(item: dict[str, Any]) -> str:
    return json.dumps(item, ensure_ascii=False)


TRIAGE, BILLING = Agent(name="Triage"), Agent(name="Billing")
HISTORY = (
    {"role": "user", "content": "hi"},
    {"role": "user", "name": "ann", "content": "multi\nline"},
    {"role": "system", "content": None},
    {"type": "reasoning", "id": "r1", "summary": []},
)


def sample() -> HandoffInputData:
    pre = (
        ToolCallItem(TRIAGE, to_raw(call("lookup", '{"q":"x"}', "c1"))),
        ToolCallOutputItem(TRIAGE, to_raw(output("c1", "line1\nline2")), "x"),
        MessageOutputItem(TRIAGE, to_raw(message("earlier turn reply"))),
    )
    new = (
        MessageOutputItem(TRIAGE, to_raw(message("handing over"))),
        HandoffCallItem(TRIAGE, to_raw(call("transfer_to_billing", "{}", "c2"))),
        HandoffOutputItem(
            TRIAGE,
            to_raw(output("c2", '{"assistant": "Billing"}')),
            source_agent=TRIAGE,
            target_agent=BILLING,
        ),
        ToolApprovalItem(TRIAGE, to_raw(call("refund", "{}", "c3"))),  # never model input
    )
    return HandoffInputData(input_history=HISTORY, pre_handoff_items=pre, new_items=new)


FIRST_SUMMARY_LINES = (
    "1. user: hi",
    '2. {"role": "user", "name": "ann", "content": "multi\\nline"}',
    "3. system: ",
    '4. {"type": "reasoning", "id": "r1", "summary": []}',
    "5. " + j(call("lookup", '{"q":"x"}', "c1")),
    "6. " + j(output("c1", "line1\nline2")),
    "7. " + j(message("earlier turn reply")),
)
HANDOFF_LINES = (
    "1. " + j(call("transfer_to_billing", "{}", "c2")),
    "2. " + j(output("c2", '{"assistant": "Billing"}')),
)


def test_nest_summarises_tools_and_keeps_this_turns_messages_in_order() -> None:
    data = sample()
    nested = nest_handoff_history(data)
    assert list(nested.input_history) == [
        summary(*FIRST_SUMMARY_LINES),
        message("handing over"),
        summary(*HANDOFF_LINES),
    ]
    assert nested.pre_handoff_items == ()
    assert nested.input_items == ()  # the model sees the history only
    assert nested.new_items == data.new_items  # the run's record keeps every item
    assert nested.input_history[1] is not data.new_items[0].raw_item  # copies


def test_an_earlier_summary_is_opened_up_not_nested_again() -> None:
    first = nest_handoff_history(sample()).input_history
    again = nest_handoff_history(
        HandoffInputData(
            input_history=(*first, {"role": "user", "content": "next"}),
            pre_handoff_items=(),
            new_items=(),
        )
    )
    merged = [
        *FIRST_SUMMARY_LINES,
        "8. " + j(message("handing over")),
        *(f"{n + 9}{line[1:]}" for n, line in enumerate(HANDOFF_LINES)),
        "11. user: next",
    ]
    assert list(again.input_history) == [summary(*merged)]


def test_older_summary_texts_are_read_back() -> None:
    legacy = {
        "role": "assistant",
        "content": "For context, here is the conversation so far:\n<CONVERSATION HISTORY>\n"
        '1. user: old\n2. function_call: {"name": "f", "arguments": "{}"}\n'
        "3. assistant (Bob): hey\ncontinued\n4. developer\n5. random prose\n"
        "</CONVERSATION HISTORY>",
    }
    nested = nest_handoff_history(
        HandoffInputData(input_history=(legacy,), pre_handoff_items=(), new_items=())
    )
    assert list(nested.input_history) == [
        summary(
            "1. user: old",
            '2. {"name": "f", "arguments": "{}", "type": "function_call"}',
            '3. {"role": "assistant", "name": "Bob", "content": "hey\\ncontinued"}',
            "4. developer: ",
        )
    ]


def test_text_input_and_empty_history() -> None:
    text = HandoffInputData(input_history="just text", pre_handoff_items=(), new_items=())
    assert list(nest_handoff_history(text).input_history) == [summary("1. user: just text")]
    empty = HandoffInputData(input_history=(), pre_handoff_items=(), new_items=())
    assert list(nest_handoff_history(empty).input_history) == [
        summary("(no previous turns recorded)")
    ]


def test_history_mapper_gets_the_whole_transcript() -> None:
    seen: list[list[dict[str, Any]]] = []

    def mapper(transcript: list[dict[str, Any]]) -> list[dict[str, Any]]:
        seen.append(transcript)
        return [{"role": "user", "content": str(len(transcript))}]

    nested = nest_handoff_history(sample(), history_mapper=mapper)
    assert list(nested.input_history) == [{"role": "user", "content": "10"}]
    assert seen[0][0] == {"role": "user", "content": "hi"}
    assert all(type(item) is dict for item in seen[0])  # plain dicts, not RawItems


def test_a_mapper_returning_something_else_is_a_user_error() -> None:
    with pytest.raises(UserError, match="list of input items"):
        nest_handoff_history(sample(), history_mapper=lambda t: "nope")  # type: ignore[arg-type,return-value]


def test_wrappers_set_get_reset() -> None:
    assert get_conversation_history_wrappers() == (
        "<CONVERSATION HISTORY>",
        "</CONVERSATION HISTORY>",
    )
    set_conversation_history_wrappers(start="<<S>>")
    assert get_conversation_history_wrappers() == ("<<S>>", "</CONVERSATION HISTORY>")
    items = [{"role": "user", "content": "a"}, output("c", "o")]
    assert default_handoff_history_mapper(items) == [
        summary("1. user: a", "2. " + j(output("c", "o")), start="<<S>>")
    ]
    set_conversation_history_wrappers(end="<</S>>")
    assert get_conversation_history_wrappers() == ("<<S>>", "<</S>>")
    reset_conversation_history_wrappers()
    assert get_conversation_history_wrappers()[0] == "<CONVERSATION HISTORY>"


def test_names_are_where_the_sdk_has_them() -> None:
    for name in (
        "nest_handoff_history",
        "get_conversation_history_wrappers",
        "set_conversation_history_wrappers",
        "reset_conversation_history_wrappers",
    ):
        assert getattr(runwright, name) is getattr(runwright.handoffs, name)
    assert handoff_filters.nest_handoff_history is nest_handoff_history


@function_tool
def lookup(q: str) -> str:
    """Look up."""
    return "found " + q


async def test_a_run_with_nesting_gives_the_next_agent_the_sdk_input(scripted: Any) -> None:
    billing_model = scripted(["Refund done"])
    billing = Agent(name="Billing", model=billing_model)
    triage_model = scripted(
        [
            tool_call("lookup", {"q": "order"}, call_id="c1"),
            tool_call("transfer_to_billing", call_id="c2"),
        ]
    )
    triage = Agent(name="Triage", model=triage_model, tools=[lookup], handoffs=[billing])
    history = [
        {"role": "user", "content": "earlier question"},
        {"role": "assistant", "content": "earlier answer"},
        {"role": "user", "content": "I want a refund"},
    ]
    result = await Runner.run(triage, history, run_config=RunConfig(nest_handoff_history=True))
    assert result.final_output == "Refund done"
    seen = billing_model.calls[0].input
    assert len(seen) == 1
    text = seen[0]["content"]
    assert seen[0]["role"] == "assistant"
    assert text.startswith(PREAMBLE + "\n<CONVERSATION HISTORY>\n1. user: earlier question\n")
    assert "2. assistant: earlier answer\n3. user: I want a refund\n4. {" in text
    assert '"output": "found order"' in text and '"name": "transfer_to_billing"' in text
    # every item stays in the run's record
    kinds = [type(i).__name__ for i in result.new_items]
    assert kinds == [
        "ToolCallItem",
        "ToolCallOutputItem",
        "HandoffCallItem",
        "HandoffOutputItem",
        "MessageOutputItem",
    ]


async def test_a_second_nested_handoff_merges_the_first_summary(scripted: Any) -> None:
    third_model = scripted(["done"])
    third = Agent(name="Third", model=third_model)
    second = Agent(name="Second", model=scripted([tool_call("transfer_to_third", call_id="h2")]))
    second.handoffs = [third]
    first = Agent(
        name="First",
        model=scripted([tool_call("transfer_to_second", call_id="h1")]),
        handoffs=[second],
    )
    await Runner.run(first, "hello", run_config=RunConfig(nest_handoff_history=True))
    seen = third_model.calls[0].input
    assert len(seen) == 1
    lines = seen[0]["content"].split("\n")[2:-1]
    assert lines[0] == "1. user: hello"
    assert [json.loads(line.split(". ", 1)[1])["call_id"] for line in lines[1:]] == [
        "h1",
        "h1",
        "h2",
        "h2",
    ]


# ----- Handoff methods and parameter kinds ------------------------------------


def test_handoff_methods() -> None:
    agent = Agent(name="FAQ-bot", handoff_description="Answers questions.")
    h = handoff(agent)
    assert Handoff.default_tool_name(agent) == "transfer_to_faq_bot" == h.tool_name
    assert Handoff.default_tool_description(agent) == (
        "Handoff to the FAQ-bot agent to handle the request. Answers questions."
    )
    assert h.get_transfer_message(agent) == '{"assistant": "FAQ-bot"}'


def test_handoff_takes_its_options_positionally_as_the_sdk() -> None:
    agent = Agent(name="A")
    h = handoff(agent, "custom_name", "custom description")
    assert (h.tool_name, h.tool_description) == ("custom_name", "custom description")
    kinds = {p.name: p.kind for p in inspect.signature(handoff).parameters.values()}
    assert set(kinds.values()) == {inspect.Parameter.POSITIONAL_OR_KEYWORD}
    assert list(kinds) == [
        "agent",
        "tool_name_override",
        "tool_description_override",
        "on_handoff",
        "input_type",
        "input_filter",
        "nest_handoff_history",
        "is_enabled",
    ]


@pytest.mark.parametrize(
    "decorator",
    ["input_guardrail", "output_guardrail", "tool_input_guardrail", "tool_output_guardrail"],
)
def test_guardrail_decorators_take_func_by_keyword(decorator: str) -> None:
    make = getattr(runwright, decorator)
    param = inspect.signature(make).parameters["func"]
    assert param.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD

    def check(*args: Any) -> Any:
        return None

    guardrail = make(func=check)
    assert type(guardrail).__name__.endswith("Guardrail")


async def test_server_managed_conversations_refuse_filters_and_skip_nesting(
    scripted: Any, caplog: pytest.LogCaptureFixture
) -> None:
    """As in the SDK: the server holds the history, so it cannot be filtered or nested."""
    billing = Agent(name="Billing", model=scripted([]))
    filtered = Agent(
        name="T",
        model=scripted([tool_call("transfer_to_billing")]),
        handoffs=[handoff(billing, input_filter=handoff_filters.remove_all_tools)],
    )
    with pytest.raises(UserError, match="do not support handoff input filters"):
        await Runner.run(filtered, "hi", previous_response_id="resp_0")

    billing_model = scripted(["ok"])
    nested = Agent(
        name="T",
        model=scripted([tool_call("transfer_to_billing2")]),
        handoffs=[Agent(name="Billing2", model=billing_model)],
    )
    config = RunConfig(nest_handoff_history=True)
    result = await Runner.run(nested, "hi", previous_response_id="resp_0", run_config=config)
    assert result.final_output == "ok"
    assert "do not support nest_handoff_history" in caplog.text
    assert all("CONVERSATION HISTORY" not in str(x) for x in billing_model.calls[0].input)
