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

from typing_extensions import TypedDict

from runwright._agent.handoffs import Handoff
from runwright._agent.prompts import DynamicPromptFunction, Prompt, PromptUtil
from runwright._core.config import ModelSettings
from runwright._core.context import RunContextWrapper, TContext
from runwright._core.default_models import get_default_model_settings, initial_model_settings
from runwright._core.exceptions import UserError
from runwright._core.lifecycle import AgentHooks
from runwright._tools.function_tool import FunctionTool, default_tool_error_function
from runwright._tools.hosted import HostedTool
from runwright._tools.native import NativeTool
from runwright._tools.use_behavior import (  # noqa: F401  (also importable from here, as in the SDK)
    StopAtTools,
    ToolsToFinalOutputFunction,
    ToolsToFinalOutputResult,
    ToolUseBehavior,
)

if TYPE_CHECKING:
    from runwright._core.config import RunConfig
    from runwright._core.events import StreamEvent
    from runwright._core.lifecycle import RunHooks
    from runwright._loop.result import RunResult
    from runwright._models.interface import Model

Instructions = Union[
    str,
    Callable[[RunContextWrapper[Any], "Agent[Any]"], str | Awaitable[str]],
    None,
]

_BEHAVIOURS = ("run_llm_again", "stop_on_first_tool")


class AgentToolStreamEvent(TypedDict):
    """What ``Agent.as_tool(on_stream=...)`` receives for each event of the nested run."""

    event: StreamEvent
    """The nested run's stream event."""
    agent: Agent[Any]
    """The nested run's agent when the event happened."""
    tool_call: Any
    """The function call item that started the nested run."""


@dataclass(eq=False)
class AgentBase(Generic[TContext]):
    """What every agent kind has: a name, a description for handoffs, tools, MCP servers.

    Compared by identity (``eq=False``), like :class:`Agent`.
    """

    name: str
    handoff_description: str | None = None
    tools: list[FunctionTool] = field(default_factory=list)
    mcp_servers: list[Any] = field(default_factory=list)
    mcp_config: dict[str, Any] = field(default_factory=dict)

    async def get_all_tools(self, run_context: RunContextWrapper[Any]) -> list[FunctionTool]:
        """The tools the model is offered now: those whose ``is_enabled`` allows it.

        The run loop reads tools through this one place (see
        :func:`resolve_tools`); a subclass overriding it decides what each turn offers.
        """
        tools, _ = await resolve_tools(self, run_context)
        return tools

    async def get_mcp_tools(self, run_context: RunContextWrapper[Any]) -> list[FunctionTool]:
        """The tools of ``mcp_servers`` for one turn (listed, filtered, as function tools)."""
        if not self.mcp_servers:
            return []
        # the MCP room (asyncio, the server glue) loads only for agents that have MCP servers
        from runwright._mcp.tools import mcp_function_tools

        return await mcp_function_tools(self, run_context)


async def resolve_tools(
    agent: AgentBase[Any], run_context: RunContextWrapper[Any]
) -> tuple[list[FunctionTool], bool]:
    """The agent's enabled tools, and whether that list is fixed (no dynamic ``is_enabled``):
    a fixed list may be cached across turns and runs."""
    static = True
    tools: list[FunctionTool] = []
    if agent.mcp_servers:
        # MCP tools are listed per turn (servers' tools may change): never a fixed list.
        tools.extend(await agent.get_mcp_tools(run_context))
        static = False
    for tool in agent.tools:
        enabled = tool.is_enabled
        if enabled is True or (
            enabled is not False and await _enabled(enabled, run_context, agent)
        ):
            tools.append(tool)
        static = static and isinstance(enabled, bool)
    return tools, static


async def _enabled(predicate: Any, ctx: RunContextWrapper[Any], agent: AgentBase[Any]) -> bool:
    if not callable(predicate):
        return bool(predicate)
    value = predicate(ctx, agent)
    if inspect.isawaitable(value):
        value = await value
    return bool(value)


