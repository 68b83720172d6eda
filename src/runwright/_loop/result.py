"""Run results: what a finished (or streaming) run produced."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
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
from runwright._loop.model_input import omit_reasoning_ids
from runwright._state.run_state import NO_TURN_LIMIT
from runwright._tools.context import ToolContext

if TYPE_CHECKING:
    import asyncio

    from runwright._agent.agent import Agent
    from runwright._core.context import RunContextWrapper
    from runwright._core.events import QueueSink, StreamEvent
    from runwright._loop.env import RunEnv
    from runwright._state.run_state import RunState

T = TypeVar("T")


ToInputListMode = Literal["preserve_all", "normalized"]
"""``RunResult.to_input_list(mode=...)``: every new item, or what the model would see next."""


@dataclass(frozen=True)
class AgentToolInvocation:
    """The tool call an agent run as a tool answered (``result.agent_tool_invocation``)."""

    tool_name: str
    tool_call_id: str
    tool_arguments: str


class RunResultBase:
    """Fields shared by :class:`RunResult` and :class:`RunResultStreaming`."""

    _agent_tool_invocation: AgentToolInvocation | None = None
    _max_turns: int | None = 10

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

    @property
    def max_turns(self) -> int | None:
        """The run's turn limit (``max_turns=`` of the run)."""
        state = self._state
        turns = state.max_turns if state is not None else self._max_turns
        return None if turns is None or turns >= NO_TURN_LIMIT else turns

    @max_turns.setter
    def max_turns(self, value: int | None) -> None:
        self._max_turns = value
        if self._state is not None:
            self._state.max_turns = NO_TURN_LIMIT if value is None else value

    def to_input_list(self, *, mode: ToInputListMode = "preserve_all") -> list[TResponseInputItem]:
        """The run's input followed by its new items: the input for a follow-up run.

        ``mode="preserve_all"`` (the default) converts every new item;
        ``mode="normalized"`` gives what the next model call would see when a handoff
        input filter or history nesting rewrote the conversation (the same list
        otherwise). Reasoning items lose their ids under
        ``RunConfig(reasoning_item_id_policy="omit")``.
        """
        if mode != "preserve_all" and mode != "normalized":
            raise UserError(f"to_input_list(mode={mode!r}): use 'preserve_all' or 'normalized'.")
        state = self._state
        omit = state is not None and state.reasoning_item_id_policy == "omit"
        if mode == "normalized" and state is not None and state.transcript_epoch:
            items = list(state.transcript)
            return omit_reasoning_ids(items) if omit else items
        items = ItemHelpers.input_to_new_input_list(self.input)
        given = len(items)  # the run's input is returned as given
        items.extend(item.to_input_item() for item in self.new_items if item.in_transcript)
        return omit_reasoning_ids(items, given) if omit else items

    @property
    def agent_tool_invocation(self) -> AgentToolInvocation | None:
        """For the result of an agent run as a tool (``Agent.as_tool()``): the tool call
        it answered (tool name, call id, arguments). None for other runs."""
        invocation = self._agent_tool_invocation
        if invocation is not None:
            return invocation
        wrapper = getattr(self, "context_wrapper", None)
        if isinstance(wrapper, ToolContext):
            return AgentToolInvocation(
                tool_name=wrapper.tool_name,
                tool_call_id=wrapper.tool_call_id,
                tool_arguments=wrapper.tool_arguments,
            )
        return None

    def release_agents(self, *, release_new_items: bool = True) -> None:
        """Stops this result's items from keeping their agents alive
        (``item.release_agent()`` on each of ``new_items``; ``release_new_items=False``
        leaves them as they are). ``last_agent`` and ``to_state()`` keep working."""
        if release_new_items:
            for item in self.new_items:
                release = getattr(item, "release_agent", None)
                if callable(release):
                    release()

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

    def __str__(self) -> str:
        """The summary ``print(result)`` shows (the SDK's layout)."""
        return _summary(
            self, "RunResult", [f'Last agent: Agent(name="{self.last_agent.name}", ...)']
        )


class RunResult(RunResultBase):
    """The result of ``Runner.run`` / ``Runner.run_sync``."""

    def __init__(self, state: RunState[Any]) -> None:
        self._take(state)


_CONTROL_CHARS: Any = None


def _printable(text: str) -> str:
    """``text`` with terminal control characters (not tabs or newlines) shown as escapes."""
    global _CONTROL_CHARS
    if _CONTROL_CHARS is None:
        import re

        _CONTROL_CHARS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
    return str(_CONTROL_CHARS.sub(lambda m: f"\\x{ord(m[0]):02x}", text))


def _output_text(output: Any) -> str:
    if output is None:
        return "None"
    if isinstance(output, str):
        return output
    dump = getattr(output, "model_dump_json", None)  # a pydantic model
    return str(dump(indent=2)) if callable(dump) else str(output)


def _summary(result: RunResultBase, title: str, head: list[str]) -> str:
    output = result.final_output
    text = _printable(_output_text(output).replace("\r\n", "\n"))
    lines = [
        f"{title}:",
        *(f"- {line}" for line in head),
        f"- Final output ({type(output).__name__}):",
        *(f"    {line}" for line in text.splitlines()),
        f"- {len(result.new_items)} new item(s)",
        f"- {len(result._raw_responses)} raw response(s)",
        f"- {len(result.input_guardrail_results)} input guardrail result(s)",
        f"- {len(result.output_guardrail_results)} output guardrail result(s)",
        f"(See `{title}` for more details)",
    ]
    return _printable("\n".join(lines))


_DONE: Any = object()


class RunResultStreaming(RunResultBase):
    """The result of ``Runner.run_streamed``: events as they happen, then the result.

    Iterate ``stream_events()`` (or the result itself) to the end; errors and
    tripwires raised inside the run are raised from the iterator. Fields fill
    in as the run progresses and are final once ``is_complete``.
    """

    def __init__(self, starting_agent: Agent[Any], input: Any, max_turns: int | None) -> None:
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

    def __str__(self) -> str:
        """The summary ``print(result)`` shows (the SDK's layout)."""
        head = [
            f'Current agent: Agent(name="{self.current_agent.name}", ...)',
            f"Current turn: {self.current_turn}",
            f"Max turns: {self.max_turns}",
            f"Is complete: {self.is_complete}",
        ]
        return _summary(self, "RunResultStreaming", head)

    @property
    def run_loop_task(self) -> asyncio.Task[None] | None:
        """The asyncio task running the streamed run (None before it started)."""
        return self._task

    def ensure_sandbox_cleanup_on_completion(self) -> None:
        """Kept for the SDK's callers: a streamed run's task already stops (or keeps, as
        configured) its sandbox before it completes, so there is nothing to register."""

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
