"""Handoffs through Runner.run and Runner.run_streamed."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import BaseModel

from runwright import (
    Agent,
    AgentUpdatedStreamEvent,
    HandoffCallItem,
    HandoffInputData,
    HandoffOutputItem,
    RunConfig,
    RunItemStreamEvent,
    Runner,
    ToolCallOutputItem,
    function_tool,
    handoff,
)
from runwright.extensions.handoff_filters import keep_last_items, remove_all_tools
from runwright.testing import handoff_call, tool_call


@function_tool
def lookup(order: int) -> str:
    """Look up an order."""
    return f"order {order}: shipped"


def _triage(scripted: Any) -> tuple[Agent[Any], Agent[Any], Agent[Any], Any, Any, Any]:
    triage_model = scripted([handoff_call("Billing Agent")])
    billing_model = scripted([tool_call("lookup", {"order": 7}), "Your order 7 has shipped."])
    tech_model = scripted([])
    billing = Agent(
        name="Billing Agent", model=billing_model, tools=[lookup], handoff_description="Money."
    )
    tech = Agent(name="Tech", model=tech_model)
    triage = Agent(name="Triage", model=triage_model, handoffs=[billing, handoff(tech)])
    return triage, billing, tech, triage_model, billing_model, tech_model


async def test_three_agent_triage_flow(scripted: Any) -> None:
    triage, billing, _tech, triage_model, billing_model, _ = _triage(scripted)
    result = await Runner.run(triage, "Where is order 7?")
    assert result.final_output == "Your order 7 has shipped."
    assert result.last_agent is billing
    offered = triage_model.calls[0].tool_names
    assert offered == ["transfer_to_billing_agent", "transfer_to_tech"]
    descriptions = [h.tool_description for h in triage_model.calls[0].handoffs]
    assert "Money." in descriptions[0]
    kinds = [type(i).__name__ for i in result.new_items]
    assert kinds[:2] == ["HandoffCallItem", "HandoffOutputItem"]
    out = result.new_items[1]
    assert isinstance(out, HandoffOutputItem)
    assert (out.source_agent, out.target_agent) == (triage, billing)
    # Billing saw the full history, including the handoff call and its output.
    seen = billing_model.calls[0].input
    assert seen[0] == {"role": "user", "content": "Where is order 7?"}
    assert [i.get("type") for i in seen[1:]] == ["function_call", "function_call_output"]


async def test_handoff_streams_agent_updates(scripted: Any) -> None:
    triage, billing, *_ = _triage(scripted)
    result = Runner.run_streamed(triage, "Where is order 7?")
    events = [e async for e in result]
    agents = [e.new_agent.name for e in events if isinstance(e, AgentUpdatedStreamEvent)]
    assert agents == ["Triage", "Billing Agent"]
    names = [e.name for e in events if isinstance(e, RunItemStreamEvent)]
    assert names[:2] == ["handoff_requested", "handoff_occured"]
    assert result.last_agent is billing


async def test_only_the_first_handoff_is_honoured(scripted: Any) -> None:
    a = Agent(name="A", model=scripted(["from A"]))
    b = Agent(name="B", model=scripted([]))
    triage_model = scripted([[handoff_call("A"), handoff_call("B")]])
    result = await Runner.run(Agent(name="T", model=triage_model, handoffs=[a, b]), "hi")
    assert result.last_agent is a
    errors = [i for i in result.new_items if isinstance(i, ToolCallOutputItem)]
    assert len(errors) == 1 and "only the first" in errors[0].raw_item["output"]
    # Every call has an output, so the transcript stays valid for the next model.
    calls = {i.raw_item["call_id"] for i in result.new_items if isinstance(i, HandoffCallItem)}
    outputs = {
        i.raw_item["call_id"]
        for i in result.new_items
        if i.raw_item.get("type") == "function_call_output"
    }
    assert calls == outputs


class Escalation(BaseModel):
    reason: str


async def test_on_handoff_with_typed_input(scripted: Any) -> None:
    received: list[Any] = []

    async def on_handoff(ctx: Any, data: Escalation) -> None:
        received.append((ctx.context, data))

    target = Agent(name="Human", model=scripted(["taking over"]))
    h = handoff(target, on_handoff=on_handoff, input_type=Escalation, tool_name_override="escalate")
    assert h.input_json_schema["required"] == ["reason"]
    model = scripted([tool_call("escalate", {"reason": "angry"})])
    result = await Runner.run(Agent(name="T", model=model, handoffs=[h]), "hi", context="ctx")
    assert received == [("ctx", Escalation(reason="angry"))]
    assert result.final_output == "taking over"


async def test_invalid_handoff_input_is_reported_not_crashed(scripted: Any) -> None:
    target = Agent(name="Human", model=scripted([]))
    h = handoff(target, on_handoff=lambda ctx, data: None, input_type=Escalation)
    model = scripted([handoff_call("Human", {"wrong": 1}), "I could not escalate."])
    result = await Runner.run(Agent(name="T", model=model, handoffs=[h]), "hi")
    assert result.last_agent.name == "T"
    assert "Handoff failed" in model.calls[1].input[-1]["output"]


async def test_input_filter_shapes_the_next_agents_input(scripted: Any) -> None:
    billing_model = scripted(["ok"])
    billing = Agent(name="Billing", model=billing_model)
    model = scripted([tool_call("lookup", {"order": 1}), handoff_call("Billing")])
    triage = Agent(
        name="T",
        model=model,
        tools=[lookup],
        handoffs=[handoff(billing, input_filter=remove_all_tools)],
    )
    result = await Runner.run(triage, "hello")
    assert billing_model.calls[0].input == [{"role": "user", "content": "hello"}]
    # As in the SDK (0.24, checked): this turn's filtered items are the run's record;
    # earlier turns' items (the lookup call and output) stay in it.
    kinds = [item.type for item in result.new_items]
    assert kinds == ["tool_call_item", "tool_call_output_item", "message_output_item"]
    assert result.to_input_list() == [
        {"role": "user", "content": "hello"},
        *(item.to_input_item() for item in result.new_items),
    ]


async def test_filtered_items_are_what_the_session_keeps(scripted: Any) -> None:
    from runwright import SQLiteSession

    billing = Agent(name="Billing", model=scripted(["ok"]))
    triage = Agent(
        name="T",
        model=scripted([handoff_call("Billing")]),
        handoffs=[handoff(billing, input_filter=remove_all_tools)],
    )
    session = SQLiteSession("filtered")
    await Runner.run(triage, "hello", session=session)
    items = await session.get_items()
    assert [item.get("type", item.get("role")) for item in items] == ["user", "message"]


async def test_input_items_feed_the_next_agent_while_new_items_stay_the_record(
    scripted: Any,
) -> None:
    def hide_handoff(data: HandoffInputData) -> HandoffInputData:
        return data.clone(input_items=())

    billing_model = scripted(["ok"])
    billing = Agent(name="Billing", model=billing_model)
    triage = Agent(
        name="T",
        model=scripted([handoff_call("Billing")]),
        handoffs=[handoff(billing, input_filter=hide_handoff)],
    )
    result = await Runner.run(triage, "hello")
    assert billing_model.calls[0].input == [{"role": "user", "content": "hello"}]
    assert [item.type for item in result.new_items] == [
        "handoff_call_item",
        "handoff_output_item",
        "message_output_item",
    ]


async def test_run_config_input_filter_and_async_filters(scripted: Any) -> None:
    seen: list[HandoffInputData] = []

    async def only_last(data: HandoffInputData) -> HandoffInputData:
        seen.append(data)
        return keep_last_items(1)(data)

    billing_model = scripted(["ok"])
    billing = Agent(name="Billing", model=billing_model)
    model = scripted([handoff_call("Billing")])
    await Runner.run(
        Agent(name="T", model=model, handoffs=[billing]),
        [{"role": "user", "content": "one"}, {"role": "user", "content": "two"}],
        run_config=RunConfig(handoff_input_filter=only_last),
    )
    assert len(seen[0].input_history) == 2
    assert [type(i).__name__ for i in seen[0].new_items] == ["HandoffCallItem", "HandoffOutputItem"]
    assert len(billing_model.calls[0].input) == 1
    assert billing_model.calls[0].input[0]["type"] == "function_call_output"


@pytest.mark.parametrize("where", ["run_config", "handoff"])
async def test_nested_handoff_history_collapses_the_transcript(scripted: Any, where: str) -> None:
    billing_model = scripted(["ok"])
    billing = Agent(name="Billing", model=billing_model)
    target: Any = handoff(billing, nest_handoff_history=True) if where == "handoff" else billing
    model = scripted([tool_call("lookup", {"order": 3}), handoff_call("Billing")])
    config = RunConfig(nest_handoff_history=where == "run_config")
    await Runner.run(
        Agent(name="T", model=model, tools=[lookup], handoffs=[target]), "hi", run_config=config
    )
    seen = billing_model.calls[0].input
    # One assistant message summarising the user's turn, the tool call and its output,
    # and the handoff (as the SDK's nest_handoff_history writes it).
    assert len(seen) == 1 and seen[0]["role"] == "assistant"
    text = seen[0]["content"]
    assert text.startswith("For context, here is the conversation so far between the user")
    assert "1. user: hi\n2. {" in text
    assert '"name": "lookup"' in text and "order 3: shipped" in text
    assert "transfer_to_billing" in text and text.endswith("</CONVERSATION HISTORY>")


async def test_history_mapper(scripted: Any) -> None:
    billing_model = scripted(["ok"])
    billing = Agent(name="Billing", model=billing_model)
    model = scripted([handoff_call("Billing")])
    config = RunConfig(
        nest_handoff_history=True,
        handoff_history_mapper=lambda items: [{"role": "user", "content": f"{len(items)} items"}],
    )
    await Runner.run(Agent(name="T", model=model, handoffs=[billing]), "hi", run_config=config)
    assert billing_model.calls[0].input == [{"role": "user", "content": "3 items"}]


async def test_disabled_handoff_not_offered(scripted: Any) -> None:
    model = scripted(["ok"])
    hidden = handoff(Agent(name="Hidden"), is_enabled=lambda ctx, agent: False)
    await Runner.run(Agent(name="T", model=model, handoffs=[hidden, Agent(name="Shown")]), "hi")
    assert model.calls[0].tool_names == ["transfer_to_shown"]


@pytest.mark.parametrize(
    ("agent_name", "tool_name"),
    [  # as the SDK names them: one "_" per other character, then lower case
        ("FAQ-bot", "transfer_to_faq_bot"),
        ("Billing Agent", "transfer_to_billing_agent"),
        ("Billing & Refunds!", "transfer_to_billing___refunds_"),
        (" Spaced\tout ", "transfer_to__spaced_out_"),
        ("Café", "transfer_to_caf_"),
        ("snake_case_9", "transfer_to_snake_case_9"),
        ("x" * 80, ("transfer_to_" + "x" * 80)[:64]),  # OpenAI's limit (the SDK sends it whole)
    ],
)
def test_default_handoff_tool_names_match_the_sdk(agent_name: str, tool_name: str) -> None:
    assert handoff(Agent(name=agent_name)).tool_name == tool_name


async def test_the_model_sees_the_sdk_handoff_name_and_description(scripted: Any) -> None:
    faq = Agent(name="FAQ-bot", handoff_description="Answers common questions.")
    model = scripted([handoff_call("FAQ-bot"), "done"])
    faq.model = model
    triage = Agent(name="Triage", model=model, handoffs=[faq, Agent(name="Other")])
    result = await Runner.run(triage, "hi")
    assert result.last_agent is faq
    offered = {h.tool_name: h.tool_description for h in model.calls[0].handoffs}
    assert offered == {
        "transfer_to_faq_bot": (
            "Handoff to the FAQ-bot agent to handle the request. Answers common questions."
        ),
        "transfer_to_other": "Handoff to the Other agent to handle the request. ",
    }
