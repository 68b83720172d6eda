"""SQLite checkpoint store: the default for durable runs.

Each save is one transaction appending only what the step added (items,
responses, transcript entries) plus a small header, so its cost does not
grow with the conversation. ``durability="full"`` fsyncs every commit
(survives power loss); ``"relaxed"`` survives a crashed process, not a
crashed machine, and is several times cheaper.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from runwright._core.exceptions import UserError
from runwright._core.sqlite_util import retry_while_locked
from runwright._durable.store import (
    DEFAULT_RETRY_SECONDS,
    Checkpoint,
    checked_retry_seconds,
    save_retrying,
)
from runwright._state.codec import _json_default, item_to_json, response_to_json, state_header_json

if TYPE_CHECKING:
    from runwright._state.run_state import RunState

_SCHEMA_VERSION = 1
_SCHEMA = """
CREATE TABLE IF NOT EXISTS runwright_runs (
    run_id TEXT PRIMARY KEY,
    header TEXT NOT NULL,
    input_items TEXT NOT NULL,
    transcript_epoch INTEGER NOT NULL,
    updated_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS runwright_run_rows (
    run_id TEXT NOT NULL,
    kind INTEGER NOT NULL,   -- 0 generated item, 1 model response, 2 transcript entry
    idx INTEGER NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (run_id, kind, idx)
) WITHOUT ROWID;
"""
_ITEM, _RESPONSE, _TRANSCRIPT = 0, 1, 2


class SQLiteCheckpointStore:
    """Durable-run checkpoints in one SQLite file (WAL mode; safe across processes).

    Args:
        path: The database file (created on first use).
        durability: ``"full"`` (fsync each checkpoint) or ``"relaxed"``.
        retry_seconds: How long a checkpoint save keeps retrying (with backoff)
            while the file is locked by another writer, read-only or failing
            (default 30); past that the run ends with CheckpointSaveError, its
            earlier checkpoints intact. 0: no retry.
    """

    def __init__(
        self,
        path: str | Path = "runwright-runs.db",
        durability: Literal["full", "relaxed"] = "full",
        *,
        retry_seconds: float = DEFAULT_RETRY_SECONDS,
    ) -> None:
        if durability not in ("full", "relaxed"):
            raise UserError(f"durability must be 'full' or 'relaxed', got {durability!r}.")
        self.retry_seconds = checked_retry_seconds(retry_seconds)
        # Waiting for another writer's lock counts against the retry budget (at most 10 s
        # per attempt, at least 50 ms so a short transaction of another process is waited out).
        self._busy_ms = int(min(10.0, max(self.retry_seconds, 0.05)) * 1000)
        self.path = Path(path)
        self.durability = durability
        self._conn: sqlite3.Connection | None = None
        self._fast: sqlite3.Connection | None = None
        """Relaxed mode's loop-thread connection: never waits for a lock (busy timeout 0)."""
        self._lock = threading.Lock()
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="runwright-ckpt")
        self._saved: dict[str, tuple[int, int, int, int]] = {}
        """Per run: items, responses, transcript entries already stored, and transcript epoch."""

    # ----- async API ----------------------------------------------------------

    async def save(self, state: RunState[Any]) -> None:
        if state.run_id is None:
            raise UserError("A durable run needs a run_id; Runner sets one for you.")
        run_id = state.run_id
        items, responses, transcript, epoch = self._saved.get(run_id, (0, 0, 0, -1))
        if epoch != state.transcript_epoch:
            transcript = 0
        rows: list[tuple[str, int, int, str]] = []
        rows += _rows(
            run_id,
            _ITEM,
            items,
            [item_to_json(i, copy=False) for i in state.generated_items[items:]],
        )
        rows += _rows(
            run_id,
            _RESPONSE,
            responses,
            [response_to_json(r, copy=False) for r in state.model_responses[responses:]],
        )
        rows += _rows(run_id, _TRANSCRIPT, transcript, state.transcript[transcript:])
        header = json.dumps(state_header_json(state), ensure_ascii=False)
        first = run_id not in self._saved
        inputs = _dumps(state.input_items) if first else None
        counts = (len(state.generated_items), len(state.model_responses), len(state.transcript))
        rewrite = transcript == 0 and epoch != -1
        args = (run_id, header, inputs, state.transcript_epoch, rows, counts, rewrite)
        # Relaxed mode writes on the event loop's thread when the database is free at once
        # (no fsync: tens of µs, less than a hop to the worker thread); otherwise, and
        # always in full mode (fsync), the worker thread waits for the lock and the disk.
        if self.durability == "relaxed":
            try:
                written = self._try_write_now(*args)
            except sqlite3.OperationalError as error:
                if not _transient(error):
                    raise
                written = False  # the worker's attempts below retry it
            if written:
                self._saved[run_id] = (*counts, state.transcript_epoch)
                return

        async def attempt() -> None:
            await self._run(self._write, *args)

        label = f"SQLiteCheckpointStore({str(self.path)!r})"
        await save_retrying(label, run_id, self.retry_seconds, attempt, _transient)
        self._saved[run_id] = (*counts, state.transcript_epoch)

    async def load(self, run_id: str) -> Checkpoint | None:
        checkpoint: Checkpoint | None = await self._run(self._read, run_id)
        return checkpoint

    async def delete(self, run_id: str) -> None:
        await self._run(self._delete, run_id)
        self._saved.pop(run_id, None)

    async def list_runs(self) -> list[str]:
        """Ids of stored runs, most recently updated first."""
        ids: list[str] = await self._run(self._list)
        return ids

    def close(self) -> None:
        """Closes the connection and the worker thread."""
        with self._lock:
            for conn in (self._conn, self._fast):
                if conn is not None:
                    conn.close()
            self._conn = self._fast = None
        self._worker.shutdown(wait=True)

    async def _run(self, func: Any, *args: Any) -> Any:
        import asyncio

        return await asyncio.get_running_loop().run_in_executor(self._worker, func, *args)

    # ----- worker thread ------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        if self._conn is None:
            try:
                conn = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
                conn.execute(f"PRAGMA busy_timeout = {self._busy_ms}")
                retry_while_locked(lambda: conn.execute("PRAGMA journal_mode = WAL"))
                sync = "FULL" if self.durability == "full" else "OFF"
                conn.execute(f"PRAGMA synchronous = {sync}")
                self._check_schema(conn)
            except sqlite3.DatabaseError as error:
                raise UserError(
                    f"{self.path} is not a usable runwright checkpoint database: {error}"
                ) from None
            self._conn = conn
        return self._conn

    def _check_schema(self, conn: sqlite3.Connection) -> None:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if version == 0 and not tables & {"runwright_runs", "runwright_run_rows"}:
            conn.executescript(_SCHEMA)
            conn.execute(f"PRAGMA user_version = {_SCHEMA_VERSION}")
        elif version != _SCHEMA_VERSION:
            raise UserError(
                f"{self.path} has checkpoint schema version {version}; this runwright uses "
                f"{_SCHEMA_VERSION}. Use another file or upgrade runwright."
            )

    def _try_write_now(self, *args: Any) -> bool:
        if not self._lock.acquire(blocking=False):
            return False
        try:
            if self._fast is None:
                self._connect()  # file, WAL mode and schema checked once, with waiting
                self._fast = sqlite3.connect(
                    self.path, check_same_thread=False, isolation_level=None, timeout=0
                )
                self._fast.execute("PRAGMA synchronous = OFF")
            self._write_locked(self._fast, *args, wait=False)
            return True
        except _Busy:
            return False
        finally:
            self._lock.release()

    def _write(self, *args: Any) -> None:
        with self._lock:
            self._write_locked(self._connect(), *args, wait=True)

    def _write_locked(
        self,
        conn: sqlite3.Connection,
        run_id: str,
        header: str,
        inputs: str | None,
        epoch: int,
        rows: list[tuple[str, int, int, str]],
        counts: tuple[int, int, int],
        rewrite_transcript: bool,
        *,
        wait: bool,
    ) -> None:
        """One checkpoint in one transaction. The caller holds ``self._lock``."""
        _begin(conn, wait)
        try:
            if inputs is not None:
                conn.execute(
                    "INSERT OR REPLACE INTO runwright_runs (run_id, header, input_items, "
                    "transcript_epoch, updated_at) VALUES (?, ?, ?, ?, ?)",
                    (run_id, header, inputs, epoch, time.time()),
                )
                # Rows past these counts belong to steps never checkpointed by this store
                # (a process that resumed from an older checkpoint): drop them.
                for kind, count in zip((_ITEM, _RESPONSE, _TRANSCRIPT), counts, strict=True):
                    conn.execute(
                        "DELETE FROM runwright_run_rows WHERE run_id = ? AND kind = ? AND idx >= ?",
                        (run_id, kind, count),
                    )
            else:
                conn.execute(
                    "UPDATE runwright_runs SET header = ?, transcript_epoch = ?, "
                    "updated_at = ? WHERE run_id = ?",
                    (header, epoch, time.time(), run_id),
                )
            if rewrite_transcript:
                conn.execute(
                    "DELETE FROM runwright_run_rows WHERE run_id = ? AND kind = ? AND idx >= ?",
                    (run_id, _TRANSCRIPT, counts[2]),
                )
            conn.executemany("INSERT OR REPLACE INTO runwright_run_rows VALUES (?, ?, ?, ?)", rows)
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    def _read(self, run_id: str) -> Checkpoint | None:
        with self._lock:
            conn = self._connect()
            conn.execute("BEGIN")
            try:
                row = conn.execute(
                    "SELECT header, input_items, transcript_epoch FROM runwright_runs "
                    "WHERE run_id = ?",
                    (run_id,),
                ).fetchone()
                if row is None:
                    return None
                bodies = conn.execute(
                    "SELECT kind, body FROM runwright_run_rows WHERE run_id = ? ORDER BY kind, idx",
                    (run_id,),
                ).fetchall()
            finally:
                conn.execute("COMMIT")
        lists: tuple[list[Any], list[Any], list[Any]] = ([], [], [])
        for kind, body in bodies:
            lists[kind].append(json.loads(body))
        try:
            header, inputs = json.loads(row[0]), json.loads(row[1])
        except ValueError as error:
            raise UserError(f"Checkpoint of run {run_id!r} is corrupt: {error}") from None
        self._saved[run_id] = (len(lists[0]), len(lists[1]), len(lists[2]), row[2])
        return Checkpoint(header, inputs, lists[_TRANSCRIPT], lists[_ITEM], lists[_RESPONSE])

    def _delete(self, run_id: str) -> None:
        with self._lock:
            conn = self._connect()
            _begin(conn, wait=True)
            conn.execute("DELETE FROM runwright_runs WHERE run_id = ?", (run_id,))
            conn.execute("DELETE FROM runwright_run_rows WHERE run_id = ?", (run_id,))
            conn.execute("COMMIT")

    def _list(self) -> list[str]:
        with self._lock:
            rows = (
                self._connect()
                .execute("SELECT run_id FROM runwright_runs ORDER BY updated_at DESC")
                .fetchall()
            )
        return [r[0] for r in rows]


def _rows(run_id: str, kind: int, start: int, bodies: list[Any]) -> list[tuple[str, int, int, str]]:
    return [(run_id, kind, start + n, _dumps(body)) for n, body in enumerate(bodies)]


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=_json_default)


def _transient(error: BaseException) -> bool:
    """Whether a failed write may succeed later: the file locked, read-only, or failing I/O."""
    if not isinstance(error, sqlite3.OperationalError):
        return False
    text = str(error).lower()
    return any(
        word in text for word in ("locked", "busy", "readonly", "read-only", "disk i/o", "unable")
    )


class _Busy(Exception):
    """Another connection holds the write lock (only raised when not waiting)."""


def _begin(conn: sqlite3.Connection, wait: bool) -> None:
    """BEGIN IMMEDIATE; with ``wait=False`` (a connection with no busy timeout), a
    database locked by another writer raises _Busy so the caller can use the worker."""
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as error:
        if not wait and ("locked" in str(error) or "busy" in str(error)):
            raise _Busy from None
        raise
