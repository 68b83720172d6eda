"""Durable runs: checkpoint a run's state after every step; resume it in any process.

Public face: the code lives in runwright/_durable/__init__.py.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from runwright._core.lazy import forward_lazy
from runwright._durable import (
    Checkpoint,
    CheckpointStore,
    InMemoryCheckpointStore,
)

if TYPE_CHECKING:
    from runwright._durable import (
        PostgresCheckpointStore,
        SQLiteCheckpointStore,
    )

__getattr__ = forward_lazy(
    __name__,
    "runwright._durable",
    (
        "PostgresCheckpointStore",
        "SQLiteCheckpointStore",
    ),
)

__all__ = [
    "Checkpoint",
    "CheckpointStore",
    "InMemoryCheckpointStore",
    "PostgresCheckpointStore",
    "SQLiteCheckpointStore",
]
