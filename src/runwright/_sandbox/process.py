"""Running one command: wall-clock timeout, whole-tree kill, output capped head + tail."""

from __future__ import annotations

import asyncio
import math
import os
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from runwright._sandbox.errors import SandboxError


@dataclass(frozen=True)
class ExecResult:
    """What one command did.

    ``stdout``/``stderr`` keep the first and last ``max_output_bytes // 2``
    bytes of each stream; ``*_omitted`` counts the bytes dropped in between.
    """

    stdout: bytes
    stderr: bytes
    exit_code: int
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


def check_number(
    name: str, value: object, *, low: float, high: float, integer: bool = False
) -> float:
    """``value`` as a number in ``(low, high]``; a SandboxError for anything else
    (strings, booleans, NaN, infinities, out-of-range values)."""
    kinds = (int,) if integer else (int, float)
    if isinstance(value, bool) or not isinstance(value, kinds):
        kind = "an integer" if integer else "a number"
        raise SandboxError(f"'{name}' must be {kind}, not {value!r}.")
    if not math.isfinite(value) or not low < value <= high:
        raise SandboxError(f"'{name}' must be a finite number above {low:g} and at most {high:g}.")
    return value


def check_timeout(value: object, maximum: float) -> float | None:
    """A command timeout: None (the default) or a finite number of seconds in
    ``(0, maximum]``."""
    if value is None:
        return None
    return check_number("timeout_seconds", value, low=0, high=maximum)


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
        # stdin is the guard pipe (see guard_argv): only this process holds its write
        # end, so the command's guard sees EOF the moment the runner is gone.
        stdin=asyncio.subprocess.PIPE,
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
        await _settle(proc, readers)
        raise
    try:
        await asyncio.wait_for(asyncio.shield(readers), 0.5)
    except asyncio.TimeoutError:
        pass  # a background process still holds the pipe; the output so far is kept
    await _settle(proc, readers)
    return ExecResult(
        exit_code=proc.returncode if proc.returncode is not None else -1,
        stdout=out.value(),
        stderr=err.value(),
        stdout_omitted=out.omitted(),
        stderr_omitted=err.omitted(),
        timed_out=timed_out,
        wall_time=time.monotonic() - start,
    )


async def _settle(proc: asyncio.subprocess.Process, readers: asyncio.Future[Any]) -> None:
    """Cancels and awaits the output readers, reaps the process and closes its stdin,
    so nothing is left un-awaited (also when the caller was cancelled)."""
    if not readers.done():
        readers.cancel()
    try:
        await readers
    except BaseException:
        pass  # the readers' end (cancelled or failed) is expected
    if proc.stdin is not None:
        proc.stdin.close()
    if proc.returncode is None:
        try:
            await asyncio.wait_for(proc.wait(), 5)
        except BaseException:
            pass  # a process that will not be reaped is left to init


GUARD_SCRIPT = (
    'exec 3<&0; {{ read -r _ <&3; kill -KILL {target}; }} >/dev/null 2>&1 & exec "$@" {stdin}3<&-'
)
"""Starts a guard beside the rest of the command line: when its stdin (the
runner's guard pipe) reaches EOF, because the runner exited however it died, it
kills ``{target}``. It holds no output pipe, so the command's end is seen at once."""


def guard_argv(whole_namespace: bool, *, pass_stdin: bool = False) -> list[str]:
    """``sh -c GUARD guard`` prefix for a command line: the guard kills every process
    of the sandbox's PID namespace (``-1``) or of its own process group (``0``).

    With ``pass_stdin`` the rest of the line keeps the guard pipe as stdin (for a
    second guard further in); otherwise it gets /dev/null.
    """
    target = "-1" if whole_namespace else "0"
    stdin = "" if pass_stdin else "</dev/null "
    return ["/bin/sh", "-c", GUARD_SCRIPT.format(target=target, stdin=stdin), "guard"]
