"""The runner installed on workers: runwright's own loop, as workflow code, inside workflows.

Outside a workflow it is the ordinary runner (one ``in_workflow()`` check per
run, and only on workers with the plugin). Inside, a run is the same
driver with three substitutions, made per run on copies of the agents:

- the model provider hands out models whose calls are activities;
- plain function tools are replaced by tools whose invocation is an activity;
- the run is registered so its RunState can be queried and approvals can arrive.

Everything else — deciding the next step, approvals, guardrails, handoffs,
hooks — is deterministic code and runs in the workflow, replayed from history.
"""

from __future__ import annotations

import dataclasses
import weakref
from collections.abc import Collection
from typing import Any

from temporalio import workflow

from runwright._agent.agent import Agent
from runwright._agent.handoffs import Handoff
from runwright._core.config import RunConfig
from runwright._core.exceptions import UserError
from runwright._loop.env import RunEnv
from runwright._loop.runner import AgentRunner
from runwright._models.interface import Model
from runwright._sessions.memory import InMemorySession
from runwright._state.run_state import RunState
from runwright._temporal.approvals import current_registry
from runwright._temporal.model_stub import ActivityModelProvider
from runwright._temporal.params import ModelActivityParameters, ToolActivityParameters
from runwright._temporal.tools import _KIND, as_activity_tool
from runwright._tools.function_tool import FunctionTool

_CONVERTED = "_runwright_temporal_converted"


class TemporalAgentRunner(AgentRunner):
    """Runs agents as workflow code inside Temporal workflows (installed by the plugin)."""

    def __init__(
        self,
        model_params: ModelActivityParameters,
        tool_params: ToolActivityParameters,
        *,
        tools_as_activities: bool = True,
        registered_tools: Collection[str] = (),
    ) -> None:
        self.model_params = model_params
        self.tool_params = tool_params
        self.tools_as_activities = tools_as_activities
        self.registered_tools = frozenset(registered_tools)
        self.provider = ActivityModelProvider(model_params)
        self._tools: weakref.WeakKeyDictionary[FunctionTool, FunctionTool] = (
            weakref.WeakKeyDictionary()
        )

    async def run(self, starting_agent: Agent[Any], input: Any, **kwargs: Any) -> Any:
        if not workflow.in_workflow():
            return await super().run(starting_agent, input, **kwargs)
        converter = _Converter(self)
        kwargs = self._workflow_options(kwargs)
        if isinstance(input, RunState):
            converter.adopt(input)
        return await super().run(converter.agent(starting_agent), input, **kwargs)

    def run_streamed(self, starting_agent: Agent[Any], input: Any, **kwargs: Any) -> Any:
        if not workflow.in_workflow():
            return super().run_streamed(starting_agent, input, **kwargs)
        converter = _Converter(self)
        kwargs = self._workflow_options(kwargs)
        if isinstance(input, RunState):
            converter.adopt(input)
        return super().run_streamed(converter.agent(starting_agent), input, **kwargs)

    async def _execute(self, env: RunEnv, state: RunState[Any]) -> None:
        if workflow.in_workflow():
            current_registry().state = state
        await super()._execute(env, state)

    def _workflow_options(self, kwargs: dict[str, Any]) -> dict[str, Any]:
        """The run's options, checked and adapted for workflow code."""
        session = kwargs.get("session")
        if session is not None and not isinstance(session, InMemorySession):
            raise UserError(
                f"A {type(session).__name__} does I/O, which workflow code must not do: inside a "
                "Temporal workflow, keep the conversation in the workflow (pass "
                "result.to_input_list() to the next run) or use an InMemorySession."
            )
        if kwargs.get("durable") is not None:
            raise UserError(
                "durable= is not needed inside a Temporal workflow: the workflow's history "
                "already makes the run durable."
            )
        config = kwargs.get("run_config") or RunConfig()
        if isinstance(config.model, Model):
            raise UserError(_MODEL_INSTANCE.format(what="RunConfig.model"))
        if config.model_provider is not None and config.model_provider is not self.provider:
            raise UserError(
                "Inside a Temporal workflow, models are resolved on the worker: pass "
                "model_provider= to RunwrightPlugin(...) instead of RunConfig."
            )
        kwargs = dict(kwargs)
        kwargs["run_config"] = dataclasses.replace(config, model_provider=self.provider)
        return kwargs

    def convert_tool(self, tool: FunctionTool) -> FunctionTool:
        kind = tool._extra.get(_KIND)
        if kind is not None or "agent" in tool._extra or not self.tools_as_activities:
            return tool  # already workflow-safe, or runs a nested run (itself converted)
        converted = self._tools.get(tool)
        if converted is None:
            converted = as_activity_tool(tool, self.tool_params, self.registered_tools)
            self._tools[tool] = converted
        return converted


_MODEL_INSTANCE = (
    "{what} is a Model object; inside a Temporal workflow a model is named (a string, or "
    "None for the default) and resolved on the worker by RunwrightPlugin(model_provider=...), "
    "because every model call runs as an activity."
)


class _Converter:
    """Copies of one run's agents (handoff targets included) fit for workflow code."""

    def __init__(self, runner: TemporalAgentRunner) -> None:
        self._runner = runner
        self._done: dict[int, Agent[Any]] = {}

    def agent(self, agent: Agent[Any]) -> Agent[Any]:
        if agent.__dict__.get(_CONVERTED):
            return agent
        done = self._done.get(id(agent))
        if done is not None:
            return done
        if isinstance(agent.model, Model):
            raise UserError(_MODEL_INSTANCE.format(what=f"Agent {agent.name!r}'s model"))
        if agent.mcp_servers:
            raise UserError(
                f"Agent {agent.name!r} has MCP servers, which do I/O from workflow code; "
                "inside a Temporal workflow wrap MCP calls in activities (activity_as_tool)."
            )
        copy = agent.clone()
        copy.__dict__[_CONVERTED] = True
        self._done[id(agent)] = copy
        copy.tools = [self._runner.convert_tool(t) for t in agent.tools]
        copy.handoffs = [self._handoff(h) for h in agent.handoffs]
        return copy

    def _handoff(self, target: Agent[Any] | Handoff[Any]) -> Agent[Any] | Handoff[Any]:
        if isinstance(target, Agent):
            return self.agent(target)
        original = target.on_invoke_handoff

        async def invoke(ctx: Any, arguments: str) -> Agent[Any]:
            return self.agent(await original(ctx, arguments))

        agent = target.agent
        return dataclasses.replace(
            target,
            on_invoke_handoff=invoke,
            agent=None if agent is None else self.agent(agent),
        )

    def adopt(self, state: RunState[Any]) -> None:
        """A state being resumed points at the converted agents of this run."""
        state.current_agent = self.agent(state.current_agent)
        state.starting_agent = self.agent(state.starting_agent)
