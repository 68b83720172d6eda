"""Hosted MCP approval requests: answered by on_approval_request, or by a human through
the RunState, and sent back with the next model call (as the OpenAI Agents SDK does)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from runwright import (
    Agent,
    HostedMCPTool,
    MCPApprovalRequestItem,
    MCPApprovalResponseItem,
    MCPListToolsItem,
    MCPToolApprovalRequest,
    MessageOutputItem,
    Runner,
    RunState,
    ToolApprovalItem,
    UserError,
    function_tool,
)
from runwright.testing import ScriptedModel, tool_call

REQUEST = {
    "type": "mcp_approval_request",
    "id": "mcpr_1",
    "server_label": "git",
    "name": "read_file",
    "arguments": '{"path": "README"}',
}
LISTING = {
    "type": "mcp_list_tools",
    "id": "mcpl_1",
    "server_label": "git",
    "tools": [{"name": "read_file", "input_schema": {}}],
}


def _server(on_approval_request: Any = None, label: str = "git") -> HostedMCPTool:
    config = {
        "type": "mcp",
        "server_label": label,
        "server_url": f"https://{label}.example",
        "require_approval": "always",
    }
    return HostedMCPTool(tool_config=config, on_approval_request=on_approval_request)


def _agent(model: ScriptedModel, *tools: Any) -> Agent[Any]:
    return Agent(name="coder", model=model, tools=list(tools))


def _answers(model: ScriptedModel, call: int = 1) -> list[dict[str, Any]]:
    return [
        dict(item)
        for item in model.calls[call].input
        if item.get("type") == "mcp_approval_response"
    ]


async def test_a_callback_approves_and_the_answer_goes_with_the_next_call() -> None:
    seen: list[MCPToolApprovalRequest] = []

    def approve(request: MCPToolApprovalRequest) -> dict[str, Any]:
        seen.append(request)
        return {"approve": True, "reason": "fine"}

    model = ScriptedModel([[LISTING, REQUEST], "README says hi."])
    result = await Runner.run(_agent(model, _server(approve)), "Read the README")

    assert result.final_output == "README says hi."
    assert [type(i) for i in result.new_items] == [
        MCPListToolsItem,
        MCPApprovalRequestItem,
        MCPApprovalResponseItem,
        MessageOutputItem,
    ]
    (request,) = seen
    assert (request.data.name, request.data.arguments) == ("read_file", '{"path": "README"}')
    assert request.data.server_label == "git"
    assert request.ctx_wrapper is not None
    # The request is replayed and answered; as in the SDK, an approval carries no reason.
    sent = [dict(i) for i in model.calls[1].input]
    assert sent[-2]["type"] == "mcp_approval_request"
    assert _answers(model) == [
        {"approval_request_id": "mcpr_1", "approve": True, "type": "mcp_approval_response"}
    ]
    assert result.to_input_list()[-2]["type"] == "mcp_approval_response"


async def test_an_async_callback_rejects_with_a_reason() -> None:
    async def reject(request: MCPToolApprovalRequest) -> dict[str, Any]:
        await asyncio.sleep(0)
        return {"approve": False, "reason": "not that file"}

    model = ScriptedModel([REQUEST, "I may not read it."])
    result = await Runner.run(_agent(model, _server(reject)), "Read the README")

    assert result.final_output == "I may not read it."
    assert _answers(model) == [
        {
            "approval_request_id": "mcpr_1",
            "approve": False,
            "type": "mcp_approval_response",
            "reason": "not that file",
        }
    ]


async def test_a_bad_callback_answer_is_a_user_error_naming_the_server() -> None:
    model = ScriptedModel([REQUEST])
    with pytest.raises(UserError, match="on_approval_request of hosted MCP server 'git'"):
        await Runner.run(_agent(model, _server(lambda request: "yes")), "Read the README")


async def test_without_a_callback_the_run_pauses_and_resumes_from_a_state_string() -> None:
    model = ScriptedModel([[LISTING, REQUEST], "README says hi."])
    agent = _agent(model, _server())
    first = await Runner.run(agent, "Read the README")

    assert first.final_output is None
    (item,) = first.interruptions
    assert isinstance(item, ToolApprovalItem)
    assert (item.name, item.arguments, item.call_id) == (
        "read_file",
        '{"path": "README"}',
        "mcpr_1",
    )
    assert len(model.calls) == 1

    state = await RunState.from_string(agent, first.to_state().to_string())
    state.approve(state.get_interruptions()[0])
    second = await Runner.run(agent, state)

    assert second.final_output == "README says hi."
    assert _answers(model) == [
        {"approval_request_id": "mcpr_1", "approve": True, "type": "mcp_approval_response"}
    ]
    assert [type(i).__name__ for i in second.new_items][-2:] == [
        "MCPApprovalResponseItem",
        "MessageOutputItem",
    ]


async def test_a_human_rejection_reaches_the_server_with_its_message() -> None:
    model = ScriptedModel([REQUEST, "Understood."])
    agent = _agent(model, _server())
    first = await Runner.run(agent, "Read the README")
    state = first.to_state()
    state.reject(first.interruptions[0], rejection_message="ask me first")
    await Runner.run(agent, state)

    assert _answers(model) == [
        {
            "approval_request_id": "mcpr_1",
            "approve": False,
            "type": "mcp_approval_response",
            "reason": "ask me first",
        }
    ]


async def test_function_calls_in_the_same_response_run_while_the_request_waits() -> None:
    ran: list[str] = []

    @function_tool
    def note(text: str) -> str:
        ran.append(text)
        return "noted"

    model = ScriptedModel([[REQUEST, tool_call("note", {"text": "hi"})], "Both done."])
    agent = _agent(model, _server(), note)
    first = await Runner.run(agent, "Go")
    assert ran == ["hi"]
    assert [i.call_id for i in first.interruptions] == ["mcpr_1"]

    state = first.to_state()
    state.approve(first.interruptions[0])
    second = await Runner.run(agent, state)
    assert second.final_output == "Both done."
    assert ran == ["hi"]  # not run again on resume
    kinds = [dict(i).get("type") for i in model.calls[1].input]
    assert kinds.count("function_call_output") == 1
    assert kinds.count("mcp_approval_response") == 1


async def test_streamed_runs_announce_the_sdk_event_names() -> None:
    model = ScriptedModel([[LISTING, REQUEST], "Done."])
    result = Runner.run_streamed(_agent(model, _server(lambda r: {"approve": True})), "Go")
    names = [e.name async for e in result.stream_events() if e.type == "run_item_stream_event"]
    assert names == [
        "mcp_list_tools",
        "mcp_approval_requested",
        "mcp_approval_response",
        "message_output_created",
    ]


async def test_two_hosted_servers_on_one_agent_each_answer_their_own_requests() -> None:
    asked: list[str] = []

    def decide(label: str) -> Any:
        def answer(request: MCPToolApprovalRequest) -> dict[str, Any]:
            asked.append(f"{label}:{request.data.server_label}")
            return {"approve": label == "git"}

        return answer

    other = {**REQUEST, "id": "mcpr_2", "server_label": "wiki"}
    model = ScriptedModel([[REQUEST, other], "Done."])
    agent = _agent(model, _server(decide("git")), _server(decide("wiki"), label="wiki"))
    await Runner.run(agent, "Go")

    assert asked == ["git:git", "wiki:wiki"]
    assert [(a["approval_request_id"], a["approve"]) for a in _answers(model)] == [
        ("mcpr_1", True),
        ("mcpr_2", False),
    ]


async def test_a_decision_for_a_request_the_model_never_made_is_refused() -> None:
    model = ScriptedModel([REQUEST])
    agent = _agent(model, _server())
    first = await Runner.run(agent, "Go")
    data = first.to_state().to_json()
    [pending] = data["current_step"]["data"]["interruptions"]
    pending["raw_item"]["arguments"] = '{"path": "/etc/shadow"}'
    with pytest.raises(UserError, match="not a call the model made"):
        await RunState.from_json(agent, data)


async def test_a_request_from_a_server_the_agent_does_not_list_waits_for_a_human() -> None:
    asked: list[str] = []
    stranger = {**REQUEST, "server_label": "elsewhere"}
    model = ScriptedModel([stranger])
    agent = _agent(model, _server(lambda request: asked.append("git") or {"approve": True}))
    result = await Runner.run(agent, "Go")
    assert asked == []  # the git server's callback does not decide for another server
    assert [i.call_id for i in result.interruptions] == ["mcpr_1"]
