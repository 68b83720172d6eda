"""One SQLite database file: its single connection, the thread that uses it, its schema.

Every :class:`~runwright.sessions.SQLiteSession` on the same file in one
process shares one :class:`SQLiteStore` from a registry keyed by the file's
resolved path. The store owns the only connection to the file and one worker
thread; every SQLite call runs on that thread, so the event loop never blocks
on disk and the connection is never used by two threads at once.

Across processes, writers serialise on SQLite's own lock: writes start with
``BEGIN IMMEDIATE`` and wait up to ``busy_timeout`` for it.
"""

from __future__ import annotations

import atexit
import queue
import threading
from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar, Union

from runwright._core.exceptions import UserError
from runwright._core.sqlite_util import retry_while_locked

# asyncio, pathlib and sqlite3 load on first use, keeping `import runwright` light.
if TYPE_CHECKING:
    import asyncio
    import sqlite3
    from pathlib import Path

T = TypeVar("T")

SCHEMA_VERSION = 1
META_TABLE = "runwright_meta"
ITEMS_TABLE = "runwright_session_items"
BUSY_TIMEOUT_MS = 30_000

_EXPECTED_COLUMNS = {
    META_TABLE: ["key", "value"],
    ITEMS_TABLE: ["id", "session_id", "item", "created_at"],
}

_CREATE_SCHEMA = (
    f"CREATE TABLE IF NOT EXISTS {META_TABLE} (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    f"INSERT OR IGNORE INTO {META_TABLE} (key, value)"
    f" VALUES ('schema_version', '{SCHEMA_VERSION}')",
    f"CREATE TABLE IF NOT EXISTS {ITEMS_TABLE} ("
    " id INTEGER PRIMARY KEY AUTOINCREMENT,"
    " session_id TEXT NOT NULL,"
    " item TEXT NOT NULL,"
    " created_at REAL NOT NULL DEFAULT (julianday('now')))",
    # Reading the newest N items of one session walks this index backwards.
    f"CREATE INDEX IF NOT EXISTS {ITEMS_TABLE}_session ON {ITEMS_TABLE} (session_id, id)",
)


# One job for the worker: the call, and the future (on its loop) awaiting the result.
_Job = tuple[Callable[[Any], Any], "asyncio.Future[Any]", "asyncio.AbstractEventLoop"]


