"""Workspace snapshots: a tar of the workspace, kept locally or by a remote client.

The tar is made by GNU tar when it is installed (``--sparse``: a sparse file
stays sparse) in a child process, so the event loop never blocks on it; without
GNU tar, Python's tarfile writes it in a worker thread. Restoring reads the tar
in a worker thread, checks every member first (no absolute names, no ``..``,
no devices, hard links only to members inside), extracts everything but the
symlinks, then creates the symlinks last through O_NOFOLLOW directory fds, so
no member is ever written through a link. Symlinks are kept as they were, also
absolute ones (a virtualenv's): inside the sandbox they resolve in its own
view, and the file tools never follow them.
"""

from __future__ import annotations

import abc
import asyncio
import builtins
import copy
import inspect
import io
import os
import shutil
import tarfile
import uuid
from collections.abc import Awaitable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from runwright._core.exceptions import UserError
from runwright._sandbox.errors import SandboxError
from runwright._sandbox.paths import open_dir

if TYPE_CHECKING:
    from runwright._sandbox.dependencies import Dependencies


# ----- the tar ----------------------------------------------------------------


async def write_snapshot(workspace: Path, dest: Path) -> None:
    """Tars ``workspace`` into ``dest`` atomically (written beside it, then renamed),
    off the event loop."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.{uuid.uuid4().hex}.part")
    try:
        gnu_tar = shutil.which("tar")
        if gnu_tar is not None:
            await _gnu_tar(gnu_tar, workspace, tmp)
        else:  # pragma: no cover - every supported Linux has GNU tar
            await asyncio.to_thread(_python_tar, workspace, tmp)
        os.replace(tmp, dest)
    finally:
        if tmp.exists():
            tmp.unlink()


async def _gnu_tar(tar: str, workspace: Path, dest: Path) -> None:
    proc = await asyncio.create_subprocess_exec(
        tar,
        "--sparse",
        "--format=gnu",
        "--numeric-owner",
        "-cf",
        str(dest),
        "-C",
        str(workspace),
        ".",
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    _, err = await proc.communicate()
    # 1 = "some files changed while being read": the snapshot is still usable.
    if proc.returncode not in (0, 1):
        text = err.decode(errors="replace").strip()[-2000:]
        raise SandboxError(f"Could not write the workspace snapshot: {text}")


def _python_tar(workspace: Path, dest: Path) -> None:
    with tarfile.open(dest, "w", format=tarfile.GNU_FORMAT) as tar:
        tar.add(workspace, arcname=".", recursive=True)


async def restore_snapshot(src: Path, workspace: Path) -> None:
    """Extracts the snapshot ``src`` into the empty directory ``workspace`` (off the loop).

    A member that would land outside the workspace is refused with a UserError,
    before anything is written.
    """
    await asyncio.to_thread(_restore, src, workspace)


def _open_tar(src: Path) -> tarfile.TarFile:
    if not src.is_file():
        raise UserError(f"Sandbox snapshot {src} does not exist; cannot restore the workspace.")
    try:
        return tarfile.open(src, "r")
    except (tarfile.TarError, OSError) as error:
        raise UserError(f"Sandbox snapshot {src} is not a readable tar: {error}.") from None


def _restore(src: Path, workspace: Path) -> None:
    with _open_tar(src) as tar:
        members = tar.getmembers()
        names = {_norm(m.name): m for m in members}
        for member in members:
            _check_member(member, names)
        plain = [m for m in members if not m.issym()]
        links = [m for m in members if m.issym()]
        if hasattr(tarfile, "tar_filter"):
            tar.extractall(workspace, members=plain, filter="tar")
        else:  # Python < 3.10.12 / 3.11.4: no extraction filters; the same rules by hand
            tar.extractall(workspace, members=[_tame(m) for m in plain])
        for link in sorted(links, key=lambda m: _norm(m.name).count("/")):
            _make_symlink(workspace, link)


def _tame(member: tarfile.TarInfo) -> tarfile.TarInfo:
    """``member`` as the "tar" extraction filter leaves it: no set-id bits, no
    group/other write, owned by whoever extracts it (the members are checked first)."""
    tamed = copy.copy(member)
    tamed.mode = member.mode & 0o755 if member.isfile() or member.isdir() else member.mode
    tamed.uid, tamed.gid, tamed.uname, tamed.gname = os.getuid(), os.getgid(), "", ""
    return tamed


def _norm(name: str) -> str:
    return str(PurePosixPath(name)).lstrip("./") or "."


def _check_member(member: tarfile.TarInfo, names: dict[str, tarfile.TarInfo]) -> None:
    name = member.name
    parts = PurePosixPath(name).parts
    bad = name.startswith("/") or ".." in parts
    if member.islnk():
        target = names.get(_norm(member.linkname))
        bad = bad or target is None or not target.isfile()
    if member.ischr() or member.isblk():
        bad = True
    elif not (member.isfile() or member.isdir() or member.issym() or member.islnk()):
        bad = bad or not member.isfifo()
    if bad:
        raise UserError(f"Sandbox snapshot member {name!r} would leave the workspace; refused.")


def _make_symlink(workspace: Path, member: tarfile.TarInfo) -> None:
    parts = tuple(p for p in PurePosixPath(member.name).parts if p not in ("", "."))
    if not parts:
        raise UserError("Sandbox snapshot: the workspace itself cannot be a symlink; refused.")
    try:
        with open_dir(str(workspace), parts[:-1]) as dir_fd:
            os.symlink(member.linkname, parts[-1], dir_fd=dir_fd)
    except (SandboxError, OSError) as error:
        raise UserError(
            f"Sandbox snapshot member {member.name!r} cannot be restored safely: {error}"
        ) from None


# ----- snapshots and specs (the SDK's model) ----------------------------------


async def _maybe_await(value: object) -> object:
    if isinstance(value, Awaitable):
        return await value
    return value


@dataclass(frozen=True)
class SnapshotBase(abc.ABC):
    """Where one session's workspace tar is kept (``persist``) and read back (``restore``)."""

    id: str
    type: str = field(default="", kw_only=True)

    @staticmethod
    def _class_for(kind: object) -> builtins.type[SnapshotBase] | None:
        todo = list(SnapshotBase.__subclasses__())
        while todo:
            klass = todo.pop()
            todo.extend(klass.__subclasses__())
            default = getattr(klass, "__dataclass_fields__", {}).get("type")
            if default is not None and default.default == kind and not inspect.isabstract(klass):
                return klass
        return None

    @classmethod
    def parse(cls, payload: object) -> SnapshotBase:
        """A snapshot from itself or its ``to_json_dict()`` form."""
        if isinstance(payload, SnapshotBase):
            return payload
        if isinstance(payload, dict):
            kind = payload.get("type")
            klass = SnapshotBase._class_for(kind)
            if klass is None:
                raise UserError(f"Unknown sandbox snapshot type {kind!r}.")
            data = {k: v for k, v in payload.items() if k != "type"}
            try:
                return klass(**data)
            except TypeError as error:
                raise UserError(f"Sandbox snapshot {payload!r}: {error}.") from None
        raise UserError("A sandbox snapshot must be a snapshot object or its JSON dict.")

    def to_json_dict(self) -> dict[str, Any]:
        """Plain JSON data (``parse`` reads it back)."""
        out: dict[str, Any] = {"type": self.type, "id": self.id}
        for key, value in self.__dict__.items():
            if key not in out:
                out[key] = str(value) if isinstance(value, Path) else value
        return out

    @abc.abstractmethod
    async def persist(self, data: io.IOBase, *, dependencies: Dependencies | None = None) -> None:
        """Stores the tar stream ``data``."""

    @abc.abstractmethod
    async def restore(self, *, dependencies: Dependencies | None = None) -> io.IOBase:
        """The stored tar as a readable binary stream."""

    @abc.abstractmethod
    async def restorable(self, *, dependencies: Dependencies | None = None) -> bool:
        """Whether :meth:`restore` would find a tar."""


