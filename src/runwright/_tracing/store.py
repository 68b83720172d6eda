"""The local SQLite trace store: where finished traces are kept, and how to read them back.

One row per finished trace, its spans in a JSON column (one insert per trace
keeps the writer cheap), plus summary columns for listing. Spans that end
after their trace was written go to ``late_spans`` and are merged on read.

Safe for many processes writing one file: WAL journal, a busy timeout, and
short ``BEGIN IMMEDIATE`` transactions. Rows are upserts, so writing a trace
twice is harmless. Times are stored as integer microseconds since the epoch
and read back as ISO 8601 strings.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from runwright._core.sqlite_util import retry_while_locked
from runwright._tracing import codec as _codec
from runwright._tracing.local import default_trace_db_path

if TYPE_CHECKING:
    from runwright._tracing.spans import Span
    from runwright._tracing.traces import Trace

SCHEMA_VERSION = 2
"""1: the first layout; 2: ``traces.cost_usd`` (what a trace's model calls cost)."""
_BUSY_TIMEOUT_MS = 10_000

_SCHEMA = """
CREATE TABLE IF NOT EXISTS traces (
    trace_id TEXT PRIMARY KEY,
    workflow_name TEXT,
    group_id TEXT,
    metadata TEXT,
    started_at INTEGER,
    ended_at INTEGER,
    duration_ms REAL,
    span_count INTEGER NOT NULL,
    agents TEXT NOT NULL,
    total_tokens INTEGER NOT NULL,
    error_count INTEGER NOT NULL,
    spans TEXT NOT NULL,
    cost_usd REAL
);
CREATE INDEX IF NOT EXISTS traces_by_start ON traces(started_at);
CREATE INDEX IF NOT EXISTS traces_by_group ON traces(group_id, started_at);
CREATE TABLE IF NOT EXISTS late_spans (
    trace_id TEXT NOT NULL,
    span_id TEXT NOT NULL,
    span TEXT NOT NULL,
    PRIMARY KEY (trace_id, span_id)
);
"""
_INSERT_TRACE = (
    f"INSERT OR REPLACE INTO traces ({', '.join(_codec.TRACE_COLUMNS)})"
    f" VALUES ({', '.join('?' * len(_codec.TRACE_COLUMNS))})"
)
_LIST = """
    SELECT trace_id, workflow_name, group_id, started_at, ended_at, duration_ms,
           span_count + (SELECT count(*) FROM late_spans l WHERE l.trace_id = t.trace_id),
           agents, total_tokens, error_count, {cost}
    FROM traces t {where}
    ORDER BY started_at DESC, trace_id
    LIMIT ? OFFSET ?"""

TraceEntry = tuple["Trace | None", Sequence["Span[Any]"]]
"""A finished trace and its spans; the trace is ``None`` for spans that ended after it."""


@dataclass(frozen=True)
class TraceSummary:
    """One row of :meth:`TraceStore.list_traces`."""

    trace_id: str
    workflow_name: str | None
    group_id: str | None
    started_at: str | None
    ended_at: str | None
    duration_ms: float | None
    span_count: int
    agents: tuple[str, ...]
    total_tokens: int
    error_count: int
    cost_usd: float | None = None
    """What the trace's model calls cost in US dollars; None when no call had a known
    price (genai-prices data or ``RunConfig.price_fn``)."""

    def to_dict(self) -> dict[str, Any]:
        """The summary as a plain dict (``agents`` as a list)."""
        out = asdict(self)
        out["agents"] = list(self.agents)
        return out


class TraceStore:
    """A SQLite file of finished traces and their spans.

    ``TraceStore(path).list_traces()`` and ``.get_trace(trace_id)`` read it
    (for the CLI and viewer); the default local processor writes it. The file
    and its directory are created on the first write only.
    """

    def __init__(self, path: str | Path | None = None) -> None:
        """Open (lazily) the store at ``path``; ``None``: the default trace DB path."""
        if path is None:
            path = default_trace_db_path()
        self.path = Path(path).expanduser()
        self._conn: sqlite3.Connection | None = None
        self._lock = threading.Lock()
        self._cost_column = "cost_usd"
        """What listings read as the cost: NULL for an older file that stays unmigrated
        (opened read-only)."""

    def _connect(self, *, create: bool) -> sqlite3.Connection | None:
        if self._conn is not None:
            return self._conn
        if not create and not self.path.exists():
            return None
        if create:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(
            str(self.path),
            timeout=_BUSY_TIMEOUT_MS / 1000,
            isolation_level=None,
            check_same_thread=False,
        )
        conn.execute(f"PRAGMA busy_timeout={_BUSY_TIMEOUT_MS}")
        try:
            _migrate(conn)
        except sqlite3.OperationalError:
            if create:
                raise
            self._cost_column = "NULL"  # e.g. a read-only copy of an older store
        if create:
            _create_schema(conn)
        self._conn = conn
        return conn

    def write_many(self, entries: Iterable[TraceEntry]) -> None:
        """Store finished traces with their spans, in one transaction.

        An entry's trace may be ``None``: its spans ended after the trace was
        written and are stored as late spans.
        """
        traces: list[tuple[Any, ...]] = []
        late: list[tuple[str, str, str]] = []
        for trace, spans in entries:
            if trace is not None:
                traces.append(_codec.trace_row(trace, spans))
            else:
                late.extend(_codec.late_span_row(s) for s in spans)
        with self._lock:
            conn = self._connect(create=True)
            assert conn is not None
            conn.execute("BEGIN IMMEDIATE")
            try:
                conn.executemany(_INSERT_TRACE, traces)
                conn.executemany("INSERT OR REPLACE INTO late_spans VALUES (?, ?, ?)", late)
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    def write(self, trace: Trace | None, spans: Sequence[Span[Any]]) -> None:
        """Store one finished trace and its spans."""
        self.write_many([(trace, spans)])

    def _read(self, sql: str, args: Sequence[Any]) -> list[tuple[Any, ...]]:
        with self._lock:
            conn = self._connect(create=False)
            if conn is None:
                return []
            try:
                return conn.execute(sql, args).fetchall()
            except sqlite3.OperationalError as exc:
                if "no such table" in str(exc):  # the file exists, its schema not yet
                    return []
                raise

    def list_traces(
        self, limit: int = 50, offset: int = 0, *, group_id: str | None = None
    ) -> list[TraceSummary]:
        """The most recent traces first, with span count, agents, tokens and errors."""
        with self._lock:
            self._connect(create=False)  # an older file is migrated first
        cost = self._cost_column
        if group_id is None:
            rows = self._read(_LIST.format(where="", cost=cost), [limit, offset])
        else:
            where = "WHERE group_id = ?"
            rows = self._read(_LIST.format(where=where, cost=cost), [group_id, limit, offset])
        return [_summary(row) for row in rows]

    def get_trace(self, trace_id: str) -> dict[str, Any] | None:
        """``{"trace": {...}, "spans": [...]}`` for one trace (spans by start time), or ``None``."""
        rows = self._read(
            "SELECT workflow_name, group_id, metadata, started_at, ended_at, duration_ms, spans"
            " FROM traces WHERE trace_id = ?",
            [trace_id],
        )
        if not rows:
            return None
        *head, spans_json = rows[0]
        arrays: list[list[Any]] = json.loads(spans_json)
        late = self._read("SELECT span FROM late_spans WHERE trace_id = ?", [trace_id])
        arrays.extend(json.loads(text) for (text,) in late)
        _codec.expand_input_prefixes(arrays)
        spans = [_codec.span_dict(trace_id, a) for a in arrays]
        spans.sort(key=lambda s: (s["started_at"] or "", s["id"]))
        return {"trace": _codec.trace_dict([trace_id, *head]), "spans": spans}

    def close(self) -> None:
        """Close the connection (reopened on next use)."""
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None


def _summary(row: tuple[Any, ...]) -> TraceSummary:
    trace_id, name, group_id, started, ended, duration, spans, agents, tokens, errors, cost = row
    return TraceSummary(
        trace_id=trace_id,
        workflow_name=name,
        group_id=group_id,
        started_at=_codec.iso(started),
        ended_at=_codec.iso(ended),
        duration_ms=duration,
        span_count=spans,
        agents=tuple(json.loads(agents)),
        total_tokens=tokens,
        error_count=errors,
        cost_usd=cost,
    )


def _migrate(conn: sqlite3.Connection) -> None:
    """Brings a store written by an older runwright up to ``SCHEMA_VERSION`` (a new
    or empty file is left to :func:`_create_schema`).

    Version 2 adds ``traces.cost_usd``, filled for the traces already stored from
    the costs their model call spans carry. One transaction; a process that finds
    the file already migrated by another does nothing.
    """
    (version,) = conn.execute("PRAGMA user_version").fetchone()
    if version >= SCHEMA_VERSION:
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        columns = {row[1] for row in conn.execute("PRAGMA table_info(traces)")}
        if columns and "cost_usd" not in columns:
            conn.execute("ALTER TABLE traces ADD COLUMN cost_usd REAL")
            rows = conn.execute("SELECT trace_id, spans FROM traces").fetchall()
            costs = []
            for trace_id, spans in rows:
                try:
                    cost = _codec.spans_cost(json.loads(spans))
                except (ValueError, TypeError):  # a damaged row keeps no cost
                    cost = None
                if cost is not None:
                    costs.append((cost, trace_id))
            conn.executemany("UPDATE traces SET cost_usd = ? WHERE trace_id = ?", costs)
        if columns:
            conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _create_schema(conn: sqlite3.Connection) -> None:
    """WAL mode and tables; retried while other processes create the same new file."""

    def create() -> None:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.executescript(_SCHEMA)
        conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")

    retry_while_locked(create, _BUSY_TIMEOUT_MS / 1000)
