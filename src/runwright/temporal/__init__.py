"""Agent runs on Temporal: ``pip install "runwright[temporal]"``.

On the client and worker::

    from runwright.temporal import RunwrightPlugin, ModelActivityParameters

    plugin = RunwrightPlugin(
        model_params=ModelActivityParameters(start_to_close_timeout=timedelta(seconds=60)),
    )
    client = await Client.connect("localhost:7233", plugins=[plugin])
    worker = Worker(client, task_queue="agents", workflows=[SupportWorkflow])

In workflow code, ``await Runner.run(agent, input)`` as anywhere else: the
loop runs as deterministic workflow code, each model call and each function
tool call is an activity. Names follow Temporal's plugin for the OpenAI
Agents SDK (``OpenAIAgentsPlugin`` is an alias of :class:`RunwrightPlugin`,
``activity_as_tool`` is in :mod:`runwright.temporal.workflow` too).
See docs/scale-out.md.

This module imports ``temporalio``; ``import runwright`` never does.
"""

from __future__ import annotations

from runwright._temporal.approvals import (
    QUERY_PENDING,
    QUERY_RUN_STATE,
    SIGNAL_APPROVAL,
    UPDATE_APPROVAL,
    ApprovalDecision,
    wait_for_approvals,
)
from runwright._temporal.client import approve, pending_approvals, query_run_state, reject
from runwright._temporal.params import ModelActivityParameters, ToolActivityParameters
from runwright._temporal.plugin import PASSTHROUGH_MODULES, OpenAIAgentsPlugin, RunwrightPlugin
from runwright._temporal.runner import TemporalAgentRunner
from runwright._temporal.tools import ToolActivityError, activity_as_tool, run_in_workflow
from runwright.temporal import workflow

__all__ = [
    "PASSTHROUGH_MODULES",
    "QUERY_PENDING",
    "QUERY_RUN_STATE",
    "SIGNAL_APPROVAL",
    "UPDATE_APPROVAL",
    "ApprovalDecision",
    "ModelActivityParameters",
    "OpenAIAgentsPlugin",
    "RunwrightPlugin",
    "TemporalAgentRunner",
    "ToolActivityError",
    "ToolActivityParameters",
    "activity_as_tool",
    "approve",
    "pending_approvals",
    "query_run_state",
    "reject",
    "run_in_workflow",
    "wait_for_approvals",
    "workflow",
]
