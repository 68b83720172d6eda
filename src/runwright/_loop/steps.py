"""What a model response means for the run, and what the run does next.

These are plain values: ``decide`` produces them without I/O, the driver
acts on them through the executor.
"""

from __future__ import annotations

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


class _Value:
    """Base of the plain values below: equal when of one type with equal fields, and a
    dataclass-like repr.

    Hand-written slots and ``__init__`` rather than ``@dataclass``: these are made every
    turn, and ``import runwright`` does not pay for generating their methods (a dataclass
    compiles its ``__init__``/``__repr__``/``__eq__`` when its module loads).
    """

    __slots__: tuple[str, ...] = ()
    __hash__ = None  # type: ignore[assignment]  # mutable values: not hashable

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return all(getattr(self, name) == getattr(other, name) for name in self.__slots__)

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__)
        return f"{type(self).__name__}({shown})"


class AgentPlan(_Value):
    """One agent as offered to the model on a turn: its enabled tools, handoffs, schema.

    ``span_tools``/``span_handoffs``: the tool and handoff target names for the agent
    span, made once per plan (shared, never mutated). ``implicit_settings``: (the agent's
    initial settings, the run model's defaults); the run uses the second while the agent's
    settings still equal the first (see _core/default_models.py). ``run_scoped``: tools
    set up for the run before a model call and released when it ends (a ComputerTool's
    computer: the preview declaration reads its screen size).
    """

    __slots__ = (
        "agent", "model", "tools", "tool_map", "handoffs", "handoff_map", "output_schema",
        "span_tools", "span_handoffs", "implicit_settings", "run_scoped",
    )  # fmt: skip

    def __init__(
        self,
        agent: Agent[Any],
        model: Model,
        tools: list[FunctionTool],
        tool_map: dict[str, FunctionTool],
        handoffs: list[Handoff[Any]],
        handoff_map: dict[str, Handoff[Any]],
        output_schema: AgentOutputSchemaBase | None,
        span_tools: list[str],
        span_handoffs: list[str],
        implicit_settings: tuple[ModelSettings, ModelSettings] | None = None,
        run_scoped: tuple[Any, ...] = (),
    ) -> None:
        self.agent = agent
        self.model = model
        self.tools = tools
        self.tool_map = tool_map
        self.handoffs = handoffs
        self.handoff_map = handoff_map
        self.output_schema = output_schema
        self.span_tools = span_tools
        self.span_handoffs = span_handoffs
        self.implicit_settings = implicit_settings
        self.run_scoped = run_scoped


class ToolRun(_Value):
    """A function call to run with the tool it names."""

    __slots__ = ("call", "tool")

    def __init__(self, call: RawItem, tool: FunctionTool) -> None:
        self.call = call
        self.tool = tool


class HandoffRun(_Value):
    """A handoff call with the handoff it names."""

    __slots__ = ("call", "handoff")

    def __init__(self, call: RawItem, handoff: Handoff[Any]) -> None:
        self.call = call
        self.handoff = handoff


class ProcessedResponse(_Value):
    """A model response classified: new items in output order, calls to perform.

    ``final_text``: the last message's text, if the response had a message;
    ``last_message``: that message item (read for refusals); ``missing_calls``: calls of
    tools the agent does not offer, to be answered with an error
    (``RunConfig(tool_not_found_behavior="return_error_to_model")``); ``mcp_requests``:
    hosted MCP servers' approval requests, answered before the next model call.
    """

    __slots__ = (
        "new_items", "tool_runs", "handoff_runs", "final_text", "last_message",
        "missing_calls", "mcp_requests",
    )  # fmt: skip

    def __init__(
        self,
        new_items: list[RunItem],
        tool_runs: list[ToolRun],
        handoff_runs: list[HandoffRun],
        final_text: str | None,
        last_message: RawItem | None = None,
        missing_calls: list[RawItem] | None = None,
        mcp_requests: list[MCPRequest] | None = None,
    ) -> None:
        self.new_items = new_items
        self.tool_runs = tool_runs
        self.handoff_runs = handoff_runs
        self.final_text = final_text
        self.last_message = last_message
        self.missing_calls = missing_calls
        self.mcp_requests = mcp_requests


class MCPRequest(_Value):
    """An ``mcp_approval_request`` with the HostedMCPTool of its server (None: unknown)."""

    __slots__ = ("request", "tool")

    def __init__(self, request: RawItem, tool: HostedMCPTool | None) -> None:
        self.request = request
        self.tool = tool


class RunAgain(_Value):
    """Call the model again with what was recorded."""

    __slots__ = ()


class FinalOutput(_Value):
    """The run is done with this output (guardrails and hooks still to run).

    ``from_tools``: the output is a tool's result (the agent's tool_use_behavior
    stopped on it), so an output guardrail rejecting it withholds the tool output.
    """

    __slots__ = ("output", "from_tools")

    def __init__(self, output: Any, from_tools: bool = False) -> None:
        self.output = output
        self.from_tools = from_tools


class HandoffTo(_Value):
    """Hand the conversation to another agent; ``ignored`` handoff calls get error outputs."""

    __slots__ = ("run", "ignored")

    def __init__(self, run: HandoffRun, ignored: tuple[HandoffRun, ...] = ()) -> None:
        self.run = run
        self.ignored = ignored


class AskToolUseFunction(_Value):
    """Ask the agent's tool_use_behavior function whether the tool results are final."""

    __slots__ = ("function", "results")

    def __init__(
        self, function: ToolsToFinalOutputFunction, results: list[FunctionToolResult]
    ) -> None:
        self.function = function
        self.results = results


class InvalidFinalOutput(_Value):
    """The model's final output did not validate; re-ask it, or fail with ``error``.

    ``missing``: the response had no text to validate; unless an error handler
    answers, the model is simply called again.
    """

    __slots__ = ("error", "missing")

    def __init__(self, error: Exception, missing: bool = False) -> None:
        self.error = error
        self.missing = missing


class Refusal(_Value):
    """The final message was a refusal; an error handler answers, or ModelRefusalError."""

    __slots__ = ("refusal",)

    def __init__(self, refusal: str) -> None:
        self.refusal = refusal


NextStep = Union[RunAgain, FinalOutput, HandoffTo, AskToolUseFunction, InvalidFinalOutput, Refusal]

RUN_AGAIN = RunAgain()
