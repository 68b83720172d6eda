"""Interactive sandbox processes: ``exec_command(tty=True)`` and ``write_stdin``.

A session keeps up to :data:`PTY_PROCESSES_MAX` live processes, each known to the
model by a random number (its "session ID"). Output is read in the background
into a capped buffer; each call returns what arrived since the previous one.
The terminal itself is made inside the sandbox (``script`` from util-linux runs
the command on a pty of the sandbox's own devpts), so the runner only ever holds
pipes. Every process is killed, and its reader awaited, when the session stops.
"""

from __future__ import annotations

import asyncio
import os
import random
import time
from dataclasses import dataclass, field

from runwright._sandbox.errors import SandboxError
from runwright._sandbox.process import HeadTail, check_number, kill_group

PTY_YIELD_MS_MIN = 250
"""The shortest wait for output (milliseconds)."""
PTY_EMPTY_YIELD_MS_MIN = 5_000
"""The shortest wait when ``write_stdin`` sends nothing (a poll)."""
PTY_YIELD_MS_MAX = 30_000
"""The longest wait for output of one call."""
PTY_PROCESSES_MAX = 64
"""Live processes one session keeps; starting another ends the least recently used."""
PTY_PROCESSES_PROTECTED = 8
"""The most recently used processes are never ended to make room."""
_ID_LOW, _ID_HIGH = 1_000, 100_000


@dataclass(frozen=True)
class PtyExecUpdate:
    """What an interactive process did since the last call.

    ``process_id`` is set while the process still runs (pass it to
    ``pty_write_stdin``); ``exit_code`` once it has ended.
    """

    process_id: int | None
    output: bytes
    exit_code: int | None
    original_token_count: int | None = None


def yield_window(value: object, default: float, *, empty_input: bool = False) -> float:
    """Seconds to wait for output (session API): ``value`` (None: ``default``) clamped
    to 0.25-30 s, at least 5 s for an empty write."""
    seconds = default if value is None else check_number("yield_time_s", value, low=-1, high=1e9)
    seconds = max(PTY_YIELD_MS_MIN / 1000, min(PTY_YIELD_MS_MAX / 1000, seconds))
    if empty_input:
        seconds = max(seconds, PTY_EMPTY_YIELD_MS_MIN / 1000)
    return seconds


def output_tokens(value: object) -> int | None:
    """A ``max_output_tokens``: None or a positive integer."""
    if value is None:
        return None
    return int(check_number("max_output_tokens", value, low=0, high=2**31, integer=True))


def yield_seconds(value: object, *, empty_input: bool = False) -> float:
    """A model's ``yield_time_ms``, checked and clamped to the allowed window, in seconds."""
    ms = check_number("yield_time_ms", value, low=-1, high=2**31, integer=True)
    ms = max(PTY_YIELD_MS_MIN, min(PTY_YIELD_MS_MAX, int(ms)))
    if empty_input:
        ms = max(ms, PTY_EMPTY_YIELD_MS_MIN)
    return ms / 1000


def truncate_tokens(text: str, max_tokens: int | None) -> tuple[str, int | None]:
    """``text`` cut to about ``max_tokens`` tokens (4 characters each), head and tail
    kept; with the original token count when something was cut."""
    if max_tokens is None:
        return text, None
    budget = max(max_tokens * 4, 8)
    if len(text) <= budget:
        return text, None
    original = (len(text) + 3) // 4
    half = budget // 2
    cut = original - max_tokens
    lines = text.count("\n") + 1
    head = f"Total output lines: {lines}\n\n"
    return f"{head}{text[:half]}…{cut} tokens truncated…{text[-half:]}", original


