"""Running one command: wall-clock timeout, whole-tree kill, output capped head + tail."""

from __future__ import annotations

import asyncio
import os
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ExecResult:
    """What one command did.

    ``stdout``/``stderr`` keep the first and last ``max_output_bytes // 2``
    bytes of each stream; ``*_omitted`` counts the bytes dropped in between.
    """

    exit_code: int
    stdout: bytes
    stderr: bytes
    stdout_omitted: int = 0
    stderr_omitted: int = 0
    timed_out: bool = False
    wall_time: float = 0.0

    def ok(self) -> bool:
        """True when the command exited with status 0."""
        return self.exit_code == 0 and not self.timed_out


class HeadTail:
    """A byte sink that keeps the head and the tail and counts what it dropped."""

    __slots__ = ("head", "tail", "half", "seen")

    def __init__(self, limit: int) -> None:
        self.half = max(limit // 2, 1)
        self.head = bytearray()
        self.tail = bytearray()
        self.seen = 0

    def add(self, chunk: bytes) -> None:
        self.seen += len(chunk)
        room = self.half - len(self.head)
        if room > 0:
            self.head += chunk[:room]
            chunk = chunk[room:]
        if chunk:
            self.tail += chunk
            if len(self.tail) > self.half:
                del self.tail[: len(self.tail) - self.half]

    def omitted(self) -> int:
        return self.seen - len(self.head) - len(self.tail)

    def value(self) -> bytes:
        return bytes(self.head + self.tail)


async def _pump(stream: asyncio.StreamReader | None, sink: HeadTail) -> None:
    if stream is None:
        return
    while chunk := await stream.read(65536):
        sink.add(chunk)


def kill_group(pid: int) -> None:
    """SIGKILL the process group led by ``pid`` (it was started in a new session)."""
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _kill(proc: asyncio.subprocess.Process, group: bool) -> None:
    if group:
        kill_group(proc.pid)
    elif proc.returncode is None:
        try:
            proc.kill()
        except ProcessLookupError:
            pass


async def run_command(
    argv: list[str],
    *,
    env: dict[str, str],
    cwd: str,
    timeout: float,
    max_output_bytes: int,
    on_start: Callable[[int], object] | None = None,
    new_session: bool = True,
    **popen: Any,
) -> ExecResult:
    """Runs ``argv``; on timeout kills it with its whole process tree.

    With ``new_session`` the command leads a new session and the timeout kills
    its process group. Without it (confined commands: bwrap tears its PID
    namespace down when killed) only ``argv``'s own process is killed, and the
    spawn stays a cheap vfork.

    Output readers stop once the command has exited and its pipes are drained
    (a confined command's namespace dies with it; an unconfined one's leftover
    background processes are given a short grace to close the pipes).
    """
    start = time.monotonic()
    proc = await asyncio.create_subprocess_exec(
        *argv,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env=env,
        cwd=cwd,
        start_new_session=new_session,
        **popen,
    )
    if on_start is not None:
        on_start(proc.pid)
    out, err = HeadTail(max_output_bytes), HeadTail(max_output_bytes)
    readers = asyncio.gather(_pump(proc.stdout, out), _pump(proc.stderr, err))
    timed_out = False
    try:
        await asyncio.wait_for(proc.wait(), timeout)
    except asyncio.TimeoutError:
        timed_out = True
        _kill(proc, new_session)
        await proc.wait()
    except BaseException:
        _kill(proc, new_session)
        readers.cancel()
        raise
    try:
        await asyncio.wait_for(readers, 0.5)
    except asyncio.TimeoutError:
        pass  # a background process still holds the pipe; the output so far is kept
    return ExecResult(
        exit_code=proc.returncode if proc.returncode is not None else -1,
        stdout=out.value(),
        stderr=err.value(),
        stdout_omitted=out.omitted(),
        stderr_omitted=err.omitted(),
        timed_out=timed_out,
        wall_time=time.monotonic() - start,
    )
