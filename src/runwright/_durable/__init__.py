"""Durable runs: checkpoint a run's state after every step; resume it in any process.

store = SQLiteCheckpointStore("runs.db")   # or PostgresCheckpointStore(dsn) across machines
result = await Runner.run(agent, "...", durable=store)      # result.run_id
...                                                         # the process dies
result = await Runner.resume(result.run_id, agent, store)   # any process
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from runwright._durable.store import Checkpoint, CheckpointStore, InMemoryCheckpointStore

if TYPE_CHECKING:
    from runwright._durable.postgres import PostgresCheckpointStore
    from runwright._durable.sqlite import SQLiteCheckpointStore

__all__ = [
    "Checkpoint",
    "CheckpointStore",
    "InMemoryCheckpointStore",
    "PostgresCheckpointStore",
    "SQLiteCheckpointStore",
]


def __getattr__(name: str) -> Any:
    if name == "SQLiteCheckpointStore":  # sqlite3 loads only when used
        from runwright._durable.sqlite import SQLiteCheckpointStore

        return SQLiteCheckpointStore
    if name == "PostgresCheckpointStore":  # asyncpg loads only when a store is made
        from runwright._durable.postgres import PostgresCheckpointStore

        return PostgresCheckpointStore
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
