"""Tool outputs are recorded in call order when a crash paused a batch on a non-idempotent call."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from runwright import Agent, Runner, function_tool
from runwright.durable import InMemoryCheckpointStore
from runwright.testing import ScriptedModel, tool_call

log: list[str] = []


class Crash(BaseException):
    """Stands in for the process dying mid-tool."""


@function_tool
async def note(n: int) -> str:
    await asyncio.sleep(0.01 * n)  # finish out of call order
    log.append(f"note:{n}")
    return f"noted {n}"


@function_tool(idempotent=False)
async def pay(n: int) -> str:
    log.append(f"pay:{n}")
    if log.count(f"pay:{n}") == 1:
        await asyncio.sleep(0.1)  # the siblings finish and are checkpointed first
        raise Crash
    return f"paid {n}"


@function_tool(needs_approval=True)
def gated(n: int) -> str:
    log.append(f"gated:{n}")
    return f"gated {n}"


def _batch(gate: str) -> list[Any]:
    return [
        tool_call("note", {"n": 3}, call_id="c1"),
        tool_call(gate, {"n": 2}, call_id="c2"),
        tool_call("note", {"n": 1}, call_id="c3"),
        tool_call("note", {"n": 2}, call_id="c4"),
    ]


def _output_order(items: list[Any]) -> list[str]:
    return [i["call_id"] for i in items if i.get("type") == "function_call_output"]


@pytest.fixture(autouse=True)
def _clear() -> None:
    log.clear()


async def test_outputs_keep_call_order_after_a_crash_paused_the_batch() -> None:
    store = InMemoryCheckpointStore()
    agent = Agent(name="a", model=ScriptedModel([_batch("pay")]), tools=[note, pay])
    with pytest.raises(Crash):
        await Runner.run(agent, "go", durable=store, run_id="r")
    model = ScriptedModel(["done"])
    agent = Agent(name="a", model=model, tools=[note, pay])
    paused = await Runner.resume("r", agent, store)
    [item] = paused.interruptions
    assert item.call_id == "c2"
    state = paused.to_state()
    state.approve(item)
    done = await Runner.run(agent, state, durable=store)
    assert done.final_output == "done"
    assert _output_order(model.calls[0].input) == ["c1", "c2", "c3", "c4"]
    assert _output_order(done.to_input_list()) == ["c1", "c2", "c3", "c4"]


async def test_an_ordinary_approval_pause_keeps_the_sdk_order() -> None:
    """Without a crash the finished outputs come first, the approved call's after, as the
    OpenAI Agents SDK records them (its programs print them in that order)."""
    model = ScriptedModel([_batch("gated"), "done"])
    agent = Agent(name="a", model=model, tools=[note, gated])
    paused = await Runner.run(agent, "go")
    state = paused.to_state()
    state.approve(paused.interruptions[0])
    done = await Runner.run(agent, state)
    assert log.count("gated:2") == 1
    assert _output_order(model.calls[1].input) == ["c1", "c3", "c4", "c2"]
    assert _output_order(done.to_input_list()) == ["c1", "c3", "c4", "c2"]
