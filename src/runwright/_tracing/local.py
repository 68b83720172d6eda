"""The default processor: finished traces go to the local SQLite trace store.

The calling thread only appends to an in-memory list and, when a trace ends,
``put_nowait``s it on a bounded queue: it never waits for disk. A daemon
thread drains the queue into the store (``store.py``, which imports sqlite3
only there), preferably when the process is idle: encoding holds the GIL, so
while traces keep finishing it waits (up to ``max_delay``, or until 1,024
traces wait). When the queue is full the trace is dropped and counted. The
queue is drained at interpreter exit and on :meth:`force_flush`.
"""

from __future__ import annotations

import atexit
import os
import queue
import threading
import time
import weakref
from pathlib import Path
from typing import TYPE_CHECKING, Any

from runwright._tracing.processor import TracingProcessor
from runwright._tracing.util import get_logger

if TYPE_CHECKING:
    from runwright._tracing.spans import Span
    from runwright._tracing.store import TraceStore
    from runwright._tracing.traces import Trace

_FLUSH_TIMEOUT_S = 10.0
_BATCH = 512
_MAX_OPEN_TRACES = 10_000
_START_BACKLOG = 1024
"""Finished traces waiting that make the writer start even while traces keep coming."""


def default_trace_db_path() -> Path:
    """Where the local store lives: ``$RUNWRIGHT_TRACE_DB``, else the user's data directory.

    The data directory is ``$XDG_DATA_HOME/runwright/traces.db``, falling back
    to ``~/.local/share/runwright/traces.db``.
    """
    explicit = os.environ.get("RUNWRIGHT_TRACE_DB")
    if explicit:
        return Path(explicit).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or os.path.join("~", ".local", "share")
    return Path(base).expanduser() / "runwright" / "traces.db"


class _Flush:
    """A queue marker: set once the worker has written everything queued before it."""

    __slots__ = ("done",)

    def __init__(self) -> None:
        self.done = threading.Event()


# Queue entries: (trace, spans) for a finished trace, (None, [span]) for a span
# that ended after its trace, or a _Flush marker.
_Entry = tuple["Trace | None", list["Span[Any]"]] | _Flush


