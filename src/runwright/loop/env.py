"""RunEnv: the per-run dependencies, in one frozen object handed to the executor."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..config import RunConfig
from ..context import RunContextWrapper
from ..events import EventSink

if TYPE_CHECKING:
    from ..durable.store import CheckpointStore
    from ..error_handlers import RunErrorHandlers
    from ..lifecycle import RunHooks


@dataclass
class CancelRequest:
    """Set by ``RunResultStreaming.cancel(mode="after_turn")``; read between turns."""

    after_turn: bool = False


@dataclass(frozen=True)
class RunEnv:
    """Everything a run depends on besides its state. Shared by reference; never mutated."""

    context_wrapper: RunContextWrapper[Any]
    run_config: RunConfig
    sink: EventSink
    hooks: RunHooks[Any] | None = None
    session: Any | None = None
    session_settings: Any | None = None
    error_handlers: RunErrorHandlers | None = None
    previous_response_id: str | None = None
    conversation_id: str | None = None
    durable: CheckpointStore | None = None
    cancel: CancelRequest = field(default_factory=CancelRequest)