class SQLiteStore:
    """The connection to one database file and the one thread allowed to use it."""

    def __init__(self, path: str, label: str) -> None:
        self.path = path
        self.label = label  # how errors name the file
        self.refs = 0  # sessions holding this store; guarded by _registry_lock
        self._conn: sqlite3.Connection | None = None  # touched only on the worker thread
        # Jobs run one at a time, in order; None tells the worker to close and stop.
        self._jobs: queue.SimpleQueue[Union[_Job, None]] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None  # started on first use
        self._thread_lock = threading.Lock()

    async def run(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        """Runs ``fn(connection)`` on the worker thread and returns its result.

        A hand-made queue + ``call_soon_threadsafe`` rather than
        ``run_in_executor``: it halves the per-call hop, which dominates small
        reads and writes.
        """
        import asyncio

        loop = asyncio.get_running_loop()
        future: asyncio.Future[T] = loop.create_future()
        self._start_worker()
        self._jobs.put((fn, future, loop))
        return await future

    def _start_worker(self) -> None:
        if self._thread is not None:
            return
        with self._thread_lock:
            if self._thread is None:
                # A daemon, so a session never closed cannot hang interpreter exit;
                # the atexit hook below still closes file connections cleanly.
                thread = threading.Thread(target=self._work, name="runwright-sqlite", daemon=True)
                thread.start()
                self._thread = thread

    def _work(self) -> None:
        while True:
            job = self._jobs.get()
            if job is None:
                self._close()
                return
            fn, future, loop = job
            result: Any = None
            error: BaseException | None = None
            try:
                result = self._call(fn)
            except BaseException as exc:  # handed to the awaiting task
                error = exc
            try:
                loop.call_soon_threadsafe(_settle, future, result, error)
            except RuntimeError:  # the loop is closed: nobody is waiting any more
                pass

    def _call(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        import sqlite3

        if self._conn is None:
            self._conn = open_database(self.path, self.label)
        try:
            return fn(self._conn)
        except sqlite3.DatabaseError as exc:
            # Plain DatabaseError (not Operational/Integrity) means a damaged file.
            if type(exc) is sqlite3.DatabaseError:
                raise UserError(f"session database {self.label} is damaged: {exc}") from exc
            raise

    def shutdown(self, *, wait: bool) -> None:
        """Closes the connection on its own thread after the queued jobs; the thread ends.

        Args:
            wait: Block until that is done (never from the worker thread itself).
        """
        thread = self._thread
        if thread is None:
            return  # never used: no connection, no thread
        self._jobs.put(None)
        if wait and thread is not threading.current_thread():
            thread.join()

    def _close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None


def _settle(future: asyncio.Future[Any], result: Any, error: BaseException | None) -> None:
    if future.cancelled():  # the awaiting task gave up; the job itself still completed
        return
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(result)


# ----- registry: one store per file per process ------------------------------------

_registry: dict[str, SQLiteStore] = {}
_registry_lock = threading.Lock()

# Stores of sessions collected without close(), released on the next registry call.
# A GC finalizer may run inside any code — even while its thread holds _registry_lock
# or a concurrent.futures lock — so it must take no lock: it only appends here.
_orphans: deque[SQLiteStore] = deque()


def orphan_store(store: SQLiteStore) -> None:
    """Finalizer of a collected session: queue its store for release (takes no lock)."""
    _orphans.append(store)


def _release_orphans(*, wait: bool = False) -> None:
    while True:
        try:
            store = _orphans.popleft()
        except IndexError:
            return
        _release(store, wait=wait)


def acquire_store(db_path: str | Path) -> SQLiteStore:
    """The shared store of ``db_path`` (a private one for ``":memory:"``), its count raised."""
    _release_orphans()
    if str(db_path) == ":memory:":
        store = SQLiteStore(":memory:", ":memory:")
        store.refs = 1
        return store
    from pathlib import Path

    resolved = str(Path(db_path).expanduser().resolve())
    with _registry_lock:
        shared = _registry.get(resolved)
        if shared is None:
            shared = _registry[resolved] = SQLiteStore(resolved, resolved)
        shared.refs += 1
        return shared


def release_store(store: SQLiteStore, *, wait: bool = False) -> None:
    """Lowers the store's count; the last release closes its connection."""
    _release_orphans()
    _release(store, wait=wait)


def _release(store: SQLiteStore, *, wait: bool) -> None:
    with _registry_lock:
        store.refs -= 1
        if store.refs > 0:
            return
        if _registry.get(store.path) is store:
            del _registry[store.path]
    store.shutdown(wait=wait)


@atexit.register
def _close_all_at_exit() -> None:
    # Finish queued writes and close connections (checkpointing WAL files) before
    # the interpreter kills the daemon worker threads. weakref.finalize runs live
    # sessions' finalizers at exit too, which queues their stores as orphans.
    _release_orphans(wait=True)
    with _registry_lock:
        stores = list(_registry.values())
        _registry.clear()
    for store in stores:
        store.shutdown(wait=True)


def open_stores() -> int:
    """How many file stores are open in this process (for tests)."""
    _release_orphans()
    with _registry_lock:
        return len(_registry)


# ----- opening and checking a file --------------------------------------------------


def open_database(path: str, label: str) -> sqlite3.Connection:
    """A connection to ``path`` in WAL mode with the session schema present and checked.

    Raises:
        UserError: the file is not SQLite, is damaged, cannot be opened, or
            holds tables of our names that runwright did not create.
    """
    import sqlite3

    try:
        # isolation_level=None: we issue BEGIN/COMMIT ourselves.
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=30)
    except sqlite3.Error as exc:
        raise UserError(f"cannot open session database {label}: {exc}") from exc
    try:
        # Every statement is read to its end: a statement left mid-result keeps a
        # read snapshot open, hiding other processes' writes and blocking checkpoints.
        conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}").fetchall()
        # Switching a new file to WAL does not wait on SQLite's busy handler when
        # another process opens the same file at that moment: retried here.
        retry_while_locked(
            lambda: conn.execute("PRAGMA journal_mode=WAL").fetchall(), BUSY_TIMEOUT_MS / 1000
        )
        # NORMAL in WAL mode: a commit survives a process crash; only a power loss
        # can drop the last commits. FULL would fsync every turn.
        conn.execute("PRAGMA synchronous=NORMAL").fetchall()
        _ensure_schema(conn, label)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise UserError(
            f"cannot use {label} as a session database: {exc} "
            "(is it a SQLite file, and not damaged?)"
        ) from exc
    except BaseException:
        conn.close()
        raise
    return conn


def _ensure_schema(conn: sqlite3.Connection, label: str) -> None:
    if not _has_table(conn, META_TABLE):
        if _has_table(conn, ITEMS_TABLE):
            raise UserError(
                f"{label} has a table {ITEMS_TABLE} that runwright did not create "
                f"(no {META_TABLE} table); use another file for sessions"
            )
        conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in _CREATE_SCHEMA:
                conn.execute(statement)
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    _check_schema(conn, label)


def _has_table(conn: sqlite3.Connection, name: str) -> bool:
    rows = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)
    ).fetchall()
    return bool(rows)


def _check_schema(conn: sqlite3.Connection, label: str) -> None:
    for table, expected in _EXPECTED_COLUMNS.items():
        columns = [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]
        if columns != expected:
            raise UserError(
                f"{label} has a table {table} of another shape (columns {columns}, "
                f"expected {expected}); it was not written by runwright — use another file"
            )
    rows = conn.execute(f"SELECT value FROM {META_TABLE} WHERE key = 'schema_version'").fetchall()
    version = _parse_version(rows[0][0] if rows else None)
    if version is None:
        raise UserError(f"{label}: {META_TABLE} holds no valid schema_version; use another file")
    if version > SCHEMA_VERSION:
        raise UserError(
            f"{label} uses session schema version {version}, written by a newer runwright; "
            f"this version reads version {SCHEMA_VERSION} — upgrade runwright"
        )
    if version < SCHEMA_VERSION:  # no older versions exist yet; migrations go here
        raise UserError(f"{label}: unknown session schema version {version}")


def _parse_version(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
