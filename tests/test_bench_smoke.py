"""The core benchmarks still run (tiny iteration counts; no timing asserts).

Keeps bench/bench_core.py from rotting as the run loop changes: every workload
runs once, both sides must produce the same conversation, and the report and
results file are built.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"
sys.path.insert(0, str(BENCH))

import bench_core  # noqa: E402


def test_both_sides_do_the_same_work() -> None:
    info = bench_core.check_same_work(bench_core.W2_SCRIPT, bench_core.PROMPT)
    assert info["final_output"] == bench_core.W2_SCRIPT[-1]
    assert info["model_calls"] == 3
    # 2 calls + 2 outputs, 1 call + 1 output, 1 message
    assert info["items"] == 7
    assert info["events_runwright"] > info["items"]
    assert info["events_baseline"] > info["items"]


@pytest.mark.parametrize(
    ("script", "streamed", "tracing"),
    [
        (bench_core.W1_SCRIPT, False, True),
        (bench_core.W1_SCRIPT, False, False),
        (bench_core.W2_SCRIPT, False, True),
        (bench_core.W2_SCRIPT, True, True),
        (bench_core.W2_SCRIPT, True, False),
    ],
)
def test_turn_workloads_time_both_sides(script: list[Any], streamed: bool, tracing: bool) -> None:
    timing = bench_core.bench_turns(
        script, streamed=streamed, iterations=3, repeats=1, tracing=tracing
    )
    row = timing.as_dict()
    assert row["runwright_us"] > 0 and row["baseline_us"] > 0
    # One repeat: the paired difference is the difference of the two medians.
    assert row["overhead_us"] == pytest.approx(row["runwright_us"] - row["baseline_us"], abs=0.01)
    assert bench_core.bench_model_only(script, streamed=streamed, iterations=2, repeats=1) > 0


def test_w5_responder_replays_w2_for_interleaved_runs() -> None:
    result = bench_core.bench_concurrent(15, 0.0, subprocesses=False)
    for impl in ("runwright", "baseline"):
        assert result[impl]["runs"] == 15
        assert result[impl]["wall_s"] > 0
        assert result[impl]["peak_rss_mib"] > 0


def test_w5_child_process() -> None:
    result = bench_core.bench_concurrent(5, 0.001, subprocesses=True)
    assert result["runwright"]["impl"] == "runwright"
    assert result["baseline"]["gc_collections"] is not None


def test_history_rows_and_slope() -> None:
    result = bench_core.bench_history([10, 100], budget=20, repeats=1)
    assert [row["items"] for row in result["rows"]] == [10, 100]
    assert "us_per_item" in result["rows"][1]
    assert bench_core.history(4)[-1]["role"] == "user"
    assert bench_core.history(4)[0]["role"] == "assistant"


def test_import_probe_reports_heavy_modules() -> None:
    result = bench_core.bench_import(1)
    assert result["median_ms"] > 0
    assert "openai" not in result["heavy_loaded"]
    assert result["top_imports"], "python -X importtime output was not parsed"


def test_full_report_and_results_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    results = bench_core.run_all(bench_core.TINY, delay=0.0, subprocesses=False)
    bench_core.print_table(results)
    out = capsys.readouterr().out
    for label in ("W1", "W2", "W4 off", "W5 10", "W5gc 20", "W6 10000", "W8 import", "targets:"):
        assert label in out
    path = bench_core.write_results("core", results, path=tmp_path / "latest.json")
    stored = json.loads(path.read_text())
    assert set(stored["core"]["verdicts"]) >= {
        "W1 framework µs",
        "W1 framework µs (tracing off)",
        "W5 1k wall s",
        "W6 µs/item",
    }
