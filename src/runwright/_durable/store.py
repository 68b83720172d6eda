"""The checkpoint store port, and an in-memory store for tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

if TYPE_CHECKING:
    from runwright._state.run_state import RunState


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
