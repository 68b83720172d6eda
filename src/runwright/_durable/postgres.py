"""PostgreSQL checkpoint store: durable runs that resume on any machine reaching the database.

``pip install runwright[postgres]`` (asyncpg). Each save is ONE statement (one
round trip, one implicit transaction): it upserts a small header and appends
only what the step added (items, responses, transcript entries), so its cost
does not grow with the conversation. Saves of one run are applied in the
order the run made them; saves of different runs go in parallel over a pool.
"""

from __future__ import annotations

import asyncio
import json
import re
from typing import TYPE_CHECKING, Any

from runwright._core.exceptions import UserError
from runwright._durable.store import (
    DEFAULT_RETRY_SECONDS,
    Checkpoint,
    checked_retry_seconds,
    save_retrying,
)
from runwright._state.codec import _json_default, item_to_json, response_to_json, state_header_json

if TYPE_CHECKING:
    from runwright._state.run_state import RunState

_ITEM, _RESPONSE, _TRANSCRIPT = 0, 1, 2
_KEEP_ALL = 2**31 - 1
"""A trim threshold that deletes nothing."""
_RUNS_COLUMNS = ["run_id", "header", "input_items", "transcript_epoch", "updated_at"]
_ROWS_COLUMNS = ["run_id", "kind", "idx", "body"]
# First key of our advisory locks (two-int form); the sessions use another.
_LOCK_NAMESPACE = 0x52574350  # "RWCP"


