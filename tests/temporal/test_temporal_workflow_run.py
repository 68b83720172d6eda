"""An agent run as a Temporal workflow: parallel tools, a handoff, clear failures."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import agents_app
import pytest
from temporal_support import log_lines
from temporalio.client import Client, WorkflowFailureError


async def test_multi_turn_run_with_parallel_tools_and_a_handoff(
    client: Client, worker: Any, task_queue: str, tool_log: Path
) -> None:
    async with worker():
        result = await client.execute_workflow(
            agents_app.SupportWorkflow.run,
            "Where are my orders, and refund A1?",
            id=f"support-{uuid.uuid4()}",
            task_queue=task_queue,
        )

    assert result["final_output"] == "Refunded A1; B2 is on its way; 2+3=5."
    assert result["last_agent"] == "Specialist"
    assert result["requests"] == 4
    assert result["items"] == [
        *["tool_call_item"] * 3,
        *["tool_call_output_item"] * 3,
        "handoff_call_item",
        "handoff_output_item",
        "tool_call_item",
        "tool_call_output_item",
        "message_output_item",
    ]
    # Every tool ran once, as an activity (the log is written by the tool's own code).
    assert sorted(log_lines(tool_log)) == [
        "add:2+3",
        "lookup_order:A1",
        "lookup_order:B2",
        "refund:A1",
    ]


async def test_every_model_call_and_tool_call_is_an_activity(
    client: Client, worker: Any, task_queue: str, tool_log: Path
) -> None:
    async with worker():
        handle = await client.start_workflow(
            agents_app.SupportWorkflow.run,
            "hi",
            id=f"support-{uuid.uuid4()}",
            task_queue=task_queue,
        )
        await handle.result()
    history = await handle.fetch_history()
    scheduled = [
        event.activity_task_scheduled_event_attributes.activity_type.name
        for event in history.events
        if event.HasField("activity_task_scheduled_event_attributes")
    ]
    assert scheduled.count("runwright_invoke_model") == 4
    assert scheduled.count("runwright_invoke_tool") == 4


async def test_a_model_object_on_an_agent_fails_the_workflow_with_a_clear_message(
    client: Client, worker: Any, task_queue: str
) -> None:
    async with worker():
        with pytest.raises(WorkflowFailureError) as caught:
            await client.execute_workflow(
                agents_app.ModelObjectWorkflow.run,
                "hi",
                id=f"bad-{uuid.uuid4()}",
                task_queue=task_queue,
            )
    cause = caught.value.cause
    assert "UserError" in str(getattr(cause, "type", "")) or "UserError" in repr(cause)
    assert "resolved on the worker" in str(cause)


async def test_streamed_run_in_a_workflow_and_the_run_context_reaching_a_tool_activity(
    client: Client, worker: Any, task_queue: str, tool_log: Path
) -> None:
    async with worker():
        result = await client.execute_workflow(
            agents_app.StreamedContextWorkflow.run,
            "Ann",
            id=f"stream-{uuid.uuid4()}",
            task_queue=task_queue,
        )
    assert result == {
        "events": ["tool_called", "tool_output", "message_output_created"],
        "final_output": "Greeted.",
        "outputs": ["Hello, Ann (gold)"],
    }
    # The tool ran on the worker with the context rebuilt as the type its annotation names.
    assert log_lines(tool_log) == ["whoami:Customer:Ann"]


async def test_model_calls_as_local_activities(
    temporal_address: str, task_queue: str, tool_log: Path
) -> None:
    from temporal_support import WORKFLOWS
    from temporalio.worker import Worker

    from runwright.temporal import ModelActivityParameters, RunwrightPlugin

    plugin = RunwrightPlugin(
        ModelActivityParameters(use_local_activity=True),
        model_provider=agents_app.ScriptProvider(),
    )
    local_client = await Client.connect(temporal_address, plugins=[plugin])
    async with Worker(local_client, task_queue=task_queue, workflows=WORKFLOWS):
        handle = await local_client.start_workflow(
            agents_app.SupportWorkflow.run, "hi", id=f"local-{uuid.uuid4()}", task_queue=task_queue
        )
        result = await handle.result()
    assert result["final_output"] == "Refunded A1; B2 is on its way; 2+3=5."
    history = await handle.fetch_history()
    scheduled = [
        e.activity_task_scheduled_event_attributes.activity_type.name
        for e in history.events
        if e.HasField("activity_task_scheduled_event_attributes")
    ]
    markers = [e for e in history.events if e.HasField("marker_recorded_event_attributes")]
    assert "runwright_invoke_model" not in scheduled  # recorded as local-activity markers
    assert len(markers) == 4
