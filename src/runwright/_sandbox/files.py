"""File operations on a session's workspace (read, write, list, search).

All of them resolve paths through _paths: no ``..``, no symlink followed,
regular files only.
"""

from __future__ import annotations

import os
import re
import stat
from typing import TYPE_CHECKING

from runwright._sandbox.errors import SandboxError
from runwright._sandbox.paths import open_dir, open_file, split_workspace_path

if TYPE_CHECKING:
    from runwright._sandbox.session import SandboxSession

DEFAULT_READ_LIMIT = 256 * 1024
_SEARCH_FILE_LIMIT = 4 * 1024 * 1024


def _parts(session: SandboxSession, path: str) -> tuple[str, ...]:
    return split_workspace_path(path, session.root)


def read(session: SandboxSession, path: str, max_bytes: int | None) -> bytes:
    limit = DEFAULT_READ_LIMIT if max_bytes is None else max_bytes
    fd = open_file(str(session.workspace), _parts(session, path), os.O_RDONLY)
    try:
        size = os.fstat(fd).st_size
        if size > limit:
            raise SandboxError(
                f"{path} is {size} bytes, over the read limit of {limit}; read part of it "
                "with a command (head, sed -n) instead."
            )
        with os.fdopen(os.dup(fd), "rb") as f:
            return f.read(limit + 1)[:limit]
    finally:
        os.close(fd)


def write(session: SandboxSession, path: str, data: bytes | str) -> None:
    raw = data.encode() if isinstance(data, str) else data
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC
    owner = session.client._host_uid()
    fd = open_file(str(session.workspace), _parts(session, path), flags, True, owner)
    try:
        session.chown(fd)
        with os.fdopen(os.dup(fd), "wb") as f:
            f.write(raw)
    finally:
        os.close(fd)


def list_dir(session: SandboxSession, path: str) -> list[str]:
    with open_dir(str(session.workspace), _parts(session, path)) as fd:
        names = []
        for entry in os.scandir(fd):
            names.append(entry.name + ("/" if entry.is_dir(follow_symlinks=False) else ""))
    return sorted(names)


def search(session: SandboxSession, path: str, pattern: str, max_matches: int) -> list[str]:
    try:
        regex = re.compile(pattern)
    except re.error as error:
        raise SandboxError(f"Invalid search pattern {pattern!r}: {error}.") from None
    base = "/".join(_parts(session, path))
    matches: list[str] = []
    with open_dir(str(session.workspace), _parts(session, path)) as top:
        for dirpath, _dirs, files, dir_fd in os.fwalk(".", dir_fd=top, follow_symlinks=False):
            for name in sorted(files):
                rel = os.path.normpath(os.path.join(base, dirpath, name))
                for number, line in _lines(dir_fd, name):
                    if regex.search(line):
                        matches.append(f"{rel}:{number}: {line[:300]}")
                        if len(matches) >= max_matches:
                            return matches
    return matches


def _lines(dir_fd: int, name: str) -> list[tuple[int, str]]:
    try:
        fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK, dir_fd=dir_fd)
    except OSError:
        return []  # symlinks and unreadable entries are not searched
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > _SEARCH_FILE_LIMIT:
            return []
        with os.fdopen(os.dup(fd), "rb") as f:
            data = f.read()
    finally:
        os.close(fd)
    if b"\x00" in data[:8192]:
        return []
    text = data.decode("utf-8", errors="replace")
    return [(i, line) for i, line in enumerate(text.splitlines(), 1)]
