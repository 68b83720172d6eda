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

from .items import RunItem

if TYPE_CHECKING:
    import asyncio

    from .agent import Agent


@dataclass(slots=True)
class RawResponsesStreamEvent:
    """A raw event from the model's stream (Responses API vocabulary)."""

    data: Any
    type: Literal["raw_response_event"] = "raw_response_event"
    agent: Agent[Any] | None = None
    """Set on events forwarded from a nested run (an agent used as a tool): its agent."""


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
        self.emit(RunItemStreamEvent(item.event_name, item))

    async def get(self) -> Any:
        """The next event, waiting for it if none is queued."""
        while not self._events:
            import asyncio

            self._waiter = asyncio.get_running_loop().create_future()
            await self._waiter
        return self._events.popleft()


NULL_SINK = EventSink()
