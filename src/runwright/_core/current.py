"""The run a piece of code is running in (a contextvar set by the driver).

Agents used as tools read it to nest their run inside the caller's: forward
stream events, join its approvals, and park their paused state on it.
"""

from __future__ import annotations

from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from runwright._core.items import ToolApprovalItem
    from runwright._loop.env import RunEnv
    from runwright._state.run_state import RunState

current_run: ContextVar[tuple[RunEnv, RunState[Any]] | None] = ContextVar(
    "runwright_current_run", default=None
)


class NestedInterruption(BaseException):
    """A nested run (an agent used as a tool) paused for approvals.

    A BaseException so that a tool's failure_error_function does not turn it
    into text for the model; the tool batch catches it and pauses the outer run.
    """

    def __init__(self, approvals: list[ToolApprovalItem]) -> None:
        super().__init__(f"{len(approvals)} approval(s) pending in a nested run")
        self.approvals = approvals
