"""Regression tests for what the adversarial probe of the sandbox found (issue #22,
item 2): descriptors closed twice, NaN/inf timeouts, an unbounded regex search,
uncapped listings, snapshot defects, raw errors, un-awaited tasks, orphans."""

from __future__ import annotations

import asyncio
import gc
import io
import os
import random
import tarfile
import textwrap
import threading
from pathlib import Path

import pytest
from _sandbox_support import assert_no_survivors, gone, host_processes, need_bwrap

from runwright import UserError
from runwright._sandbox import files as sandbox_files
from runwright._sandbox.process import check_timeout
from runwright._sandbox.tools import MAX_TOOL_OUTPUT, cap_output
from runwright.sandbox import File, Manifest, SandboxError, SandboxPathError, SandboxSession
from runwright.sandbox.sandboxes import UnixLocalSandboxClient, UnixLocalSandboxClientOptions
from runwright.sandbox.session import SandboxSessionState
from runwright.sandbox.snapshot import restore_snapshot, write_snapshot


@pytest.fixture
async def plain(workspaces: Path) -> SandboxSession:
    client = UnixLocalSandboxClient(
        UnixLocalSandboxClientOptions(workspace_base=str(workspaces), unconfined=True)
    )
    session = await client.create(
        manifest=Manifest(entries={"real/data.txt": File(content="REAL\n")})
    )
    os.symlink("real", session.workspace / "linkdir")
    return session


# ----- descriptors: one owner, one close ---------------------------------------


async def test_a_path_through_a_symlinked_directory_is_refused_cleanly(
    plain: SandboxSession,
) -> None:
    for _ in range(50):
        with pytest.raises(SandboxPathError, match="symlink") as caught:
            plain.read_bytes("linkdir/data.txt")
        assert "Bad file descriptor" not in str(caught.value)
    await plain.delete()


async def test_refused_paths_never_close_other_threads_descriptors(
    plain: SandboxSession, tmp_path: Path
) -> None:
    mine = tmp_path / "mine.txt"
    mine.write_bytes(b"MINE" * 1000)
    errors: list[str] = []
    stop = threading.Event()

    def holder() -> None:
        # Holds its own descriptor across many reads: a stray close from another
        # thread would make it fail (EBADF) or, once reused, read another file.
        while not stop.is_set():
            fd = os.open(mine, os.O_RDONLY)
            try:
                for _ in range(20):
                    data = os.pread(fd, 4000, 0)
                    if data != b"MINE" * 1000:
                        errors.append(f"read the wrong data: {data[:20]!r}")
            except OSError as error:
                errors.append(f"holder: {error}")
            finally:
                os.close(fd)

    def prober() -> None:
        for _ in range(300):
            try:
                plain.read_bytes("linkdir/data.txt")
            except SandboxPathError:
                pass
            except Exception as error:  # pragma: no cover - the regression
                errors.append(f"prober: {error!r}")
            if plain.read_bytes("real/data.txt") != b"REAL\n":
                errors.append("the workspace read returned another file")

    holders = [threading.Thread(target=holder) for _ in range(3)]
    probers = [threading.Thread(target=prober) for _ in range(3)]
    for t in holders + probers:
        t.start()
    for t in probers:
        t.join()
    stop.set()
    for t in holders:
        t.join()
    assert errors == []
    await plain.delete()


# ----- numeric arguments ---------------------------------------------------------


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), -float("inf"), 0, -1, 601, True, "5"])
def test_timeouts_must_be_finite_and_in_range(bad: object) -> None:
    with pytest.raises(SandboxError, match="timeout_seconds"):
        check_timeout(bad, 600)
    assert check_timeout(None, 600) is None
    assert check_timeout(2.5, 600) == 2.5


async def test_a_nan_timeout_is_refused_before_the_command_runs(
    session: SandboxSession,
) -> None:
    for bad in (float("nan"), float("inf")):
        with pytest.raises(SandboxError, match="finite"):
            await session.exec("touch ran", timeout=bad)
    assert "ran" not in session.list_dir()


# ----- search: a pathological pattern is bounded --------------------------------


async def test_a_catastrophic_regex_is_stopped_at_its_deadline(plain: SandboxSession) -> None:
    plain.write_bytes("bad.txt", "a" * 40 + "b\n")
    with pytest.raises(SandboxError, match="ran past"):
        await sandbox_files.search(plain, ".", "^(a+)+$", 10, deadline=1.0)
    assert host_processes("RLIMIT_CPU") == []  # the search child is gone
    assert await plain.search("REAL") == ["real/data.txt:1: REAL"]
    await plain.delete()


async def test_cancelling_a_search_kills_its_child(plain: SandboxSession) -> None:
    plain.write_bytes("bad.txt", "a" * 40 + "b\n")
    task = asyncio.ensure_future(sandbox_files.search(plain, ".", "^(a+)+$", 10, deadline=60))
    await asyncio.sleep(0.3)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert gone(lambda: host_processes("RLIMIT_CPU"))
    await plain.delete()


# ----- output caps --------------------------------------------------------------


async def test_a_huge_listing_is_capped(plain: SandboxSession) -> None:
    many = plain.workspace / "many"
    many.mkdir()
    for i in range(sandbox_files.MAX_LIST_ENTRIES + 500):
        (many / f"f{i:05d}").touch()
    names = plain.list_dir("many")
    assert len(names) == sandbox_files.MAX_LIST_ENTRIES + 1
    assert names[-1] == "[... 500 more entries not listed ...]"
    await plain.delete()