@dataclass(frozen=True)
class LocalSnapshot(SnapshotBase):
    """``<base_path>/<id>.tar`` on this machine (or a directory shared with others)."""

    base_path: Path
    type: str = field(default="local", kw_only=True)

    def __post_init__(self) -> None:
        object.__setattr__(self, "base_path", Path(self.base_path))
        if self.id in ("", ".", "..") or "/" in self.id or "\\" in self.id:
            raise UserError(f"A local snapshot id must be one path segment, not {self.id!r}.")

    @property
    def path(self) -> Path:
        """The tar file."""
        return self.base_path / f"{self.id}.tar"

    async def persist(self, data: io.IOBase, *, dependencies: Dependencies | None = None) -> None:
        await asyncio.to_thread(_copy_atomically, data, self.path)

    async def restore(self, *, dependencies: Dependencies | None = None) -> io.IOBase:
        try:
            return self.path.open("rb")
        except OSError as error:
            raise SandboxError(f"Snapshot {self.id!r} cannot be read: {error}.") from None

    async def restorable(self, *, dependencies: Dependencies | None = None) -> bool:
        return self.path.is_file()


def _copy_atomically(data: io.IOBase, dest: Path) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.{uuid.uuid4().hex}.part")
    try:
        with tmp.open("wb") as out:
            shutil.copyfileobj(data, out)
        os.replace(tmp, dest)
    finally:
        if tmp.exists():
            tmp.unlink()


