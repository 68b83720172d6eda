"""How model calls and function tools are scheduled as Temporal activities."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from temporalio.common import Priority, RetryPolicy
from temporalio.workflow import ActivityCancellationType


@dataclass
class ModelActivityParameters:
    """Options of the activity each model call runs in (names as in Temporal's plugin
    for the OpenAI Agents SDK).

    Every option is passed to ``workflow.execute_activity`` as it is. With
    ``use_local_activity`` the model call is a local activity (lower latency,
    no separate task queue); changing it while workflows are running breaks
    their replay.
    """

    task_queue: str | None = None
    schedule_to_close_timeout: timedelta | None = None
    schedule_to_start_timeout: timedelta | None = None
    start_to_close_timeout: timedelta | None = timedelta(seconds=60)
    heartbeat_timeout: timedelta | None = None
    retry_policy: RetryPolicy | None = None
    cancellation_type: ActivityCancellationType = ActivityCancellationType.TRY_CANCEL
    summary_override: str | None = None
    priority: Priority = field(default_factory=lambda: Priority.default)
    use_local_activity: bool = False

    def activity_options(self) -> dict[str, Any]:
        """Keyword arguments for ``workflow.execute_activity``."""
        options: dict[str, Any] = {
            "schedule_to_close_timeout": self.schedule_to_close_timeout,
            "schedule_to_start_timeout": self.schedule_to_start_timeout,
            "start_to_close_timeout": self.start_to_close_timeout,
            "retry_policy": self.retry_policy,
            "cancellation_type": self.cancellation_type,
        }
        if not self.use_local_activity:
            options["task_queue"] = self.task_queue
            options["heartbeat_timeout"] = self.heartbeat_timeout
            options["priority"] = self.priority
        return options


@dataclass
class ToolActivityParameters:
    """Options of the activity a plain ``@function_tool`` runs in.

    A tool's own error (it raised, or its ``timeout`` passed) is not retried:
    it comes back as data and becomes the text the model sees, exactly as
    outside Temporal. Retries only cover a worker that died or stopped
    answering (``heartbeat_timeout``: a running tool heartbeats every third of
    it, so a killed worker is noticed quickly). A tool declared
    ``idempotent=False`` is never retried: if its worker dies mid-call, the
    model is told the call was interrupted.
    """

    task_queue: str | None = None
    schedule_to_close_timeout: timedelta | None = None
    schedule_to_start_timeout: timedelta | None = None
    start_to_close_timeout: timedelta | None = timedelta(minutes=5)
    heartbeat_timeout: timedelta | None = timedelta(seconds=30)
    retry_policy: RetryPolicy | None = None
    cancellation_type: ActivityCancellationType = ActivityCancellationType.TRY_CANCEL
    priority: Priority = field(default_factory=lambda: Priority.default)

    def activity_options(self, *, idempotent: bool) -> dict[str, Any]:
        """Keyword arguments for ``workflow.execute_activity``."""
        retry = self.retry_policy
        if not idempotent:
            retry = RetryPolicy(maximum_attempts=1)
        return {
            "task_queue": self.task_queue,
            "schedule_to_close_timeout": self.schedule_to_close_timeout,
            "schedule_to_start_timeout": self.schedule_to_start_timeout,
            "start_to_close_timeout": self.start_to_close_timeout,
            "heartbeat_timeout": self.heartbeat_timeout,
            "retry_policy": retry,
            "cancellation_type": self.cancellation_type,
            "priority": self.priority,
        }
