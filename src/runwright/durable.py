"""Durable runs: checkpoint a run's state after every step; resume it in any process.

store = SQLiteCheckpointStore("runs.db")   # or PostgresCheckpointStore(dsn) across machines
result = await Runner.run(agent, "...", durable=store)      # result.run_id
...                                                         # the process dies
result = await Runner.resume(result.run_id, agent, store)   # any process

Public face: the code lives in runwright/_durable/ (postgres, sqlite, store).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from runwright._core.exceptions import CheckpointSaveError
from runwright._core.lazy import forward_lazy
from runwright._durable.store import (
    Checkpoint,
    CheckpointStore,
    InMemoryCheckpointStore,
)

if TYPE_CHECKING:
    from runwright._durable.postgres import PostgresCheckpointStore
    from runwright._durable.sqlite import SQLiteCheckpointStore

# Loaded on first access: their modules import heavier dependencies.
__getattr__ = forward_lazy(
    __name__,
    {
        "PostgresCheckpointStore": "runwright._durable.postgres",
        "SQLiteCheckpointStore": "runwright._durable.sqlite",
    },
)

__all__ = [
    "Checkpoint",
    "CheckpointSaveError",
    "CheckpointStore",
    "InMemoryCheckpointStore",
    "PostgresCheckpointStore",
    "SQLiteCheckpointStore",
]
