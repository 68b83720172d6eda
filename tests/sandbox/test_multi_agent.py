"""Several SandboxAgents in one run, as under the SDK: each agent gets its own session
(its own manifest, made on its first turn, kept across handoffs back and forth, paused
and resumed with the run), unless the run is given one live session, which every agent
then shares (and no agent's manifest is applied to it)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from _sandbox_support import exec_report

from runwright import RunConfig, Runner, RunState
from runwright.sandbox import Manifest, SandboxAgent, SandboxRunConfig, Shell
from runwright.sandbox.entries import File
from runwright.sandbox.sandboxes import UnixLocalSandboxClient
from runwright.testing import ScriptedModel, tool_call

LOOK = "pwd; ls"


def _shell(cmd: str) -> Any:
    return tool_call("exec_command", {"cmd": cmd})


def _pair(
    a_steps: list[Any], b_steps: list[Any], b_approval: bool = False
) -> tuple[SandboxAgent[Any], SandboxAgent[Any]]:
    a = SandboxAgent(
        name="a",
        model=ScriptedModel(a_steps),
        default_manifest=Manifest(entries={"a.txt": File(content=b"A")}),
        capabilities=[Shell()],
    )
    b = SandboxAgent(
        name="b",
        model=ScriptedModel(b_steps),
        default_manifest=Manifest(entries={"b.txt": File(content=b"B")}),
        capabilities=[Shell(needs_approval=b_approval)],
    )
    a.handoffs = [b]
    b.handoffs = [a]
    return a, b


def _reports(result: Any) -> list[tuple[str, tuple[int | None, str]]]:
    """(agent, (exit code, output)) of every command the run ran."""
    return [
        (item.agent.name, exec_report(str(item.output)))
        for item in result.new_items
        if type(item).__name__ == "ToolCallOutputItem" and "Wall time" in str(item.output)
    ]


async def test_each_sandbox_agent_works_in_its_own_workspace(
    confined: UnixLocalSandboxClient, workspaces: Path
) -> None:
    a, b = _pair(
        [_shell(f"echo a > mine.txt; {LOOK}"), tool_call("transfer_to_b"), _shell(LOOK), "done"],
        [_shell(f"echo b > made_by_b.txt; {LOOK}"), tool_call("transfer_to_a")],
    )
    result = await Runner.run(
        a, "go", run_config=RunConfig(sandbox=SandboxRunConfig(client=confined))
    )
    assert result.final_output == "done"
    (who1, (c1, first)), (who2, (c2, second)), (who3, (c3, third)) = _reports(result)
    assert (who1, who2, who3) == ("a", "b", "a") and c1 == c2 == c3 == 0
    root_a, root_b = first.splitlines()[0], second.splitlines()[0]
    assert root_a != root_b
    assert Path(root_a).parent == Path(root_b).parent == workspaces
    assert first.splitlines()[1:] == ["a.txt", "mine.txt"]  # a's manifest only
    assert second.splitlines()[1:] == ["b.txt", "made_by_b.txt"]  # b's manifest only
    assert third.splitlines() == [root_a, "a.txt", "mine.txt"]  # a's own workspace, kept
    assert not Path(root_a).exists() and not Path(root_b).exists()  # both removed at the end


async def test_a_paused_run_keeps_every_agents_session(
    confined: UnixLocalSandboxClient,
) -> None:
    a, b = _pair(
        [_shell("echo a > mine.txt"), tool_call("transfer_to_b"), _shell(LOOK), "done"],
        [_shell(f"echo b > made_by_b.txt; {LOOK}"), tool_call("transfer_to_a")],
        b_approval=True,
    )
    config = RunConfig(sandbox=SandboxRunConfig(client=confined))
    paused = await Runner.run(a, "go", run_config=config)
    assert [i.agent.name for i in paused.interruptions] == ["b"]
    document = json.loads(paused.to_state().to_string())
    own = document["runwright"]["state"]["sandbox"]
    assert own["current_agent_key"] == "b" and sorted(own["sessions_by_agent"]) == ["a", "b"]
    root_a = own["sessions_by_agent"]["a"]["session_state"]["workspace"]
    root_b = own["sessions_by_agent"]["b"]["session_state"]["workspace"]
    assert own["workspace"] == root_b != root_a
    assert (Path(root_a) / "mine.txt").read_text() == "a\n"  # kept during the pause
    # the SDK's envelope names both sessions the same way
    envelope = document["sandbox"]
    assert envelope["current_agent_key"] == "b"
    roots = {
        k: e["session_state"]["manifest"]["root"] for k, e in envelope["sessions_by_agent"].items()
    }
    assert roots == {"a": root_a, "b": root_b}
    assert {e["agent_name"] for e in envelope["sessions_by_agent"].values()} == {"a", "b"}

    state = await RunState.from_string(a, json.dumps(document))
    state.approve(state.interruptions[0])
    result = await Runner.run(a, state, run_config=config)
    assert result.final_output == "done"
    (who_b, (_, seen_b)), (who_a, (_, seen_a)) = _reports(result)[-2:]
    assert (who_b, who_a) == ("b", "a")
    assert seen_b.splitlines() == [root_b, "b.txt", "made_by_b.txt"]  # b resumed in its own
    assert seen_a.splitlines() == [root_a, "a.txt", "mine.txt"]  # a back in its own
    assert not Path(root_a).exists() and not Path(root_b).exists()


async def test_a_live_session_is_shared_by_every_agent(
    confined: UnixLocalSandboxClient,
) -> None:
    a, b = _pair(
        [_shell(LOOK), tool_call("transfer_to_b"), _shell(LOOK), "done"],
        [_shell(f"echo b > made_by_b.txt; {LOOK}"), tool_call("transfer_to_a")],
    )
    live = await confined.create(manifest=Manifest(entries={"shared.txt": File(content=b"S")}))
    root = live.state.manifest.root
    try:
        async with live:
            config = RunConfig(sandbox=SandboxRunConfig(session=live))
            result = await Runner.run(a, "go", run_config=config)
        assert [seen.splitlines() for _, (_, seen) in _reports(result)] == [
            [root, "shared.txt"],
            [root, "made_by_b.txt", "shared.txt"],  # b.txt is not added to a live session
            [root, "made_by_b.txt", "shared.txt"],
        ]
        assert Path(root, "made_by_b.txt").exists()  # the user's session is the user's to delete
    finally:
        await confined.delete(live)
    assert not Path(root).exists()


async def test_a_finished_run_removes_the_sessions_it_did_not_go_back_to(
    confined: UnixLocalSandboxClient,
) -> None:
    a, b = _pair(
        [_shell("echo a > mine.txt"), tool_call("transfer_to_b")],
        [_shell("ls"), "b is done"],
        b_approval=True,
    )
    config = RunConfig(sandbox=SandboxRunConfig(client=confined))
    paused = await Runner.run(a, "go", run_config=config)
    own = paused.to_state().to_json()["runwright"]["state"]["sandbox"]
    roots = [e["session_state"]["workspace"] for e in own["sessions_by_agent"].values()]
    assert len(roots) == 2 and all(Path(r).is_dir() for r in roots)
    state = await RunState.from_json(a, paused.to_state().to_json())
    state.approve(state.interruptions[0])
    result = await Runner.run(a, state, run_config=config)
    assert result.final_output == "b is done"  # a's session was never resumed
    assert not any(Path(r).exists() for r in roots)
