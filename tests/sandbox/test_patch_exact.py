"""The sandbox's apply_patch uses the SDK-exact V4A implementation (apply_diff of
runwright/_tools/editor.py) and keeps the workspace's confinement."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from runwright._tools.editor import ApplyPatchOperation, apply_diff
from runwright.sandbox import Manifest, SandboxSession
from runwright.sandbox.entries import File
from runwright.sandbox.errors import SandboxError
from runwright.sandbox.sandboxes import UnixLocalSandboxClient

TEXT = "def f():\n    a = 1\n    b = 2\n    return a\n"
DIFF = "@@ def f():\n     a = 1\n-    b = 2\n+    b = 3\n"


@pytest.fixture
async def session(confined: UnixLocalSandboxClient, tmp_path: Path) -> SandboxSession:
    live = await confined.create(manifest=Manifest(entries={"f.py": File(content=TEXT)}))
    os.symlink(str(tmp_path), live.workspace / "out_link")
    yield live
    await confined.delete(live)


async def test_an_update_gives_what_apply_diff_gives(session: SandboxSession) -> None:
    patch = f"*** Begin Patch\n*** Update File: f.py\n{DIFF}*** End Patch"
    assert await session.apply_patch(patch) == "Updated f.py"
    assert (session.workspace / "f.py").read_text() == apply_diff(TEXT, DIFF)


async def test_operations_objects_and_dicts_with_a_move(session: SandboxSession) -> None:
    summary = await session.apply_patch(
        [
            ApplyPatchOperation(type="update_file", path="f.py", diff=DIFF, move_to="g.py"),
            {"type": "create_file", "path": "new.txt", "diff": "+one\n+two\n"},
        ]
    )
    assert summary.splitlines() == ["Updated f.py", "Moved f.py to g.py", "Created new.txt"]
    assert not (session.workspace / "f.py").exists()
    assert "b = 3" in (session.workspace / "g.py").read_text()
    assert (session.workspace / "new.txt").read_text() == "one\ntwo"
    await session.apply_patch({"type": "delete_file", "path": "new.txt"})
    assert not (session.workspace / "new.txt").exists()


@pytest.mark.parametrize(
    "operation",
    [
        {"type": "create_file", "path": "../escape.txt", "diff": "+x\n"},
        {"type": "create_file", "path": "out_link/escape.txt", "diff": "+x\n"},
        {"type": "update_file", "path": "f.py", "diff": DIFF, "move_to": "../moved.py"},
        {"type": "update_file", "path": "f.py", "diff": DIFF, "move_to": "/etc/moved.py"},
    ],
)
async def test_confinement_holds_and_nothing_is_half_applied(
    session: SandboxSession, operation: dict[str, str], tmp_path: Path
) -> None:
    with pytest.raises(SandboxError):
        await session.apply_patch(
            [{"type": "create_file", "path": "first.txt", "diff": "+1"}, operation]
        )
    assert list(tmp_path.iterdir()) == []
    assert not (session.workspace.parent / "escape.txt").exists()
    assert (session.workspace / "f.py").read_text() == TEXT
    if "out_link" not in operation["path"]:
        assert not (session.workspace / "first.txt").exists()


async def test_malformed_input_is_a_clear_error(session: SandboxSession) -> None:
    with pytest.raises(SandboxError, match="Missing diff"):
        await session.apply_patch({"type": "update_file", "path": "f.py"})
    with pytest.raises(SandboxError, match="create_file, update_file or delete_file"):
        await session.apply_patch({"type": "rename", "path": "f.py"})
    with pytest.raises(SandboxError, match="Delete File f.py"):
        await session.apply_patch("*** Begin Patch\n*** Delete File: f.py\n-x\n*** End Patch")