class PostgresCheckpointStore:
    """Durable-run checkpoints in two PostgreSQL tables, shared by every process and host.

    The tables (``{table_prefix}_runs`` and ``{table_prefix}_run_rows``) are
    created on first use. Bodies are stored in ``json`` columns (the exact
    text, queryable with ``->>``). The durability of a checkpoint is the
    server's: with the default ``synchronous_commit = on`` a saved step
    survives a crash of the database server too.

    Args:
        dsn: A connection string (``postgresql://user@host:5432/db``); the
            store opens and owns a small pool, closed by :meth:`close`.
        pool: An ``asyncpg`` pool to use instead of ``dsn`` (the caller closes it).
        table_prefix: Prefix of the two tables' names (lowercase letters, digits, ``_``).
        max_connections: Size of the pool opened from ``dsn``.
        retry_seconds: How long a checkpoint save keeps retrying (with backoff)
            while the server is unreachable or restarting (default 30); past
            that the run ends with CheckpointSaveError, its earlier checkpoints
            intact. 0: no retry.

    Raises:
        UserError: neither or both of ``dsn`` and ``pool`` are given, the prefix
            is not a plain identifier, or ``asyncpg`` is missing.
    """

    def __init__(
        self,
        dsn: str | None = None,
        *,
        pool: Any = None,
        table_prefix: str = "runwright",
        max_connections: int = 8,
        retry_seconds: float = DEFAULT_RETRY_SECONDS,
    ) -> None:
        if (dsn is None) == (pool is None):
            raise UserError("PostgresCheckpointStore needs exactly one of dsn= or pool=")
        if not re.fullmatch(r"[a-z_][a-z0-9_]{0,40}", table_prefix):
            raise UserError(
                f"PostgresCheckpointStore(table_prefix={table_prefix!r}): "
                "use lowercase letters, digits and _ (at most 41)"
            )
        if isinstance(max_connections, bool) or not isinstance(max_connections, int):
            raise UserError("max_connections must be a positive integer")
        if max_connections < 1:
            raise UserError("max_connections must be a positive integer")
        try:
            import asyncpg  # type: ignore[import-untyped]
        except ImportError as error:
            raise UserError(
                "PostgresCheckpointStore needs the 'asyncpg' package: "
                "pip install runwright[postgres]"
            ) from error
        self._asyncpg: Any = asyncpg
        self.retry_seconds = checked_retry_seconds(retry_seconds)
        self.table_prefix = table_prefix
        self._dsn = dsn
        self._pool: Any = pool
        self._owns_pool = pool is None
        self._max_connections = max_connections
        self._ready = False
        self._ready_lock = asyncio.Lock()
        self._sql = _statements(f"{table_prefix}_runs", f"{table_prefix}_run_rows")
        self._saved: dict[str, tuple[int, int, int, int]] = {}
        """Per run: items, responses, transcript entries already stored, and transcript epoch."""
        self._run_locks: dict[str, list[Any]] = {}
        """Per run with a save in progress: [asyncio.Lock, saves waiting or writing]."""

    # ----- CheckpointStore ------------------------------------------------------

    async def save(self, state: RunState[Any]) -> None:
        if state.run_id is None:
            raise UserError("A durable run needs a run_id; Runner sets one for you.")
        run_id = state.run_id
        # A run saves concurrently (one save per finished tool call): its saves must
        # reach the database in order, each carrying the state as it is when it starts.
        entry = self._run_locks.get(run_id)
        if entry is None:
            entry = self._run_locks[run_id] = [asyncio.Lock(), 0]
        entry[1] += 1
        try:
            async with entry[0]:
                await self._save_now(state, run_id)
        finally:
            entry[1] -= 1
            if entry[1] == 0:
                del self._run_locks[run_id]

    async def load(self, run_id: str) -> Checkpoint | None:
        pool = await self._ready_pool()
        row = await pool.fetchrow(self._sql["load"], run_id)
        if row is None:
            return None
        header, inputs, epoch, kinds, bodies = row
        lists: tuple[list[Any], list[Any], list[Any]] = ([], [], [])
        for kind, body in zip(kinds, bodies, strict=True):
            lists[kind].append(json.loads(body))
        self._saved[run_id] = (len(lists[0]), len(lists[1]), len(lists[2]), epoch)
        return Checkpoint(
            json.loads(header),
            json.loads(inputs),
            lists[_TRANSCRIPT],
            lists[_ITEM],
            lists[_RESPONSE],
        )

    async def delete(self, run_id: str) -> None:
        pool = await self._ready_pool()
        await pool.execute(self._sql["delete"], run_id)
        self._saved.pop(run_id, None)

    async def list_runs(self) -> list[str]:
        """Ids of stored runs, most recently updated first."""
        pool = await self._ready_pool()
        return [row[0] for row in await pool.fetch(self._sql["list"])]

    async def close(self) -> None:
        """Closes the pool if this store opened it (from ``dsn``)."""
        if self._owns_pool and self._pool is not None:
            pool, self._pool = self._pool, None
            self._ready = False
            await pool.close()

    # ----- writing --------------------------------------------------------------

    async def _save_now(self, state: RunState[Any], run_id: str) -> None:
        items, responses, transcript, epoch = self._saved.get(run_id, (0, 0, 0, -1))
        if epoch != state.transcript_epoch:
            transcript = 0
        kinds: list[int] = []
        indexes: list[int] = []
        bodies: list[str] = []
        for kind, start, values in (
            (_ITEM, items, [item_to_json(i, copy=False) for i in state.generated_items[items:]]),
            (
                _RESPONSE,
                responses,
                [response_to_json(r, copy=False) for r in state.model_responses[responses:]],
            ),
            (_TRANSCRIPT, transcript, state.transcript[transcript:]),
        ):
            for n, value in enumerate(values):
                kinds.append(kind)
                indexes.append(start + n)
                bodies.append(_dumps(value))
        counts = (len(state.generated_items), len(state.model_responses), len(state.transcript))
        first = run_id not in self._saved
        # Rows past these counts belong to steps this store never wrote (a run id reused,
        # or a resume from an older checkpoint), or to a transcript since rewritten.
        if first:
            trim = list(counts)
        else:
            trim = [
                _KEEP_ALL,
                _KEEP_ALL,
                counts[2] if transcript == 0 and epoch != -1 else _KEEP_ALL,
            ]
        args = (
            run_id,
            _dumps(state_header_json(state)),
            _dumps(state.input_items) if first else None,
            state.transcript_epoch,
            trim,
            trim != [_KEEP_ALL] * 3,
            kinds,
            indexes,
            bodies,
        )
        pool = await self._ready_pool()

        async def attempt() -> None:
            # One statement, one transaction: a retried save stores the step exactly once.
            await pool.execute(self._sql["save"], *args)

        try:
            await save_retrying(self._label(), run_id, self.retry_seconds, attempt, self._transient)
        except self._asyncpg.DataError as error:
            raise UserError(
                f"PostgreSQL cannot store run {run_id!r}'s checkpoint: {error}"
            ) from error
        self._saved[run_id] = (*counts, state.transcript_epoch)

    def _label(self) -> str:
        where = _redacted(self._dsn) if self._dsn else "a caller's pool"
        return f"PostgresCheckpointStore({where}, table_prefix={self.table_prefix!r})"

    def _transient(self, error: BaseException) -> bool:
        """Whether ``error`` says the server is unreachable for now (down, restarting)."""
        apg = self._asyncpg
        if isinstance(error, (OSError, asyncio.TimeoutError)):
            return True
        if isinstance(error, apg.QueryCanceledError):  # a statement_timeout: not the server gone
            return False
        if isinstance(
            error,
            (
                apg.PostgresConnectionError,  # 08xxx: connection failure
                apg.OperatorInterventionError,  # 57xxx: shutting down, starting up
                apg.TooManyConnectionsError,
            ),
        ):
            return True
        if isinstance(error, apg.InternalClientError):
            return True  # a pooled connection broken by the server going away mid-operation
        return isinstance(error, apg.InterfaceError) and "closed" in str(error)

    # ----- connection and schema -----------------------------------------------

    async def _ready_pool(self) -> Any:
        if self._ready:
            return self._pool
        async with self._ready_lock:
            if self._pool is None:
                self._pool = await self._create_pool()
            if not self._ready:
                await self._create_schema(self._pool)
                self._ready = True
        return self._pool

    async def _create_pool(self) -> Any:
        options: dict[str, Any] = {"min_size": 1, "max_size": self._max_connections}
        try:
            try:
                # Our pool, our connections: skip asyncpg's reset query (a second round
                # trip on every release); we leave no session state behind.
                return await self._asyncpg.create_pool(
                    self._dsn, reset=_rollback_if_open, **options
                )
            except TypeError:  # asyncpg < 0.30 has no reset=
                return await self._asyncpg.create_pool(self._dsn, **options)
        except (OSError, self._asyncpg.PostgresError) as error:
            raise UserError(
                f"PostgresCheckpointStore cannot connect to {_redacted(self._dsn or '')}: {error}"
            ) from error

    async def _create_schema(self, pool: Any) -> None:
        async with pool.acquire() as conn, conn.transaction():
            # Concurrent CREATE ... IF NOT EXISTS can still collide; serialise them.
            await conn.execute(
                "SELECT pg_advisory_xact_lock($1, hashtext($2))",
                _LOCK_NAMESPACE,
                self.table_prefix,
            )
            await conn.execute(self._sql["create"])
            for table, expected in (("runs", _RUNS_COLUMNS), ("run_rows", _ROWS_COLUMNS)):
                name = f"{self.table_prefix}_{table}"
                found = [row[0] for row in await conn.fetch(self._sql["columns"], name)]
                if found != expected:
                    raise UserError(
                        f"PostgreSQL table {name} has another shape (columns {found}, expected "
                        f"{expected}); it was not created by runwright: pass another table_prefix="
                    )


