"""Runner.run_streamed: the same loop as Runner.run, seen as events."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from runwright import (
    Agent,
    AgentUpdatedStreamEvent,
    MaxTurnsExceeded,
    ModelBehaviorError,
    RawResponsesStreamEvent,
    RunItemStreamEvent,
    Runner,
    UserError,
    function_tool,
)
from runwright.testing import ScriptedModel, reasoning, tool_call


@function_tool
async def add(a: int, b: int) -> int:
    """Add."""
    return a + b


def _script() -> list[Any]:
    return [
        [
            reasoning("think"),
            tool_call("add", {"a": 1, "b": 2}),
            tool_call("add", {"a": 3, "b": 4}),
        ],
        tool_call("add", {"a": 5, "b": 6}),
        "The sums are 3, 7 and 11.",
    ]


def _dump(items: list[Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(type(i).__name__, i.agent.name, dict(i.raw_item)) for i in items]


async def test_streamed_and_plain_runs_give_identical_items() -> None:
    plain = await Runner.run(Agent(name="a", model=ScriptedModel(_script()), tools=[add]), "go")
    streamed = Runner.run_streamed(
        Agent(name="a", model=ScriptedModel(_script()), tools=[add]), "go"
    )
    async for _ in streamed.stream_events():
        pass
    assert streamed.is_complete
    assert _dump(streamed.new_items) == _dump(plain.new_items)
    assert streamed.final_output == plain.final_output == "The sums are 3, 7 and 11."
    assert [r.output for r in streamed.raw_responses] == [r.output for r in plain.raw_responses]
    assert streamed.usage.requests == plain.usage.requests == 3


async def test_event_order_and_names() -> None:
    result = Runner.run_streamed(Agent(name="a", model=ScriptedModel(_script()), tools=[add]), "go")
    names: list[str] = []
    deltas: list[str] = []
    async for event in result:  # the result itself is iterable
        if isinstance(event, AgentUpdatedStreamEvent):
            names.append(f"agent:{event.new_agent.name}")
        elif isinstance(event, RunItemStreamEvent):
            names.append(event.name)
        elif (
            isinstance(event, RawResponsesStreamEvent)
            and event.data.type == "response.output_text.delta"
        ):
            deltas.append(event.data.delta)
    assert names == [
        "agent:a",
        "reasoning_item_created",
        "tool_called",
        "tool_called",
        "tool_output",
        "tool_output",
        "tool_called",
        "tool_output",
        "message_output_created",
    ]
    assert "".join(deltas) == "The sums are 3, 7 and 11."


async def test_raw_events_come_before_the_items_they_make() -> None:
    result = Runner.run_streamed(Agent(name="a", model=ScriptedModel(["hi"])), "go")
    kinds = [e.type for e in [e async for e in result]]
    assert kinds.index("raw_response_event") < kinds.index("run_item_stream_event")


async def test_errors_surface_from_the_iterator() -> None:
    result = Runner.run_streamed(Agent(name="a", model=ScriptedModel([tool_call("missing")])), "go")
    seen = []
    with pytest.raises(ModelBehaviorError, match="missing"):
        async for event in result:
            seen.append(event)
    assert result.is_complete
    assert seen  # events before the error were delivered


async def test_max_turns_surfaces_from_the_iterator() -> None:
    model = ScriptedModel([tool_call("add", {"a": 1, "b": 1})])
    result = Runner.run_streamed(Agent(name="a", model=model, tools=[add]), "go", max_turns=1)
    with pytest.raises(MaxTurnsExceeded):
        async for _ in result:
            pass


async def test_cancel_immediately_stops_the_run() -> None:
    gate = asyncio.Event()

    @function_tool
    async def slow() -> str:
        gate.set()
        await asyncio.sleep(30)
        return "never"

    model = ScriptedModel([tool_call("slow")])
    result = Runner.run_streamed(Agent(name="a", model=model, tools=[slow]), "go")
    events = []
    async for event in result:
        events.append(event)
        if gate.is_set() or (isinstance(event, RunItemStreamEvent) and event.name == "tool_called"):
            await gate.wait()
            result.cancel()
    assert result.is_complete
    assert result.final_output is None
    assert not any(isinstance(e, RunItemStreamEvent) and e.name == "tool_output" for e in events)


async def test_cancel_after_turn_finishes_the_turn() -> None:
    # A model with latency, as real ones have, so the consumer runs while the turn is in flight.
    model = ScriptedModel([tool_call("add", {"a": 1, "b": 2}), "unused"], delay=0.01)
    result = Runner.run_streamed(Agent(name="a", model=model, tools=[add]), "go")
    names = []
    async for event in result:
        if isinstance(event, AgentUpdatedStreamEvent):  # turn 1's model call is in flight
            result.cancel(mode="after_turn")
        if isinstance(event, RunItemStreamEvent):
            names.append(event.name)
    assert names == ["tool_called", "tool_output"]
    assert result.current_turn == 1
    assert model.remaining == 1
    assert model.clear() == 1


async def test_streamed_run_needs_an_event_loop() -> None:
    def outside() -> None:
        Runner.run_streamed(Agent(name="a"), "go")

    with pytest.raises(UserError, match="running event loop"):
        await asyncio.to_thread(outside)


async def test_cancel_mode_is_checked() -> None:
    result = Runner.run_streamed(Agent(name="a", model=ScriptedModel(["x"])), "go")
    with pytest.raises(UserError, match="cancel"):
        result.cancel(mode="later")  # type: ignore[arg-type]
    async for _ in result:
        pass
