"""W8 for bench_core.py: cold ``import runwright`` in fresh interpreters."""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
from typing import Any

HEAVY = (
    "openai",
    "pydantic",
    "pydantic_core",
    "httpx",
    "anyio",
    "asyncio",
    "docstring_parser",
    "typing_extensions",
    "redis",
    "asyncpg",
    "opentelemetry",
    "sqlite3",
    "ssl",
    "concurrent.futures",
    "email",
    "http.client",
    "inspect",
    "json",
)

_IMPORT_PROBE = """
import sys, time, json
before = set(sys.modules)
t0, c0 = time.perf_counter_ns(), time.process_time_ns()
import runwright
t1, c1 = time.perf_counter_ns(), time.process_time_ns()
heavy = {heavy!r}
print(json.dumps({{"ms": (t1 - t0) / 1e6, "cpu_ms": (c1 - c0) / 1e6,
                   "heavy": [m for m in heavy if m in sys.modules],
                   "new_modules": len(set(sys.modules) - before)}}))
"""


def bench_import(repeats: int) -> dict[str, Any]:
    """W8: ``import runwright`` in fresh interpreters; median ms and what it loaded."""
    code = _IMPORT_PROBE.format(heavy=HEAVY)
    cmd = [sys.executable, "-c", code]
    subprocess.run(cmd, capture_output=True, check=True)  # compile .pyc files first
    samples, cpu_samples = [], []
    last: dict[str, Any] = {}
    for _ in range(repeats):
        proc = subprocess.run(cmd, capture_output=True, text=True, check=True)
        last = json.loads(proc.stdout)
        samples.append(last["ms"])
        cpu_samples.append(last["cpu_ms"])
    return {
        "median_ms": round(statistics.median(samples), 2),
        "median_cpu_ms": round(statistics.median(cpu_samples), 2),
        "min_ms": round(min(samples), 2),
        "repeats": repeats,
        "heavy_loaded": last["heavy"],
        "forbidden_loaded": [m for m in last["heavy"] if m in ("openai", "pydantic", "asyncio")],
        "new_modules": last["new_modules"],
        "top_imports": import_profile(),
    }


def import_profile(top: int = 10) -> list[dict[str, Any]]:
    """The modules costing most under ``import runwright``: own (self) µs from -X importtime."""
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import runwright"],
        capture_output=True,
        text=True,
        check=True,
    )
    rows: list[dict[str, Any]] = []
    for line in proc.stderr.splitlines():
        parts = line.removeprefix("import time:").split("|")
        if len(parts) != 3 or not parts[0].strip().isdigit():
            continue
        rows.append(
            {
                "module": parts[2].strip(),
                "self_us": int(parts[0]),
                "cumulative_us": int(parts[1]),
            }
        )
    rows.sort(key=lambda r: int(r["self_us"]), reverse=True)
    return rows[:top]
