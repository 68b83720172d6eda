"""RunState: the whole truth of a run in progress.

The driver advances one RunState step by step; a finished, interrupted or
failed run leaves it behind, and driving it again continues the same run.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Generic

from .context import RunContextWrapper, TContext
from .items import ModelResponse, RunItem, ToolApprovalItem, TResponseInputItem

if TYPE_CHECKING:
    from .agent import Agent

_NO_OUTPUT: Any = object()


class RunState(Generic[TContext]):
    """A run's progress: agent, turn, items, responses, usage (on the context), results.

    Invariant: ``transcript`` is what the next model call sees — the input
    items followed by the ``to_input_item()`` of every generated item that is
    part of the conversation, unless a handoff input filter rewrote it.
    ``generated_items`` is what the caller sees as ``result.new_items``.
    """

    def __init__(
        self,
        starting_agent: Agent[TContext],
        original_input: str | list[TResponseInputItem],
        input_items: list[TResponseInputItem],
        context_wrapper: RunContextWrapper[TContext],
        max_turns: int,
    ) -> None:
        self.starting_agent = starting_agent
        self.current_agent: Agent[Any] = starting_agent
        self.original_input = original_input
        self.input_items = input_items
        self.transcript: list[TResponseInputItem] = list(input_items)
        self.generated_items: list[RunItem] = []
        self.model_responses: list[ModelResponse] = []
        self.context_wrapper = context_wrapper
        self.max_turns = max_turns
        self.current_turn = 0
        self.turn_start_index = 0
        """Index in generated_items where the current turn's items start."""
        self.agent_started = False
        """Whether on_agent_start ran for current_agent since it took over."""
        self.agents_that_used_tools: set[str] = set()
        self.final_output: Any = _NO_OUTPUT
        self.input_guardrail_results: list[Any] = []
        self.output_guardrail_results: list[Any] = []
        self.tool_input_guardrail_results: list[Any] = []
        self.tool_output_guardrail_results: list[Any] = []
        self.interruptions: list[ToolApprovalItem] = []
        self.last_response_id: str | None = None
        self.server_sent_index = 0
        """With server-managed conversations: transcript items the server already has."""
        self.awaiting_tools = False
        """The last response's tool calls are not all answered yet (paused or crashed)."""
        self.saved_item_count = 0
        """Generated items already written to the session."""
        self.input_saved = False

    @property
    def is_finished(self) -> bool:
        return self.final_output is not _NO_OUTPUT

    def begin_turn(self) -> None:
        self.current_turn += 1
        self.turn_start_index = len(self.generated_items)

    def record(self, items: list[RunItem]) -> None:
        """Appends generated items, and their input form to the transcript."""
        self.generated_items.extend(items)
        self.transcript.extend(item.to_input_item() for item in items if item.in_transcript)

    def record_response(self, response: ModelResponse) -> None:
        self.model_responses.append(response)
        self.context_wrapper.usage.add(response.usage)
        if response.response_id is not None:
            self.last_response_id = response.response_id

    def finish(self, output: Any) -> None:
        self.final_output = output

    def approve(self, approval_item: ToolApprovalItem, always_approve: bool = False) -> None:
        """Approves a pending tool call (``always_approve``: every call of that tool)."""
        self.context_wrapper.approve_tool(approval_item, always_approve=always_approve)

    def reject(
        self,
        approval_item: ToolApprovalItem,
        always_reject: bool = False,
        rejection_message: str | None = None,
    ) -> None:
        """Rejects a pending tool call; the model is told ``rejection_message``."""
        self.context_wrapper.reject_tool(
            approval_item, always_reject=always_reject, rejection_message=rejection_message
        )

    def get_interruptions(self) -> list[ToolApprovalItem]:
        """The tool calls waiting for a decision."""
        return list(self.interruptions)

    @property
    def context(self) -> RunContextWrapper[TContext]:
        """The run's context wrapper (``state.context.approve_tool(item)`` works too)."""
        return self.context_wrapper

    @property
    def usage(self) -> Any:
        return self.context_wrapper.usage