@dataclass(frozen=True)
class NoopSnapshot(SnapshotBase):
    """Keeps nothing; a session with it cannot be restored elsewhere."""

    type: str = field(default="noop", kw_only=True)

    async def persist(self, data: io.IOBase, *, dependencies: Dependencies | None = None) -> None:
        return None

    async def restore(self, *, dependencies: Dependencies | None = None) -> io.IOBase:
        raise SandboxError(f"Snapshot {self.id!r} is a no-op snapshot: nothing to restore.")

    async def restorable(self, *, dependencies: Dependencies | None = None) -> bool:
        return False


@dataclass(frozen=True)
class RemoteSnapshot(SnapshotBase):
    """Kept by a client you bind in the session's dependencies under
    ``client_dependency_key``: an object with ``upload(id, stream)``,
    ``download(id) -> stream`` and ``exists(id) -> bool`` (sync or async)."""

    client_dependency_key: str
    type: str = field(default="remote", kw_only=True)

    async def _method(self, name: str, dependencies: Dependencies | None) -> Any:
        if dependencies is None:
            raise UserError(
                f"RemoteSnapshot {self.id!r} needs the session's dependencies with a client "
                f"bound under {self.client_dependency_key!r}."
            )
        client = await dependencies.require(self.client_dependency_key, consumer="RemoteSnapshot")
        method = getattr(client, name, None)
        if not callable(method):
            raise UserError(
                f"The remote snapshot client {self.client_dependency_key!r} has no {name}() method."
            )
        return method

    async def persist(self, data: io.IOBase, *, dependencies: Dependencies | None = None) -> None:
        upload = await self._method("upload", dependencies)
        await _maybe_await(upload(self.id, data))

    async def restore(self, *, dependencies: Dependencies | None = None) -> io.IOBase:
        download = await self._method("download", dependencies)
        stream = await _maybe_await(download(self.id))
        if isinstance(stream, (bytes, bytearray)):
            return io.BytesIO(bytes(stream))
        if not isinstance(stream, io.IOBase):
            raise SandboxError("A remote snapshot client's download() must return a stream.")
        return stream

    async def restorable(self, *, dependencies: Dependencies | None = None) -> bool:
        exists = await self._method("exists", dependencies)
        return bool(await _maybe_await(exists(self.id)))


@dataclass(frozen=True)
class SnapshotSpec(abc.ABC):
    """How snapshots are made for new sessions (``build`` gives one per session)."""

    type: str = field(default="", kw_only=True)

    @abc.abstractmethod
    def build(self, snapshot_id: str) -> SnapshotBase:
        """The snapshot for the session ``snapshot_id``."""


@dataclass(frozen=True)
class LocalSnapshotSpec(SnapshotSpec):
    """Keep workspace snapshots as ``<base_path>/<session id>.tar``.

    With a snapshot configured, a run that pauses (approval) or stops before
    finishing writes its workspace there, and the RunState records it, so the
    run can resume in another process or on another machine sharing
    ``base_path`` even when the original workspace directory is gone.
    """

    base_path: Path | str
    type: str = field(default="local", kw_only=True)

    def build(self, snapshot_id: str) -> SnapshotBase:
        return LocalSnapshot(id=snapshot_id, base_path=Path(self.base_path))

    def path_for(self, session_id: str) -> Path:
        """The tar file for one sandbox session."""
        return Path(self.base_path) / f"{session_id}.tar"


@dataclass(frozen=True)
class NoopSnapshotSpec(SnapshotSpec):
    """No snapshots."""

    type: str = field(default="noop", kw_only=True)

    def build(self, snapshot_id: str) -> SnapshotBase:
        return NoopSnapshot(id=snapshot_id)


@dataclass(frozen=True)
class RemoteSnapshotSpec(SnapshotSpec):
    """Snapshots kept by the client bound under ``client_dependency_key`` (see
    :class:`RemoteSnapshot`); point it at a local directory or an object store."""

    client_dependency_key: str
    type: str = field(default="remote", kw_only=True)

    def __post_init__(self) -> None:
        if not isinstance(self.client_dependency_key, str) or not self.client_dependency_key:
            raise UserError("RemoteSnapshotSpec needs a client_dependency_key (a non-empty str).")

    def build(self, snapshot_id: str) -> SnapshotBase:
        return RemoteSnapshot(id=snapshot_id, client_dependency_key=self.client_dependency_key)


def resolve_snapshot(spec: SnapshotBase | SnapshotSpec | None, snapshot_id: str) -> SnapshotBase:
    """The snapshot for ``snapshot_id``: ``spec`` itself if it is one, else built from it
    (no spec: a no-op snapshot)."""
    if isinstance(spec, SnapshotBase):
        return spec
    if spec is None:
        return NoopSnapshot(id=snapshot_id)
    if not isinstance(spec, SnapshotSpec):
        raise UserError(f"A snapshot must be a SnapshotSpec or a snapshot, not {spec!r}.")
    return spec.build(snapshot_id)
