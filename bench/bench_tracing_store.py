"""Micro-benchmark of tracing's cost on the calling thread and of the local store's writer.

    python bench/bench_tracing_store.py            # ~30 s
    python bench/bench_tracing_store.py --quick    # ~5 s

Figures (medians over repeats):
- span: µs per span start+finish on the calling thread, for 10,000 function
  spans in one trace: outside any trace (no-op), in a trace with no
  processor, in a trace with the default local store processor.
- run: a W2-shaped run (trace, agent span, 3 model-call spans, 4 tool spans)
  with tracing disabled vs to the local store: µs per run on the calling
  thread; the writer is deferred while runs keep finishing, so its cost is
  measured separately, as CPU µs per trace when the queue is flushed.
Both wall time and calling-thread CPU time are shown: CPU time is immune to
other processes on the machine.
"""

from __future__ import annotations

import argparse
import functools
import gc
import json
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from runwright.tracing import (
    LocalTraceProcessor,
    TraceStore,
    agent_span,
    function_span,
    get_trace_provider,
    response_span,
    run_trace,
    set_trace_processors,
    trace,
)
from runwright.usage import Usage

USAGE = Usage(input_tokens=120, output_tokens=30)
INPUT = [{"role": "user", "content": "What is the weather and time in Paris?"}]
OUTPUT = [{"type": "message", "role": "assistant", "content": [{"text": "Sunny, 14:00."}]}]


def one_span() -> None:
    with function_span("get_weather", input='{"city": "Paris"}') as span:
        span.span_data.output = "sunny"


def w2_run(disabled: bool) -> None:
    with (
        run_trace("W2", disabled=disabled),
        agent_span("assistant", tools=["get_weather", "get_time"]),
    ):
        for turn in range(3):
            with response_span(model="scripted") as model_call:
                model_call.span_data.input = INPUT
                model_call.span_data.response = {"id": "resp", "usage": USAGE, "output": OUTPUT}
            if turn < 2:
                for tool in ("get_weather", "get_time"):
                    with function_span(tool, input='{"city": "Paris"}') as call:
                        call.span_data.output = "sunny"


def measure(fn: Callable[[], None], n: int) -> tuple[float, float]:
    """(wall µs, calling-thread CPU µs) per call of ``fn``, over ``n`` calls."""
    gc.collect()
    wall, cpu = time.perf_counter_ns(), time.thread_time_ns()
    for _ in range(n):
        fn()
    return (time.perf_counter_ns() - wall) / n / 1000, (time.thread_time_ns() - cpu) / n / 1000


def median_pair(samples: list[tuple[float, float]]) -> dict[str, float]:
    return {
        "wall_us": round(statistics.median(s[0] for s in samples), 2),
        "cpu_us": round(statistics.median(s[1] for s in samples), 2),
    }


def bench_spans(local: LocalTraceProcessor, n: int, repeats: int) -> dict[str, Any]:
    out: dict[str, Any] = {}

    def in_trace() -> None:
        with trace("spans"):
            for _ in range(n):
                one_span()

    def outside_trace() -> None:
        for _ in range(n):
            one_span()

    cases: list[tuple[str, Callable[[], None], list[Any]]] = [
        ("no_trace_noop", outside_trace, []),
        ("trace_no_processor", in_trace, []),
        ("trace_local_store", in_trace, [local]),
    ]
    for name, fn, processors in cases:
        set_trace_processors(processors)
        samples = []
        for _ in range(repeats):
            wall, cpu = measure(fn, 1)
            samples.append((wall / n, cpu / n))
            local.flush()
        out[name] = median_pair(samples)
    return out


def bench_runs(local: LocalTraceProcessor, n: int, repeats: int) -> dict[str, Any]:
    set_trace_processors([local])
    for _ in range(50):
        w2_run(False)
        w2_run(True)
    local.flush()
    off: list[tuple[float, float]] = []
    on: list[tuple[float, float]] = []
    writer_cpu: list[float] = []
    for index in range(repeats):
        order = [(True, off), (False, on)] if index % 2 == 0 else [(False, on), (True, off)]
        for disabled, sink in order:
            sink.append(measure(functools.partial(w2_run, disabled), n))
            if not disabled:
                # The calling thread is idle now: what the flush costs is the writer's work.
                cpu = time.process_time_ns()
                local.flush()
                writer_cpu.append((time.process_time_ns() - cpu) / n / 1000)
    result: dict[str, Any] = {
        "tracing_disabled": median_pair(off),
        "local_store": median_pair(on),
        "writer_cpu_us_per_trace": round(statistics.median(writer_cpu), 2),
        "spans_per_run": 11,
    }
    for key in ("wall_us", "cpu_us"):
        result[f"added_{key}"] = round(
            result["local_store"][key] - result["tracing_disabled"][key], 2
        )
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    spans, runs, repeats = (2_000, 100, 3) if args.quick else (10_000, 500, 7)
    provider = get_trace_provider()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        local = LocalTraceProcessor(db)
        results = {
            "span": bench_spans(local, spans, repeats),
            "run": bench_runs(local, runs, repeats),
            "dropped": local.dropped,
        }
        local.shutdown()
        results["stored_traces"] = len(TraceStore(db).list_traces(limit=1_000_000))
        provider.set_processors([])
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
