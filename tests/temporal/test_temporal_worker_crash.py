"""Two worker processes; the one running a tool is killed with SIGKILL mid-run. The run
completes on the other, and every tool whose activity completed ran exactly once."""

from __future__ import annotations

import asyncio
import os
import select
import signal
import subprocess
import sys
import uuid
from pathlib import Path

import agents_app
from temporal_support import log_lines
from temporalio.client import Client

HERE = Path(__file__).parent


def _start_worker(address: str, task_queue: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(HERE), str(HERE.parent)])}
    proc = subprocess.Popen(
        [sys.executable, str(HERE / "worker_main.py"), address, task_queue],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert proc.stdout is not None
    ready, _, _ = select.select([proc.stdout], [], [], 60)
    line = proc.stdout.readline() if ready else ""  # "ready" once the worker polls
    if line.strip() != "ready":
        proc.kill()
        raise AssertionError(f"worker did not start: {proc.stderr.read() if proc.stderr else ''}")
    return proc


async def _wait_for(log: Path, marker: str, timeout: float = 30) -> str:
    for _ in range(int(timeout / 0.02)):
        if log.exists():
            for line in log.read_text().splitlines():
                if line.startswith(marker):
                    return line
        await asyncio.sleep(0.02)
    raise AssertionError(f"{marker!r} never appeared in {log}")


async def test_killed_worker_run_completes_on_the_other_without_rerunning_finished_tools(
    client: Client, temporal_address: str, task_queue: str, tool_log: Path
) -> None:
    workers = [_start_worker(temporal_address, task_queue) for _ in range(2)]
    try:
        handle = await client.start_workflow(
            agents_app.CrashWorkflow.run, "go", id=f"crash-{uuid.uuid4()}", task_queue=task_queue
        )
        line = await _wait_for(tool_log, "slow-start:4")
        victim_pid = int(line.rsplit("pid=", 1)[1])
        victim = next(w for w in workers if w.pid == victim_pid)
        os.kill(victim_pid, signal.SIGKILL)
        victim.wait(timeout=10)
        assert victim.returncode == -signal.SIGKILL

        result = await asyncio.wait_for(handle.result(), timeout=60)
    finally:
        for proc in workers:
            if proc.poll() is None:
                proc.kill()
            proc.wait(timeout=10)

    assert result == "All steps done."
    entries = log_lines(tool_log)
    for n in (1, 2, 3):  # finished before the kill: ran exactly once
        assert entries.count(f"fast-start:{n}") == 1
        assert entries.count(f"fast-done:{n}") == 1
    # In flight at the kill: its activity never completed there, so it ran again, once, elsewhere.
    assert entries.count("slow-start:4") == 2
    assert entries.count("slow-done:4") == 1
    survivor = next(w for w in workers if w.pid != victim_pid)
    done_line = next(ln for ln in tool_log.read_text().splitlines() if ln.startswith("slow-done:4"))
    assert done_line.endswith(f"pid={survivor.pid}")


async def test_a_non_idempotent_tool_cut_off_by_a_killed_worker_is_not_run_again(
    client: Client, temporal_address: str, task_queue: str, tool_log: Path
) -> None:
    workers = [_start_worker(temporal_address, task_queue) for _ in range(2)]
    try:
        handle = await client.start_workflow(
            agents_app.ChargeWorkflow.run, "go", id=f"charge-{uuid.uuid4()}", task_queue=task_queue
        )
        line = await _wait_for(tool_log, "charge-start:5")
        os.kill(int(line.rsplit("pid=", 1)[1]), signal.SIGKILL)
        result = await asyncio.wait_for(handle.result(), timeout=60)
    finally:
        for proc in workers:
            if proc.poll() is None:
                proc.kill()
            proc.wait(timeout=10)

    entries = log_lines(tool_log)
    assert entries.count("charge-start:5") == 1  # never retried
    assert entries.count("charge-done:5") == 0
    assert result["final_output"] == "Charge attempted."
    [output] = result["outputs"]
    assert "was interrupted" in output and "not idempotent" in output
