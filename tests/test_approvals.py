"""Human approval: pausing on needs_approval tools, deciding, resuming."""

from __future__ import annotations

from typing import Any

import pytest

from runwright import (
    Agent,
    RunItemStreamEvent,
    Runner,
    ToolApprovalItem,
    ToolCallOutputItem,
    function_tool,
)
from runwright.testing import handoff_call, tool_call

executed: list[str] = []


@function_tool(needs_approval=True)
def delete_file(path: str) -> str:
    """Delete a file."""
    executed.append(f"delete {path}")
    return f"deleted {path}"


@function_tool
def list_files() -> str:
    executed.append("list")
    return "a.txt b.txt"


@function_tool(needs_approval=lambda ctx, params, call_id: params.get("amount", 0) > 100)
async def refund(amount: int) -> str:
    executed.append(f"refund {amount}")
    return f"refunded {amount}"


@pytest.fixture(autouse=True)
def _clear() -> None:
    executed.clear()


async def test_pause_approve_resume(scripted: Any) -> None:
    model = scripted(
        [[tool_call("list_files"), tool_call("delete_file", {"path": "a.txt"})], "Deleted a.txt."]
    )
    agent = Agent(name="a", model=model, tools=[list_files, delete_file])
    result = await Runner.run(agent, "clean up")
    # The rest of the batch ran; the approval-needing call waits.
    assert executed == ["list"]
    assert result.final_output is None
    [item] = result.interruptions
    assert isinstance(item, ToolApprovalItem)
    assert (item.tool_name, item.arguments, item.agent) == (
        "delete_file",
        '{"path": "a.txt"}',
        agent,
    )
    state = result.to_state()
    state.approve(item)
    resumed = await Runner.run(agent, state)
    assert executed == ["list", "delete a.txt"]
    assert resumed.final_output == "Deleted a.txt."
    outputs = [i.output for i in resumed.new_items if isinstance(i, ToolCallOutputItem)]
    assert outputs == ["a.txt b.txt", "deleted a.txt"]
    # The model saw every call answered, in a valid transcript.
    second = model.calls[1].input
    assert [i.get("type") for i in second[1:]] == [
        "function_call",
        "function_call",
        "function_call_output",
        "function_call_output",
    ]


async def test_waiting_calls_stay_in_new_items_once_as_in_the_sdk(scripted: Any) -> None:
    """openai-agents 0.24 lists the approval item before the batch's outputs, keeps it
    after the decision, and never sends it to the model or a session."""
    model = scripted(
        [[tool_call("delete_file", {"path": "a.txt"}), tool_call("list_files")], "Done."]
    )
    agent = Agent(name="a", model=model, tools=[list_files, delete_file])
    first = await Runner.run(agent, "clean up")
    kinds = ["ToolCallItem", "ToolCallItem", "ToolApprovalItem", "ToolCallOutputItem"]
    assert [type(i).__name__ for i in first.new_items] == kinds
    # Resumed without a decision: it pauses again, the item is not repeated.
    again = await Runner.run(agent, first.to_state())
    assert [type(i).__name__ for i in again.new_items] == kinds
    state = again.to_state()
    state.approve(again.interruptions[0])
    done = await Runner.run(agent, state)
    assert [type(i).__name__ for i in done.new_items] == [
        *kinds,
        "ToolCallOutputItem",
        "MessageOutputItem",
    ]
    # Each call once in what a next run gets and in what the model got.
    assert [i.get("type") for i in done.to_input_list()].count("function_call") == 2
    assert [i.get("type") for i in model.calls[1].input].count("function_call") == 2


async def test_approval_item_reads_as_in_the_sdk(scripted: Any) -> None:
    model = scripted([tool_call("delete_file", {"path": "b.txt"}, call_id="call_7"), "ok"])
    agent = Agent(name="a", model=model, tools=[delete_file])
    result = await Runner.run(agent, "remove b.txt")
    for interruption in result.interruptions:  # as the SDK's human-in-the-loop examples write it
        print(f"Approve {interruption.name}({interruption.arguments})? id={interruption.call_id}")
        assert interruption.name == interruption.tool_name == "delete_file"
        assert interruption.arguments == '{"path": "b.txt"}'
        assert interruption.call_id == "call_7"
    state = result.to_state()
    state.approve(result.interruptions[0])
    assert (await Runner.run(agent, state)).final_output == "ok"
    assert executed == ["delete b.txt"]


async def test_reject_with_message_via_context_form(scripted: Any) -> None:
    model = scripted([tool_call("delete_file", {"path": "/etc"}), "Understood."])
    agent = Agent(name="a", model=model, tools=[delete_file])
    result = await Runner.run(agent, "delete /etc")
    state = result.to_state()
    for interruption in result.interruptions:
        state.context.reject_tool(interruption, rejection_message="Not allowed: system path.")
    resumed = await Runner.run(agent, state)
    assert executed == []
    assert model.calls[1].input[-1]["output"] == "Not allowed: system path."
    assert resumed.final_output == "Understood."


