"""Sandboxed runs end to end: set-up, tools, approval pause, RunState JSON, teardown."""

from __future__ import annotations

import json
import subprocess
import sys
import tarfile
import textwrap
from pathlib import Path
from typing import Any

import pytest
from _sandbox_support import exec_report, gone, host_processes, need_bwrap

from runwright import RunConfig, Runner, RunState, UserError
from runwright.sandbox import (
    Filesystem,
    LocalSnapshotSpec,
    SandboxAgent,
    SandboxRunConfig,
    SandboxSessionState,
    Shell,
)
from runwright.sandbox.sandboxes import UnixLocalSandboxClient, UnixLocalSandboxClientOptions
from runwright.testing import ScriptedModel, tool_call

WRITE = tool_call("write_file", {"path": "data.txt", "content": "3\n4\n5\n"})
SUM = tool_call(
    "exec_command",
    {
        "cmd": "awk '{s+=$1} END {print s}' data.txt > sum.txt",
        "workdir": None,
        "timeout_seconds": None,
    },
)
READ = tool_call("read_file", {"path": "sum.txt"})


def _outputs(result: Any) -> list[str]:
    return [str(i.output) for i in result.new_items if type(i).__name__ == "ToolCallOutputItem"]


def _agent(model: ScriptedModel) -> SandboxAgent[Any]:
    return SandboxAgent(
        name="calc",
        instructions="Add the numbers in data.txt.",
        model=model,
        capabilities=[Filesystem(), Shell(needs_approval=True)],
    )


def _sandbox_of(data: dict[str, Any]) -> dict[str, Any]:
    """The sandbox session state in a RunState JSON document (runwright's extension
    of the SDK's document, or runwright's own format)."""
    found = data.get("runwright", {}).get("state", {}).get("sandbox") or data["sandbox"]
    assert isinstance(found, dict)
    return found


async def test_write_run_read_across_an_approval_pause(confined: UnixLocalSandboxClient) -> None:
    agent = _agent(ScriptedModel([WRITE, SUM, READ, "The sum is 12."]))
    config = RunConfig(sandbox=SandboxRunConfig(client=confined))
    first = await Runner.run(agent, "Add them up", run_config=config)
    assert [i.raw_item["name"] for i in first.interruptions] == ["exec_command"]

    text = first.to_state().to_string()
    workspace = Path(_sandbox_of(json.loads(text))["workspace"])
    assert (workspace / "data.txt").read_text() == "3\n4\n5\n"  # kept during the pause

    state = await RunState.from_string(agent, text)
    state.approve(state.interruptions[0])
    result = await Runner.run(agent, state, run_config=config)
    assert result.final_output == "The sum is 12."
    assert [exec_report(o) for o in _outputs(result)[-2:-1]] == [(0, "")]
    assert _outputs(result)[-1] == "12\n"
    assert not workspace.exists()  # the finished run's workspace is removed


