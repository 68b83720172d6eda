"""Pure pieces of the sandbox: manifests, the patch format, output capping, path rules.

These use the unconfined client only as a place to hold files (no command runs).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from runwright import RunConfig, RunContextWrapper, UserError
from runwright._sandbox.paths import split_workspace_path
from runwright._sandbox.process import HeadTail
from runwright.sandbox import (
    Dir,
    File,
    LocalDir,
    LocalFile,
    Manifest,
    SandboxAgent,
    SandboxError,
    SandboxPathError,
    SandboxRunConfig,
    SandboxSession,
    Shell,
)
from runwright.sandbox.sandboxes import UnixLocalSandboxClient, UnixLocalSandboxClientOptions


@pytest.fixture
async def plain(workspaces: Path) -> SandboxSession:
    client = UnixLocalSandboxClient(
        UnixLocalSandboxClientOptions(workspace_base=str(workspaces), unconfined=True)
    )
    return await client.create(
        manifest=Manifest(entries={"app.py": File(content="a = 1\nb = 2\nc = 3\n")})
    )


async def test_manifest_entries_are_materialised(tmp_path: Path, workspaces: Path) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "mod.py").write_text("x = 1")
    (tmp_path / "src" / "inside").symlink_to("mod.py")
    (tmp_path / "src" / "outside").symlink_to("/etc/hostname")
    (tmp_path / "one.txt").write_text("one")
    manifest = Manifest(
        entries={
            "a/file.txt": File(content="text"),
            "copy.txt": LocalFile(src=tmp_path / "one.txt"),
            "tree": LocalDir(src=tmp_path / "src"),
            "empty": Dir(children={"nested.bin": File(content=b"\x00\x01")}),
        }
    )
    client = UnixLocalSandboxClient(
        UnixLocalSandboxClientOptions(workspace_base=str(workspaces), unconfined=True)
    )
    async with await client.create(manifest=manifest) as session:
        ws = session.workspace
        assert (ws / "a" / "file.txt").read_text() == "text"
        assert (ws / "copy.txt").read_text() == "one"
        assert (ws / "tree" / "mod.py").read_text() == "x = 1"
        assert os.readlink(ws / "tree" / "inside") == "mod.py"
        assert not os.path.lexists(ws / "tree" / "outside")  # a link out is not copied
        assert (ws / "empty" / "nested.bin").read_bytes() == b"\x00\x01"
    assert ws.exists()  # closing keeps it (as the SDK's); the client's delete removes it
    await client.delete(session)
    assert not ws.exists()


@pytest.mark.parametrize("bad", ["../x", "/etc/x", "a/../../x"])
async def test_manifest_paths_must_stay_inside(bad: str, workspaces: Path) -> None:
    client = UnixLocalSandboxClient(
        UnixLocalSandboxClientOptions(workspace_base=str(workspaces), unconfined=True)
    )
    with pytest.raises(UserError, match="Manifest entry path"):
        await client.create(manifest=Manifest(entries={bad: File(content="x")}))
    assert list(workspaces.iterdir()) == []


def test_bad_configuration_is_a_user_error() -> None:
    with pytest.raises(UserError, match="environment"):
        Manifest(environment={"A": 1})  # type: ignore[dict-item]
    with pytest.raises(UserError, match="not a Capability"):
        SandboxAgent(name="x", capabilities=["shell"])  # type: ignore[list-item]
    with pytest.raises(UserError, match="sandbox client"):
        SandboxRunConfig(client=object())
    with pytest.raises(UserError, match="Manifest root"):
        Manifest(root="relative")


async def test_capability_tools_are_not_duplicated_by_clone() -> None:
    agent = SandboxAgent(name="x", capabilities=[Shell()])
    clone = agent.clone(name="y")
    tools = await clone.get_all_tools(RunContextWrapper(context=None))
    assert [t.name for t in tools] == ["exec_command", "write_stdin"]
    assert clone.tools == []  # capability tools are per run, not stored on the agent


def test_run_config_has_a_sandbox_field() -> None:
    config = RunConfig(sandbox=SandboxRunConfig())
    assert isinstance(config.sandbox, SandboxRunConfig)
    assert RunConfig().sandbox is None


@pytest.mark.parametrize(
    ("path", "parts"),
    [("a/b.txt", ("a", "b.txt")), ("/workspace/a", ("a",)), ("./a//b", ("a", "b")), (".", ())],
)
def test_workspace_paths(path: str, parts: tuple[str, ...]) -> None:
    assert split_workspace_path(path, "/workspace") == parts


@pytest.mark.parametrize("path", ["../a", "a/../../b", "/etc/passwd", "/workspace2/a", "a\x00b"])
def test_paths_outside_are_refused(path: str) -> None:
    with pytest.raises(SandboxPathError):
        split_workspace_path(path, "/workspace")


def test_head_tail_keeps_both_ends() -> None:
    sink = HeadTail(10)
    for chunk in (b"abc", b"defgh", b"ijklmnop", b"qrstuvwxyz"):
        sink.add(chunk)
    assert sink.value() == b"abcdevwxyz"
    assert sink.omitted() == 26 - 10


async def test_patch_adds_updates_and_deletes(plain: SandboxSession) -> None:
    plain.write_bytes("old.txt", "bye\n")
    patch = "\n".join(
        [
            "*** Begin Patch",
            "*** Add File: new/hello.txt",
            "+hello",
            "*** Update File: app.py",
            "@@ a = 1",
            " b = 2",
            "-c = 3",
            "+c = 30",
            "*** Delete File: old.txt",
            "*** End Patch",
        ]
    )
    summary = await plain.apply_patch(patch)
    # the SDK's report lines; an added file is exactly its '+' lines (no newline added)
    assert summary.splitlines() == [
        "Created new/hello.txt",
        "Updated app.py",
        "Deleted old.txt",
    ]
    assert plain.read_bytes("new/hello.txt") == b"hello"
    assert plain.read_bytes("app.py") == b"a = 1\nb = 2\nc = 30\n"
    assert "old.txt" not in plain.list_dir()
    await plain.delete()


async def test_a_patch_that_does_not_apply_changes_nothing(plain: SandboxSession) -> None:
    patch = (
        "*** Begin Patch\n*** Add File: made.txt\n+x\n"
        "*** Update File: app.py\n-z = 9\n+z = 10\n*** End Patch"
    )
    with pytest.raises(SandboxError, match="Invalid Context"):  # the SDK's diff error
        await plain.apply_patch(patch)
    assert "made.txt" not in plain.list_dir()
    with pytest.raises(SandboxError, match="Begin Patch"):
        await plain.apply_patch("just text")
    await plain.delete()


async def test_search_reports_file_line_and_text(plain: SandboxSession) -> None:
    plain.write_bytes("sub/notes.md", "alpha\nbeta b = 2\n")
    assert await plain.search(r"b = \d") == ["app.py:2: b = 2", "sub/notes.md:2: beta b = 2"]
    with pytest.raises(SandboxError, match="Invalid search pattern"):
        await plain.search("(")
    await plain.delete()
