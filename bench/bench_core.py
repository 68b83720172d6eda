"""Core benchmarks: runwright's run loop beside a hand-written asyncio loop (bench/handloop.py).

    python bench/bench_core.py            # full run (a few minutes on 2 cores)
    python bench/bench_core.py --quick    # CI smoke figures (< 60 s)

Both sides call the same ScriptedModel (the fake LLM) and the same async tool
functions in the same process, so the difference between them is what
runwright adds. "Framework time" = runwright µs/run - baseline µs/run.
Workloads: W1 one turn, W2 three turns with tools, W4 W2 streamed, W5
1k/10k concurrent W2 runs with 50 ms model latency, W6 history length, W8
cold import. See bench/README.md.
"""

from __future__ import annotations

import argparse
import asyncio
import atexit
import gc
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from _core_report import TARGETS as TARGETS
from _core_report import print_table as print_table
from _core_report import verdicts
from _harness import PairTiming, current_rss_mib, machine, time_pair
from _harness import write_results as write_results
from _import_probe import bench_import as bench_import
from handloop import HandLoop, ToolFn
from runwright import (
    Agent,
    ModelSettings,
    ModelTracing,
    RunBudget,
    RunConfig,
    Runner,
    function_tool,
)
from runwright.testing import ModelCall, ScriptedModel, tool_call

HERE = Path(__file__).resolve().parent
INSTRUCTIONS = "You are a concise travel assistant."
PROMPT = "What is the weather and time in Paris, and the forecast?"
MAX_TURNS = 10

W5_GC_THRESHOLD = 50_000

# ----- the work both sides do -------------------------------------------------


async def get_weather(city: str) -> str:
    """Current weather in a city.

    Args:
        city: The city's name.
    """
    return f"Sunny, 21 C in {city}"


async def get_time(city: str) -> str:
    """Local time in a city.

    Args:
        city: The city's name.
    """
    return f"14:05 in {city}"


async def get_forecast(city: str, days: int) -> str:
    """Weather forecast.

    Args:
        city: The city's name.
        days: How many days ahead.
    """
    return f"{days} days of sun in {city}"


RAW_TOOLS: dict[str, ToolFn] = {f.__name__: f for f in (get_weather, get_time, get_forecast)}
TOOLS = [function_tool(f) for f in RAW_TOOLS.values()]

W1_SCRIPT: list[Any] = ["Hello! Paris is sunny today."]
W2_SCRIPT: list[Any] = [
    [tool_call("get_weather", {"city": "Paris"}), tool_call("get_time", {"city": "Paris"})],
    tool_call("get_forecast", {"city": "Paris", "days": 3}),
    "Sunny, 21 C, 14:05 local time; sun all week.",
]


class _Forget(list):  # type: ignore[type-arg]
    """A ScriptedModel call log that keeps nothing (so memory and time measure the run)."""

    def append(self, item: Any) -> None:
        pass


def scripted_model(delay: float = 0.0) -> ScriptedModel:
    model = ScriptedModel(delay=delay, name="bench")
    model.calls = _Forget()
    return model


def sides(
    script: list[Any],
    prompt: str | list[dict[str, Any]],
    *,
    streamed: bool = False,
    tracing: bool = True,
) -> tuple[Callable[[], Awaitable[Any]], Callable[[], Awaitable[Any]]]:
    """(runwright run, baseline run) doing the same script; each refills its own model.

    ``tracing=False`` runs runwright with ``RunConfig(tracing_disabled=True)``;
    otherwise with the default configuration (tracing to the local trace store).
    """
    rw_model, hand_model = scripted_model(), scripted_model()
    agent = Agent(name="bench", instructions=INSTRUCTIONS, model=rw_model, tools=TOOLS)
    hand = HandLoop(hand_model, RAW_TOOLS, TOOLS, INSTRUCTIONS, MAX_TURNS)
    options: dict[str, Any] = {"max_turns": MAX_TURNS}
    if not tracing:
        options["run_config"] = RunConfig(tracing_disabled=True)

    async def runwright_run() -> Any:
        rw_model.add(*script)
        return await Runner.run(agent, prompt, **options)

    async def baseline_run() -> Any:
        hand_model.add(*script)
        return await hand.run(prompt)

    async def runwright_stream() -> int:
        rw_model.add(*script)
        count = 0
        async for _event in Runner.run_streamed(agent, prompt, **options):
            count += 1
        return count

    async def baseline_stream() -> int:
        hand_model.add(*script)
        count = 0
        async for _event in hand.stream(prompt):
            count += 1
        return count

    if streamed:
        return runwright_stream, baseline_stream
    return runwright_run, baseline_run


