"""Agent: the configuration of one LLM agent. It holds no run state.

An Agent may serve any number of concurrent runs; everything a run changes
lives in that run's RunState.
"""

from __future__ import annotations

import dataclasses
import inspect
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, Union

from .config import ModelSettings
from .context import RunContextWrapper, TContext
from .exceptions import UserError
from .handoffs import Handoff
from .lifecycle import AgentHooks
from .tools.function_tool import FunctionTool
from .tools.use_behavior import ToolUseBehavior

if TYPE_CHECKING:
    from .models.interface import Model
    from .result import RunResult

Instructions = Union[
    str,
    Callable[[RunContextWrapper[Any], "Agent[Any]"], str | Awaitable[str]],
    None,
]

_BEHAVIOURS = ("run_llm_again", "stop_on_first_tool")


@dataclass(eq=False)
class Agent(Generic[TContext]):
    """An LLM agent: instructions, a model, tools, handoffs, guardrails and an output type.

    Args:
        name: Identifies the agent (in traces, handoff tool names, RunState).
        instructions: The system prompt: a string, or ``callable(context, agent)``
            returning one (sync or async), evaluated at each model call.
        model: A model name (resolved through the run's provider) or a Model.
        model_settings: Settings for this agent's model calls.
        tools: Tools the model may call.
        handoffs: Agents (or Handoff objects) the model may hand the conversation to.
        output_type: The type of the final output; ``None``/``str`` means plain text.
        tool_use_behavior: What to do after tools ran: ``"run_llm_again"`` (default),
            ``"stop_on_first_tool"``, ``StopAtTools(...)`` or a function returning
            ``ToolsToFinalOutputResult``.
        reset_tool_choice: Reset a forced ``tool_choice`` after tools ran, so a
            forced tool call cannot loop.
        mcp_servers: MCP servers (``runwright.mcp``) whose tools are offered each
            turn beside ``tools``.
        mcp_config: ``{"convert_schemas_to_strict": bool}`` for the MCP tools.
    """

    name: str
    instructions: Instructions = None
    prompt: Any = None
    handoff_description: str | None = None
    handoffs: list[Agent[Any] | Handoff[Any]] = field(default_factory=list)
    model: str | Model | None = None
    model_settings: ModelSettings = field(default_factory=ModelSettings)
    tools: list[FunctionTool] = field(default_factory=list)
    mcp_servers: list[Any] = field(default_factory=list)
    mcp_config: dict[str, Any] = field(default_factory=dict)
    input_guardrails: list[Any] = field(default_factory=list)
    output_guardrails: list[Any] = field(default_factory=list)
    output_type: Any = None
    hooks: AgentHooks[Any] | None = None
    tool_use_behavior: ToolUseBehavior = "run_llm_again"
    reset_tool_choice: bool = True

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name:
            raise UserError(f"Agent name must be a non-empty string, got {self.name!r}.")
        if not isinstance(self.model_settings, ModelSettings):
            raise UserError(f"Agent {self.name!r}: model_settings must be a ModelSettings.")
        self._check_tools()
        self._check_tool_use_behavior()
        if self.instructions is not None and not (
            isinstance(self.instructions, str) or callable(self.instructions)
        ):
            raise UserError(
                f"Agent {self.name!r}: instructions must be a string or a callable "
                "(context, agent) -> str."
            )

    def _check_tools(self) -> None:
        if not isinstance(self.tools, list):
            raise UserError(f"Agent {self.name!r}: tools must be a list.")
        for tool in self.tools:
            if not isinstance(tool, FunctionTool):
                hint = " Decorate it with @function_tool." if callable(tool) else ""
                raise UserError(f"Agent {self.name!r}: {tool!r} is not a tool.{hint}")
        for item in self.handoffs:
            if not isinstance(item, (Agent, Handoff)):
                raise UserError(
                    f"Agent {self.name!r}: handoffs must be Agents or Handoff objects, "
                    f"got {item!r}."
                )

    def _check_tool_use_behavior(self) -> None:
        behavior = self.tool_use_behavior
        if isinstance(behavior, str):
            if behavior not in _BEHAVIOURS:
                raise UserError(
                    f"Agent {self.name!r}: tool_use_behavior {behavior!r} is not one of "
                    f"{_BEHAVIOURS}, a StopAtTools dict or a function."
                )
        elif isinstance(behavior, dict):
            names = behavior.get("stop_at_tool_names")
            if not isinstance(names, list):
                raise UserError(f"Agent {self.name!r}: StopAtTools needs stop_at_tool_names=[...].")
        elif not callable(behavior):
            raise UserError(f"Agent {self.name!r}: tool_use_behavior {behavior!r} is not valid.")

    def clone(self, **changes: Any) -> Agent[TContext]:
        """A copy with ``changes`` applied (lists are shared unless replaced)."""
        return dataclasses.replace(self, **changes)

    async def get_system_prompt(self, run_context: RunContextWrapper[TContext]) -> str | None:
        """The instructions for one model call."""
        instructions = self.instructions
        if instructions is None or isinstance(instructions, str):
            return instructions
        value = instructions(run_context, self)
        if inspect.isawaitable(value):
            value = await value
        if value is not None and not isinstance(value, str):
            raise UserError(
                f"Agent {self.name!r}: the instructions function returned "
                f"{type(value).__name__}; it must return a string."
            )
        return value

    async def get_mcp_tools(self, run_context: RunContextWrapper[TContext]) -> list[FunctionTool]:
        """The tools of ``mcp_servers`` for one turn (listed, filtered, as function tools)."""
        if not self.mcp_servers:
            return []
        from .mcp.tools import mcp_function_tools

        return await mcp_function_tools(self, run_context)

    def as_tool(
        self,
        tool_name: str | None = None,
        tool_description: str | None = None,
        custom_output_extractor: Callable[[RunResult], Awaitable[str] | str] | None = None,
        *,
        max_turns: int | None = None,
        is_enabled: Any = True,
        needs_approval: Any = False,
    ) -> FunctionTool:
        """This agent as a tool of another: each call runs a nested run of this agent.

        The nested run shares the caller's context; its usage adds to the
        caller's. The tool's output is the nested run's final output as text,
        or ``custom_output_extractor(result)``.
        """
        from .agent_tool import agent_as_tool

        return agent_as_tool(
            self,
            tool_name=tool_name,
            tool_description=tool_description,
            custom_output_extractor=custom_output_extractor,
            max_turns=max_turns,
            is_enabled=is_enabled,
            needs_approval=needs_approval,
        )