def test_every_tool_output_is_capped() -> None:
    text = "x" * (MAX_TOOL_OUTPUT * 3)
    capped = cap_output(text)
    assert len(capped) < MAX_TOOL_OUTPUT + 100
    assert "characters omitted" in capped
    assert cap_output("short") == "short"


# ----- snapshots ---------------------------------------------------------------


async def test_sparse_files_stay_sparse_and_links_and_fifos_survive(tmp_path: Path) -> None:
    workspace = tmp_path / "ws"
    workspace.mkdir()
    with open(workspace / "sparse.bin", "wb") as f:
        f.truncate(1024**3)  # 1 GiB apparent size, no blocks
    os.symlink("/usr/bin/python3", workspace / "venv-python")  # absolute, as in any venv
    os.symlink("sparse.bin", workspace / "rel-link")
    os.mkfifo(workspace / "pipe")
    dest = tmp_path / "snap.tar"
    await write_snapshot(workspace, dest)
    assert dest.stat().st_size < 1024**2
    restored = tmp_path / "restored"
    restored.mkdir()
    await restore_snapshot(dest, restored)
    info = os.stat(restored / "sparse.bin")
    assert info.st_size == 1024**3 and info.st_blocks < 1024
    assert os.readlink(restored / "venv-python") == "/usr/bin/python3"
    assert os.readlink(restored / "rel-link") == "sparse.bin"
    assert (restored / "pipe").is_fifo()


def _tar_with(tmp_path: Path, *members: tuple[str, str, str]) -> Path:
    path = tmp_path / "evil.tar"
    with tarfile.open(path, "w") as tar:
        for name, kind, value in members:
            info = tarfile.TarInfo(name)
            if kind == "sym":
                info.type, info.linkname = tarfile.SYMTYPE, value
                tar.addfile(info)
            else:
                data = value.encode()
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
    return path


async def test_a_restore_never_writes_through_a_restored_symlink(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    snap = _tar_with(tmp_path, ("a", "sym", str(outside)), ("a/evil.txt", "file", "pwned"))
    target = tmp_path / "target"
    target.mkdir()
    with pytest.raises(UserError):
        await restore_snapshot(snap, target)
    assert list(outside.iterdir()) == []


async def test_a_refused_restore_leaves_no_directory_behind(
    workspaces: Path, tmp_path: Path
) -> None:
    client = UnixLocalSandboxClient(
        UnixLocalSandboxClientOptions(workspace_base=str(workspaces), unconfined=True)
    )
    snap = _tar_with(tmp_path, ("../escape.txt", "file", "x"))
    state = SandboxSessionState(
        type="unix_local",
        session_id="s1",
        workspace=str(workspaces / "gone"),
        root="/workspace",
        snapshot=str(snap),
    )
    before = set(os.listdir(workspaces))
    with pytest.raises(UserError, match="refused"):
        await client.resume(state)
    assert set(os.listdir(workspaces)) == before


# ----- errors and tasks ---------------------------------------------------------


async def test_a_missing_workspace_base_is_created(tmp_path: Path) -> None:
    base = tmp_path / "not" / "yet"
    client = UnixLocalSandboxClient(
        UnixLocalSandboxClientOptions(workspace_base=str(base), unconfined=True)
    )
    session = await client.create(manifest=Manifest())
    assert session.workspace.parent == base
    await session.delete()


async def test_an_unusable_workspace_base_is_a_user_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    client = UnixLocalSandboxClient(
        UnixLocalSandboxClientOptions(workspace_base=str(blocker / "ws"), unconfined=True)
    )
    with pytest.raises(UserError, match="workspace_base"):
        await client.create(manifest=Manifest())


async def test_cancelling_a_command_leaves_no_unretrieved_task(session: SandboxSession) -> None:
    problems: list[object] = []
    loop = asyncio.get_running_loop()
    # What earlier tests left behind is theirs, not this test's: clients they did not close
    # schedule their closing when collected; let that run and fail before listening.
    gc.collect()
    await asyncio.sleep(0.05)
    gc.collect()
    loop.set_exception_handler(lambda _loop, context: problems.append(context))
    try:
        for _ in range(3):
            task = asyncio.ensure_future(session.exec("yes | head -c 100000000; sleep 30"))
            await asyncio.sleep(0.3)
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
        gc.collect()
        await asyncio.sleep(0.1)
        gc.collect()
    finally:
        loop.set_exception_handler(None)
    assert problems == []


# ----- orphans -------------------------------------------------------------------

_RUNNER = textwrap.dedent(
    """
    import asyncio, os, random, signal, sys, time
    from runwright.sandbox import Manifest
    from runwright.sandbox.sandboxes import UnixLocalSandboxClient, UnixLocalSandboxClientOptions

    base, marker, kills = sys.argv[1], sys.argv[2], int(sys.argv[3])
    client = UnixLocalSandboxClient(UnixLocalSandboxClientOptions(workspace_base=base))
    session = asyncio.run(client.create(manifest=Manifest()))
    rng = random.Random(22)
    for i in range(kills):
        pid = os.fork()
        if pid == 0:  # the runner: starts a long command, then is SIGKILLed
            asyncio.run(session.exec(f": {marker}; sleep 300"))
            os._exit(0)
        time.sleep(rng.uniform(0, 0.03))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    print("done")
    """
)


def test_no_command_survives_its_runner_being_killed_during_start_up(workspaces: Path) -> None:
    need_bwrap()
    assert_no_survivors(_RUNNER, workspaces, f"rw-orphan-{random.randrange(10**9)}")
