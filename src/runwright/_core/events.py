"""Stream events and the sinks the run driver emits them to.

The driver always emits; a non-streamed run gives it a sink that drops
everything (and tells the driver not to build events at all), a streamed run
one that queues them for the consumer. That is the only difference between
the two: there is one loop.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, Union

from runwright._core.items import RunItem
from runwright._core.typed import typed

if TYPE_CHECKING:
    import asyncio

    from runwright._agent.agent import Agent


class RawResponsesStreamEvent:
    """A raw event from the model's stream (Responses API vocabulary).

    ``data`` is the ``openai.types.responses`` event object, as in the SDK
    (``isinstance(event.data, ResponseTextDeltaEvent)`` holds). It is built
    from the light dict the run loop moved (``raw``) the first time ``data``
    is read, so streams nobody inspects never build openai objects.
    """

    __slots__ = ("_typed", "agent", "raw", "type")

    def __init__(
        self,
        data: Any,
        type: Literal["raw_response_event"] = "raw_response_event",
        agent: Agent[Any] | None = None,
    ) -> None:
        self.raw: Any = data
        """The event as runwright's plain dict (what ``data`` is built from)."""
        self._typed: Any = None if isinstance(data, dict) else data
        self.type = type
        self.agent = agent
        """Set on events forwarded from a nested run (an agent used as a tool): its agent."""

    @property
    def data(self) -> Any:
        """The event as its openai typed object (built on first read, then kept)."""
        typed_event = self._typed
        if typed_event is None:
            typed_event = self._typed = typed(self.raw)
        return typed_event

    def __repr__(self) -> str:  # the SDK's dataclass repr (``agent`` is runwright's extra)
        return f"RawResponsesStreamEvent(data={self.data!r}, type={self.type!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, RawResponsesStreamEvent):
            return NotImplemented
        return (self.raw, self.agent) == (other.raw, other.agent)

    __hash__ = None  # type: ignore[assignment]


@dataclass(slots=True)
class RunItemStreamEvent:
    """A run item was created; ``name`` says what happened."""

    name: str
    item: RunItem
    type: Literal["run_item_stream_event"] = "run_item_stream_event"


@dataclass(slots=True)
class AgentUpdatedStreamEvent:
    """The agent running changed (at start and after a handoff)."""

    new_agent: Agent[Any]
    type: Literal["agent_updated_stream_event"] = "agent_updated_stream_event"


StreamEvent = Union[RawResponsesStreamEvent, RunItemStreamEvent, AgentUpdatedStreamEvent]


class EventSink:
    """Drops events. ``streaming`` False also asks for whole model responses, not deltas."""

    streaming = False

    def emit(self, event: StreamEvent) -> None:
        """Takes one event."""

    def emit_item(self, item: RunItem) -> None:
        """Announces a new run item."""


class QueueSink(EventSink):
    """Queues events for :meth:`RunResultStreaming.stream_events` (one consumer).

    A deque and one waiting future rather than asyncio.Queue: a streamed run
    emits dozens of events per turn, and this is several times cheaper each.
    """

    streaming = True

    def __init__(self) -> None:
        self._events: deque[Any] = deque()
        self._waiter: asyncio.Future[None] | None = None

    def emit(self, event: Any) -> None:
        self._events.append(event)
        waiter = self._waiter
        if waiter is not None:
            self._waiter = None
            if not waiter.done():
                waiter.set_result(None)

    def emit_item(self, item: RunItem) -> None:
        if item.event_name:  # compaction items are not streamed, as in the SDK
            self.emit(RunItemStreamEvent(item.event_name, item))

    def pending(self) -> int:
        """Events queued and not yet taken."""
        return len(self._events)

    async def get(self) -> Any:
        """The next event, waiting for it if none is queued."""
        while not self._events:
            import asyncio

            self._waiter = asyncio.get_running_loop().create_future()
            await self._waiter
        return self._events.popleft()


NULL_SINK = EventSink()
