"""Audit events of a sandbox session and the sinks that receive them.

Every operation of a :class:`SandboxSession` (start, exec, read, write, ls,
stop, ...) emits a start event and a finish event to its
:class:`Instrumentation`, which hands them to its sinks: a callback, a JSONL file
on the host, a JSONL file inside the workspace, an HTTP endpoint, or a chain of
these. Exec output is left out unless an :class:`EventPayloadPolicy` asks for it.
"""

from __future__ import annotations

import abc
import asyncio
import inspect
import json
import logging
import threading
import urllib.request
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Union

from runwright._core.exceptions import UserError

if TYPE_CHECKING:
    from runwright._sandbox.session import BaseSandboxSession

logger = logging.getLogger("runwright.sandbox")

DeliveryMode = Literal["sync", "async", "best_effort"]
OnErrorPolicy = Literal["raise", "log", "ignore"]


@dataclass
class EventPayloadPolicy:
    """How much of an operation's data goes into its events."""

    include_exec_output: bool = False
    max_stdout_chars: int = 8000
    max_stderr_chars: int = 8000
    include_write_len: bool = True

    def __post_init__(self) -> None:
        for name in ("max_stdout_chars", "max_stderr_chars"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise UserError(f"EventPayloadPolicy.{name} must be an int >= 0.")


def _now() -> datetime:
    return datetime.now(tz=timezone.utc)


@dataclass(kw_only=True)
class _EventBase:
    session_id: str
    seq: int
    op: str
    span_id: str = field(default_factory=lambda: uuid.uuid4().hex[:16])
    version: int = 1
    event_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    ts: datetime = field(default_factory=_now)
    parent_span_id: str | None = None
    trace_id: str | None = None
    data: dict[str, object] = field(default_factory=dict)

    def to_json_dict(self) -> dict[str, Any]:
        """Plain JSON data (raw output bytes are left out)."""
        out: dict[str, Any] = {}
        for f in fields(self):
            if f.name in ("stdout_bytes", "stderr_bytes"):
                continue
            value = getattr(self, f.name)
            if isinstance(value, datetime):
                value = value.isoformat()
            out[f.name] = value
        return out


@dataclass(kw_only=True)
class SandboxSessionStartEvent(_EventBase):
    """An operation began."""

    phase: Literal["start"] = "start"


@dataclass(kw_only=True)
class SandboxSessionFinishEvent(_EventBase):
    """An operation ended (``ok``, its duration, and its error if it failed)."""

    ok: bool
    duration_ms: float
    phase: Literal["finish"] = "finish"
    error_code: str | None = None
    error_type: str | None = None
    error_message: str | None = None
    error_retryable: bool | None = None
    stdout: str | None = None
    stderr: str | None = None
    stdout_bytes: bytes | None = None
    stderr_bytes: bytes | None = None


SandboxSessionEvent = Union[SandboxSessionStartEvent, SandboxSessionFinishEvent]
"""A start or a finish event (``phase`` tells which)."""


def event_to_json_line(event: SandboxSessionEvent) -> str:
    """One JSON line (with its newline) for ``event``."""
    return json.dumps(event.to_json_dict(), default=str, separators=(",", ":")) + "\n"


def validate_sandbox_session_event(obj: object) -> SandboxSessionEvent:
    """An event from its JSON form (a dict, or a JSON string); UserError if invalid."""
    if isinstance(obj, (SandboxSessionStartEvent, SandboxSessionFinishEvent)):
        return obj
    if isinstance(obj, (str, bytes)):
        try:
            obj = json.loads(obj)
        except ValueError as error:
            raise UserError(f"A sandbox event must be JSON: {error}.") from None
    if not isinstance(obj, dict):
        raise UserError("A sandbox event must be a JSON object.")
    phase = obj.get("phase")
    klass: type[_EventBase]
    if phase == "start":
        klass = SandboxSessionStartEvent
    elif phase == "finish":
        klass = SandboxSessionFinishEvent
    else:
        raise UserError(f"A sandbox event's phase must be 'start' or 'finish', not {phase!r}.")
    known = {f.name for f in fields(klass)}
    data = {k: v for k, v in obj.items() if k in known}
    if isinstance(data.get("ts"), str):
        try:
            data["ts"] = datetime.fromisoformat(data["ts"])
        except ValueError:
            raise UserError(f"A sandbox event's ts is not a timestamp: {data['ts']!r}.") from None
    try:
        event = klass(**data)
    except TypeError as error:
        raise UserError(f"Invalid sandbox event: {error}.") from None
    if not isinstance(event.seq, int) or not isinstance(event.op, str):
        raise UserError("A sandbox event needs an int seq and a str op.")
    return event


# ----- sinks -------------------------------------------------------------------


class EventSink(abc.ABC):
    """Receives a session's events."""

    name: str | None = None
    mode: DeliveryMode = "best_effort"
    on_error: OnErrorPolicy = "log"
    payload_policy: EventPayloadPolicy | None = None

    def bind(self, session: BaseSandboxSession) -> None:  # noqa: B027 - optional hook
        """Called with the session before its first event."""

    @abc.abstractmethod
    async def handle(self, event: SandboxSessionEvent) -> None:
        """Takes one event."""


def _check_modes(mode: str, on_error: str) -> None:
    if mode not in ("sync", "async", "best_effort"):
        raise UserError(f"Sink mode must be 'sync', 'async' or 'best_effort', not {mode!r}.")
    if on_error not in ("raise", "log", "ignore"):
        raise UserError(f"Sink on_error must be 'raise', 'log' or 'ignore', not {on_error!r}.")


class CallbackSink(EventSink):
    """Calls ``callback(event, session)`` (sync or async) for each event."""

    def __init__(
        self,
        callback: Callable[[SandboxSessionEvent, BaseSandboxSession], object],
        *,
        mode: DeliveryMode = "sync",
        on_error: OnErrorPolicy = "raise",
        payload_policy: EventPayloadPolicy | None = None,
        name: str | None = None,
    ) -> None:
        if not callable(callback):
            raise UserError("CallbackSink needs a callable.")
        _check_modes(mode, on_error)
        self.callback = callback
        self.mode, self.on_error = mode, on_error
        self.payload_policy, self.name = payload_policy, name
        self._session: BaseSandboxSession | None = None

    def bind(self, session: BaseSandboxSession) -> None:
        self._session = session

    async def handle(self, event: SandboxSessionEvent) -> None:
        result = self.callback(event, self._session)  # type: ignore[arg-type]
        if inspect.isawaitable(result):
            await result


class JsonlOutboxSink(EventSink):
    """Appends each event as a JSON line to a host file."""

    def __init__(
        self,
        path: Path | str,
        *,
        mode: DeliveryMode = "best_effort",
        on_error: OnErrorPolicy = "log",
        payload_policy: EventPayloadPolicy | None = None,
    ) -> None:
        _check_modes(mode, on_error)
        self.path = Path(path)
        self.mode, self.on_error, self.payload_policy = mode, on_error, payload_policy
        self._lock = threading.Lock()

    async def handle(self, event: SandboxSessionEvent) -> None:
        await asyncio.to_thread(self._append, event_to_json_line(event))

    def _append(self, line: str) -> None:
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with open(self.path, "a", encoding="utf-8") as f:
                f.write(line)


class WorkspaceJsonlSink(EventSink):
    """Keeps the events as JSON lines in a file inside the session's workspace
    (``workspace_relpath``; ``{session_id}`` is filled in)."""

    def __init__(
        self,
        *,
        workspace_relpath: Path | str = Path("logs/events-{session_id}.jsonl"),
        ephemeral: bool = False,
        mode: DeliveryMode = "best_effort",
        on_error: OnErrorPolicy = "log",
        payload_policy: EventPayloadPolicy | None = None,
        flush_every: int = 1,
        max_bytes: int | None = None,
    ) -> None:
        _check_modes(mode, on_error)
        if Path(workspace_relpath).is_absolute() or ".." in Path(workspace_relpath).parts:
            raise UserError("WorkspaceJsonlSink workspace_relpath must stay inside the workspace.")
        if isinstance(flush_every, bool) or not isinstance(flush_every, int) or flush_every < 1:
            raise UserError("WorkspaceJsonlSink flush_every must be an int >= 1.")
        self.workspace_relpath = Path(workspace_relpath)
        self.ephemeral, self.flush_every, self.max_bytes = ephemeral, flush_every, max_bytes
        self.mode, self.on_error, self.payload_policy = mode, on_error, payload_policy
        self._session: BaseSandboxSession | None = None
        self._pending: list[str] = []
        self._written = b""

    def bind(self, session: BaseSandboxSession) -> None:
        # Write through the wrapped session: writing through the reporting wrapper
        # would report the write, and so on without end.
        self._session = getattr(session, "inner", session)

    def _relpath(self) -> str:
        session_id = self._session.state.session_id if self._session is not None else "unbound"
        return str(self.workspace_relpath).replace("{session_id}", str(session_id))

    async def handle(self, event: SandboxSessionEvent) -> None:
        self._pending.append(event_to_json_line(event))
        if len(self._pending) < self.flush_every or self._session is None:
            return
        if event.op in ("stop", "shutdown") or not await self._session.running():
            return  # the workspace is going away; keep the lines pending
        import io

        data = self._written + "".join(self._pending).encode()
        if self.max_bytes is not None and len(data) > self.max_bytes:
            raise UserError(f"WorkspaceJsonlSink reached max_bytes={self.max_bytes}.")
        await self._session.write(Path(self._relpath()), io.BytesIO(data))
        self._written, self._pending = data, []


class HttpProxySink(EventSink):
    """POSTs each event as JSON to ``endpoint`` (in a worker thread); on failure the
    line goes to ``spool_path`` when given."""

    def __init__(
        self,
        endpoint: str,
        *,
        headers: dict[str, str] | None = None,
        timeout_s: float = 5.0,
        spool_path: Path | str | None = None,
        mode: DeliveryMode = "best_effort",
        on_error: OnErrorPolicy = "log",
        payload_policy: EventPayloadPolicy | None = None,
    ) -> None:
        _check_modes(mode, on_error)
        if not isinstance(endpoint, str) or not endpoint.startswith(("http://", "https://")):
            raise UserError(f"HttpProxySink endpoint must be an http(s) URL, not {endpoint!r}.")
        self.endpoint, self.headers, self.timeout_s = endpoint, dict(headers or {}), timeout_s
        self.spool_path = Path(spool_path) if spool_path is not None else None
        self.mode, self.on_error, self.payload_policy = mode, on_error, payload_policy

    async def handle(self, event: SandboxSessionEvent) -> None:
        line = event_to_json_line(event)
        await asyncio.to_thread(self._post, line)

    def _post(self, line: str) -> None:
        request = urllib.request.Request(
            self.endpoint,
            data=line.encode(),
            headers={"Content-Type": "application/json", **self.headers},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout_s) as response:
                response.read()
        except OSError:
            if self.spool_path is None:
                raise
            with open(self.spool_path, "a", encoding="utf-8") as f:
                f.write(line)


class ChainedSink(EventSink):
    """Several sinks, in order, as one."""

    def __init__(self, *sinks: EventSink) -> None:
        for sink in sinks:
            if not isinstance(sink, EventSink):
                raise UserError(f"ChainedSink takes EventSinks, not {sink!r}.")
        self.sinks = list(sinks)
        self.mode, self.on_error = "sync", "raise"

    def bind(self, session: BaseSandboxSession) -> None:
        for sink in self.sinks:
            sink.bind(session)

    async def handle(self, event: SandboxSessionEvent) -> None:
        for sink in self.sinks:
            await _deliver(sink, event, None)


# ----- instrumentation -----------------------------------------------------------


def _apply_policy(event: SandboxSessionEvent, policy: EventPayloadPolicy) -> SandboxSessionEvent:
    if not isinstance(event, SandboxSessionFinishEvent):
        return event
    if not policy.include_exec_output:
        return replace(event, stdout=None, stderr=None)
    out = (event.stdout_bytes or b"").decode("utf-8", "replace")[: policy.max_stdout_chars]
    err = (event.stderr_bytes or b"").decode("utf-8", "replace")[: policy.max_stderr_chars]
    return replace(event, stdout=out, stderr=err)


async def _deliver(
    sink: EventSink, event: SandboxSessionEvent, tasks: set[asyncio.Task[None]] | None
) -> None:
    async def run() -> None:
        try:
            await sink.handle(event)
        except Exception as error:
            if sink.on_error == "raise" and sink.mode == "sync":
                raise
            if sink.on_error != "ignore":
                logger.warning("Sandbox event sink %s failed: %s", sink.name or sink, error)

    if sink.mode == "async" and tasks is not None:
        task = asyncio.ensure_future(run())
        tasks.add(task)
        task.add_done_callback(tasks.discard)
        return
    await run()


class Instrumentation:
    """The sinks a session's events go to, and how much each event carries."""

    def __init__(
        self,
        *,
        sinks: Sequence[EventSink] | None = None,
        payload_policy: EventPayloadPolicy | None = None,
        payload_policy_by_op: dict[str, EventPayloadPolicy] | None = None,
    ) -> None:
        self._sinks = list(sinks or [])
        for sink in self._sinks:
            if not isinstance(sink, EventSink):
                raise UserError(f"Instrumentation sinks must be EventSinks, not {sink!r}.")
        self.payload_policy = payload_policy or EventPayloadPolicy()
        self.payload_policy_by_op = dict(payload_policy_by_op or {})
        self._tasks: set[asyncio.Task[None]] = set()

    @property
    def sinks(self) -> list[EventSink]:
        """The sinks, in delivery order."""
        return self._sinks

    def add_sink(self, sink: EventSink) -> None:
        """Adds a sink at the end."""
        if not isinstance(sink, EventSink):
            raise UserError(f"add_sink takes an EventSink, not {sink!r}.")
        self._sinks.append(sink)

    def bind(self, session: BaseSandboxSession) -> None:
        """Binds every sink to ``session``."""
        for sink in self._sinks:
            sink.bind(session)

    async def emit(self, event: SandboxSessionEvent) -> None:
        """Delivers ``event`` to every sink (each with its payload policy)."""
        for sink in self._sinks:
            policy = (
                sink.payload_policy
                or self.payload_policy_by_op.get(event.op)
                or self.payload_policy
            )
            await _deliver(sink, _apply_policy(event, policy), self._tasks)

    async def flush(self) -> None:
        """Waits for events still being delivered in the background."""
        if self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)
