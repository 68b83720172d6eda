"""The checkpoint store port, and an in-memory store for tests."""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from runwright._core.exceptions import CheckpointSaveError, UserError

if TYPE_CHECKING:
    from runwright._state.run_state import RunState

logger = logging.getLogger("runwright.durable")

DEFAULT_RETRY_SECONDS = 30.0
"""How long a checkpoint save keeps retrying while its database is unreachable, by default."""

_FIRST_DELAY, _MAX_DELAY = 0.05, 2.0
"""Backoff between save attempts: doubles from the first delay up to the cap (seconds)."""


def checked_retry_seconds(value: Any) -> float:
    """``retry_seconds`` if it is a non-negative number; else UserError."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not value >= 0:
        raise UserError(f"retry_seconds must be a non-negative number of seconds, got {value!r}.")
    return float(value)


async def save_retrying(
    store: str,
    run_id: str,
    retry_seconds: float,
    attempt: Callable[[], Awaitable[None]],
    transient: Callable[[BaseException], bool],
) -> None:
    """Runs ``attempt`` (one atomic save) until it succeeds, retrying transient failures.

    Failures ``transient`` accepts (the database down, restarting, locked or
    read-only) are retried with backoff for ``retry_seconds``; past that the
    save raises CheckpointSaveError naming ``store`` and ``run_id``. Other
    errors propagate at once. Each attempt writes all of the step or nothing,
    so a retried save never duplicates or loses what was stored before.
    """
    # asyncio only for the waits between attempts; `import runwright` stays without it.
    import asyncio

    deadline = time.monotonic() + retry_seconds
    delay = _FIRST_DELAY
    warned = False
    while True:
        try:
            await attempt()
        except Exception as error:
            if not transient(error):
                raise
            left = deadline - time.monotonic()
            if left <= 0:
                raise CheckpointSaveError(store, run_id, retry_seconds, error) from error
            if not warned:
                warned = True
                logger.warning(
                    "%s: saving the checkpoint of run %r failed (%s: %s); retrying for up to "
                    "%g seconds.",
                    store,
                    run_id,
                    type(error).__name__,
                    error,
                    retry_seconds,
                )
            await asyncio.sleep(min(delay, left))
            delay = min(delay * 2, _MAX_DELAY)
        else:
            if warned:
                logger.warning("%s: the checkpoint of run %r is saved.", store, run_id)
            return


@dataclass
class Checkpoint:
    """A stored run: the state header and its bulk lists, as plain JSON values."""

    header: dict[str, Any]
    input_items: list[Any] = field(default_factory=list)
    transcript: list[Any] = field(default_factory=list)
    generated_items: list[Any] = field(default_factory=list)
    model_responses: list[Any] = field(default_factory=list)

    def to_state_json(self) -> dict[str, Any]:
        """The full RunState JSON (as ``RunState.to_json`` writes it)."""
        return {
            **self.header,
            "input_items": self.input_items,
            "transcript": self.transcript,
            "generated_items": self.generated_items,
            "model_responses": self.model_responses,
        }


@runtime_checkable
class CheckpointStore(Protocol):
    """Where durable runs keep their state. Saves must be atomic: all of a step or nothing."""

    async def save(self, state: RunState[Any]) -> None:
        """Saves ``state`` under ``state.run_id`` (may write only what changed)."""
        ...

    async def load(self, run_id: str) -> Checkpoint | None:
        """The last checkpoint of ``run_id``, or None."""
        ...

    async def delete(self, run_id: str) -> None:
        """Forgets ``run_id``."""
        ...


class InMemoryCheckpointStore:
    """Keeps checkpoints in this process (tests, and runs that only need pause/resume)."""

    def __init__(self) -> None:
        self._runs: dict[str, Checkpoint] = {}
        self.saves = 0

    async def save(self, state: RunState[Any]) -> None:
        assert state.run_id is not None
        # the JSON codec (and its integrity checks) loads with the first state saved or loaded
        from runwright._state.codec import BULK_FIELDS, state_to_json

        data = state_to_json(state)
        bulk = {name: data.pop(name) for name in BULK_FIELDS}
        self._runs[state.run_id] = Checkpoint(header=data, **bulk)
        self.saves += 1

    async def load(self, run_id: str) -> Checkpoint | None:
        return self._runs.get(run_id)

    async def delete(self, run_id: str) -> None:
        self._runs.pop(run_id, None)
