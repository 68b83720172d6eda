"""File operations on a session's workspace (read, write, list, search).

All of them resolve paths through _paths: no ``..``, no symlink followed,
regular files only. Every fd opened here has one owner and is closed once.
Outputs are capped: a listing keeps its first ``MAX_LIST_ENTRIES`` names, a
search its first matches; a regular-expression search runs in a child process
with a deadline, so a pathological pattern cannot pin a thread.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import sys
from typing import TYPE_CHECKING

from runwright._sandbox.errors import SandboxError
from runwright._sandbox.paths import open_dir, open_file, split_workspace_path

if TYPE_CHECKING:
    from runwright._sandbox.session import UnixLocalSandboxSession

DEFAULT_READ_LIMIT = 256 * 1024
MAX_LIST_ENTRIES = 2000
"""Names a listing returns; the rest are counted, not listed."""
SEARCH_DEADLINE = 10.0
"""Seconds a search may run before its process is killed."""
_SEARCH_FILE_LIMIT = 4 * 1024 * 1024
_LINE_CHARS = 300

# The search child: stdlib only, given the directory as an inherited open fd and
# its parameters (that fd's number among them) as JSON on stdin. It never follows
# a symlink (fwalk with follow_symlinks=False, files opened O_NOFOLLOW) and skips
# non-regular files.
_SEARCH_CHILD = r"""
import json, os, re, resource, stat, sys
args = json.loads(sys.stdin.read())
# A CPU limit of its own: the child dies even if the runner is gone and cannot kill it.
resource.setrlimit(resource.RLIMIT_CPU, (args["cpu_seconds"], args["cpu_seconds"]))
regex = re.compile(args["pattern"])
left = args["max_matches"]
out = sys.stdout
for dirpath, dirs, files, dir_fd in os.fwalk(".", dir_fd=args["dir_fd"], follow_symlinks=False):
    dirs.sort()
    for name in sorted(files):
        try:
            fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK, dir_fd=dir_fd)
        except OSError:
            continue
        with os.fdopen(fd, "rb") as f:
            info = os.fstat(f.fileno())
            if not stat.S_ISREG(info.st_mode) or info.st_size > args["file_limit"]:
                continue
            data = f.read()
        if b"\x00" in data[:8192]:
            continue
        rel = os.path.normpath(os.path.join(args["base"], dirpath, name))
        for number, line in enumerate(data.decode("utf-8", "replace").splitlines(), 1):
            if regex.search(line):
                out.write(json.dumps(f"{rel}:{number}: {line[:args['line_chars']]}") + "\n")
                left -= 1
                if left <= 0:
                    sys.exit(0)
"""


def _parts(session: UnixLocalSandboxSession, path: str) -> tuple[str, ...]:
    return split_workspace_path(path, session.root)


def read_at(base: str, parts: tuple[str, ...], max_bytes: int | None, label: str) -> bytes:
    """The bytes of the regular file ``parts`` below the host directory ``base``."""
    limit = DEFAULT_READ_LIMIT if max_bytes is None else max_bytes
    fd = open_file(base, parts, os.O_RDONLY)
    with os.fdopen(fd, "rb") as f:  # the file object now owns fd
        size = os.fstat(f.fileno()).st_size
        if size > limit:
            raise SandboxError(
                f"{label} is {size} bytes, over the read limit of {limit}; read part of it "
                "with a command (head, sed -n) instead."
            )
        return f.read(limit + 1)[:limit]


def write_at(
    session: UnixLocalSandboxSession, base: str, parts: tuple[str, ...], data: bytes | str
) -> None:
    """Creates or replaces the file ``parts`` below ``base`` (parents made as needed)."""
    raw = data.encode() if isinstance(data, str) else data
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC
    owner = session.client._host_uid()
    fd = open_file(base, parts, flags, True, owner)
    with os.fdopen(fd, "wb") as f:  # the file object now owns fd
        session.chown(f.fileno())
        f.write(raw)


def list_at(base: str, parts: tuple[str, ...], limit: int = MAX_LIST_ENTRIES) -> list[str]:
    """Sorted names (directories end with ``/``); past ``limit`` a last line counts the rest."""
    names: list[str] = []
    more = 0
    with open_dir(base, parts) as fd, os.scandir(fd) as entries:
        for entry in entries:
            if len(names) >= limit:
                more += 1
                continue
            names.append(entry.name + ("/" if entry.is_dir(follow_symlinks=False) else ""))
    names.sort()
    if more:
        names.append(f"[... {more} more entries not listed ...]")
    return names


async def search(
    session: UnixLocalSandboxSession,
    path: str,
    pattern: str,
    max_matches: int,
    deadline: float = SEARCH_DEADLINE,
) -> list[str]:
    """``file:line: text`` for lines matching ``pattern``, searched in a child process
    that is killed after ``deadline`` seconds."""
    try:
        re.compile(pattern)
    except (re.error, RecursionError, OverflowError) as error:
        raise SandboxError(f"Invalid search pattern {pattern!r}: {error}.") from None
    parts = _parts(session, path)
    args: dict[str, object] = {
        "pattern": pattern,
        "max_matches": max_matches,
        "base": "/".join(parts) or ".",
        "file_limit": _SEARCH_FILE_LIMIT,
        "line_chars": _LINE_CHARS,
        "cpu_seconds": int(deadline) + 2,
    }
    with open_dir(str(session.workspace), parts) as top:
        args["dir_fd"] = top
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-I",
            "-S",
            "-c",
            _SEARCH_CHILD,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.DEVNULL,
            pass_fds=(top,),
        )
    try:
        out, _ = await asyncio.wait_for(proc.communicate(json.dumps(args).encode()), deadline)
    except asyncio.TimeoutError:
        await _end(proc)
        raise SandboxError(
            f"The search for {pattern!r} ran past {deadline:g}s and was stopped; use a "
            "simpler pattern or a narrower path."
        ) from None
    except BaseException:
        await _end(proc)
        raise
    lines = [json.loads(line) for line in out.decode().splitlines() if line]
    return [str(line) for line in lines[:max_matches]]


async def _end(proc: asyncio.subprocess.Process) -> None:
    if proc.returncode is None:
        try:
            proc.kill()
        except ProcessLookupError:
            pass
    await proc.wait()
