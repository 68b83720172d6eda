"""SandboxArchiveLimits on session.extract() and snapshot hydration, and the run
config's limits applied to the run's session."""

from __future__ import annotations

import io
import tarfile
import zipfile
from pathlib import Path

import pytest

from runwright import RunConfig, Runner, UserError
from runwright.run_config import SandboxArchiveLimits, SandboxConcurrencyLimits
from runwright.sandbox import Manifest, SandboxAgent, SandboxRunConfig, Shell
from runwright.sandbox.entries import File
from runwright.sandbox.errors import WorkspaceArchiveReadError, WorkspaceArchiveWriteError
from runwright.sandbox.sandboxes import UnixLocalSandboxClient
from runwright.testing import ScriptedModel


def _tar(files: dict[str, bytes], symlink: str | None = None) -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tar:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
        if symlink is not None:
            link = tarfile.TarInfo("link")
            link.type = tarfile.SYMTYPE
            link.linkname = symlink
            tar.addfile(link)
    return buf.getvalue()


def _zip(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buf.getvalue()


async def test_extract_unpacks_tar_and_zip(confined: UnixLocalSandboxClient) -> None:
    session = await confined.create(manifest=Manifest())
    try:
        await session.extract("in/data.tar", io.BytesIO(_tar({"a.txt": b"A", "d/b.txt": b"B"})))
        workspace = Path(session.state.workspace)
        assert (workspace / "in" / "a.txt").read_bytes() == b"A"
        assert (workspace / "in" / "d" / "b.txt").read_bytes() == b"B"
        assert (workspace / "in" / "data.tar").is_file()  # the archive itself is kept
        await session.extract("z/pack.zip", io.BytesIO(_zip({"c.txt": b"C"})))
        assert (workspace / "z" / "c.txt").read_bytes() == b"C"
        with pytest.raises(UserError, match="compression_scheme"):
            await session.extract("x.rar", io.BytesIO(b""))
        with pytest.raises(WorkspaceArchiveReadError):
            await session.extract("bad.tar", io.BytesIO(b"not a tar" * 100))
    finally:
        await confined.delete(session)


@pytest.mark.parametrize(
    ("limits", "reason"),
    [
        (SandboxArchiveLimits(max_members=2), "archive member count exceeds limit"),
        (SandboxArchiveLimits(max_extracted_bytes=150), "archive extracted size exceeds limit"),
        (SandboxArchiveLimits(max_input_bytes=1000), "archive input size exceeds limit"),
    ],
)
async def test_extract_refuses_an_archive_past_its_limits(
    confined: UnixLocalSandboxClient, limits: SandboxArchiveLimits, reason: str
) -> None:
    session = await confined.create(manifest=Manifest())
    try:
        blob = _tar({f"f{i}.txt": b"x" * 100 for i in range(3)})
        with pytest.raises(WorkspaceArchiveWriteError) as caught:
            await session.extract("out/a.tar", io.BytesIO(blob), archive_limits=limits)
        assert caught.value.context["reason"] == reason
        assert isinstance(caught.value.context["limit"], int)
        assert caught.value.context["actual"] > caught.value.context["limit"]
        assert not (Path(session.state.workspace) / "out").exists()  # nothing written
    finally:
        await confined.delete(session)


async def test_extract_refuses_unsafe_members(confined: UnixLocalSandboxClient) -> None:
    session = await confined.create(manifest=Manifest())
    try:
        with pytest.raises(WorkspaceArchiveWriteError, match="leave its directory"):
            await session.extract("a.tar", io.BytesIO(_tar({"../escape.txt": b"x"})))
        with pytest.raises(WorkspaceArchiveWriteError, match="symlink"):
            await session.extract("b.tar", io.BytesIO(_tar({"ok.txt": b"x"}, symlink="/etc")))
        assert not (Path(session.state.workspace).parent / "escape.txt").exists()
        assert not (Path(session.state.workspace) / "ok.txt").exists()
    finally:
        await confined.delete(session)


async def test_the_run_config_limits_apply_to_the_session(
    confined: UnixLocalSandboxClient,
) -> None:
    session = await confined.create(manifest=Manifest(entries={"a": File(content="1")}))
    try:
        agent = SandboxAgent(name="a", model=ScriptedModel(["ok"]), capabilities=[Shell()])
        config = RunConfig(
            sandbox=SandboxRunConfig(
                session=session,
                archive_limits=SandboxArchiveLimits(max_members=1),
                concurrency_limits=SandboxConcurrencyLimits(manifest_entries=1),
            )
        )
        await Runner.run(agent, "go", run_config=config)
        with pytest.raises(WorkspaceArchiveWriteError, match="member count"):
            await session.extract("t.tar", io.BytesIO(_tar({"x": b"", "y": b""})))
        # an explicit per-call limit wins over the session's
        await session.extract(
            "t.tar",
            io.BytesIO(_tar({"x": b"", "y": b""})),
            archive_limits=SandboxArchiveLimits(max_members=5),
        )
        # hydrating a snapshot is held to the same limits
        stream = await session.persist_workspace()
        with pytest.raises(WorkspaceArchiveWriteError, match="member count"):
            await session.hydrate_workspace(stream)
        assert (Path(session.state.workspace) / "a").read_text() == "1"  # untouched
    finally:
        await confined.delete(session)


def test_limits_are_validated() -> None:
    with pytest.raises(UserError):
        SandboxArchiveLimits(max_members=0)
    with pytest.raises(UserError):
        SandboxConcurrencyLimits(local_dir_files=0)
