"""Resuming a durable run that had already finished returns its stored result (issue #23).

A process killed right after the final checkpoint leaves a finished run that
nobody received the result of; the worker that resumes it gets that result
(final output, items, usage) without any model or tool call.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from runwright import Agent, Runner, RunState, UserError
from runwright.durable import InMemoryCheckpointStore
from runwright.testing import ScriptedModel

WORKER = Path(__file__).parent / "finish_worker.py"


def _worker(mode: str, db: str, log: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(WORKER), mode, db, str(log)],
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(params=["sqlite", "postgres"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "runs.db")
    pg = request.getfixturevalue("pg")
    return f"pg:{pg.dsn}#finished_{tmp_path.name[-8:].replace('-', '_')}"


@pytest.mark.parametrize("mode", ["resume", "resume-streamed"])
def test_killed_after_the_final_checkpoint_resume_returns_the_stored_result(
    tmp_path: Path, db: str, mode: str
) -> None:
    log = tmp_path / "log.txt"
    killed = _worker("run", db, log)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert log.read_text().splitlines() == ["add:2+3", "final-checkpoint-saved"]

    resumed = _worker(mode, db, log)
    assert resumed.returncode == 0, resumed.stderr
    result: dict[str, Any] = json.loads(resumed.stdout)
    assert result["final"] == "It is 5."
    assert [i["type"] for i in result["items"]] == [
        "function_call",
        "function_call_output",
        "message",
    ]
    assert result["responses"] == 2
    assert result["usage"][0] == 2  # the two model calls of the first process
    assert result["model_calls"] == 0
    lines = log.read_text().splitlines()
    assert lines[:2] == ["add:2+3", "final-checkpoint-saved"]
    assert not [line for line in lines if line.startswith("add:")][1:]  # no tool re-run
    if mode == "resume-streamed":
        assert lines[-1] == "events:0"


async def test_resuming_a_finished_run_in_process_matches_the_run() -> None:
    store = InMemoryCheckpointStore()
    agent = Agent(name="a", model=ScriptedModel(["hello"]))
    first = await Runner.run(agent, "hi", durable=store, run_id="done")
    again = await Runner.resume("done", Agent(name="a", model=ScriptedModel([])), store)
    assert again.final_output == "hello"
    assert [i.raw_item for i in again.new_items] == [i.raw_item for i in first.new_items]
    assert again.context_wrapper.usage.requests == first.context_wrapper.usage.requests
    assert again.run_id == "done"


async def test_a_finished_run_state_passed_as_input_is_still_refused() -> None:
    store = InMemoryCheckpointStore()
    agent = Agent(name="a", model=ScriptedModel(["hello"]))
    result = await Runner.run(agent, "hi", durable=store, run_id="r")
    state: RunState[Any] = result.to_state()
    with pytest.raises(UserError, match="already finished"):
        await Runner.run(agent, state)
