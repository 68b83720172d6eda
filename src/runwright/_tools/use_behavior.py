"""What happens after tools ran: ask the model again, or stop with a final output."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, Union

from typing_extensions import TypedDict

from runwright._core.items import ToolApprovalItem, ToolCallOutputItem
from runwright._tools.function_tool import FunctionTool

if TYPE_CHECKING:
    from runwright._core.context import RunContextWrapper


@dataclass(slots=True)
class FunctionToolResult:
    """One tool call's result: the tool, the value it returned, and the recorded item.

    For an agent run as a tool (``Agent.as_tool()``), ``agent_run_result`` is the
    nested run's result and ``interruptions`` the approvals it waits for.
    """

    tool: FunctionTool
    output: Any
    run_item: ToolCallOutputItem
    interruptions: list[ToolApprovalItem] = field(default_factory=list)
    agent_run_result: Any = None


@dataclass(slots=True)
class ToolsToFinalOutputResult:
    """A tool_use_behavior function's verdict."""

    is_final_output: bool
    final_output: Any = None


class StopAtTools(TypedDict):
    """Stop the run with a tool's output when any of these tools is called."""

    stop_at_tool_names: list[str]


ToolsToFinalOutputFunction = Callable[
    ["RunContextWrapper[Any]", list[FunctionToolResult]],
    ToolsToFinalOutputResult | Awaitable[ToolsToFinalOutputResult],
]

ToolUseBehavior = Union[
    Literal["run_llm_again", "stop_on_first_tool"], StopAtTools, ToolsToFinalOutputFunction
]