async def test_a_snapshot_lets_another_process_resume(
    confined: UnixLocalSandboxClient, workspaces: Path, tmp_path: Path
) -> None:
    agent = _agent(ScriptedModel([WRITE, SUM]))
    snapshots = tmp_path / "snapshots"
    config = RunConfig(
        sandbox=SandboxRunConfig(client=confined, snapshot=LocalSnapshotSpec(snapshots))
    )
    first = await Runner.run(agent, "Add them up", run_config=config)
    saved = first.to_state().to_json()
    snapshot = Path(_sandbox_of(saved)["snapshot"])
    assert snapshot.parent == snapshots and snapshot.is_file()
    import shutil

    shutil.rmtree(_sandbox_of(saved)["workspace"])  # this machine's copy is gone
    state_file = tmp_path / "state.json"
    state_file.write_text(json.dumps(saved))
    script = tmp_path / "resume.py"
    script.write_text(RESUME_SCRIPT)
    done = subprocess.run(
        [sys.executable, str(script), str(state_file), str(workspaces), str(snapshots)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["final_output"] == "The sum is 12."
    assert exec_report(report["outputs"][0]) == (0, "")
    assert report["outputs"][1:] == ["12\n"]
    assert not snapshot.exists()  # removed with the finished run's workspace


RESUME_SCRIPT = textwrap.dedent(
    """
    import asyncio, json, sys
    from runwright import RunConfig, Runner, RunState
    from runwright.sandbox import Filesystem, LocalSnapshotSpec, SandboxAgent, Shell
    from runwright.sandbox import SandboxRunConfig
    from runwright.sandbox.sandboxes import UnixLocalSandboxClient, UnixLocalSandboxClientOptions
    from runwright.testing import ScriptedModel, tool_call

    state_file, base, snapshots = sys.argv[1:4]
    model = ScriptedModel([tool_call("read_file", {"path": "sum.txt"}), "The sum is 12."])
    agent = SandboxAgent(name="calc", model=model,
                         capabilities=[Filesystem(), Shell(needs_approval=True)])
    client = UnixLocalSandboxClient(UnixLocalSandboxClientOptions(workspace_base=base))
    config = RunConfig(sandbox=SandboxRunConfig(client=client,
                                                snapshot=LocalSnapshotSpec(snapshots)))

    async def main():
        state = await RunState.from_string(agent, open(state_file).read())
        state.approve(state.interruptions[0])
        result = await Runner.run(agent, state, run_config=config)
        outputs = [str(i.output) for i in result.new_items
                   if type(i).__name__ == "ToolCallOutputItem"]
        print(json.dumps({"final_output": result.final_output, "outputs": outputs[-2:]}))

    asyncio.run(main())
    """
)


async def test_a_sandbox_agent_alone_uses_the_confined_default_client() -> None:
    need_bwrap()
    model = ScriptedModel(
        [
            tool_call(
                "exec_command", {"cmd": "pwd; hostname", "workdir": None, "timeout_seconds": None}
            ),
            "ok",
        ]
    )
    agent = SandboxAgent(name="solo", model=model)
    result = await Runner.run(agent, "where am I?")
    workspace = Path(result.to_state().sandbox.state.workspace)
    # commands see the workspace at its host path, as under the SDK's client
    assert [exec_report(o) for o in _outputs(result)] == [(0, f"{workspace}\nsandbox\n")]
    assert not workspace.exists()


async def test_a_tampered_state_cannot_choose_the_workspace(
    confined: UnixLocalSandboxClient,
) -> None:
    agent = _agent(ScriptedModel([WRITE, SUM]))
    config = RunConfig(sandbox=SandboxRunConfig(client=confined))
    first = await Runner.run(agent, "Add them up", run_config=config)
    data = first.to_state().to_json()
    real = _sandbox_of(data)["workspace"]
    _sandbox_of(data)["workspace"] = "/"
    state = await RunState.from_json(agent, data)
    with pytest.raises(UserError, match="workspace / is gone"):
        await Runner.run(agent, state, run_config=config)
    import shutil

    shutil.rmtree(real)


async def test_a_malformed_sandbox_state_is_a_user_error() -> None:
    agent = _agent(ScriptedModel([]))
    bad = {"type": "unix_local", "session_id": 3}
    with pytest.raises(UserError, match="sandbox session state"):
        SandboxSessionState.from_json_dict(bad)
    assert agent.name == "calc"


async def test_a_snapshot_member_leaving_the_workspace_is_refused(
    confined: UnixLocalSandboxClient, tmp_path: Path
) -> None:
    evil = tmp_path / "evil.tar"
    payload = tmp_path / "payload.txt"
    payload.write_text("pwned")
    with tarfile.open(evil, "w") as tar:
        tar.add(payload, arcname="../escaped.txt")
    state = SandboxSessionState(
        type="unix_local",
        session_id="x",
        workspace="/nonexistent",
        root="/workspace",
        snapshot=str(evil),
    )
    with pytest.raises(UserError, match="would leave the workspace"):
        await confined.resume(state)
    assert not (Path(confined.base) / "escaped.txt").exists()


async def test_missing_bubblewrap_is_a_user_error_naming_the_fix(
    monkeypatch: pytest.MonkeyPatch, workspaces: Path
) -> None:
    monkeypatch.setenv("PATH", str(workspaces))
    client = UnixLocalSandboxClient(UnixLocalSandboxClientOptions(workspace_base=str(workspaces)))
    with pytest.raises(UserError, match="apt-get install bubblewrap"):
        await client.create()
    assert list(workspaces.iterdir()) == []


async def test_unconfined_mode_is_explicit_and_still_cleans_up(
    workspaces: Path, caplog: pytest.LogCaptureFixture
) -> None:
    options = UnixLocalSandboxClientOptions(workspace_base=str(workspaces), unconfined=True)
    client = UnixLocalSandboxClient(options)
    assert "UNCONFINED" in caplog.text
    model = ScriptedModel(
        [
            tool_call(
                "exec_command",
                {
                    "cmd": "sleep 31339 > /dev/null 2>&1 & echo started",
                    "workdir": None,
                    "timeout_seconds": None,
                },
            ),
            "ok",
        ]
    )
    agent = SandboxAgent(name="dev", model=model)
    result = await Runner.run(
        agent, "go", run_config=RunConfig(sandbox=SandboxRunConfig(client=client))
    )
    assert [exec_report(o) for o in _outputs(result)] == [(0, "started\n")]
    assert gone(lambda: host_processes("sleep 31339"))
    assert list(workspaces.iterdir()) == []


async def test_a_streamed_sandbox_run_uses_the_same_workspace_hook(
    confined: UnixLocalSandboxClient,
) -> None:
    model = ScriptedModel(
        [tool_call("exec_command", {"cmd": "echo streamed > s.txt; cat s.txt"}), "ok"]
    )
    agent = SandboxAgent(name="streamer", model=model)
    config = RunConfig(sandbox=SandboxRunConfig(client=confined))
    result = Runner.run_streamed(agent, "go", run_config=config)
    names = [e.name async for e in result.stream_events() if e.type == "run_item_stream_event"]
    assert "tool_output" in names
    assert [exec_report(o) for o in _outputs(result)] == [(0, "streamed\n")]
    assert not Path(result.to_state().sandbox.state.workspace).exists()


def test_runs_without_a_sandbox_never_import_it() -> None:
    code = textwrap.dedent(
        """
        import asyncio, sys
        from runwright import Agent, Runner
        from runwright.testing import ScriptedModel
        agent = Agent(name="plain", model=ScriptedModel(["hi"]))
        result = asyncio.run(Runner.run(agent, "hello"))
        assert result.final_output == "hi"
        print(sorted(m for m in sys.modules if m.startswith("runwright.sandbox")))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.strip() == "[]"


async def test_max_turns_keeps_the_workspace_for_the_resumed_run(
    confined: UnixLocalSandboxClient,
) -> None:
    from runwright import MaxTurnsExceeded

    read_data = tool_call("read_file", {"path": "data.txt"})
    model = ScriptedModel([WRITE, read_data, "done"])
    agent = SandboxAgent(name="short", model=model)
    config = RunConfig(sandbox=SandboxRunConfig(client=confined))
    with pytest.raises(MaxTurnsExceeded) as caught:
        await Runner.run(agent, "go", run_config=config, max_turns=1)
    state = caught.value.run_state
    assert state is not None
    workspace = Path(state.sandbox.state.workspace)
    assert (workspace / "data.txt").read_text() == "3\n4\n5\n"
    result = await Runner.run(agent, state, run_config=config, max_turns=5)
    assert _outputs(result)[-1] == "3\n4\n5\n"
    assert not workspace.exists()


async def test_no_user_namespaces_is_a_user_error_naming_the_fix(
    monkeypatch: pytest.MonkeyPatch, workspaces: Path
) -> None:
    fake = workspaces.parent / f"{workspaces.name}-bin" / "bwrap"  # readable by uid 65534
    fake.parent.mkdir(mode=0o755)
    fake.write_text("#!/bin/sh\necho 'bwrap: No permissions to create new namespace' >&2\nexit 1\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake.parent}:/usr/bin:/bin")
    client = UnixLocalSandboxClient(UnixLocalSandboxClientOptions(workspace_base=str(workspaces)))
    try:
        with pytest.raises(UserError, match="user.max_user_namespaces") as caught:
            await client.create()
    finally:
        import shutil

        shutil.rmtree(fake.parent)
    assert "No permissions to create new namespace" in str(caught.value)
    assert list(workspaces.iterdir()) == []