@dataclass
class LiveProcess:
    """One interactive process: its OS process, its input pipe and its output so far."""

    proc: asyncio.subprocess.Process
    input_fd: int | None
    limit: int
    deadline: float
    buffer: HeadTail = field(init=False)
    reader: asyncio.Task[None] | None = field(default=None, init=False)
    changed: asyncio.Event = field(default_factory=asyncio.Event, init=False)
    last_used: float = field(default_factory=time.monotonic, init=False)

    def __post_init__(self) -> None:
        self.buffer = HeadTail(self.limit)
        self.reader = asyncio.get_running_loop().create_task(self._read())

    async def _read(self) -> None:
        stream = self.proc.stdout
        try:
            while stream is not None and (chunk := await stream.read(65536)):
                self.buffer.add(chunk)
                self.changed.set()
        finally:
            self.changed.set()

    @property
    def exited(self) -> bool:
        return self.proc.returncode is not None and self.reader is not None and self.reader.done()

    def take(self) -> bytes:
        """The output since the last call (head and tail of it when it was long)."""
        data, omitted = self.buffer.value(), self.buffer.omitted()
        self.buffer = HeadTail(self.limit)
        if omitted:
            half = len(data) // 2
            notice = f"\n[... {omitted} bytes omitted ...]\n".encode()
            data = data[:half] + notice + data[half:]
        return data

    async def settle(self, seconds: float) -> None:
        """Waits ``seconds`` (less if the process ends), then gives its output."""
        end = min(time.monotonic() + seconds, self.deadline)
        while not self.exited:
            left = end - time.monotonic()
            if left <= 0:
                break
            waiter = asyncio.ensure_future(self.proc.wait())
            try:
                await asyncio.wait_for(asyncio.shield(waiter), left)
            except asyncio.TimeoutError:
                pass
            finally:
                if not waiter.done():
                    waiter.cancel()
                await asyncio.gather(waiter, return_exceptions=True)
            if self.proc.returncode is not None and self.reader is not None:
                # the namespace is gone; its pipe drains at once
                await asyncio.wait({self.reader}, timeout=2)
                break
        if time.monotonic() >= self.deadline and self.proc.returncode is None:
            await self.end()
        self.last_used = time.monotonic()

    def write(self, chars: str) -> None:
        if not chars:
            return  # a poll
        if self.input_fd is None:
            raise SandboxError(
                "This process has no terminal input: start it with tty=true to write to it."
            )
        if self.exited:
            return
        data = chars.encode("utf-8")
        view = memoryview(data)
        try:
            while view:
                written = os.write(self.input_fd, view)
                view = view[written:]
        except BlockingIOError:
            raise SandboxError(
                "The process is not reading its input (its buffer is full)."
            ) from None
        except BrokenPipeError:
            pass  # it ended meanwhile; its exit is reported

    async def end(self) -> None:
        """Kills the process tree, awaits the reader and closes the input (idempotent)."""
        if self.proc.returncode is None:
            kill_group(self.proc.pid)
            try:
                await asyncio.wait_for(self.proc.wait(), 5)
            except asyncio.TimeoutError:
                pass  # left to init; its namespace dies with bwrap
        if self.reader is not None:
            if not self.reader.done():
                try:
                    await asyncio.wait_for(asyncio.shield(self.reader), 1)
                except asyncio.TimeoutError:
                    self.reader.cancel()
            await asyncio.gather(self.reader, return_exceptions=True)
        if self.input_fd is not None:
            os.close(self.input_fd)
            self.input_fd = None
        if self.proc.stdin is not None:
            self.proc.stdin.close()


class PtyRegistry:
    """A session's live interactive processes, by the number the model knows them by."""

    def __init__(self) -> None:
        self.live: dict[int, LiveProcess] = {}

    def _new_id(self) -> int:
        while True:
            number = random.randrange(_ID_LOW, _ID_HIGH)
            if number not in self.live:
                return number

    async def make_room(self) -> None:
        """Ends the least recently used process (not one of the newest) when full."""
        if len(self.live) < PTY_PROCESSES_MAX:
            return
        by_use = sorted(self.live.items(), key=lambda item: item[1].last_used)
        protected = {n for n, _ in by_use[-PTY_PROCESSES_PROTECTED:]}
        candidates = [n for n, p in by_use if n not in protected]
        exited = [n for n in candidates if self.live[n].exited]
        victim = (exited or candidates or [by_use[0][0]])[0]
        await self.live.pop(victim).end()

    async def report(
        self, live: LiveProcess, seconds: float, max_tokens: int | None, number: int | None
    ) -> PtyExecUpdate:
        """Waits for output, then what the model sees; an ended process is forgotten."""
        try:
            await live.settle(seconds)
        except BaseException:
            await self.forget(live)
            raise
        output = live.take()
        if live.exited or live.proc.returncode is not None:
            await self.forget(live)
            code = live.proc.returncode
            return PtyExecUpdate(None, output, code if code is not None else -1)
        if number is None:
            number = self._new_id()
            self.live[number] = live
        text, original = truncate_tokens(output.decode("utf-8", errors="replace"), max_tokens)
        if original is not None:
            output = text.encode("utf-8")
        return PtyExecUpdate(number, output, None, original)

    async def forget(self, live: LiveProcess) -> None:
        for number, known in list(self.live.items()):
            if known is live:
                del self.live[number]
        await live.end()

    def get(self, number: object) -> LiveProcess:
        if isinstance(number, bool) or not isinstance(number, int) or number not in self.live:
            raise PtySessionNotFound(number)
        return self.live[number]

    async def end_all(self) -> None:
        """Kills every live process and awaits its reader."""
        live, self.live = list(self.live.values()), {}
        await asyncio.gather(*(p.end() for p in live), return_exceptions=True)


class PtySessionNotFound(SandboxError):
    """``write_stdin`` named a process this session does not have (any more)."""

    def __init__(self, number: object) -> None:
        super().__init__(
            f"No running process with session ID {number!r}: it ended (its exit was "
            "reported) or was never started. Start a new one with exec_command."
        )
        self.session_id = number


def describe(update: PtyExecUpdate, wall_time: float, max_tokens: int | None) -> str:
    """The model-facing text of an update, in the SDK's layout."""
    text = update.output.decode("utf-8", errors="replace")
    original = update.original_token_count
    if update.process_id is None:
        text, original = truncate_tokens(text, max_tokens)
    lines = [f"Chunk ID: {random.getrandbits(24):06x}", f"Wall time: {wall_time:.4f} seconds"]
    if update.exit_code is not None:
        lines.append(f"Process exited with code {update.exit_code}")
    if update.process_id is not None:
        lines.append(f"Process running with session ID {update.process_id}")
    if original is not None:
        lines.append(f"Original token count: {original}")
    lines += ["Output:", text]
    return "\n".join(lines)