class LocalTraceProcessor(TracingProcessor):
    """Writes finished traces and their spans to a :class:`TraceStore`, off the calling thread.

    Attributes:
        dropped: traces not stored: the queue was full, or writing them failed.
        dropped_spans: spans not stored (with their trace, or past ``max_spans_per_trace``).
        written: traces written to the store so far.
    """

    def __init__(
        self,
        path: str | Path | None = None,
        *,
        max_queue_size: int = 16_384,
        max_spans_per_trace: int = 10_000,
        quiet: float = 0.05,
        max_delay: float = 1.0,
    ) -> None:
        """Create the processor; no thread, file or sqlite3 import until a trace ends.

        Args:
            path: the database file; ``None`` resolves :func:`default_trace_db_path`
                when the first trace is written.
            max_queue_size: finished traces waiting to be written before new ones are
                dropped (counted in ``dropped``, and logged at the 1st, 10th, 100th... drop).
                The default holds a burst of 16,384: 10,000 concurrent runs that finish
                together all get stored.
            max_spans_per_trace: spans kept per open trace before further ones are dropped.
            quiet: the writer starts once no trace has finished for this many
                seconds (the process looks idle)...
            max_delay: ...or this many seconds after the oldest unwritten trace,
                or as soon as 1,024 traces (or half the queue) wait, whichever comes first.
        """
        self._path = Path(path).expanduser() if path is not None else None
        self._queue: queue.Queue[_Entry] = queue.Queue(maxsize=max_queue_size)
        self._max_spans = max_spans_per_trace
        self._quiet = quiet
        self._max_delay = max_delay
        self._flush_requested = threading.Event()
        # trace_id -> finished spans of a trace still open. Appends and pops are
        # single dict/list operations, atomic under the GIL, so no lock is needed.
        self._open: dict[str, list[Span[Any]]] = {}
        self._worker: threading.Thread | None = None
        self._start_lock = threading.Lock()
        self._count_lock = threading.Lock()
        self._closed = False
        self.dropped = 0
        self.dropped_spans = 0
        self.written = 0
        _reset_after_fork(self)

    @property
    def path(self) -> Path:
        """The database file this processor writes to."""
        return self._path if self._path is not None else default_trace_db_path()

    # -- processor events (calling thread: keep these cheap) ----------------
    def on_trace_start(self, trace: Trace) -> None:
        if len(self._open) >= _MAX_OPEN_TRACES:
            # Traces started and never finished must not grow memory forever:
            # forget the oldest (dicts keep insertion order).
            stale = self._open.pop(next(iter(self._open)), [])
            self._count_drop(1, len(stale))
        self._open[trace.trace_id] = []

    def on_span_start(self, span: Span[Any]) -> None:
        return None

    def on_span_end(self, span: Span[Any]) -> None:
        spans = self._open.get(span.trace_id)
        if spans is None:
            self._enqueue((None, [span]), 1)
        elif len(spans) < self._max_spans:
            spans.append(span)
        else:
            self._count_drop(0, 1)

    def on_trace_end(self, trace: Trace) -> None:
        spans = self._open.pop(trace.trace_id, None) or []
        self._enqueue((trace, spans), 1 + len(spans))

    def _enqueue(self, entry: _Entry, span_count: int) -> None:
        if self._closed:
            return
        if self._worker is None:
            self._start_worker()
        try:
            self._queue.put_nowait(entry)
        except queue.Full:
            traces = 1 if isinstance(entry, tuple) and entry[0] is not None else 0
            before = self.dropped
            self._count_drop(traces, span_count - traces)
            if _power_of_ten_crossed(before, self.dropped):
                get_logger().warning(
                    "local trace store: %d trace(s) dropped so far: %d finished traces were "
                    "already waiting for the writer (LocalTraceProcessor(max_queue_size=...) "
                    "raises the limit)",
                    self.dropped,
                    self._queue.maxsize,
                )

    def _count_drop(self, traces: int, spans: int) -> None:
        with self._count_lock:
            self.dropped += traces
            self.dropped_spans += spans

    # -- lifecycle ----------------------------------------------------------
    def _start_worker(self) -> None:
        with self._start_lock:
            if self._worker is not None:
                return
            worker = threading.Thread(target=self._run, name="runwright-trace-store", daemon=True)
            worker.start()
            self._worker = worker
            atexit.register(self.shutdown)

    def flush(self, timeout: float = _FLUSH_TIMEOUT_S) -> bool:
        """Wait until everything queued so far is written; ``False`` on timeout.

        Returns at once (``True``) when nothing was ever queued.
        """
        if self._worker is None or not self._worker.is_alive():
            return True
        marker = _Flush()
        self._flush_requested.set()
        try:
            self._queue.put(marker, timeout=timeout)
        except queue.Full:
            return False
        return marker.done.wait(timeout)

    def force_flush(self) -> None:
        """Wait (up to 10 s) until everything queued so far is written."""
        if not self.flush():
            get_logger().warning(
                "trace store flush timed out; %d trace(s) still queued", self.pending
            )

    @property
    def pending(self) -> int:
        """Finished traces (and late spans) waiting to be written."""
        return self._queue.qsize()

    def shutdown(self, timeout: float = _FLUSH_TIMEOUT_S) -> None:
        """Flush, then stop accepting traces (later ones are ignored)."""
        if self._closed:
            return
        self.flush(timeout)
        self._closed = True
        try:
            atexit.unregister(self.shutdown)
        except Exception:  # pragma: no cover - atexit never raises here in practice
            pass

    # -- worker thread ------------------------------------------------------
    def _run(self) -> None:
        store: TraceStore | None = None
        while True:
            batch = [self._queue.get()]
            if not isinstance(batch[0], _Flush):
                self._wait_until_idle()
            self._flush_requested.clear()
            while len(batch) < _BATCH:
                try:
                    batch.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            store = self._write_batch(store, batch)

    def _wait_until_idle(self) -> None:
        """Defer writing while traces keep arriving: encoding holds the GIL, so writing
        in a busy process would slow its run loop. Bounded by the queue and ``max_delay``.
        """
        deadline = time.monotonic() + self._max_delay
        # Start at a fixed backlog, not a share of the bound: the bound is sized for bursts,
        # and traces held in memory waiting for an idle moment cost memory.
        backlog = max(1, min(_START_BACKLOG, self._queue.maxsize // 2))
        seen = self._queue.qsize()
        while seen < backlog and time.monotonic() < deadline:
            if self._flush_requested.wait(self._quiet):
                return
            now = self._queue.qsize()
            if now == seen:
                return
            seen = now

    def _write_batch(self, store: TraceStore | None, batch: list[_Entry]) -> TraceStore | None:
        pending: list[tuple[Trace | None, list[Span[Any]]]] = []
        for entry in batch:
            if isinstance(entry, _Flush):
                store = self._write(store, pending)
                pending = []
                entry.done.set()
            else:
                pending.append(entry)
        return self._write(store, pending)

    def _write(
        self, store: TraceStore | None, entries: list[tuple[Trace | None, list[Span[Any]]]]
    ) -> TraceStore | None:
        if not entries:
            return store
        try:
            if store is None:
                # sqlite3 loads with the first trace written
                from runwright._tracing.store import TraceStore

                store = TraceStore(self.path)
            store.write_many(entries)
        except (ValueError, TypeError, RecursionError):
            if len(entries) == 1:
                return self._failed(store, entries)
            # Data that cannot be encoded: one bad trace must not cost the whole batch.
            for entry in entries:
                self._write(store, [entry])
            return store
        except Exception:  # the disk, a lock held too long...: drop the batch, keep going
            return self._failed(store, entries)
        self.written += sum(1 for t, _ in entries if t is not None)
        return store

    def _failed(
        self, store: TraceStore | None, entries: list[tuple[Trace | None, list[Span[Any]]]]
    ) -> TraceStore | None:
        get_logger().exception("could not write %d trace(s) to %s", len(entries), self.path)
        traces = sum(1 for t, _ in entries if t is not None)
        self._count_drop(traces, sum(len(spans) for _, spans in entries))
        return store


def _power_of_ten_crossed(before: int, after: int) -> bool:
    """Whether a count went past 1, 10, 100, ...: drops are logged, but not each one."""
    if after <= before:
        return False
    return len(str(after)) > len(str(before)) or before == 0


def _reset_after_fork(processor: LocalTraceProcessor) -> None:
    """In a forked child the worker thread is gone: start afresh, lazily, on first use."""
    if not hasattr(os, "register_at_fork"):  # pragma: no cover - Windows
        return
    ref = weakref.ref(processor)

    def after_in_child() -> None:
        p = ref()
        if p is not None:
            p._queue = queue.Queue(maxsize=p._queue.maxsize)
            p._open = {}
            p._worker = None
            p._start_lock = threading.Lock()
            p._count_lock = threading.Lock()

    os.register_at_fork(after_in_child=after_in_child)
