"""The file tools, driven by a model through a run: they work inside the workspace,
and every attempt to leave it (``..``, absolute host paths, symlinks planted by a
sandboxed command) is refused."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from runwright import RunConfig, Runner
from runwright.sandbox import (
    File,
    Manifest,
    SandboxAgent,
    SandboxRunConfig,
    SandboxSession,
)
from runwright.sandbox.sandboxes import UnixLocalSandboxClient
from runwright.testing import ScriptedModel, tool_call

SECRET = "HOST-SECRET-1234"


async def _call(session: SandboxSession, tool: str, args: dict[str, Any]) -> str:
    """Runs one tool call through a SandboxAgent run on ``session``; returns its output."""
    if tool == "apply_patch":  # a free-form custom tool: the model sends the patch text
        call: Any = {
            "type": "custom_tool_call",
            "call_id": "patch-1",
            "name": "apply_patch",
            "input": args["patch"],
        }
    else:
        call = tool_call(tool, args)
    model = ScriptedModel([call, "done"])
    agent = SandboxAgent(name="worker", model=model)
    config = RunConfig(sandbox=SandboxRunConfig(session=session))
    result = await Runner.run(agent, "go", run_config=config)
    outputs = [i.output for i in result.new_items if type(i).__name__ == "ToolCallOutputItem"]
    assert len(outputs) == 1
    return str(outputs[0])


@pytest.fixture
async def planted(
    confined: UnixLocalSandboxClient, workspaces: Path, tmp_path: Path
) -> AsyncIterator[SandboxSession]:
    """A session whose workspace holds symlinks out (made by a sandboxed command),
    next to host files the tools must never reach."""
    (workspaces / "outside.txt").write_text(SECRET)
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    manifest = Manifest(entries={"notes.txt": File(content="hello\nworld\n")})
    async with await confined.create(manifest=manifest) as live:
        result = await live.exec(
            f"ln -s {secret} secret_link && ln -s / root_link && ln -s {tmp_path} dir_link"
        )
        assert result.exit_code == 0, result.stderr
        yield live
    assert secret.read_text() == SECRET


async def test_the_tools_work_inside_the_workspace(planted: SandboxSession) -> None:
    assert await _call(planted, "read_file", {"path": "notes.txt"}) == "hello\nworld\n"
    assert "wrote" in await _call(planted, "write_file", {"path": "a/b.txt", "content": "x"})
    assert (planted.workspace / "a" / "b.txt").read_text() == "x"
    listing = await _call(planted, "list_files", {"path": None})
    assert {"a/", "notes.txt", "secret_link"} <= set(listing.splitlines())
    found = await _call(planted, "search_files", {"pattern": "wor", "path": None})
    assert found == "notes.txt:2: world"
    patch = "*** Begin Patch\n*** Update File: notes.txt\n-world\n+there\n*** End Patch"
    assert await _call(planted, "apply_patch", {"patch": patch}) == "Updated notes.txt"
    assert (planted.workspace / "notes.txt").read_text() == "hello\nthere\n"
    absolute = f"{planted.workspace}/notes.txt"  # the root as the model sees it
    assert await _call(planted, "read_file", {"path": absolute}) == "hello\nthere\n"


def _patch(kind: str, path: str) -> str:
    body = "+pwned" if kind == "Add" else "-x\n+pwned"
    return f"*** Begin Patch\n*** {kind} File: {path}\n{body}\n*** End Patch"


ESCAPES = [
    ("read_file", {"path": "../outside.txt"}),
    ("read_file", {"path": "/workspace/../outside.txt"}),
    ("read_file", {"path": "/etc/hostname"}),
    ("read_file", {"path": "secret_link"}),
    ("read_file", {"path": "root_link/etc/hostname"}),
    ("write_file", {"path": "../escaped.txt", "content": "pwned"}),
    ("write_file", {"path": "secret_link", "content": "pwned"}),
    ("write_file", {"path": "dir_link/escaped.txt", "content": "pwned"}),
    ("list_files", {"path": ".."}),
    ("list_files", {"path": "root_link"}),
    ("list_files", {"path": "dir_link"}),
    ("search_files", {"pattern": "SECRET", "path": ".."}),
    ("search_files", {"pattern": "SECRET", "path": "dir_link"}),
    ("apply_patch", {"patch": _patch("Add", "../escaped.txt")}),
    ("apply_patch", {"patch": _patch("Add", "dir_link/escaped.txt")}),
    ("apply_patch", {"patch": _patch("Update", "secret_link")}),
    ("apply_patch", {"patch": _patch("Delete", "../outside.txt")}),
]


@pytest.mark.parametrize(("tool", "args"), ESCAPES, ids=[f"{t}:{a}" for t, a in ESCAPES])
async def test_escapes_are_refused(
    planted: SandboxSession, workspaces: Path, tool: str, args: dict[str, Any]
) -> None:
    output = await _call(planted, tool, args)
    assert output.startswith("Error:"), output
    assert SECRET not in output
    assert (workspaces / "outside.txt").read_text() == SECRET
    assert not (workspaces / "escaped.txt").exists()
    link_dir = Path(os.readlink(planted.workspace / "dir_link"))
    assert not (link_dir / "escaped.txt").exists()


async def test_search_does_not_follow_links_out(planted: SandboxSession) -> None:
    output = await _call(planted, "search_files", {"pattern": "SECRET|root", "path": None})
    assert output == "no matches"


async def test_read_has_a_size_cap(planted: SandboxSession) -> None:
    result = await planted.exec("head -c 300000 /dev/zero > big.bin")
    assert result.exit_code == 0
    output = await _call(planted, "read_file", {"path": "big.bin"})
    assert output.startswith("Error:") and "read limit" in output


async def test_a_fifo_is_not_opened(planted: SandboxSession) -> None:
    result = await planted.exec("mkfifo pipe")
    assert result.exit_code == 0
    output = await _call(planted, "read_file", {"path": "pipe"})
    assert output.startswith("Error:") and "not a regular file" in output


async def test_the_users_own_session_outlives_the_run(planted: SandboxSession) -> None:
    await _call(planted, "write_file", {"path": "kept.txt", "content": "still here"})
    assert not planted.closed
    assert (planted.workspace / "kept.txt").read_text() == "still here"


async def test_commands_can_write_where_the_file_tools_made_directories(
    planted: SandboxSession,
) -> None:
    await _call(planted, "write_file", {"path": "made/by/tool.txt", "content": "x"})
    result = await planted.exec("echo y > made/by/cmd.txt && echo z >> made/by/tool.txt")
    assert result.exit_code == 0, result.stderr
    assert (planted.workspace / "made" / "by" / "tool.txt").read_text() == "xz\n"