@dataclass(eq=False)
class Agent(AgentBase[TContext]):
    """An LLM agent: instructions, a model, tools, handoffs, guardrails and an output type.

    Args:
        name: Identifies the agent (in traces, handoff tool names, RunState).
        instructions: The system prompt: a string, or ``callable(context, agent)``
            returning one (sync or async), evaluated at each model call.
        prompt: A prompt stored on the OpenAI platform (``{"id": ..., "version": ...,
            "variables": {...}}``), or a function of ``GenerateDynamicPromptData``
            returning one; sent with each call by the Responses API model.
        model: A model name (resolved through the run's provider) or a Model.
        model_settings: Settings for this agent's model calls. Left out: the default
            settings of the agent's model (GPT-5 models: low verbosity and a reasoning
            effort, see ``runwright.models.get_default_model_settings``).
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
        mcp_config: ``convert_schemas_to_strict``, ``failure_error_function`` and
            ``include_server_in_tool_names`` for the MCP tools (see docs/mcp.md).
    """

    instructions: Instructions = None
    prompt: Prompt | DynamicPromptFunction | None = None
    handoffs: list[Agent[Any] | Handoff[Any]] = field(default_factory=list)
    model: str | Model | None = None
    model_settings: ModelSettings = field(default_factory=get_default_model_settings)
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
        if self.model is not None and self.model_settings == get_default_model_settings():
            # untouched defaults follow the agent's own model (plain for a Model object)
            self.model_settings = initial_model_settings(self.model)
        self._check_tools()
        self._check_tool_use_behavior()
        if self.instructions is not None and not (
            isinstance(self.instructions, str) or callable(self.instructions)
        ):
            raise UserError(
                f"Agent {self.name!r}: instructions must be a string or a callable "
                "(context, agent) -> str."
            )
        if self.prompt is not None and not (isinstance(self.prompt, dict) or callable(self.prompt)):
            raise UserError(
                f"Agent {self.name!r}: prompt must be a Prompt dict ({{'id': ...}}) or a "
                "function returning one."
            )

    def _check_tools(self) -> None:
        if not isinstance(self.tools, list):
            raise UserError(f"Agent {self.name!r}: tools must be a list.")
        for tool in self.tools:
            if not isinstance(tool, (FunctionTool, HostedTool, NativeTool)):
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
        """A copy with ``changes`` applied (lists are shared unless replaced).

        A new ``model`` brings its default settings along when this agent's settings
        are still the initial ones of its own model and no ``model_settings`` is given.
        """
        if (
            "model" in changes
            and "model_settings" not in changes
            and self.model_settings == initial_model_settings(self.model)
        ):
            changes["model_settings"] = initial_model_settings(changes["model"])
        return dataclasses.replace(self, **changes)

    async def get_prompt(self, run_context: RunContextWrapper[TContext]) -> dict[str, Any] | None:
        """The stored prompt for one model call (``{"id", "version", "variables"}``), or
        None when the agent has no ``prompt``; a dynamic prompt function is called here."""
        return await PromptUtil.to_model_input(self.prompt, run_context, self)

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

    def as_tool(
        self,
        tool_name: str | None = None,
        tool_description: str | None = None,
        custom_output_extractor: Callable[[RunResult], Awaitable[str] | str] | None = None,
        is_enabled: Any = True,
        on_stream: Callable[[AgentToolStreamEvent], Any] | None = None,
        run_config: RunConfig | None = None,
        max_turns: int | None = None,
        hooks: RunHooks[Any] | None = None,
        previous_response_id: str | None = None,
        conversation_id: str | None = None,
        session: Any = None,
        failure_error_function: Any = default_tool_error_function,
        needs_approval: Any = False,
        parameters: type[Any] | None = None,
        input_builder: Callable[..., Any] | None = None,
        include_input_schema: bool = False,
        on_stream_max_pending_events: int | None = 1024,
    ) -> FunctionTool:
        """This agent as a tool of another: each call runs a nested run of this agent.

        The nested run shares the caller's context and run config (unless
        ``run_config`` is given); its usage adds to the caller's. The tool's
        output is the nested run's final output (or, when that is empty, its
        last non-empty message or tool output), or ``custom_output_extractor(result)``.

        Args:
            tool_name: Defaults to the agent's name made function-style
                ("FAQ-bot" → ``faq_bot``), as in the OpenAI Agents SDK.
            on_stream: Called (sync or async) with an :class:`AgentToolStreamEvent`
                for every event of the nested run, which then runs streamed. Errors
                it raises are logged, not raised.
            on_stream_max_pending_events: How many events of the nested run may
                wait while ``on_stream`` handles one (default 1024; None: no limit).
                Past it the nested run is stopped and the tool fails through
                ``failure_error_function``, as in the SDK.
            parameters: A pydantic model or dataclass for structured tool input.
                The nested run's input is then the arguments as JSON (or, when
                the schema has descriptions, ``include_input_schema`` is set or
                ``input_builder`` is given, a message built from them); the
                nested run's context wrapper holds them as ``tool_input``.
            input_builder: ``builder({"params", "summary", "json_schema"})`` →
                the nested run's input (a string or input items; sync or async).
            failure_error_function: Turns a failed nested run into text for the
                model (``None``: the error ends the outer run).
        """
        # the one upward call: agent_tool drives nested runs through the runner (built on this)
        from runwright._loop.agent_tool import AgentToolOptions, agent_as_tool

        if on_stream is not None and not callable(on_stream):
            raise UserError(f"Agent {self.name!r}: as_tool(on_stream=...) must be a function.")
        if on_stream_max_pending_events is not None and on_stream_max_pending_events <= 0:
            raise UserError("on_stream_max_pending_events must be a positive integer or None.")
        options = AgentToolOptions(
            custom_output_extractor=custom_output_extractor,
            on_stream=on_stream,
            run_config=run_config,
            max_turns=max_turns,
            hooks=hooks,
            previous_response_id=previous_response_id,
            conversation_id=conversation_id,
            session=session,
            input_builder=input_builder,
            on_stream_max_pending_events=on_stream_max_pending_events,
        )
        return agent_as_tool(
            self,
            options,
            tool_name=tool_name,
            tool_description=tool_description,
            is_enabled=is_enabled,
            needs_approval=needs_approval,
            failure_error_function=failure_error_function,
            parameters=parameters,
            include_input_schema=include_input_schema,
        )