BENCH_BUDGET = RunBudget(
    max_requests=1000,
    max_input_tokens=10**9,
    max_output_tokens=10**9,
    max_total_tokens=10**9,
    max_tool_calls=1000,
    max_wall_seconds=3600,
)
"""Every limit but cost (the fake model has no price), none of them reached."""


def budget_sides(
    script: list[Any], prompt: str
) -> tuple[Callable[[], Awaitable[Any]], Callable[[], Awaitable[Any]]]:
    """(W2 with a RunBudget, the same W2 without): what checking a budget costs a run."""
    with_model, without_model = scripted_model(), scripted_model()
    agent = Agent(name="bench", instructions=INSTRUCTIONS, model=with_model, tools=TOOLS)
    plain = Agent(name="bench", instructions=INSTRUCTIONS, model=without_model, tools=TOOLS)

    async def with_budget() -> Any:
        with_model.add(*script)
        return await Runner.run(agent, prompt, max_turns=MAX_TURNS, budget=BENCH_BUDGET)

    async def without_budget() -> Any:
        without_model.add(*script)
        return await Runner.run(plain, prompt, max_turns=MAX_TURNS)

    return with_budget, without_budget


def bench_budget(*, iterations: int, repeats: int) -> dict[str, Any]:
    """W2 with a budget beside W2 without (interleaved pairs): % more time per run."""
    timing = time_pair(
        lambda: budget_sides(W2_SCRIPT, PROMPT),
        iterations=iterations,
        repeats=repeats,
        warmup=max(10, iterations // 5),
    ).as_dict()
    return {
        "budget_us": round(timing["runwright_us"], 2),
        "plain_us": round(timing["baseline_us"], 2),
        "extra_us": round(timing["overhead_us"], 2),
        "extra_pct": round((timing["ratio"] - 1) * 100, 2),
        "target_pct": 3.0,
    }


def check_same_work(script: list[Any], prompt: str | list[dict[str, Any]]) -> dict[str, Any]:
    """Runs each side once and checks they produced the same conversation."""

    async def main() -> dict[str, Any]:
        rw, base = sides(script, prompt)
        rw_result, base_result = await rw(), await base()
        rw_stream, base_stream = sides(script, prompt, streamed=True)
        info = {
            "final_output": rw_result.final_output,
            "items": len(rw_result.new_items),
            "model_calls": len(rw_result.raw_responses),
            "events_runwright": await rw_stream(),
            "events_baseline": await base_stream(),
        }
        if rw_result.final_output != base_result.final_output or len(rw_result.new_items) != len(
            base_result.new_items
        ):
            raise AssertionError(f"sides differ: {rw_result!r} vs {base_result!r}")
        return info

    return asyncio.run(main())


# ----- W1 / W2 / W4: per-run time ---------------------------------------------


def bench_turns(
    script: list[Any], *, streamed: bool, iterations: int, repeats: int, tracing: bool = True
) -> PairTiming:
    """Per-run µs of runwright and the baseline on ``script`` (W1, W2, W4)."""
    return time_pair(
        lambda: sides(script, PROMPT, streamed=streamed, tracing=tracing),
        iterations=iterations,
        repeats=repeats,
        warmup=max(10, iterations // 5),
    )


def bench_model_only(script: list[Any], *, streamed: bool, iterations: int, repeats: int) -> float:
    """µs per run spent in the fake model alone (ScriptedModel calls, no loop)."""

    async def main() -> float:
        model = scripted_model()
        inputs = [[{"role": "user", "content": PROMPT}] * (1 + 4 * i) for i in range(len(script))]
        settings, tracing = ModelSettings(), ModelTracing.DISABLED

        async def once() -> None:
            model.add(*script)
            for messages in inputs:
                if streamed:
                    async for _ in model.stream_response(
                        INSTRUCTIONS, messages, settings, TOOLS, None, [], tracing
                    ):
                        pass
                else:
                    await model.get_response(
                        INSTRUCTIONS, messages, settings, TOOLS, None, [], tracing
                    )

        for _ in range(max(10, iterations // 5)):
            await once()
        samples = []
        for _ in range(repeats):
            start = time.perf_counter_ns()
            for _ in range(iterations):
                await once()
            samples.append((time.perf_counter_ns() - start) / iterations / 1000)
        return statistics.median(samples)

    return asyncio.run(main())


# ----- W5: many concurrent runs -----------------------------------------------


def w2_responder(call: ModelCall) -> Any:
    """W2's script as a function of the conversation, so concurrent runs can share one model."""
    return W2_SCRIPT[{1: 0, 5: 1}.get(len(call.input), 2)]


async def concurrent_runs(impl: str, runs: int, delay: float) -> dict[str, Any]:
    """``runs`` concurrent W2 runs in this event loop; wall time, GC time and memory."""
    model = scripted_model(delay)
    model.add(*([w2_responder] * (3 * runs)))
    if impl == "runwright":
        agent = Agent(name="bench", instructions=INSTRUCTIONS, model=model, tools=TOOLS)

        def start() -> Awaitable[Any]:
            return Runner.run(agent, PROMPT, max_turns=MAX_TURNS)

    else:
        hand = HandLoop(model, RAW_TOOLS, TOOLS, INSTRUCTIONS, MAX_TURNS)

        def start() -> Awaitable[Any]:
            return hand.run(PROMPT)

    rss_before = current_rss_mib()
    # Peak RSS sampled while the runs are in flight: ru_maxrss would also count the
    # parent's memory (Linux keeps the high-water mark across fork and exec).
    sampler = RssSampler()
    sampling = asyncio.ensure_future(sampler.run())
    with GcTimer() as gc_time:
        begin, begin_cpu = time.perf_counter_ns(), time.process_time_ns()
        results = await asyncio.gather(*[start() for _ in range(runs)])
        wall = (time.perf_counter_ns() - begin) / 1e9
        cpu = (time.process_time_ns() - begin_cpu) / 1e9
    sampling.cancel()
    done = sum(1 for r in results if r.final_output == W2_SCRIPT[-1])
    if done != runs:
        raise AssertionError(f"{runs - done} of {runs} concurrent runs went wrong")
    # Every run's trace must reach the local store: a benchmark that drops them measures
    # less work than a user gets.
    dropped = _dropped_traces() if impl == "runwright" else 0
    return {
        "dropped_traces": dropped,
        "impl": impl,
        "runs": runs,
        "wall_s": round(wall, 4),
        "cpu_s": round(cpu, 4),
        "gc_s": round(gc_time.seconds, 4),
        "gc_collections": gc_time.collections,
        # Work per run besides the collector's (GC time is wall time in its callbacks).
        "non_gc_cpu_us_per_run": round(max(cpu - gc_time.seconds, 0.0) / runs * 1e6, 1),
        "rss_before_mib": round(rss_before, 1),
        "peak_rss_mib": round(sampler.peak, 1),
        # Memory per run in flight: the W5 runs are all in flight together at the peak.
        "rss_kib_per_run": round((sampler.peak - rss_before) * 1024 / runs, 1),
    }


class RssSampler:
    """The highest resident set size seen while :meth:`run` runs (every few ms)."""

    def __init__(self) -> None:
        self.peak = current_rss_mib()

    async def run(self) -> None:
        while True:
            self.peak = max(self.peak, current_rss_mib())
            await asyncio.sleep(0.002)


def _dropped_traces() -> int:
    """Traces the local trace store has dropped so far (0 when it is off)."""
    from runwright.tracing import get_trace_provider

    local = get_trace_provider().local_processor
    return 0 if local is None else local.dropped + local.dropped_spans


class GcTimer:
    """Time spent in the cyclic garbage collector while the block runs."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.collections = [0, 0, 0]
        self._started = 0.0

    def _callback(self, phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self.seconds += time.perf_counter() - self._started
            self.collections[info["generation"]] += 1

    def __enter__(self) -> GcTimer:
        gc.callbacks.append(self._callback)
        return self

    def __exit__(self, *_: Any) -> None:
        gc.callbacks.remove(self._callback)


def bench_concurrent(
    runs: int,
    delay: float,
    *,
    repeats: int = 1,
    subprocesses: bool = True,
    gc_threshold: int | None = None,
) -> dict[str, Any]:
    """W5 for one size; each sample in a fresh process so peak RSS is its own. Median wall.

    ``gc_threshold`` (a first-generation threshold for ``gc.set_threshold``) shows
    how much of the scaling is the cyclic garbage collector's.
    """
    out: dict[str, Any] = {"runs": runs, "delay_s": delay, "repeats": repeats}
    if gc_threshold is not None:
        out["gc_threshold"] = gc_threshold
    samples: dict[str, list[dict[str, Any]]] = {"runwright": [], "baseline": []}
    for _ in range(repeats):
        # Interleaved (runwright, hand loop, runwright, ...): a machine whose speed drifts
        # during the benchmark moves both sides alike.
        for impl, into in samples.items():
            into.append(_concurrent_sample(impl, runs, delay, subprocesses, gc_threshold))
    for impl, into in samples.items():
        into.sort(key=lambda s: s["wall_s"])
        out[impl] = into[len(into) // 2]
    return out


def _concurrent_sample(
    impl: str, runs: int, delay: float, subprocesses: bool, gc_threshold: int | None
) -> dict[str, Any]:
    if not subprocesses:
        return _concurrent_child(impl, runs, delay, gc_threshold)
    cmd = [sys.executable, str(HERE / "bench_core.py"), "--w5-child", impl, str(runs)]
    cmd += ["--delay", str(delay)]
    if gc_threshold is not None:
        cmd += ["--gc-threshold", str(gc_threshold)]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=True)
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def _concurrent_child(
    impl: str, runs: int, delay: float, gc_threshold: int | None
) -> dict[str, Any]:
    saved = gc.get_threshold()
    if gc_threshold is not None:
        gc.set_threshold(gc_threshold, saved[1], saved[2])
    try:
        return asyncio.run(concurrent_runs(impl, runs, delay))
    finally:
        gc.set_threshold(*saved)


# ----- W6: history length -----------------------------------------------------


def history(size: int) -> list[dict[str, Any]]:
    """``size`` alternating user/assistant messages, ending with a user message."""
    roles = ("user", "assistant")
    items = [
        {"role": roles[(size - 1 - i) % 2], "content": f"message number {i}"} for i in range(size)
    ]
    return items


def bench_history(sizes: list[int], *, budget: int, repeats: int) -> dict[str, Any]:
    """W6: one turn with a long input list; framework µs per history item."""
    rows: list[dict[str, Any]] = []
    for size in sizes:
        prompt = history(size)
        iterations = max(20, min(1000, budget // size))
        timing = time_pair(
            lambda prompt=prompt: sides(W1_SCRIPT, prompt),  # type: ignore[misc]
            iterations=iterations,
            repeats=repeats,
            warmup=max(2, iterations // 5),
        )
        rows.append({"items": size, **timing.as_dict()})
    base = rows[0]
    for row in rows[1:]:
        # Marginal framework cost of one more history item, from the smallest size.
        extra = row["overhead_us"] - base["overhead_us"]
        row["us_per_item"] = round(extra / (row["items"] - base["items"]), 4)
    return {"rows": rows, "us_per_item": rows[-1].get("us_per_item", 0.0)}


# ----- running everything ------------------------------------------------------

# Iterations per repeat (w1, w2), repeats, W5 sizes and samples, W6 items per repeat, W8 samples.
FULL = {
    "w1": 600,
    "w2": 200,
    "repeats": 25,
    "w5": [1000, 10000],
    "w5_repeats": 3,
    "w6": 40_000,
    "w8": 7,
}
QUICK = {
    "w1": 300,
    "w2": 100,
    "repeats": 9,
    "w5": [1000, 10000],
    "w5_repeats": 1,
    "w6": 20_000,
    "w8": 5,
}
TINY = {"w1": 5, "w2": 3, "repeats": 1, "w5": [10, 20], "w5_repeats": 1, "w6": 40, "w8": 1}


def run_all(
    plan: dict[str, Any], *, delay: float = 0.05, subprocesses: bool = True
) -> dict[str, Any]:
    """Runs every workload; returns the results as JSON-ready data."""
    reps = plan["repeats"]
    results: dict[str, Any] = {"check": check_same_work(W2_SCRIPT, PROMPT)}
    # "W1".."W4": runwright as configured by default; "untraced": with tracing off.
    results["untraced"] = {}
    for key, script, streamed, n in (
        ("W1", W1_SCRIPT, False, plan["w1"]),
        ("W2", W2_SCRIPT, False, plan["w2"]),
        ("W4", W2_SCRIPT, True, plan["w2"]),
    ):
        model_us = bench_model_only(script, streamed=streamed, iterations=n, repeats=reps)
        for tracing, into in ((True, results), (False, results["untraced"])):
            row = bench_turns(
                script, streamed=streamed, iterations=n, repeats=reps, tracing=tracing
            ).as_dict()
            row["model_us"] = round(model_us, 3)
            row["turns"] = len(script)
            into[key] = row
    results["W2_budget"] = bench_budget(iterations=plan["w2"], repeats=reps)
    results["W5"] = [
        bench_concurrent(n, delay, repeats=plan["w5_repeats"], subprocesses=subprocesses)
        for n in plan["w5"]
    ]
    # The same with the collector's first threshold raised 700 -> 50,000: how much is GC.
    results["W5_gc_tuned"] = [
        bench_concurrent(n, delay, subprocesses=subprocesses, gc_threshold=W5_GC_THRESHOLD)
        for n in plan["w5"]
    ]
    results["W6"] = bench_history([10, 100, 1000, 10000], budget=plan["w6"], repeats=reps)
    results["W8"] = bench_import(plan["w8"])
    results["verdicts"] = verdicts(results)
    return results


def isolate_trace_store() -> None:
    """Points runwright's local trace store at a temporary file (children inherit it).

    Runs trace to the local store by default; a benchmark must neither fill the
    user's store nor be slowed by its size.
    """
    directory = tempfile.mkdtemp(prefix="runwright-bench-")
    os.environ["RUNWRIGHT_TRACE_DB"] = os.path.join(directory, "traces.db")
    # Registered before runwright's own exit flush, so it runs after it (LIFO).
    atexit.register(shutil.rmtree, directory, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer iterations (CI smoke)")
    parser.add_argument(
        "--json", type=Path, default=None, help="results file (bench/results/latest.json)"
    )
    parser.add_argument("--w5-child", nargs=2, metavar=("IMPL", "RUNS"), help=argparse.SUPPRESS)
    parser.add_argument("--delay", type=float, default=0.05, help="simulated model latency (W5)")
    parser.add_argument("--gc-threshold", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.w5_child:
        if "RUNWRIGHT_TRACE_DB" not in os.environ:
            isolate_trace_store()
        impl, runs = args.w5_child
        print(json.dumps(_concurrent_child(impl, int(runs), args.delay, args.gc_threshold)))
        return 0
    isolate_trace_store()
    started = time.perf_counter()
    load_before = os.getloadavg()[0]
    results = run_all(QUICK if args.quick else FULL, delay=args.delay)
    results["mode"] = "quick" if args.quick else "full"
    results["machine"] = machine()
    results["machine"]["load_average_1m_before"] = round(load_before, 2)
    results["seconds"] = round(time.perf_counter() - started, 1)
    print_table(results)
    budget = results["W2_budget"]
    print(
        f"W2 with a RunBudget: {budget['extra_pct']:+.2f}% per run ({budget['extra_us']:+.1f} µs; "
        f"target <= {budget['target_pct']}%)"
    )
    kwargs = {"path": args.json} if args.json else {}
    path = write_results("core", results, **kwargs)
    m = results["machine"]
    print(
        f"({results['seconds']} s on {m['cpus']} CPUs, load average {m['load_average_1m_before']}"
        f" -> {m['load_average_1m']}; results in {path})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