async def test_default_rejection_message(scripted: Any) -> None:
    model = scripted([tool_call("delete_file", {"path": "x"}), "ok"])
    agent = Agent(name="a", model=model, tools=[delete_file])
    result = await Runner.run(agent, "go")
    state = result.to_state()
    state.reject(result.interruptions[0])
    await Runner.run(agent, state)
    # openai-agents 0.24's words, so programs and evals see the same tool output.
    assert model.calls[1].input[-1]["output"] == "Tool execution was not approved."


async def test_partial_decisions_pause_again(scripted: Any) -> None:
    model = scripted(
        [[tool_call("delete_file", {"path": "1"}), tool_call("delete_file", {"path": "2"})], "done"]
    )
    agent = Agent(name="a", model=model, tools=[delete_file])
    first = await Runner.run(agent, "go")
    assert len(first.interruptions) == 2
    state = first.to_state()
    state.approve(first.interruptions[0])
    second = await Runner.run(agent, state)
    assert executed == ["delete 1"]
    assert [i.arguments for i in second.interruptions] == ['{"path": "2"}']
    state = second.to_state()
    state.approve(second.interruptions[0])
    third = await Runner.run(agent, state)
    assert executed == ["delete 1", "delete 2"]
    assert third.final_output == "done"
    assert len(model.calls) == 2


async def test_always_approve_is_sticky(scripted: Any) -> None:
    model = scripted(
        [
            tool_call("delete_file", {"path": "1"}),
            tool_call("delete_file", {"path": "2"}),
            "done",
        ]
    )
    agent = Agent(name="a", model=model, tools=[delete_file])
    first = await Runner.run(agent, "go")
    state = first.to_state()
    state.approve(first.interruptions[0], always_approve=True)
    result = await Runner.run(agent, state)
    assert result.interruptions == []
    assert executed == ["delete 1", "delete 2"]


async def test_always_reject_is_sticky(scripted: Any) -> None:
    model = scripted(
        [tool_call("delete_file", {"path": "1"}), tool_call("delete_file", {"path": "2"}), "ok"]
    )
    agent = Agent(name="a", model=model, tools=[delete_file])
    first = await Runner.run(agent, "go")
    state = first.to_state()
    state.reject(first.interruptions[0], always_reject=True, rejection_message="never")
    result = await Runner.run(agent, state)
    assert executed == []
    assert [m.input[-1]["output"] for m in model.calls[1:]] == ["never", "never"]
    assert result.final_output == "ok"


@pytest.mark.parametrize(
    ("arguments", "pauses"),
    [
        ('{"amount": 50}', False),
        ('{"amount": 500}', True),
        ("{broken json", True),  # cannot inspect the arguments: fail closed
        ("[1, 2]", True),
    ],
)
async def test_conditional_approval_fails_closed(
    scripted: Any, arguments: str, pauses: bool
) -> None:
    model = scripted([tool_call("refund", arguments)] + ([] if pauses else ["ok"]))
    result = await Runner.run(Agent(name="a", model=model, tools=[refund]), "go")
    assert bool(result.interruptions) is pauses


async def test_streamed_pause_and_streamed_resume(scripted: Any) -> None:
    model = scripted([tool_call("delete_file", {"path": "s"}), "ok"])
    agent = Agent(name="a", model=model, tools=[delete_file])
    first = Runner.run_streamed(agent, "go")
    names = [e.name async for e in first if isinstance(e, RunItemStreamEvent)]
    assert names == ["tool_called", "tool_approval_requested"]
    state = first.to_state()
    state.approve(first.interruptions[0])
    second = Runner.run_streamed(agent, state)
    names = [e.name async for e in second if isinstance(e, RunItemStreamEvent)]
    assert names == ["tool_output", "message_output_created"]
    assert second.final_output == "ok"
    assert executed == ["delete s"]


async def test_approval_after_a_handoff_surfaces_on_the_run(scripted: Any) -> None:
    admin = Agent(
        name="Admin",
        model=scripted([tool_call("delete_file", {"path": "z"}), "gone"]),
        tools=[delete_file],
    )
    triage = Agent(name="Triage", model=scripted([handoff_call("Admin")]), handoffs=[admin])
    result = await Runner.run(triage, "delete z")
    assert [i.agent.name for i in result.interruptions] == ["Admin"]
    state = result.to_state()
    state.approve(result.interruptions[0])
    resumed = await Runner.run(triage, state)
    assert resumed.final_output == "gone"
    assert resumed.last_agent is admin


async def test_resuming_a_finished_run_is_user_error(scripted: Any) -> None:
    from runwright import UserError

    agent = Agent(name="a", model=scripted(["done"]))
    result = await Runner.run(agent, "go")
    with pytest.raises(UserError, match="already finished"):
        await Runner.run(agent, result.to_state())
