"""Human approval inside a workflow: decisions arrive by signal or update; state is queryable.

Every workflow on a worker with the plugin gets three handlers (registered
when it starts):

- query ``runwright.run_state``: the current (or last) run's RunState as
  plain JSON, or None before the first run;
- query ``runwright.pending_approvals``: the tool calls waiting for a decision;
- signal ``runwright.approval`` and update ``runwright.approve``: a decision
  ``{"call_id", "approve", "always", "message"}``. The update is validated
  (the call must be pending) and returns the calls still pending.

The workflow waits with :func:`wait_for_approvals` — a durable timer-free
wait, so it may last days and survive any number of worker restarts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from temporalio import workflow

from runwright._core.exceptions import UserError
from runwright._state.run_state import RunState

QUERY_RUN_STATE = "runwright.run_state"
QUERY_PENDING = "runwright.pending_approvals"
SIGNAL_APPROVAL = "runwright.approval"
UPDATE_APPROVAL = "runwright.approve"

_ATTR = "_runwright_registry"


@dataclass(frozen=True)
class ApprovalDecision:
    """A human's decision on one pending tool call."""

    call_id: str
    approve: bool
    always: bool = False
    message: str | None = None

    @classmethod
    def from_payload(cls, data: Any) -> ApprovalDecision:
        if not isinstance(data, dict) or not isinstance(data.get("call_id"), str):
            raise UserError(
                'An approval must be {"call_id": str, "approve": bool, "always": bool, '
                f'"message": str | None}}, got {data!r:.200}.'
            )
        message = data.get("message")
        return cls(
            call_id=data["call_id"],
            approve=bool(data.get("approve", True)),
            always=bool(data.get("always", False)),
            message=None if message is None else str(message),
        )

    def to_payload(self) -> dict[str, Any]:
        return {
            "call_id": self.call_id,
            "approve": self.approve,
            "always": self.always,
            "message": self.message,
        }


class RunRegistry:
    """The agent runs of one workflow execution: latest state and received decisions."""

    def __init__(self) -> None:
        self.state: RunState[Any] | None = None
        self.decisions: dict[str, ApprovalDecision] = {}
        self.random: Any = None
        """Deterministic ids for this workflow's traces and spans (workflow.new_random())."""

    def pending(self) -> list[dict[str, Any]]:
        if self.state is None:
            return []
        return [
            {
                "call_id": item.call_id,
                "tool_name": item.tool_name,
                "arguments": item.arguments,
                "agent": item.agent.name,
            }
            for item in self.state.interruptions
            if item.call_id not in self.decisions
        ]

    def run_state(self) -> dict[str, Any] | None:
        return None if self.state is None else self.state.to_json()

    def receive(self, payload: Any) -> None:
        decision = ApprovalDecision.from_payload(payload)
        self.decisions[decision.call_id] = decision

    def validate(self, payload: Any) -> None:
        decision = ApprovalDecision.from_payload(payload)
        if decision.call_id not in {p["call_id"] for p in self.pending()}:
            raise UserError(f"No tool call {decision.call_id!r} is waiting for approval.")

    def decide(self, payload: Any) -> list[dict[str, Any]]:
        self.receive(payload)
        return self.pending()


def install_handlers() -> RunRegistry:
    """Creates this workflow's registry and registers its query/signal/update handlers."""
    registry = RunRegistry()
    setattr(workflow.instance(), _ATTR, registry)
    workflow.set_query_handler(QUERY_RUN_STATE, registry.run_state)
    workflow.set_query_handler(QUERY_PENDING, registry.pending)
    workflow.set_signal_handler(SIGNAL_APPROVAL, registry.receive)
    workflow.set_update_handler(UPDATE_APPROVAL, registry.decide, validator=registry.validate)
    return registry


def current_registry() -> RunRegistry:
    """This workflow's registry (created on first use if the interceptor did not)."""
    registry = getattr(workflow.instance(), _ATTR, None)
    if registry is None:
        registry = install_handlers()
    return registry


async def wait_for_approvals(
    result_or_state: Any, *, timeout: timedelta | None = None
) -> RunState[Any]:
    """Waits (durably, for as long as it takes) for a decision on every pending tool call.

    Args:
        result_or_state: the RunResult (or its RunState) of a run that paused
            with ``interruptions``.
        timeout: give up after this long (``asyncio.TimeoutError``); None waits forever.

    Returns:
        The run's state with the decisions applied: pass it to ``Runner.run``
        to resume.
    """
    if not workflow.in_workflow():
        raise UserError("wait_for_approvals() is for workflow code (inside a Temporal workflow).")
    state = result_or_state if isinstance(result_or_state, RunState) else result_or_state.to_state()
    registry = current_registry()
    registry.state = state
    pending = [item.call_id for item in state.interruptions]
    await workflow.wait_condition(
        lambda: all(call_id in registry.decisions for call_id in pending), timeout=timeout
    )
    for item in state.interruptions:
        decision = registry.decisions.pop(item.call_id)
        if decision.approve:
            state.approve(item, always_approve=decision.always)
        else:
            state.reject(item, always_reject=decision.always, rejection_message=decision.message)
    return state
