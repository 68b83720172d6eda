"""Determinism (replaying recorded history) and one trace across workflow and activities."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import agents_app
import pytest
from temporal_support import make_plugin
from temporalio.client import Client
from temporalio.worker import Replayer

from runwright.tracing import (
    TracingProcessor,
    add_trace_processor,
    get_trace_provider,
    trace,
)


async def test_recorded_history_replays_deterministically(
    client: Client, worker: Any, task_queue: str, tool_log: Path
) -> None:
    async with worker():
        handle = await client.start_workflow(
            agents_app.SupportWorkflow.run, "hi", id=f"replay-{uuid.uuid4()}", task_queue=task_queue
        )
        await handle.result()
    history = await handle.fetch_history()
    executed = tool_log.read_text()

    replayer = Replayer(workflows=[agents_app.SupportWorkflow], plugins=[make_plugin()])
    replay = await replayer.replay_workflow(history, raise_on_replay_failure=False)
    assert replay.replay_failure is None
    assert tool_log.read_text() == executed  # replay re-ran no tool

    # The same workflow type running its tools as workflow code schedules fewer activities:
    # replay must detect the difference (the check above is not vacuous).
    changed = Replayer(workflows=[agents_app.ChangedSupportWorkflow], plugins=[make_plugin()])
    replay = await changed.replay_workflow(history, raise_on_replay_failure=False)
    assert replay.replay_failure is not None
    assert "nondetermin" in str(replay.replay_failure).lower()


class Collect(TracingProcessor):
    def __init__(self) -> None:
        self.spans: list[Any] = []
        self.traces: list[Any] = []

    def on_trace_start(self, trace: Any) -> None:
        self.traces.append(trace)

    def on_trace_end(self, trace: Any) -> None:
        pass

    def on_span_start(self, span: Any) -> None:
        pass

    def on_span_end(self, span: Any) -> None:
        self.spans.append(span)

    def shutdown(self) -> None:
        pass

    def force_flush(self) -> None:
        pass


@pytest.mark.parametrize("client_trace", [False, True])
async def test_workflow_and_activity_spans_form_one_trace(
    client: Client, worker: Any, task_queue: str, tool_log: Path, client_trace: bool
) -> None:
    collect = Collect()
    add_trace_processor(collect)
    try:
        async with worker():
            run = client.execute_workflow(
                agents_app.SupportWorkflow.run,
                "hi",
                id=f"trace-{uuid.uuid4()}",
                task_queue=task_queue,
            )
            if client_trace:  # started inside the caller's trace: the workflow's run joins it
                with trace("Support desk") as outer:
                    await run
            else:
                await run
    finally:
        provider = get_trace_provider()
        provider.set_processors([p for p in provider.processors if p is not collect])

    assert len(collect.traces) == 1
    trace_id = collect.traces[0].trace_id
    if client_trace:
        assert trace_id == outer.trace_id
    spans = [s for s in collect.spans if s.trace_id == trace_id]
    assert len(spans) == len(collect.spans)
    by_id = {s.span_id: s for s in spans}
    kinds = [s.span_data.type for s in spans]
    assert kinds.count("response") == 4 and kinds.count("function") == 4
    activity_spans = [s for s in spans if s.span_data.type == "custom"]
    model = [s for s in activity_spans if s.span_data.name == "activity runwright_invoke_model"]
    tools = [s for s in activity_spans if s.span_data.name == "activity runwright_invoke_tool"]
    assert len(model) == 4 and len(tools) == 4
    # Each activity's span hangs under the workflow span that scheduled it.
    assert {by_id[s.parent_id].span_data.type for s in model} == {"response"}
    assert {by_id[s.parent_id].span_data.type for s in tools} == {"function"}
    # ... inside the SDK's run tree: task > agent > turn > function.
    turns = {by_id[by_id[s.parent_id].parent_id] for s in tools}
    assert {t.span_data.type for t in turns} == {"turn"}
    assert {by_id[t.parent_id].span_data.type for t in turns} == {"agent"}


@pytest.mark.parametrize("install", [False, True])
async def test_runs_outside_workflows_are_unchanged_with_the_plugin_installed(
    install: bool,
) -> None:
    from runwright import Agent, Runner, function_tool
    from runwright._loop.runner import get_default_agent_runner, set_default_agent_runner
    from runwright.testing import ScriptedModel, tool_call

    @function_tool
    def double(x: int) -> int:
        return 2 * x

    previous = get_default_agent_runner()
    if install:
        set_default_agent_runner(make_plugin().runner)
    try:
        model = ScriptedModel([tool_call("double", {"x": 21}), "42"])
        result = await Runner.run(Agent(name="a", model=model, tools=[double]), "go")
    finally:
        set_default_agent_runner(previous)
    assert result.final_output == "42"
    assert model.calls[1].input[-1]["output"] == "42"
