"""W3 (a handoff run) and durable checkpoints: per-run and per-step costs.

    python bench/bench_handoff_durable.py [--quick]

W3: a triage agent hands off to a specialist, which answers (two model calls),
beside a hand-written loop making the same two calls and appending the same
handoff output. Framework time = runwright − baseline, median of paired blocks.

Checkpoints: W2 (three turns, three tool calls) with a SQLiteCheckpointStore
in "full" (fsync) and "relaxed" mode, against the same run without one; cost
per checkpoint = extra time ÷ checkpoints per run. Also one checkpoint save
timed alone.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("RUNWRIGHT_TRACE_DB", os.path.join(tempfile.mkdtemp(), "traces.db"))
sys.path.insert(0, str(Path(__file__).parent))

from _harness import write_results
from runwright import Agent, RunConfig, Runner, function_tool
from runwright._core.config import ModelSettings
from runwright.durable import SQLiteCheckpointStore
from runwright.models.interface import ModelTracing
from runwright.testing import ScriptedModel, handoff_call, tool_call

QUICK = "--quick" in sys.argv
OFF = RunConfig(tracing_disabled=True)


@function_tool
async def add(a: int, b: int) -> int:
    return a + b


W2: list[Any] = [
    [tool_call("add", {"a": 1, "b": 2}), tool_call("add", {"a": 3, "b": 4})],
    tool_call("add", {"a": 5, "b": 6}),
    "done",
]


async def _timed(fn: Any, n: int) -> float:
    start = time.perf_counter_ns()
    for _ in range(n):
        await fn()
    return (time.perf_counter_ns() - start) / n / 1000


async def _paired(a: Any, b: Any, n: int, repeats: int) -> tuple[float, float, float]:
    """Median µs/run of a and b, and the median of their paired differences."""
    ta, tb, diff = [], [], []
    for _ in range(repeats):
        x, y = await _timed(a, n), await _timed(b, n)
        ta.append(x)
        tb.append(y)
        diff.append(x - y)
    return statistics.median(ta), statistics.median(tb), statistics.median(diff)


async def w3(config: RunConfig, n: int, repeats: int) -> dict[str, float]:
    triage_model, billing_model = ScriptedModel([]), ScriptedModel([])
    billing = Agent(name="Billing", model=billing_model)
    triage = Agent(name="Triage", model=triage_model, handoffs=[billing])
    hand_a, hand_b = ScriptedModel([]), ScriptedModel([])

    async def framework() -> None:
        triage_model._steps.append(handoff_call("Billing"))
        billing_model._steps.append("Refund sent.")
        triage_model.calls.clear()
        billing_model.calls.clear()
        await Runner.run(triage, "refund please", run_config=config)

    async def baseline() -> None:
        hand_a._steps.append(handoff_call("Billing"))
        hand_b._steps.append("Refund sent.")
        hand_a.calls.clear()
        hand_b.calls.clear()
        messages: list[Any] = [{"role": "user", "content": "refund please"}]
        first = await hand_a.get_response(
            None, messages, ModelSettings(), [], None, [], ModelTracing.DISABLED
        )
        call = first.output[0]
        messages.extend(first.output)
        messages.append(
            {"type": "function_call_output", "call_id": call["call_id"],
             "output": json.dumps({"assistant": "Billing"})}
        )  # fmt: skip
        await hand_b.get_response(
            None, messages, ModelSettings(), [], None, [], ModelTracing.DISABLED
        )

    rw, base, fw = await _paired(framework, baseline, n, repeats)
    return {"runwright_us": rw, "baseline_us": base, "framework_us": fw, "ratio": rw / base}


class CountingStore(SQLiteCheckpointStore):
    saves = 0

    async def save(self, state: Any) -> None:
        CountingStore.saves += 1
        await super().save(state)


async def checkpoints(mode: str, n: int, repeats: int) -> dict[str, float]:
    store = CountingStore(Path(tempfile.mkdtemp()) / "runs.db", durability=mode)  # type: ignore[arg-type]
    model = ScriptedModel([])
    agent = Agent(name="a", model=model, tools=[add])

    def runner(durable: Any) -> Any:
        async def run() -> None:
            model._steps.extend(W2)
            model.calls.clear()
            await Runner.run(agent, "go", run_config=OFF, durable=durable)

        return run

    CountingStore.saves = 0
    await runner(store)()
    per_run = CountingStore.saves
    with_store, without, extra = await _paired(runner(store), runner(None), n, repeats)
    state_holder: dict[str, Any] = {}
    model._steps.extend(W2)
    result = await Runner.run(agent, "go", run_config=OFF, durable=store)
    state_holder["state"] = result.to_state()
    state = state_holder["state"]
    start = time.perf_counter_ns()
    count = max(20, n // 4)
    for _ in range(count):
        state.current_turn += 0  # the same state re-saved: header + no new rows
        await store.save(state)
    alone = (time.perf_counter_ns() - start) / count / 1000
    store.close()
    return {
        "checkpoints_per_run": per_run,
        "run_with_store_us": with_store,
        "run_without_us": without,
        "per_checkpoint_us": extra / per_run,
        "save_alone_us": alone,
    }


async def main() -> None:
    n, repeats = (100, 5) if QUICK else (400, 9)
    results = {
        "W3": await w3(OFF, n * 5, repeats),
        "W3 traced": await w3(RunConfig(), n * 5, repeats),
        "checkpoint full": await checkpoints("full", n // 2, repeats),
        "checkpoint relaxed": await checkpoints("relaxed", n, repeats),
    }
    for name, row in results.items():
        print(f"{name:20s} " + "  ".join(f"{k}={v:.1f}" for k, v in row.items()))
    print("targets:")
    print(f"  W3 framework µs (tracing off) {results['W3']['framework_us']:.1f} <= 100")
    full = results["checkpoint full"]["per_checkpoint_us"]
    relaxed = results["checkpoint relaxed"]["per_checkpoint_us"]
    print(f"  checkpoint full µs/step       {full:.1f} <= 1000")
    print(f"  checkpoint relaxed µs/step    {relaxed:.1f} <= 100")
    write_results("handoff_durable", results)


asyncio.run(main())
