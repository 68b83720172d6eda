"""Timing helpers shared by the benchmark scripts in bench/ (not part of runwright).

Every benchmark measures runwright beside a baseline doing the same work in
the same process: ``time_pair`` runs both, interleaved repeat by repeat so
drift (CPU frequency, other tenants of the machine) hits both sides alike,
and reports medians.
"""

from __future__ import annotations

import asyncio
import gc
import json
import os
import platform
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

RESULTS_DIR = Path(__file__).resolve().parent / "results"
LATEST = RESULTS_DIR / "latest.json"

AsyncFn = Callable[[], Awaitable[Any]]


@dataclass
class PairTiming:
    """Median µs per run of runwright and of the baseline, and what follows from them.

    Wall time (``perf_counter_ns``) is the headline. CPU time of the process
    (``process_time_ns``, all threads: background writers included) is kept
    beside it: on a shared machine it leaves out the time the process waited for
    a CPU, which wall time cannot.
    """

    runwright_us: float
    baseline_us: float
    runwright_spread_us: float
    baseline_spread_us: float
    runwright_min_us: float
    baseline_min_us: float
    runwright_cpu_us: float
    baseline_cpu_us: float
    overhead_us: float
    """Framework time: median over repeats of (runwright − baseline) µs per run, each
    pair measured back to back so slow drifts of machine speed cancel."""
    overhead_cpu_us: float
    """The same in CPU time of the process (all threads)."""
    ratio: float
    """Median over repeats of runwright µs / baseline µs (raw: both include the fake model)."""
    iterations: int
    repeats: int

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        # The same from the fastest repeat of each side: less sensitive to a busy machine.
        data["overhead_min_us"] = self.runwright_min_us - self.baseline_min_us
        return {k: (round(v, 3) if isinstance(v, float) else v) for k, v in data.items()}


async def _per_run_us(fn: AsyncFn, iterations: int) -> tuple[float, float]:
    """(wall µs, process CPU µs) per call of ``fn``."""
    wall, cpu = time.perf_counter_ns, time.process_time_ns
    start_wall, start_cpu = wall(), cpu()
    for _ in range(iterations):
        await fn()
    end_wall, end_cpu = wall(), cpu()
    per = iterations * 1000.0
    return (end_wall - start_wall) / per, (end_cpu - start_cpu) / per


async def time_pair_async(
    runwright: AsyncFn, baseline: AsyncFn, *, iterations: int, repeats: int, warmup: int
) -> PairTiming:
    """Times both callables inside the running event loop; medians over ``repeats``."""
    await _per_run_us(runwright, warmup)
    await _per_run_us(baseline, warmup)
    rw: list[tuple[float, float]] = []
    base: list[tuple[float, float]] = []
    for index in range(repeats):
        # Alternate which side goes first so neither always runs on a "cooler" heap.
        order = ((runwright, rw), (baseline, base))
        for fn, sink in order if index % 2 == 0 else reversed(order):
            gc.collect()
            sink.append(await _per_run_us(fn, iterations))
    rw_wall, rw_cpu = [w for w, _ in rw], [c for _, c in rw]
    base_wall, base_cpu = [w for w, _ in base], [c for _, c in base]
    pairs = list(zip(rw, base, strict=True))
    return PairTiming(
        runwright_us=statistics.median(rw_wall),
        baseline_us=statistics.median(base_wall),
        runwright_spread_us=_spread(rw_wall),
        baseline_spread_us=_spread(base_wall),
        runwright_min_us=min(rw_wall),
        baseline_min_us=min(base_wall),
        runwright_cpu_us=statistics.median(rw_cpu),
        baseline_cpu_us=statistics.median(base_cpu),
        overhead_us=statistics.median(r[0] - b[0] for r, b in pairs),
        overhead_cpu_us=statistics.median(r[1] - b[1] for r, b in pairs),
        ratio=statistics.median(r[0] / b[0] for r, b in pairs),
        iterations=iterations,
        repeats=repeats,
    )


def time_pair(
    make: Callable[[], tuple[AsyncFn, AsyncFn]], *, iterations: int, repeats: int, warmup: int
) -> PairTiming:
    """Builds (runwright, baseline) inside a fresh event loop and times them."""

    async def main() -> PairTiming:
        runwright, baseline = make()
        return await time_pair_async(
            runwright, baseline, iterations=iterations, repeats=repeats, warmup=warmup
        )

    return asyncio.run(main())


def _spread(samples: list[float]) -> float:
    """Half the range of the samples once the lowest and highest are dropped."""
    if len(samples) < 3:
        return 0.0
    middle = sorted(samples)[1:-1]
    return (middle[-1] - middle[0]) / 2


def machine() -> dict[str, Any]:
    """Where the figures come from."""
    return {
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "cpu": _cpu_model(),
        "load_average_1m": round(os.getloadavg()[0], 2),
        "date_utc": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def write_results(section: str, data: dict[str, Any], path: Path = LATEST) -> Path:
    """Stores ``data`` under ``section`` in the results file, keeping other benches' sections."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        existing = json.loads(path.read_text())
        if not isinstance(existing, dict):
            existing = {}
    except (OSError, ValueError):
        existing = {}
    existing[section] = data
    path.write_text(json.dumps(existing, indent=2, sort_keys=True) + "\n")
    return path


def peak_rss_mib() -> float:
    """This process's peak resident set size, in MiB."""
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # Linux reports KiB, macOS bytes.
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def current_rss_mib() -> float:
    """This process's resident set size now, in MiB (Linux; falls back to the peak)."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, ValueError, IndexError):
        return peak_rss_mib()
    return pages * os.sysconf("SC_PAGE_SIZE") / (1024 * 1024)
