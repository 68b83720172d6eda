"""Paths the model names, resolved strictly inside the workspace.

Every file tool goes through here. A path may be relative to the workspace or
absolute under the manifest's root (``/workspace/...``); ``..`` components are
refused outright, and files are opened one component at a time with
``O_NOFOLLOW`` relative to an open directory, so a symlink anywhere on the way
(planted by a sandboxed command, or swapped in between a check and the open)
can never lead the host process outside the workspace.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import PurePosixPath

from runwright._sandbox.errors import SandboxPathError

_DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC


def split_workspace_path(path: str, root: str) -> tuple[str, ...]:
    """The components of ``path`` below the workspace; raises SandboxPathError if outside."""
    if not isinstance(path, str) or "\x00" in path:
        raise SandboxPathError(f"Path {path!r} is not a valid path.")
    pure = PurePosixPath(path or ".")
    if pure.is_absolute():
        try:
            pure = pure.relative_to(root)
        except ValueError:
            raise SandboxPathError(
                f"Path {path!r} is outside the workspace {root}; use a path inside it."
            ) from None
    parts = tuple(p for p in pure.parts if p not in ("", "."))
    if ".." in parts:
        raise SandboxPathError(f"Path {path!r} uses '..'; paths must stay inside the workspace.")
    return parts


@contextmanager
def open_dir(
    workspace: str, parts: tuple[str, ...], create: bool = False, owner: int | None = None
) -> Iterator[int]:
    """An fd for the directory ``parts`` below ``workspace``, never following a symlink.

    With ``create``, missing directories are made (and given to ``owner``, the
    sandbox's uid, so its commands can write in them too).
    """
    fd = os.open(workspace, _DIR_FLAGS)
    try:
        for part in parts:
            if create:
                _make_dir(fd, part, owner)
            # The open fd is owned here alone: a failed step leaves it to the
            # ``finally`` below, a successful one swaps it for the next level.
            nxt = _step(fd, part)
            os.close(fd)
            fd = nxt
        yield fd
    finally:
        os.close(fd)


def _make_dir(fd: int, part: str, owner: int | None) -> None:
    try:
        os.mkdir(part, 0o755, dir_fd=fd)
    except FileExistsError:
        return
    if owner is not None:
        os.chown(part, owner, owner, dir_fd=fd, follow_symlinks=False)


def _step(fd: int, part: str) -> int:
    """Opens the directory ``part`` below ``fd``; never closes ``fd`` (its caller owns it)."""
    try:
        return os.open(part, _DIR_FLAGS, dir_fd=fd)
    except OSError as error:
        raise _explain(part, error) from None


def _explain(part: str, error: OSError) -> SandboxPathError:
    import errno

    if error.errno in (errno.ELOOP, errno.ENOTDIR):
        return SandboxPathError(
            f"{part!r} is a symlink or not a directory; file tools do not follow symlinks."
        )
    if error.errno == errno.ENOENT:
        return SandboxPathError(f"{part!r} does not exist.")
    return SandboxPathError(f"{part!r}: {error.strerror}.")


def open_file(
    workspace: str,
    parts: tuple[str, ...],
    flags: int,
    create: bool = False,
    owner: int | None = None,
) -> int:
    """An fd for the regular file ``parts``; refuses symlinks, FIFOs and devices."""
    if not parts:
        raise SandboxPathError("A file path is needed, not the workspace itself.")
    flags |= os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK
    with open_dir(workspace, parts[:-1], create=create, owner=owner) as dir_fd:
        try:
            fd = os.open(parts[-1], flags, 0o644, dir_fd=dir_fd)
        except OSError as error:
            raise _explain(parts[-1], error) from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise SandboxPathError(f"{'/'.join(parts)!r} is not a regular file.")
    os.set_blocking(fd, True)
    return fd
