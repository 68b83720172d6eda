"""Lifecycle hooks: callbacks at the edges of agent turns, model calls, tools and handoffs.

Order within one run: ``on_agent_start`` (first turn of each agent) →
``on_llm_start`` → ``on_llm_end`` → per tool ``on_tool_start`` → ``on_tool_end``
→ ``on_handoff`` → … → ``on_agent_end`` with the final output. Run-level hooks
(:class:`RunHooks`, passed to ``Runner.run``) are awaited before the agent's own
(:class:`AgentHooks`, set on ``Agent.hooks``).

The context each hook receives, as in the OpenAI Agents SDK: agent start/end
get an :class:`AgentHookContext` (with ``turn_input``); model calls and
handoffs the run's :class:`RunContextWrapper`; tool start/end the call's
:class:`~runwright.tool_context.ToolContext` (``tool_name``, ``tool_call_id``,
``tool_arguments``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Generic

from typing_extensions import TypeVar

from runwright._core.context import AgentHookContext, RunContextWrapper, TContext

if TYPE_CHECKING:
    from runwright._agent.agent import Agent
    from runwright._core.budget import BudgetWarning
    from runwright._core.items import ModelResponse, TResponseInputItem
    from runwright._tools.function_tool import Tool


TAgent = TypeVar("TAgent", default=Any)
"""The agent type hooks are written for (the SDK's second type parameter)."""


class RunHooksBase(Generic[TContext, TAgent]):
    """Run hooks, generic in context and agent type; subclass :class:`RunHooks`."""

    async def on_agent_start(self, context: AgentHookContext[TContext], agent: Agent[Any]) -> None:
        """An agent starts running (first turn, and after a handoff to it)."""

    async def on_agent_end(
        self, context: AgentHookContext[TContext], agent: Agent[Any], output: Any
    ) -> None:
        """The agent produced the run's final output."""

    async def on_llm_start(
        self,
        context: RunContextWrapper[TContext],
        agent: Agent[Any],
        system_prompt: str | None,
        input_items: list[TResponseInputItem],
    ) -> None:
        """A model call is about to be made."""

    async def on_llm_end(
        self, context: RunContextWrapper[TContext], agent: Agent[Any], response: ModelResponse
    ) -> None:
        """A model call returned."""

    async def on_tool_start(
        self, context: RunContextWrapper[TContext], agent: Agent[Any], tool: Tool
    ) -> None:
        """A tool is about to run; ``context`` is the call's ToolContext."""

    async def on_tool_end(
        self, context: RunContextWrapper[TContext], agent: Agent[Any], tool: Tool, result: object
    ) -> None:
        """A tool returned ``result`` (its value; ``context`` is the call's ToolContext)."""

    async def on_handoff(
        self,
        context: RunContextWrapper[TContext],
        from_agent: Agent[Any],
        to_agent: Agent[Any],
    ) -> None:
        """Control moves from ``from_agent`` to ``to_agent``."""

    async def on_budget_warning(
        self, context: RunContextWrapper[TContext], warning: BudgetWarning
    ) -> None:
        """The run reached ``RunBudget.warn_at`` of one of its limits (once per limit)."""


class AgentHooksBase(Generic[TContext, TAgent]):
    """Agent hooks, generic in context and agent type; subclass :class:`AgentHooks`."""

    async def on_start(self, context: AgentHookContext[TContext], agent: Agent[Any]) -> None:
        """This agent starts running."""

    async def on_end(
        self, context: AgentHookContext[TContext], agent: Agent[Any], output: Any
    ) -> None:
        """This agent produced the final output."""

    async def on_handoff(
        self, context: RunContextWrapper[TContext], agent: Agent[Any], source: Agent[Any]
    ) -> None:
        """This agent receives control from ``source``."""

    async def on_llm_start(
        self,
        context: RunContextWrapper[TContext],
        agent: Agent[Any],
        system_prompt: str | None,
        input_items: list[TResponseInputItem],
    ) -> None:
        """This agent is about to call its model."""

    async def on_llm_end(
        self, context: RunContextWrapper[TContext], agent: Agent[Any], response: ModelResponse
    ) -> None:
        """This agent's model call returned."""

    async def on_tool_start(
        self, context: RunContextWrapper[TContext], agent: Agent[Any], tool: Tool
    ) -> None:
        """One of this agent's tools is about to run; ``context`` is the call's ToolContext."""

    async def on_tool_end(
        self, context: RunContextWrapper[TContext], agent: Agent[Any], tool: Tool, result: object
    ) -> None:
        """One of this agent's tools returned ``result``."""


class RunHooks(RunHooksBase[TContext, Any]):
    """Override the methods you need; each is awaited at its point of the run."""


class AgentHooks(AgentHooksBase[TContext, Any]):
    """Hooks for one agent (``Agent(hooks=...)``); same points as :class:`RunHooks`."""


async def notify_hooks(
    run_hooks: RunHooksBase[Any, Any] | None,
    agent: Agent[Any],
    event: str,
    context: RunContextWrapper[Any],
    *args: Any,
) -> None:
    """Awaits ``run_hooks.<event>(context, agent, *args)``, then the agent's own hook.

    The agent hook's name drops the ``agent_`` part (``on_agent_start`` →
    ``on_start``); handoffs, whose arguments differ, are notified separately.
    Hot paths test for hooks before calling, so an unhooked run makes no coroutine.
    """
    if run_hooks is not None:
        await getattr(run_hooks, event)(context, agent, *args)
    if agent.hooks is not None:
        await getattr(agent.hooks, event.replace("agent_", ""))(context, agent, *args)
