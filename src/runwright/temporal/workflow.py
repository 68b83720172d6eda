"""What workflow code imports: tools backed by activities, and the approval wait.

from runwright.temporal import workflow as agents_workflow

tool = agents_workflow.activity_as_tool(fetch_invoice, start_to_close_timeout=...)
state = await agents_workflow.wait_for_approvals(result)
"""

from __future__ import annotations

from runwright._temporal.approvals import ApprovalDecision, wait_for_approvals
from runwright._temporal.tools import ToolActivityError, activity_as_tool, run_in_workflow

__all__ = [
    "ApprovalDecision",
    "ToolActivityError",
    "activity_as_tool",
    "run_in_workflow",
    "wait_for_approvals",
]
