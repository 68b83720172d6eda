"""A run paused for approval waits in the workflow, survives a worker restart, resumes on a
signal or an update; its RunState can be queried meanwhile."""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path
from typing import Any

import agents_app
import pytest
from temporal_support import log_lines
from temporalio.client import Client, WorkflowHandle, WorkflowUpdateFailedError

from runwright import RunState
from runwright.temporal import approve, pending_approvals, query_run_state, reject


async def _wait_pending(handle: WorkflowHandle[Any, Any]) -> list[dict[str, Any]]:
    for _ in range(200):
        try:
            pending = await pending_approvals(handle)
        except Exception:
            pending = []
        if pending:
            return pending
        await asyncio.sleep(0.05)
    raise AssertionError("the run never paused for approval")


async def test_approval_signal_sent_after_a_worker_restart_resumes_the_run(
    client: Client, worker: Any, task_queue: str, tool_log: Path
) -> None:
    async with worker():
        handle = await client.start_workflow(
            agents_app.ApprovalWorkflow.run,
            "Refund 30 on A1",
            id=f"approval-{uuid.uuid4()}",
            task_queue=task_queue,
        )
        pending = await _wait_pending(handle)
        state = await query_run_state(handle, agents_app.approver)
    # The worker is gone; the run waits in the workflow, nothing ran.
    assert [(p["tool_name"], p["arguments"]) for p in pending] == [
        ("issue_refund", '{"order_id": "A1", "amount": 30}')
    ]
    assert isinstance(state, RunState)
    assert [i.call_id for i in state.get_interruptions()] == [pending[0]["call_id"]]
    assert log_lines(tool_log) == []

    await approve(handle, pending[0]["call_id"])  # recorded by the server, no worker running
    async with worker():  # a new worker: replays the history, applies the decision
        assert await handle.result() == "Done: the refund was issued."
        final = await query_run_state(handle)  # plain JSON when no agent is given
    assert log_lines(tool_log) == ["issue_refund:A1:30"]
    assert isinstance(final, dict) and final["$schemaVersion"] == "1.21"


async def test_rejection_by_update_is_validated_and_tells_the_model(
    client: Client, worker: Any, task_queue: str, tool_log: Path
) -> None:
    async with worker():
        handle = await client.start_workflow(
            agents_app.ApprovalWorkflow.run,
            "Refund 30 on A1",
            id=f"approval-{uuid.uuid4()}",
            task_queue=task_queue,
        )
        pending = await _wait_pending(handle)
        with pytest.raises(WorkflowUpdateFailedError):
            await approve(handle, "call_that_does_not_exist", wait=True)
        remaining = await reject(handle, pending[0]["call_id"], message="Not allowed.", wait=True)
        assert remaining == []
        assert await handle.result() == "Done: the refund was issued."
        state = await query_run_state(handle, agents_app.approver)
    assert log_lines(tool_log) == []  # rejected: never ran
    outputs = [
        i.raw_item.get("output") for i in state.generated_items if i.type == "tool_call_output_item"
    ]
    assert outputs == ["Not allowed."]
