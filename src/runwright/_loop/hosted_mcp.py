"""Answering hosted MCP servers' approval requests (``mcp_approval_request`` items).

A server the provider calls (``HostedMCPTool``) may ask before each call. The
request is answered with an ``mcp_approval_response`` sent with the next model
call: by a human decision already on the RunState, else by the tool's
``on_approval_request``, else the run pauses with a ``ToolApprovalItem`` like a
function call needing approval. Answers are recorded as they are made, so a
resumed turn answers only what is still open.
"""

from __future__ import annotations

import inspect
from typing import Any

from runwright._agent.agent import Agent
from runwright._core.exceptions import UserError
from runwright._core.items import (
    MCPApprovalResponseItem,
    RunItem,
    ToolApprovalItem,
    mcp_approval_response_raw,
)
from runwright._loop.env import RunEnv
from runwright._loop.steps import MCPRequest
from runwright._state.run_state import RunState
from runwright._tools.hosted import MCPToolApprovalRequest


async def answer_mcp_requests(
    env: RunEnv, state: RunState[Any], agent: Agent[Any], requests: list[MCPRequest]
) -> tuple[list[RunItem], list[ToolApprovalItem]]:
    """Records an answer for every request that can be answered now.

    Returns the answers recorded, and the requests left for a human.
    """
    answered = {
        item.raw_item.get("approval_request_id")
        for item in state.generated_items[state.turn_start_index :]
        if isinstance(item, MCPApprovalResponseItem)
    }
    new: list[RunItem] = []
    waiting: list[ToolApprovalItem] = []
    for request in requests:
        request_id = str(request.request.get("id"))
        if request_id in answered:
            continue
        decision = await _decide(env, request, request_id)
        if decision is None:
            waiting.append(ToolApprovalItem(agent, request.request))
        else:
            raw = mcp_approval_response_raw(request_id, *decision)
            new.append(MCPApprovalResponseItem(agent, raw))
    state.record(new)
    return new, waiting


async def _decide(
    env: RunEnv, request: MCPRequest, request_id: str
) -> tuple[bool, str | None] | None:
    """(approve, reason), or None when a human has to decide."""
    wrapper = env.context_wrapper
    name = str(request.request.get("name"))
    human = wrapper.is_tool_approved(name, request_id)
    if human is not None:
        return human, None if human else wrapper.rejection_message(name, request_id)
    decide = request.tool.on_approval_request if request.tool is not None else None
    if decide is None:
        return None
    result: Any = decide(MCPToolApprovalRequest(wrapper, request.request))
    if inspect.isawaitable(result):
        result = await result
    approve = result.get("approve") if isinstance(result, dict) else None
    if not isinstance(approve, bool):
        label = request.request.get("server_label")
        raise UserError(
            f"on_approval_request of hosted MCP server {label!r} must return "
            f'{{"approve": True}} or {{"approve": False, "reason": "..."}}, got {result!r:.200}.'
        )
    reason = result.get("reason")
    return approve, reason if isinstance(reason, str) else None
