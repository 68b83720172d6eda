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


def _start(mode: str, scenario: str, db: str, log: Path) -> subprocess.Popen[str]:
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


@pytest.fixture(params=["sqlite", "postgres"])
def stores(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[str, str]:
    """(the baseline's store, the crashed run's store), as crash_worker.py takes them."""
    if request.param == "sqlite":
        return str(tmp_path / "base.db"), str(tmp_path / "runs.db")
    prefix = request.getfixturevalue("pg_prefix")
    return str(tmp_path / "base.db"), f"pg:{prefix}"


@pytest.mark.parametrize(
    ("scenario", "marker"),
    [("tools", "slow-start:2"), ("stream", "streaming-turn-2")],
)
def test_killed_run_resumes_in_a_new_process(
    tmp_path: Path, scenario: str, marker: str, stores: tuple[str, str]
) -> None:
    base_db, db = stores
    baseline = _finish(_start("run", scenario, base_db, tmp_path / "base.log"))

    log = tmp_path / "tools.log"
    victim = _start("victim", scenario, db, log)
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


def test_run_from_this_process_resumes_in_another_with_only_the_dsn(
    tmp_path: Path, postgres_dsn: str, pg_prefix: str
) -> None:
    """Another host: a new process that knows only the DSN, the table prefix and the run id."""
    import asyncio

    from runwright import Agent, Runner, function_tool
    from runwright.durable import PostgresCheckpointStore
    from runwright.testing import ScriptedModel, tool_call

    class HostDied(BaseException):
        pass

    ran: list[str] = []

    @function_tool
    async def fast(n: int) -> str:
        ran.append(f"fast:{n}")
        return f"fast {n}"

    @function_tool
    async def slow(n: int) -> str:
        await asyncio.sleep(0.2)  # fast's output is checkpointed first
        raise HostDied

    steps = [[tool_call("fast", {"n": 1}, call_id="c1"), tool_call("slow", {"n": 2}, call_id="c2")]]

    async def first_host() -> None:
        store = PostgresCheckpointStore(postgres_dsn, table_prefix=pg_prefix)
        agent = Agent(name="worker", model=ScriptedModel(steps), tools=[fast, slow])
        try:
            with pytest.raises(HostDied):
                await Runner.run(agent, "go", durable=store, run_id="r1")
        finally:
            await store.close()

    asyncio.run(first_host())
    assert ran == ["fast:1"]
    log = tmp_path / "tools.log"
    resumed = _finish(_start("resume", "tools", f"pg:{pg_prefix}", log))
    baseline = _finish(_start("run", "tools", str(tmp_path / "base.db"), tmp_path / "base.log"))
    assert resumed == baseline
    # The other host ran only what was not recorded: the call in flight and the next turn.
    assert log.read_text().splitlines() == ["slow-start:2", "slow-end:2", "fast:3"]
