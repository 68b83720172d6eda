"""RunwrightPlugin: one object given to the Temporal client and worker."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from typing import Any

from temporalio.plugin import SimplePlugin
from temporalio.worker import WorkflowRunner
from temporalio.worker.workflow_sandbox import SandboxedWorkflowRunner

from runwright._core.exceptions import AgentsException, UserError
from runwright._loop.runner import get_default_agent_runner, set_default_agent_runner
from runwright._models.interface import ModelProvider
from runwright._temporal.activities import ModelActivity, ToolActivity
from runwright._temporal.params import ModelActivityParameters, ToolActivityParameters
from runwright._temporal.runner import TemporalAgentRunner
from runwright._temporal.tracing import RunwrightInterceptor, WorkflowTraceProvider
from runwright._tools.function_tool import FunctionTool
from runwright._tracing.provider import get_trace_provider, set_trace_provider

PASSTHROUGH_MODULES = (
    "runwright",
    "pydantic",
    "pydantic_core",
    "docstring_parser",
    "orjson",
    "typing_extensions",
)
"""Modules the workflow sandbox shares with the worker instead of re-importing per workflow."""


class RunwrightPlugin(SimplePlugin):
    """Runs runwright agents inside Temporal workflows.

    Give it to ``Client.connect(..., plugins=[plugin])`` (workers made from
    that client get it too) or to ``Worker(..., plugins=[plugin])``. Then,
    inside a workflow, ``await Runner.run(agent, input)`` runs the agent loop
    as workflow code: each model call is an activity (options from
    ``model_params``), each plain ``@function_tool`` call is an activity
    (options from ``tool_params``), and the run survives worker crashes and
    restarts through the workflow's history.

    Args:
        model_params: options of the model activities.
        model_provider: resolves model names on the worker (default: the
            OpenAI-compatible provider, configured from the environment).
        tool_params: options of the function-tool activities.
        tools: tools the tool activity may also find by name (for tools not
            importable by module and name, e.g. made inside a function).
        tools_as_activities: False runs plain function tools as workflow code
            (only for deterministic tools without I/O), as Temporal's plugin
            for the OpenAI Agents SDK does.
        register_activities: False leaves the activities out of this worker
            (workers that run only workflows).
        add_temporal_spans: open an ``activity <name>`` span on the worker
            for each activity, under the span that scheduled it.

    Raises:
        UserError: a timeout is missing (model calls need one) or a tool is
            not a FunctionTool.
    """

    def __init__(
        self,
        model_params: ModelActivityParameters | None = None,
        model_provider: ModelProvider | None = None,
        *,
        tool_params: ToolActivityParameters | None = None,
        tools: Iterable[FunctionTool] = (),
        tools_as_activities: bool = True,
        register_activities: bool = True,
    ) -> None:
        model_params = model_params or ModelActivityParameters()
        if model_params.start_to_close_timeout is None and (
            model_params.schedule_to_close_timeout is None
        ):
            raise UserError(
                "ModelActivityParameters needs start_to_close_timeout or "
                "schedule_to_close_timeout: a model call must not wait forever."
            )
        tool_list = list(tools)
        for tool in tool_list:
            if not isinstance(tool, FunctionTool):
                raise UserError(f"tools= takes function tools, got {tool!r:.80}.")
        self.model_params = model_params
        self.tool_params = tool_params or ToolActivityParameters()
        self.runner = TemporalAgentRunner(
            model_params,
            self.tool_params,
            tools_as_activities=tools_as_activities,
            registered_tools=[t.name for t in tool_list],
        )
        model_activity = ModelActivity(model_provider)
        tool_activity = ToolActivity(tool_list)

        def add_activities(existing: Any) -> list[Any]:
            mine = [model_activity.invoke_model, tool_activity.invoke_tool]
            return [*(existing or []), *(mine if register_activities else [])]

        super().__init__(
            "runwright.RunwrightPlugin",
            interceptors=[RunwrightInterceptor()],
            activities=add_activities,
            workflow_runner=_with_passthrough,
            workflow_failure_exception_types=[AgentsException],
            run_context=self._installed,
        )

    @asynccontextmanager
    async def _installed(self) -> AsyncIterator[None]:
        """While the worker runs: runwright's runner and trace provider are Temporal-aware."""
        previous_runner = get_default_agent_runner()
        previous_provider = get_trace_provider()
        set_default_agent_runner(self.runner)
        if not isinstance(previous_provider, WorkflowTraceProvider):
            set_trace_provider(WorkflowTraceProvider(previous_provider))
        try:
            yield
        finally:
            set_default_agent_runner(previous_runner)
            set_trace_provider(previous_provider)


def _with_passthrough(runner: WorkflowRunner | None) -> WorkflowRunner:
    if runner is None:
        raise UserError("RunwrightPlugin needs the worker's workflow runner; got none.")
    if isinstance(runner, SandboxedWorkflowRunner):
        restrictions = runner.restrictions.with_passthrough_modules(*PASSTHROUGH_MODULES)
        return dataclasses.replace(runner, restrictions=restrictions)
    return runner


OpenAIAgentsPlugin = RunwrightPlugin
"""The name of Temporal's plugin for the OpenAI Agents SDK, for code switching over."""
