"""Runs leave no reference cycles: everything a finished run made dies by reference count.

With thousands of runs in flight, cyclic garbage would make every collection
longer (docs/durable-runs.md, "Many concurrent runs"); this pins the property
the W5 benchmark relies on.
"""

from __future__ import annotations

import collections
import gc
from typing import Any

import pytest

from runwright import Agent, RunConfig, Runner, function_tool
from runwright.testing import ScriptedModel, tool_call


@function_tool
async def weather(city: str) -> str:
    return f"sunny in {city}"


STEPS: list[Any] = [
    [tool_call("weather", {"city": "Paris"}), tool_call("weather", {"city": "Rome"})],
    tool_call("weather", {"city": "Oslo"}),
    "All sunny.",
]


@pytest.mark.parametrize("tracing_disabled", [False, True])
async def test_finished_runs_leave_no_cyclic_garbage(tracing_disabled: bool) -> None:
    model = ScriptedModel([])
    agent = Agent(name="a", model=model, tools=[weather])
    config = RunConfig(tracing_disabled=tracing_disabled)
    model.add(*STEPS)
    await Runner.run(agent, "go", run_config=config)  # warm caches (plans, imports)
    gc.collect()
    gc.disable()
    try:
        for _ in range(20):
            model.add(*STEPS)
            result = await Runner.run(agent, "go", run_config=config)
            assert result.final_output == "All sunny."
        del result
        gc.set_debug(gc.DEBUG_SAVEALL)
        found = gc.collect()
        kinds = collections.Counter(type(o).__name__ for o in gc.garbage)
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()
    assert found == 0, f"cyclic garbage after 20 runs: {kinds.most_common(10)}"
