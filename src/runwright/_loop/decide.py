"""PURE decisions of the run loop: no await, no I/O.

``classify_response`` turns a model response into run items and calls to
perform; ``decide_next_step`` says what follows once the calls were made.
Both are unit-tested as tables (tests/loop/test_decide.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from runwright._core.exceptions import ModelBehaviorError
from runwright._core.items import (
    HandoffCallItem,
    ItemHelpers,
    MCPApprovalRequestItem,
    MCPListToolsItem,
    MessageOutputItem,
    ModelResponse,
    RawItem,
    ReasoningItem,
    RunItem,
    ToolCallItem,
)
from runwright._loop.steps import (
    RUN_AGAIN,
    AgentPlan,
    AskToolUseFunction,
    FinalOutput,
    HandoffRun,
    HandoffTo,
    InvalidFinalOutput,
    MCPRequest,
    NextStep,
    ProcessedResponse,
    Refusal,
    ToolRun,
)
from runwright._tools.hosted import HostedMCPTool

if TYPE_CHECKING:
    from runwright._tools.use_behavior import FunctionToolResult


def classify_response(
    plan: AgentPlan, response: ModelResponse, missing_ok: bool = False
) -> ProcessedResponse:
    """Run items for every output item, plus the tool and handoff calls to perform.

    With ``missing_ok``, calls of tools the agent does not offer are kept as
    ``missing_calls`` (answered with an error for the model) instead of failing.

    Raises:
        ModelBehaviorError: the model called a tool the agent does not offer.
    """
    agent = plan.agent
    items: list[RunItem] = []
    tool_runs: list[ToolRun] = []
    handoff_runs: list[HandoffRun] = []
    final_text: str | None = None
    last_message: RawItem | None = None
    missing: list[RawItem] | None = None
    mcp: list[MCPRequest] | None = None
    for raw in response.output:
        kind = raw.get("type")
        if kind == "message":
            items.append(MessageOutputItem(agent, raw))
            final_text = ItemHelpers.extract_last_text(raw)
            last_message = raw
        elif kind == "function_call":
            name = raw.get("name")
            handoff = plan.handoff_map.get(name)  # type: ignore[arg-type]
            if handoff is not None:
                items.append(HandoffCallItem(agent, raw))
                handoff_runs.append(HandoffRun(raw, handoff))
                continue
            tool = plan.tool_map.get(name)  # type: ignore[arg-type]
            items.append(ToolCallItem(agent, raw))
            if tool is not None:
                tool_runs.append(ToolRun(raw, tool))
            elif missing_ok:
                missing = [*(missing or ()), raw]
            else:
                raise ModelBehaviorError(_unknown_tool_message(plan, name))
        elif kind == "reasoning":
            items.append(ReasoningItem(agent, raw))
        elif kind == "mcp_approval_request":
            items.append(MCPApprovalRequestItem(agent, raw))
            mcp = [*(mcp or ()), MCPRequest(raw, _hosted_mcp_tool(plan, raw.get("server_label")))]
        elif kind == "mcp_list_tools":
            items.append(MCPListToolsItem(agent, raw))
        else:
            # Provider-side tool calls and item kinds we do not run ourselves are
            # kept in the transcript so the conversation replays as it happened.
            items.append(ToolCallItem(agent, raw))
    return ProcessedResponse(items, tool_runs, handoff_runs, final_text, last_message, missing, mcp)


def _hosted_mcp_tool(plan: AgentPlan, label: Any) -> HostedMCPTool | None:
    """The agent's HostedMCPTool for a server label (the first, as the SDK), if any."""
    for tool in plan.tools:
        if isinstance(tool, HostedMCPTool) and tool.server_label == label:
            return tool
    return None


def decide_next_step(
    plan: AgentPlan,
    processed: ProcessedResponse,
    tool_results: Sequence[FunctionToolResult],
) -> NextStep:
    """What the run does after a response and the tool calls it asked for.

    A handoff wins over everything (only the first is honoured); tool results
    go through the agent's tool_use_behavior; with no calls, a message is the
    final output (validated into the output type when there is one).

    A refusal in the final message is ``Refusal``; an output that does not
    validate against the output type, or is missing, is ``InvalidFinalOutput``
    (the driver asks the error handlers, re-asks, runs again or fails).
    """
    if processed.handoff_runs:
        first, *rest = processed.handoff_runs
        return HandoffTo(first, tuple(rest))
    if processed.tool_runs:
        return _after_tools(plan, list(tool_results))
    if processed.missing_calls or processed.mcp_requests:
        # The model reads the "not found" outputs, or the MCP servers get their answers.
        return RUN_AGAIN
    last = processed.last_message
    # A one-part message with text has no refusal part: skip the scan on the common path.
    if last is not None and (processed.final_text is None or len(last.get("content") or ()) != 1):
        refusal = ItemHelpers.extract_refusal(last)
        if refusal:
            return Refusal(refusal)
    schema = plan.output_schema
    if schema is None or schema.is_plain_text():
        return FinalOutput(processed.final_text or "")
    if processed.final_text:
        try:
            return FinalOutput(schema.validate_json(processed.final_text))
        except ModelBehaviorError as error:
            return InvalidFinalOutput(error)
    missing = ModelBehaviorError("Model returned no final output for the structured output type.")
    return InvalidFinalOutput(missing, missing=True)


def _after_tools(plan: AgentPlan, results: list[FunctionToolResult]) -> NextStep:
    behavior = plan.agent.tool_use_behavior
    if behavior == "run_llm_again" or not results:
        return RUN_AGAIN
    if behavior == "stop_on_first_tool":
        return FinalOutput(results[0].output)
    if isinstance(behavior, dict):
        names = behavior["stop_at_tool_names"]
        for result in results:
            if result.tool.name in names:
                return FinalOutput(result.output)
        return RUN_AGAIN
    if callable(behavior):
        return AskToolUseFunction(behavior, results)
    return RUN_AGAIN


def _unknown_tool_message(plan: AgentPlan, name: object) -> str:
    offered = sorted([*plan.tool_map, *plan.handoff_map]) or ["none"]
    return (
        f"Model called tool {name!r}, which agent {plan.agent.name!r} does not offer "
        f"(offered: {', '.join(offered)})."
    )
