"""What a model response means for the run, and what the run does next.

These are plain values: ``decide`` produces them without I/O, the driver
acts on them through the executor.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Union

from runwright._agent.handoffs import Handoff
from runwright._core.items import RawItem, RunItem
from runwright._tools.function_tool import FunctionTool

if TYPE_CHECKING:
    from runwright._agent.agent import Agent
    from runwright._agent.output_schema import AgentOutputSchemaBase
    from runwright._core.config import ModelSettings
    from runwright._models.interface import Model
    from runwright._tools.hosted import HostedMCPTool
    from runwright._tools.use_behavior import FunctionToolResult, ToolsToFinalOutputFunction


@dataclass(frozen=True)
class AgentPlan:
    """One agent as offered to the model on a turn: its enabled tools, handoffs, schema."""

    agent: Agent[Any]
    model: Model
    tools: list[FunctionTool]
    tool_map: dict[str, FunctionTool]
    handoffs: list[Handoff[Any]]
    handoff_map: dict[str, Handoff[Any]]
    output_schema: AgentOutputSchemaBase | None
    span_tools: list[str]
    """Tool names for the agent span, made once per plan (shared, never mutated)."""
    span_handoffs: list[str]
    """Handoff target names for the agent span, made once per plan (shared)."""
    implicit_settings: tuple[ModelSettings, ModelSettings] | None = None
    """(the agent's initial settings, the run model's defaults): the run uses the second
    while the agent's settings still equal the first (see _core/default_models.py)."""
    run_scoped: tuple[Any, ...] = ()
    """Tools set up for the run before a model call and released when it ends (a
    ComputerTool's computer: the preview declaration reads its screen size)."""


@dataclass(slots=True)
class ToolRun:
    """A function call to run with the tool it names."""

    call: RawItem
    tool: FunctionTool


@dataclass(slots=True)
class HandoffRun:
    """A handoff call with the handoff it names."""

    call: RawItem
    handoff: Handoff[Any]


@dataclass(slots=True)
class ProcessedResponse:
    """A model response classified: new items in output order, calls to perform."""

    new_items: list[RunItem]
    tool_runs: list[ToolRun]
    handoff_runs: list[HandoffRun]
    final_text: str | None
    """The last message's text, if the response had a message."""
    last_message: RawItem | None = None
    """The response's last message item (read for refusals), if it had one."""
    missing_calls: list[RawItem] | None = None
    """Calls of tools the agent does not offer, to be answered with an error
    (``RunConfig(tool_not_found_behavior="return_error_to_model")``)."""
    mcp_requests: list[MCPRequest] | None = None
    """Hosted MCP servers' approval requests, answered before the next model call."""


@dataclass(slots=True)
class MCPRequest:
    """An ``mcp_approval_request`` with the HostedMCPTool of its server (None: unknown)."""

    request: RawItem
    tool: HostedMCPTool | None


@dataclass(frozen=True)
class RunAgain:
    """Call the model again with what was recorded."""


@dataclass(frozen=True)
class FinalOutput:
    """The run is done with this output (guardrails and hooks still to run).

    ``from_tools``: the output is a tool's result (the agent's tool_use_behavior
    stopped on it), so an output guardrail rejecting it withholds the tool output.
    """

    output: Any
    from_tools: bool = False


@dataclass(frozen=True)
class HandoffTo:
    """Hand the conversation to another agent; ``ignored`` handoff calls get error outputs."""

    run: HandoffRun
    ignored: tuple[HandoffRun, ...] = ()


@dataclass(frozen=True)
class AskToolUseFunction:
    """Ask the agent's tool_use_behavior function whether the tool results are final."""

    function: ToolsToFinalOutputFunction
    results: list[FunctionToolResult]


@dataclass(frozen=True)
class InvalidFinalOutput:
    """The model's final output did not validate; re-ask it, or fail with ``error``.

    ``missing``: the response had no text to validate; unless an error handler
    answers, the model is simply called again.
    """

    error: Exception
    missing: bool = False


@dataclass(frozen=True)
class Refusal:
    """The final message was a refusal; an error handler answers, or ModelRefusalError."""

    refusal: str


NextStep = Union[RunAgain, FinalOutput, HandoffTo, AskToolUseFunction, InvalidFinalOutput, Refusal]

RUN_AGAIN = RunAgain()