async def _rollback_if_open(conn: Any) -> None:
    if conn.is_in_transaction():
        await conn.execute("ROLLBACK")


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=_json_default)


def _redacted(dsn: str) -> str:
    """The DSN without its password."""
    return re.sub(r"(//[^:/@]+):[^@]*@", r"\1:***@", dsn)


def _statements(runs: str, rows: str) -> dict[str, str]:
    return {
        "create": f"CREATE TABLE IF NOT EXISTS {runs} ("
        " run_id TEXT PRIMARY KEY,"
        " header JSON NOT NULL,"
        " input_items JSON NOT NULL,"
        " transcript_epoch INTEGER NOT NULL,"
        " updated_at TIMESTAMPTZ NOT NULL DEFAULT now());"
        f" CREATE TABLE IF NOT EXISTS {rows} ("
        " run_id TEXT NOT NULL,"
        " kind SMALLINT NOT NULL,"  # 0 generated item, 1 model response, 2 transcript entry
        " idx INTEGER NOT NULL,"
        " body JSON NOT NULL,"
        " PRIMARY KEY (run_id, kind, idx))",
        "columns": "SELECT column_name FROM information_schema.columns"
        " WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position",
        # One statement, so one atomic step and one round trip. The trimmed and the
        # upserted rows never overlap (idx >= count against idx < count).
        "save": f"WITH head AS ("
        f" INSERT INTO {runs} AS r (run_id, header, input_items, transcript_epoch, updated_at)"
        " VALUES ($1, $2::json, COALESCE($3::text, '[]')::json, $4, clock_timestamp())"
        " ON CONFLICT (run_id) DO UPDATE SET header = EXCLUDED.header,"
        " input_items = CASE WHEN $3::text IS NULL THEN r.input_items"
        " ELSE EXCLUDED.input_items END,"
        " transcript_epoch = EXCLUDED.transcript_epoch, updated_at = EXCLUDED.updated_at),"
        f" trimmed AS (DELETE FROM {rows} WHERE $6::bool AND run_id = $1"
        " AND idx >= ($5::int[])[kind + 1]),"
        f" added AS (INSERT INTO {rows} (run_id, kind, idx, body)"
        " SELECT $1, u.kind, u.idx, u.body::json"
        " FROM unnest($7::smallint[], $8::int[], $9::text[]) AS u(kind, idx, body)"
        " ON CONFLICT (run_id, kind, idx) DO UPDATE SET body = EXCLUDED.body)"
        " SELECT 1",
        # One statement: one snapshot, so header and rows always belong together.
        "load": f"SELECT r.header::text, r.input_items::text, r.transcript_epoch,"
        f" ARRAY(SELECT kind FROM {rows} WHERE run_id = $1 ORDER BY kind, idx),"
        f" ARRAY(SELECT body::text FROM {rows} WHERE run_id = $1 ORDER BY kind, idx)"
        f" FROM {runs} AS r WHERE r.run_id = $1",
        "delete": f"WITH gone AS (DELETE FROM {rows} WHERE run_id = $1)"
        f" DELETE FROM {runs} WHERE run_id = $1",
        "list": f"SELECT run_id FROM {runs} ORDER BY updated_at DESC, run_id",
    }
