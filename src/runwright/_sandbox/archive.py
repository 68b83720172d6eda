"""``session.extract()``: a tar or zip archive unpacked into the workspace, within
the session's ``SandboxArchiveLimits``.

The archive is read into a spool first, counting its bytes against
``max_input_bytes``; then every member is checked before anything is written:
its name must stay inside the destination (no absolute name, no ``..``), it must
be a regular file or a directory (links, devices and FIFOs are refused), and the
running member count and declared size must stay within ``max_members`` and
``max_extracted_bytes``. Only then is the archive itself written at ``path`` and
its members written beside it through the session's own ``mkdir``/``write``, so
the workspace's confinement (no writing through symlinks) applies to every file.
A limit that is exceeded raises ``WorkspaceArchiveWriteError`` whose ``context``
names the ``reason``, the ``limit`` and the ``actual`` value.
"""

from __future__ import annotations

import io
import sys
import tarfile
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from runwright._core.exceptions import UserError
from runwright._sandbox.errors import WorkspaceArchiveReadError, WorkspaceArchiveWriteError

if TYPE_CHECKING:
    from runwright._sandbox.config import SandboxArchiveLimits
    from runwright._sandbox.session import BaseSandboxSession

_SPOOL_IN_MEMORY = 16 * 1024 * 1024


def _limit_error(path: Path, reason: str, limit: int, actual: int, member: str | None) -> Exception:
    context: dict[str, object] = {"reason": reason, "limit": limit, "actual": actual}
    if member is not None:
        context["member"] = member
    text = f"Cannot extract {path}: {reason} ({actual} > {limit})."
    return WorkspaceArchiveWriteError(path=path, context=context, message=text)


def check_limits(limits: Any) -> SandboxArchiveLimits | None:
    """``limits`` validated (None: no limits)."""
    if limits is None:
        return None
    if type(limits).__name__ != "SandboxArchiveLimits" or not hasattr(limits, "validate"):
        raise UserError("archive_limits must be SandboxArchiveLimits(...) or None.")
    limits.validate()
    checked: SandboxArchiveLimits = limits
    return checked


class _Counter:
    """Counts members and declared bytes against the limits."""

    def __init__(self, path: Path, limits: SandboxArchiveLimits | None) -> None:
        self.path = path
        self.limits = limits
        self.members = 0
        self.size = 0

    def add(self, name: str, size: int) -> None:
        limits = self.limits
        self.members += 1
        self.size += max(size, 0)
        if limits is None:
            return
        if limits.max_members is not None and self.members > limits.max_members:
            raise _limit_error(
                self.path, "archive member count exceeds limit", limits.max_members,
                self.members, name,
            )  # fmt: skip
        if limits.max_extracted_bytes is not None and self.size > limits.max_extracted_bytes:
            raise _limit_error(
                self.path, "archive extracted size exceeds limit", limits.max_extracted_bytes,
                self.size, name,
            )  # fmt: skip


def spool(data: Any, path: Path, limits: SandboxArchiveLimits | None) -> Any:
    """The stream ``data`` copied into a seekable spool, refused past ``max_input_bytes``."""
    cap = limits.max_input_bytes if limits is not None else None
    if isinstance(data, (bytes, bytearray)):
        data = io.BytesIO(bytes(data))
    if not hasattr(data, "read"):
        raise UserError("extract() takes the archive as a binary stream or bytes.")
    out: Any
    if sys.version_info >= (3, 11):
        out = tempfile.SpooledTemporaryFile(max_size=_SPOOL_IN_MEMORY, mode="w+b")  # noqa: SIM115 - returned open
    else:  # 3.10's spool has no seekable(), which zipfile reads: a plain temporary file
        out = tempfile.TemporaryFile(mode="w+b")  # noqa: SIM115 - returned open
    total = 0
    try:
        while True:
            chunk = data.read(1024 * 1024)
            if not chunk:
                break
            if isinstance(chunk, str):
                raise UserError("extract() takes a binary stream, not text.")
            total += len(chunk)
            if cap is not None and total > cap:
                raise _limit_error(path, "archive input size exceeds limit", cap, total, None)
            out.write(chunk)
    except BaseException:
        out.close()
        raise
    out.seek(0)
    return out


def _relative(path: Path, name: str) -> PurePosixPath | None:
    """The member's path below the destination (None for the destination itself)."""
    pure = PurePosixPath(name)
    if name.startswith("/") or ".." in pure.parts or "\\" in name:
        raise WorkspaceArchiveWriteError(
            path=path,
            context={"reason": "unsafe archive member", "member": name},
            message=f"Cannot extract {path}: member {name!r} would leave its directory.",
        )
    parts = [p for p in pure.parts if p not in ("", ".")]
    return PurePosixPath(*parts) if parts else None


