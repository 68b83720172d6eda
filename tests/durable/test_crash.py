"""Durable runs survive SIGKILL: resumed in a new process, they finish as if uninterrupted."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

WORKER = Path(__file__).parent / "crash_worker.py"


def _start(mode: str, scenario: str, db: Path, log: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(WORKER), mode, scenario, str(db), str(log)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _finish(proc: subprocess.Popen[str]) -> dict[str, object]:
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    return json.loads(out)  # type: ignore[no-any-return]


def _wait_for(log: Path, marker: str, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if log.exists() and marker in log.read_text():
            return
        time.sleep(0.01)
    raise AssertionError(f"{marker!r} never appeared in {log}")


@pytest.mark.parametrize(
    ("scenario", "marker"),
    [("tools", "slow-start:2"), ("stream", "streaming-turn-2")],
)
def test_killed_run_resumes_in_a_new_process(tmp_path: Path, scenario: str, marker: str) -> None:
    baseline = _finish(_start("run", scenario, tmp_path / "base.db", tmp_path / "base.log"))

    db, log = tmp_path / "runs.db", tmp_path / "tools.log"
    victim = _start("run", scenario, db, log)
    _wait_for(log, marker)
    time.sleep(0.3)  # the fast sibling's output gets checkpointed; the slow call is still running
    os.kill(victim.pid, signal.SIGKILL)
    victim.wait(timeout=10)
    assert victim.returncode == -signal.SIGKILL

    resumed = _finish(_start("resume", scenario, db, log))
    assert resumed == baseline
    calls = [line for line in log.read_text().splitlines() if not line.startswith("streaming")]
    # Recorded tools ran exactly once; the one in flight at the kill ran again (at least once).
    assert calls.count("fast:1") == 1
    assert calls.count("fast:3") == 1
    assert calls.count("slow-end:2") == 1
    expected_slow_starts = 2 if scenario == "tools" else 1
    assert calls.count("slow-start:2") == expected_slow_starts
