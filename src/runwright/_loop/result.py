"""Run results: what a finished (or streaming) run produced."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from runwright._core.exceptions import UserError
from runwright._core.items import (
    ItemHelpers,
    ModelResponse,
    RunItem,
    ToolApprovalItem,
    TResponseInputItem,
    typed_response,
)
from runwright._core.usage import Usage

if TYPE_CHECKING:
    import asyncio

    from runwright._agent.agent import Agent
    from runwright._core.context import RunContextWrapper
    from runwright._core.events import QueueSink, StreamEvent
    from runwright._loop.env import RunEnv
    from runwright._state.run_state import RunState

T = TypeVar("T")


class RunResultBase:
    """Fields shared by :class:`RunResult` and :class:`RunResultStreaming`."""

    input: str | list[TResponseInputItem]
    new_items: list[RunItem]
    _raw_responses: list[ModelResponse]
    _typed_responses: list[ModelResponse] | None = None
    final_output: Any
    input_guardrail_results: list[Any]
    output_guardrail_results: list[Any]
    tool_input_guardrail_results: list[Any]
    tool_output_guardrail_results: list[Any]
    interruptions: list[ToolApprovalItem]
    context_wrapper: RunContextWrapper[Any]
    trace: Any
    run_id: str | None
    """The durable run's id (None unless the run had a checkpoint store)."""
    _state: RunState[Any] | None

    def _take(self, state: RunState[Any]) -> None:
        self._state = state
        self.input = state.original_input
        self.new_items = state.generated_items
        self._raw_responses = state.model_responses
        self._typed_responses = None
        self.final_output = state.final_output if state.is_finished else None
        self.input_guardrail_results = state.input_guardrail_results
        self.output_guardrail_results = state.output_guardrail_results
        self.tool_input_guardrail_results = state.tool_input_guardrail_results
        self.tool_output_guardrail_results = state.tool_output_guardrail_results
        self.interruptions = state.interruptions
        self.context_wrapper = state.context_wrapper
        self.run_id = state.run_id
        self.trace = state.trace

    @property
    def raw_responses(self) -> list[ModelResponse]:
        """The model responses, their ``output`` items as openai's typed objects.

        The run keeps them as light dicts; the typed copies (which import openai)
        are made when this is first read, and again only when responses were added.
        """
        typed = self._typed_responses
        if typed is None or len(typed) != len(self._raw_responses):
            typed = self._typed_responses = [typed_response(r) for r in self._raw_responses]
        return typed

    @raw_responses.setter
    def raw_responses(self, responses: list[ModelResponse]) -> None:
        self._raw_responses = responses
        self._typed_responses = None

    @property
    def last_agent(self) -> Agent[Any]:
        """The agent that was running when the run ended."""
        assert self._state is not None
        return self._state.current_agent

    @property
    def usage(self) -> Usage:
        """Requests and tokens used by the whole run."""
        return self.context_wrapper.usage

    @property
    def last_response_id(self) -> str | None:
        """The provider's id of the last model response, if it gave one."""
        return self._raw_responses[-1].response_id if self._raw_responses else None

    def to_input_list(self) -> list[TResponseInputItem]:
        """The run's input followed by its new items: the input for a follow-up run."""
        items = ItemHelpers.input_to_new_input_list(self.input)
        items.extend(item.to_input_item() for item in self.new_items if item.in_transcript)
        return items

    def final_output_as(self, cls: type[T], raise_if_incorrect_type: bool = False) -> T:
        """The final output typed as ``cls`` (checked when ``raise_if_incorrect_type``)."""
        if raise_if_incorrect_type and not isinstance(self.final_output, cls):
            raise TypeError(
                f"Final output is {type(self.final_output).__name__}, not {cls.__name__}."
            )
        return self.final_output  # type: ignore[no-any-return]

    def to_state(self) -> RunState[Any]:
        """The run's state, to resume it (``Runner.run(agent, state)``)."""
        if self._state is None:
            raise UserError("This run has not started yet; there is no state to take.")
        return self._state

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(last_agent={self.last_agent.name!r}, "
            f"final_output={self.final_output!r}, new_items={len(self.new_items)}, "
            f"usage={self.usage})"
        )


class RunResult(RunResultBase):
    """The result of ``Runner.run`` / ``Runner.run_sync``."""

    def __init__(self, state: RunState[Any]) -> None:
        self._take(state)


_DONE: Any = object()


class RunResultStreaming(RunResultBase):
    """The result of ``Runner.run_streamed``: events as they happen, then the result.

    Iterate ``stream_events()`` (or the result itself) to the end; errors and
    tripwires raised inside the run are raised from the iterator. Fields fill
    in as the run progresses and are final once ``is_complete``.
    """

    def __init__(self, starting_agent: Agent[Any], input: Any, max_turns: int) -> None:
        self._state = None
        self._agent = starting_agent
        self.input = input
        self.new_items = []
        self.raw_responses = []
        self.final_output = None
        self.input_guardrail_results = []
        self.output_guardrail_results = []
        self.tool_input_guardrail_results = []
        self.tool_output_guardrail_results = []
        self.interruptions = []
        self.trace = None
        self.run_id = None
        self.max_turns = max_turns
        self.is_complete = False
        self._queue: QueueSink | None = None
        self._task: asyncio.Task[None] | None = None
        self._error: BaseException | None = None
        self._env: RunEnv | None = None

    @property
    def current_agent(self) -> Agent[Any]:
        """The agent running now (the last agent once complete)."""
        return self._state.current_agent if self._state is not None else self._agent

    @property
    def last_agent(self) -> Agent[Any]:
        return self.current_agent

    @property
    def current_turn(self) -> int:
        return self._state.current_turn if self._state is not None else 0

    @property
    def usage(self) -> Usage:
        if self._state is None:
            return Usage()
        return self._state.context_wrapper.usage

    def _attach(self, state: RunState[Any]) -> None:
        self._take(state)
        self.max_turns = state.max_turns

    async def stream_events(self) -> AsyncIterator[StreamEvent]:
        """Yields the run's events in order; raises the run's error, if any, at the end."""
        queue = self._queue
        assert queue is not None, "RunResultStreaming was not started by Runner.run_streamed"
        while True:
            event = await queue.get()
            if event is _DONE:
                break
            yield event
        if self._error is not None:
            error, self._error = self._error, None
            raise error

    def __aiter__(self) -> AsyncIterator[StreamEvent]:
        return self.stream_events()

    def cancel(self, mode: Literal["immediate", "after_turn"] = "immediate") -> None:
        """Stops the run: now, or once the current turn is complete."""
        if mode == "after_turn":
            if self._env is not None:
                self._env.cancel.after_turn = True
            return
        if mode != "immediate":
            raise UserError(f"cancel(mode={mode!r}): use 'immediate' or 'after_turn'.")
        if self._task is not None and not self._task.done():
            self._task.cancel()
