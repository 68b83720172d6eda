"""``exec(user=...)`` and ``pty_exec_start(user=...)``: the SDK runs ``sudo -u <user>``;
runwright's local client, when the runner is root, switches to that host user (setpriv)
before bubblewrap confines the command, so it runs with that user's rights and nothing
more. Root itself is never a target, and without root the call is refused clearly."""

from __future__ import annotations

import os
import pwd
from pathlib import Path

import pytest

from runwright import UserError
from runwright._sandbox.sandboxes import unix_local
from runwright.sandbox import (
    Manifest,
    SandboxSession,
    User,
    WorkspaceArchiveReadError,
    WorkspaceArchiveWriteError,
)
from runwright.sandbox.entries import File
from runwright.sandbox.sandboxes import UnixLocalSandboxClient

as_root = pytest.mark.skipif(os.geteuid() != 0, reason="switching users needs a root runner")


def _other_user() -> pwd.struct_passwd:
    """A host user that is neither root nor the sandbox's own uid."""
    for entry in pwd.getpwall():
        if entry.pw_uid not in (0, 65534) and entry.pw_gid != 0:
            return entry
    pytest.fail("this machine has no user other than root and nobody")


async def _shared_session(client: UnixLocalSandboxClient) -> SandboxSession:
    session = await client.create(manifest=Manifest(entries={"in.txt": File(content=b"x\n")}))
    os.chmod(session.workspace, 0o1777)  # a workspace the other user may use, as with sudo
    return session


@as_root
async def test_a_command_runs_as_that_host_user_and_stays_confined(
    confined: UnixLocalSandboxClient, workspaces: Path
) -> None:
    other = _other_user()
    session = await _shared_session(confined)
    async with session:
        result = await session.exec(
            f"id -u; id -g; cat in.txt; touch mine.txt; echo x > {workspaces}/out.txt",
            user=User(name=other.pw_name),
        )
        default = await session.exec("touch sandbox.txt")
        update = await session.pty_exec_start(
            "id -un; touch by_pty.txt", user=other.pw_name, tty=True, yield_time_s=5
        )
    lines = result.stdout.decode().splitlines()
    assert lines == [str(other.pw_uid), str(other.pw_gid), "x"]  # its ids, as under sudo
    assert result.exit_code != 0 and not (workspaces / "out.txt").exists()  # host read-only
    assert os.stat(session.workspace / "mine.txt").st_uid == other.pw_uid
    assert default.exit_code == 0
    assert os.stat(session.workspace / "sandbox.txt").st_uid == 65534  # default: sandbox uid
    assert update.exit_code == 0 and update.output.decode().split() == [other.pw_name]
    assert os.stat(session.workspace / "by_pty.txt").st_uid == other.pw_uid
    await confined.delete(session)


@as_root
async def test_the_user_has_its_own_rights_only(confined: UnixLocalSandboxClient) -> None:
    other = _other_user()
    session = await confined.create(manifest=Manifest())  # 0700, the sandbox uid's
    async with session:
        denied = await session.exec("ls", user=other.pw_name)
        assert denied.exit_code != 0  # like `sudo -u` into someone else's private directory
        for bad, why in (("root", "is root"), ("no-such-user-rw", "no such user")):
            with pytest.raises(UserError, match=why):
                await session.exec("true", user=bad)
            with pytest.raises(UserError, match=why):
                await session.pty_exec_start("true", user=bad)
    await confined.delete(session)


@as_root
async def test_file_operations_check_what_that_user_may_do(
    confined: UnixLocalSandboxClient,
) -> None:
    entry = _other_user()
    other = entry.pw_name
    session = await _shared_session(confined)
    ws = session.workspace
    async with session:
        await session.mkdir("open", user=other)
        await session.write("open/note.txt", b"hi", user=other)
        for made in ("open", "open/note.txt"):  # what is made for a user is the user's
            assert os.stat(ws / made).st_uid == entry.pw_uid
        assert (await session.read("open/note.txt", user=other)).read() == b"hi"
        await session.mv("open/note.txt", "open/moved.txt", user=other)
        assert [p.path.rsplit("/", 1)[-1] for p in await session.ls("open", user=other)] == [
            "moved.txt"
        ]
        await session.rm("open/moved.txt", user=other)
        await session.mkdir("private")  # the sandbox user's, 0755
        await session.write("private/secret.txt", b"s")
        os.chmod(ws / "private" / "secret.txt", 0o600)
        os.chmod(ws / "private", 0o700)
        with pytest.raises(WorkspaceArchiveReadError, match="may not"):
            await session.read("private/secret.txt", user=other)
        with pytest.raises(WorkspaceArchiveReadError, match="may not"):
            await session.ls("private", user=other)
        for denied in (
            session.write("private/new.txt", b"x", user=other),
            session.mkdir("private/sub", user=other),
            session.rm("private/secret.txt", user=other),
            session.mv("private/secret.txt", "stolen.txt", user=other),
        ):
            with pytest.raises(WorkspaceArchiveWriteError, match="may not"):
                await denied
        assert sorted(os.listdir(ws / "private")) == ["secret.txt"]  # nothing was done
        assert (await session.read("private/secret.txt")).read() == b"s"  # default: allowed
    await confined.delete(session)


async def test_without_root_the_call_is_refused_clearly(
    confined: UnixLocalSandboxClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = await confined.create(manifest=Manifest())
    async with session:
        monkeypatch.setattr(unix_local.os, "geteuid", lambda: 1000)
        with pytest.raises(UserError, match="needs the runner to run as root"):
            await session.exec("true", user="daemon")
        with pytest.raises(UserError, match="needs the runner to run as root"):
            await session.pty_exec_start("true", user="daemon")
        with pytest.raises(UserError, match="needs the runner to run as root"):
            await session.read("in.txt", user="daemon")
        monkeypatch.undo()
    await confined.delete(session)