def _refuse_kind(path: Path, name: str, kind: str) -> Exception:
    return WorkspaceArchiveWriteError(
        path=path,
        context={"reason": f"archive member is a {kind}", "member": name},
        message=f"Cannot extract {path}: member {name!r} is a {kind}; only files and "
        "directories are extracted.",
    )


def _tar_members(path: Path, blob: Any, limits: SandboxArchiveLimits | None) -> list[Any]:
    counter = _Counter(path, limits)
    plan: list[Any] = []
    try:
        with tarfile.open(fileobj=blob, mode="r:*") as archive:
            for member in archive:
                rel = _relative(path, member.name)
                if rel is None:
                    continue
                if member.isdir():
                    counter.add(member.name, 0)
                    plan.append((rel, None))
                elif member.isfile():
                    counter.add(member.name, member.size)
                    plan.append((rel, member))
                else:
                    kind = (
                        "symlink"
                        if member.issym()
                        else "link"
                        if member.islnk()
                        else "special file"
                    )
                    raise _refuse_kind(path, member.name, kind)
    except tarfile.TarError as error:
        raise WorkspaceArchiveReadError(path=path, cause=error) from None
    return plan


def _zip_members(path: Path, blob: Any, limits: SandboxArchiveLimits | None) -> list[Any]:
    counter = _Counter(path, limits)
    plan: list[Any] = []
    try:
        archive = zipfile.ZipFile(blob)
    except zipfile.BadZipFile as error:
        raise WorkspaceArchiveReadError(path=path, cause=error) from None
    with archive:
        for info in archive.infolist():
            rel = _relative(path, info.filename)
            if rel is None:
                continue
            mode = (info.external_attr >> 16) & 0o170000
            if mode == 0o120000:
                raise _refuse_kind(path, info.filename, "symlink")
            counter.add(info.filename, 0 if info.is_dir() else info.file_size)
            plan.append((rel, None if info.is_dir() else info))
    return plan


def _chunks(reader: Any) -> Iterator[bytes]:
    while True:
        chunk = reader.read(1024 * 1024)
        if not chunk:
            return
        yield chunk


async def extract_archive(
    session: BaseSandboxSession,
    path: Path | str,
    data: Any,
    compression_scheme: str | None,
    limits: SandboxArchiveLimits | None,
) -> None:
    """Writes the archive at ``path`` and unpacks it into ``path``'s directory."""
    target = Path(path)
    scheme = compression_scheme
    if scheme is None:
        suffix = target.suffix.removeprefix(".")
        scheme = suffix or None
        if scheme in ("tgz", "gz", "bz2", "xz") or target.name.endswith((".tar.gz", ".tar.xz")):
            scheme = "tar"
    if scheme not in ("tar", "zip"):
        raise UserError(
            f"extract({str(path)!r}): compression_scheme must be 'tar' or 'zip' "
            f"(or a path ending in .tar/.zip), not {scheme!r}."
        )
    normalized = session.normalize_path(target, for_write=True)
    blob = spool(data, normalized, limits)
    try:
        plan = (_tar_members if scheme == "tar" else _zip_members)(normalized, blob, limits)
        blob.seek(0)
        await session.mkdir(normalized.parent, parents=True)
        await session.write(normalized, blob)
        blob.seek(0)
        base = normalized.parent
        for rel, member in plan:
            if member is None:
                await session.mkdir(base / rel, parents=True)
        if scheme == "tar":
            with tarfile.open(fileobj=blob, mode="r:*") as archive:
                for rel, member in plan:
                    if member is not None:
                        await session.mkdir((base / rel).parent, parents=True)
                        reader = archive.extractfile(member)
                        assert reader is not None  # a regular file member
                        await session.write(base / rel, io.BytesIO(b"".join(_chunks(reader))))
        else:
            with zipfile.ZipFile(blob) as archive:
                for rel, member in plan:
                    if member is not None:
                        await session.mkdir((base / rel).parent, parents=True)
                        with archive.open(member) as reader:
                            content = b"".join(_chunks(reader))
                        await session.write(base / rel, io.BytesIO(content))
    finally:
        blob.close()


def check_tar_limits(path: Path, src: Path, limits: SandboxArchiveLimits | None) -> None:
    """Refuses the workspace tar ``src`` (a snapshot being restored) past the limits."""
    if limits is None:
        return
    size = src.stat().st_size
    if limits.max_input_bytes is not None and size > limits.max_input_bytes:
        raise _limit_error(
            path, "archive input size exceeds limit", limits.max_input_bytes, size, None
        )
    counter = _Counter(path, limits)
    try:
        with tarfile.open(src, mode="r:*") as archive:
            for member in archive:
                if _relative_or_none(member.name) is not None:
                    counter.add(member.name, member.size if member.isfile() else 0)
    except tarfile.TarError as error:
        raise WorkspaceArchiveReadError(path=path, cause=error) from None


def _relative_or_none(name: str) -> str | None:
    parts = [p for p in PurePosixPath(name).parts if p not in ("", ".", "/")]
    return "/".join(parts) if parts else None
