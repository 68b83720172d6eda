"""Where the workspace is, as with the SDK's unix-local client: the default root gets a
new host directory that *is* ``state.manifest.root`` (commands see it at that same
path), and a root you choose is that host directory itself, left in place by
``client.delete``. A saved state never chooses a host directory on its own."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from runwright import UserError
from runwright.sandbox import Manifest
from runwright.sandbox.entries import File
from runwright.sandbox.sandboxes import UnixLocalSandboxClient


async def test_the_default_root_is_a_new_host_directory_seen_at_its_path(
    confined: UnixLocalSandboxClient, workspaces: Path
) -> None:
    session = await confined.create(manifest=Manifest(entries={"f.txt": File(content=b"x")}))
    root = session.state.manifest.root
    assert Path(root).parent == workspaces and Path(root, "f.txt").read_bytes() == b"x"
    assert session.state.workspace_root_owned
    async with session:
        seen = await session.exec("pwd; echo $HOME; cat f.txt; echo; ls /")
    lines = seen.stdout.decode().splitlines()
    assert lines[:3] == [root, root, "x"]
    assert "workspace" not in lines[3:]  # no second view of it
    assert Path(root).is_dir()  # closing keeps it, as the SDK's
    await confined.delete(session)
    assert not Path(root).exists()


async def test_a_chosen_root_is_that_host_directory(
    confined: UnixLocalSandboxClient, workspaces: Path
) -> None:
    root = workspaces / "chosen" / "ws"  # made, with its parents
    manifest = Manifest(root=str(root), entries={"f.txt": File(content=b"x")})
    session = await confined.create(manifest=manifest)
    assert session.state.manifest.root == str(root) and not session.state.workspace_root_owned
    async with session:
        seen = await session.exec("pwd; cat f.txt; echo made > out.txt")
        blocked = await session.exec(f"echo no > {workspaces}/escaped.txt")
    assert seen.stdout.decode().splitlines() == [str(root), "x"]
    assert blocked.exit_code != 0 and not (workspaces / "escaped.txt").exists()
    await confined.delete(session)
    assert (root / "out.txt").read_text() == "made\n"  # delete leaves a chosen root

    again = await confined.create(manifest=manifest)  # an existing one is used in place
    async with again:
        assert (await again.exec("cat out.txt")).stdout == b"made\n"
    resumed = await confined.resume(again.state)  # a state you hold is yours to trust
    async with resumed:
        assert (await resumed.exec("pwd")).stdout.decode().strip() == str(root)


async def test_a_chosen_root_must_be_a_directory(
    confined: UnixLocalSandboxClient, workspaces: Path
) -> None:
    (workspaces / "file").write_text("x")
    os.symlink(workspaces, workspaces / "link")
    for bad in (workspaces / "file", workspaces / "link"):
        with pytest.raises(UserError, match="is not a directory"):
            await confined.create(manifest=Manifest(root=str(bad)))
    # a system directory, or one holding or inside the read-only host paths, never
    # becomes a writable workspace (nor, when the runner is root, the sandbox user's)
    for system in ("/etc", "/usr/share/rw-nope", "/tmp", "/var", "/lib/x"):
        with pytest.raises(UserError, match="is a system directory"):
            await confined.create(manifest=Manifest(root=system))
    assert not os.path.exists("/usr/share/rw-nope") and not os.path.exists("/lib/x")


async def test_a_saved_state_cannot_choose_a_host_directory(
    confined: UnixLocalSandboxClient, workspaces: Path
) -> None:
    root = workspaces / "chosen"
    session = await confined.create(manifest=Manifest(root=str(root)))
    await session.aclose()
    payload = confined.serialize_session_state(session.state)
    assert payload["workspace_root_owned"] is False

    saved = confined.deserialize_session_state(payload)
    with pytest.raises(UserError, match="not trusted to choose a host directory"):
        await confined.resume(saved)
    saved.rebind_persisted_path_grants(Manifest(root=str(root)))  # your manifest names it
    resumed = await confined.resume(saved)
    assert resumed.state.manifest.root == str(root)
    await resumed.aclose()

    tampered = dict(payload, root="/etc", workspace="/etc")
    saved = confined.deserialize_session_state(tampered)
    saved.rebind_persisted_path_grants(Manifest(root=str(root)))  # not the root it names
    with pytest.raises(UserError, match="not trusted to choose a host directory"):
        await confined.resume(saved)
    mixed = dict(payload, workspace=str(workspaces))
    saved = confined.deserialize_session_state(mixed)
    saved.rebind_persisted_path_grants(Manifest(root=str(root)))
    with pytest.raises(UserError, match="two different workspace directories"):
        await confined.resume(saved)
