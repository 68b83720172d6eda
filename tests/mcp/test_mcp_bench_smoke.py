"""bench/bench_mcp.py still runs (tiny counts; nothing about timing is asserted)."""

from __future__ import annotations

import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))

import bench_mcp  # noqa: E402


async def test_m1_times_both_sides() -> None:
    timing = await bench_mcp.m1(iterations=3, repeats=1)
    assert timing.iterations == 3 and timing.runwright_us > 0 and timing.baseline_us > 0


def test_m2_runwright_side_runs_in_its_own_process() -> None:
    figures = bench_mcp.peer_run(sys.executable, "runwright", 10)
    assert figures["runs"] == 10 and figures["us_per_run"] > 0
