"""Client-side helpers: decide on pending approvals and read a running workflow's RunState."""

from __future__ import annotations

from typing import Any

from temporalio.client import WorkflowHandle

from runwright._agent.agent import Agent
from runwright._state.run_state import RunState
from runwright._temporal.approvals import (
    QUERY_PENDING,
    QUERY_RUN_STATE,
    SIGNAL_APPROVAL,
    UPDATE_APPROVAL,
    ApprovalDecision,
)


async def approve(
    handle: WorkflowHandle[Any, Any], call_id: str, *, always: bool = False, wait: bool = False
) -> list[dict[str, Any]] | None:
    """Approves the pending tool call ``call_id`` of the workflow's agent run.

    With ``wait=False`` (default) this is a signal: it is recorded even while
    no worker is running, and applied when the workflow next runs. With
    ``wait=True`` it is an update: rejected unless the call is pending, and
    returns the calls still pending.
    """
    return await _send(handle, ApprovalDecision(call_id, True, always), wait)


async def reject(
    handle: WorkflowHandle[Any, Any],
    call_id: str,
    *,
    message: str | None = None,
    always: bool = False,
    wait: bool = False,
) -> list[dict[str, Any]] | None:
    """Rejects the pending tool call ``call_id``; the model is told ``message``."""
    return await _send(handle, ApprovalDecision(call_id, False, always, message), wait)


async def _send(
    handle: WorkflowHandle[Any, Any], decision: ApprovalDecision, wait: bool
) -> list[dict[str, Any]] | None:
    if wait:
        pending: list[dict[str, Any]] = await handle.execute_update(
            UPDATE_APPROVAL, decision.to_payload()
        )
        return pending
    await handle.signal(SIGNAL_APPROVAL, decision.to_payload())
    return None


async def pending_approvals(handle: WorkflowHandle[Any, Any]) -> list[dict[str, Any]]:
    """The tool calls waiting for a decision.

    Each is a dict with ``call_id``, ``tool_name``, ``arguments`` and ``agent``.
    """
    result: list[dict[str, Any]] = await handle.query(QUERY_PENDING)
    return result


async def query_run_state(
    handle: WorkflowHandle[Any, Any], agent: Agent[Any] | None = None, **options: Any
) -> Any:
    """The workflow's current (or last) RunState: a RunState when ``agent`` (the starting
    agent) is given, else its plain JSON; None before the first run.

    ``options`` are those of :meth:`RunState.from_json` (``context_type=`` ...).
    """
    data = await handle.query(QUERY_RUN_STATE)
    if data is None or agent is None:
        return data
    return await RunState.from_json(agent, data, **options)
