"""The RunState document's top-level "sandbox" key in the SDK's shape (unix_local):
runwright writes its session there too, and resumes the SDK's own paused sandboxed
run (sdk_sandbox/sdk_paused.json, written by the SDK: make_sdk_documents.py)."""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from runwright import RunConfig, Runner, RunState, function_tool
from runwright._state.sdk_sandbox import same_sdk_session, sandbox_from_sdk, sandbox_to_sdk
from runwright.sandbox import Filesystem, LocalSnapshotSpec, SandboxAgent, SandboxRunConfig, Shell
from runwright.sandbox.sandboxes import UnixLocalSandboxClient, UnixLocalSandboxClientOptions
from runwright.testing import ScriptedModel, tool_call

FOLDER = Path(__file__).parent / "sdk_sandbox"
sys.path.insert(0, str(Path(__file__).parents[1] / "sandbox"))
from _sandbox_support import need_bwrap  # noqa: E402


@function_tool(needs_approval=True)
def publish(note: str) -> str:
    """Publish the note."""
    return f"published {note}"


def _agent(model: ScriptedModel) -> SandboxAgent[Any]:
    return SandboxAgent(
        name="eng", model=model, tools=[publish], capabilities=[Filesystem(), Shell()]
    )


@pytest.fixture
def confined() -> Iterator[UnixLocalSandboxClient]:
    need_bwrap()
    base = Path(tempfile.mkdtemp(prefix="rw-sbx-state-"))
    os.chmod(base, 0o755)
    yield UnixLocalSandboxClient(UnixLocalSandboxClientOptions(workspace_base=str(base)))
    shutil.rmtree(base, ignore_errors=True)


async def test_runwright_resumes_the_sdks_paused_sandboxed_run(
    confined: UnixLocalSandboxClient, tmp_path: Path
) -> None:
    shutil.copy(FOLDER / "sdk_snapshot.tar", tmp_path / "placeholder")
    text = (FOLDER / "sdk_paused.json").read_text().replace("@SNAPSHOT_DIR@", str(tmp_path))
    session_id = json.loads(text)["sandbox"]["session_state"]["session_id"]
    os.rename(tmp_path / "placeholder", tmp_path / f"{session_id}.tar")

    model = ScriptedModel([tool_call("read_file", {"path": "made.txt"}), "Read it."])
    agent = _agent(model)
    state = await RunState.from_string(agent, text)
    assert state.sandbox is not None  # the SDK's envelope, read as runwright's session state
    state.approve(state.interruptions[0])
    result = await Runner.run(
        agent, state, run_config=RunConfig(sandbox=SandboxRunConfig(client=confined))
    )
    assert result.final_output == "Read it."
    outputs = [str(i.output) for i in result.new_items if type(i).__name__ == "ToolCallOutputItem"]
    assert outputs[-2:] == ["published n", "made-by-the-sdk\n"]  # the SDK's workspace, restored


async def test_runwright_writes_its_session_in_the_sdks_shape(
    confined: UnixLocalSandboxClient, tmp_path: Path
) -> None:
    model = ScriptedModel([tool_call("publish", {"note": "n"}), "done"])
    agent = _agent(model)
    config = RunConfig(
        sandbox=SandboxRunConfig(client=confined, snapshot=LocalSnapshotSpec(base_path=tmp_path))
    )
    paused = await Runner.run(agent, "go", run_config=config)
    document = json.loads(paused.to_state().to_string())
    own = document["runwright"]["state"]["sandbox"]
    envelope = document["sandbox"]
    assert envelope["backend_id"] == "unix_local"
    assert envelope["current_agent_key"] == envelope["current_agent_name"] == "eng"
    session = envelope["session_state"]
    assert envelope["sessions_by_agent"]["eng"] == {"agent_name": "eng", "session_state": session}
    assert session["type"] == "unix_local"
    assert session["session_id"] == own["session_id"]
    assert session["manifest"]["root"] == own["workspace"]  # the host directory, as the SDK's
    assert session["snapshot"] == {
        "type": "local",
        "id": own["session_id"],
        "base_path": str(tmp_path),
    }
    assert Path(tmp_path / f"{own['session_id']}.tar").is_file()
    # read back: the SDK's shape gives the same session (workspace, snapshot)
    back = sandbox_from_sdk(envelope, "eng")
    assert back is not None and back["workspace"] == own["workspace"]
    state = await RunState.from_string(agent, json.dumps(document))
    state.approve(state.interruptions[0])
    result = await Runner.run(agent, state, run_config=config)
    assert result.final_output == "done"


def test_other_backends_and_credentials() -> None:
    docker = {"backend_id": "docker", "session_state": {"type": "docker", "session_id": "x"}}
    assert sandbox_from_sdk(docker, "a") is None  # passes through as the SDK wrote it
    assert sandbox_to_sdk({"type": "scripted"}, "a") is None
    assert not same_sdk_session(None, {"type": "unix_local"})
    own = {
        "type": "unix_local",
        "session_id": "s",
        "workspace": "/w",
        "root": "/workspace",
        "environment": {},
        "snapshot": None,
        "extra_path_grants": [],
        "exposed_ports": [],
        "workspace_root_ready": True,
    }
    envelope = sandbox_to_sdk(own, "a")
    assert envelope is not None and same_sdk_session(envelope, own)
    # an SDK envelope with a mount: runwright's state keeps no mount and no credentials
    envelope["session_state"]["manifest"]["entries"] = {
        "data": {"type": "s3_mount", "bucket": "b", "access_key_id": "AKIA-SECRET"}
    }
    read = sandbox_from_sdk(envelope, "a")
    assert read is not None and "AKIA-SECRET" not in json.dumps(read)


@pytest.mark.parametrize(
    "tamper",
    [
        {"current_agent_key": {"not": "a name"}},
        {"sessions_by_agent": ["not", "a", "mapping"]},
        {"session_state": {"type": "unix_local", "session_id": "s", "manifest": 5}},
        {
            "session_state": {
                "type": "unix_local",
                "session_id": "s",
                "manifest": {"root": "/w", "extra_path_grants": 5},
                "exposed_ports": 7,
            }
        },
    ],
)
async def test_a_tampered_sdk_sandbox_key_still_loads_the_run(tamper: dict[str, Any]) -> None:
    # Found by fuzzing the reader: a non-string agent key or a number where a list
    # belongs raised TypeError, and the whole paused run was refused. The sandbox
    # part reads what it can (or nothing); the run itself still loads.
    document = json.loads((FOLDER / "sdk_paused.json").read_text())
    document["sandbox"].update(tamper)
    state = await RunState.from_string(_agent(ScriptedModel([])), json.dumps(document))
    assert [item.raw_item["name"] for item in state.get_interruptions()] == ["publish"]
