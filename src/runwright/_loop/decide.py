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
    CompactionItem,
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
    ToolSearchCallItem,
    ToolSearchOutputItem,
    tool_origin_of,
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
from runwright._tools.native import NativeTool, is_patch_name, patch_call_from_custom

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
            if tool is not None:
                description = getattr(tool, "description", None)  # native tools may lack one
                items.append(ToolCallItem(agent, raw, description, None, tool_origin_of(tool)))
                tool_runs.append(ToolRun(raw, tool))
                continue
            items.append(ToolCallItem(agent, raw))
            if missing_ok:
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
        elif kind in _NATIVE_CALLS:
            if kind == "custom_tool_call" and not _is_custom_tool(plan, raw):
                raw, kind = _as_patch_call(plan, raw)
            items.append(ToolCallItem(agent, raw))
            native = _native_tool(plan, raw, kind)
            if native is not None:
                tool_runs.append(ToolRun(raw, native))  # type: ignore[arg-type]
            elif kind == "custom_tool_call":
                if not missing_ok:
                    raise ModelBehaviorError(_unknown_tool_message(plan, raw.get("name")))
                missing = [*(missing or ()), raw]
        else:
            # Provider-side tool calls and item kinds we do not run ourselves are
            # kept in the transcript so the conversation replays as it happened.
            items.append(_provider_item(agent, raw, kind))
    return ProcessedResponse(items, tool_runs, handoff_runs, final_text, last_message, missing, mcp)


_NATIVE_CALLS = frozenset(
    ("shell_call", "apply_patch_call", "computer_call", "local_shell_call", "custom_tool_call")
)
"""Model items runwright answers by running a tool here (not function calls)."""


def _native_tool(plan: AgentPlan, raw: RawItem, kind: Any) -> NativeTool | None:
    """The agent's tool for a shell/apply_patch/computer/custom call; None when the provider
    ran it (a hosted shell). Raises ModelBehaviorError when the agent has no such tool."""
    if kind == "custom_tool_call":
        tool = plan.tool_map.get(raw.get("name"))  # type: ignore[arg-type]
        if isinstance(tool, NativeTool) and tool.call_type == kind:
            return tool
        return None
    for candidate in plan.tools:
        if isinstance(candidate, NativeTool) and candidate.call_type == kind:
            return candidate if candidate.runs_locally else None
    raise ModelBehaviorError(
        f"Model produced a {kind} item, but agent {plan.agent.name!r} has no tool for it."
    )


def _is_custom_tool(plan: AgentPlan, raw: RawItem) -> bool:
    tool = plan.tool_map.get(raw.get("name"))  # type: ignore[arg-type]
    return isinstance(tool, NativeTool) and tool.call_type == "custom_tool_call"


def _as_patch_call(plan: AgentPlan, raw: RawItem) -> tuple[RawItem, str]:
    """A custom call named apply_patch (older models) as the apply_patch_call it means,
    when the agent has an ApplyPatchTool; other calls as they are."""
    natives: list[Any] = [t for t in plan.tools if isinstance(t, NativeTool)]
    tool = next((t for t in natives if t.call_type == "apply_patch_call"), None)
    if not is_patch_name(raw.get("name"), tool):
        return raw, "custom_tool_call"
    if tool is None:
        raise ModelBehaviorError("Model produced apply_patch call without an apply_patch tool.")
    return patch_call_from_custom(raw), "apply_patch_call"


def _provider_item(agent: Any, raw: RawItem, kind: Any) -> RunItem:
    if kind == "tool_search_call":
        return ToolSearchCallItem(agent, raw)
    if kind == "tool_search_output":
        return ToolSearchOutputItem(agent, raw)
    if kind == "compaction":  # the server's summary of earlier turns; replayed as it came
        return CompactionItem(agent, RawItem({k: v for k, v in raw.items() if k != "created_by"}))
    return ToolCallItem(agent, raw)


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
        return FinalOutput(results[0].output, from_tools=True)
    if isinstance(behavior, dict):
        names = behavior["stop_at_tool_names"]
        for result in results:
            if result.tool.name in names:
                return FinalOutput(result.output, from_tools=True)
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
