"""RunEnv: the per-run dependencies, in one frozen object handed to the executor."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from runwright._core.config import RunConfig
from runwright._core.context import RunContextWrapper
from runwright._core.events import EventSink

if TYPE_CHECKING:
    from collections.abc import Mapping

    from runwright._core.budget import BudgetMeter
    from runwright._core.error_handlers import RunErrorHandler
    from runwright._core.lifecycle import RunHooks
    from runwright._durable.store import CheckpointStore


class CancelRequest:
    """Set by ``RunResultStreaming.cancel(mode="after_turn")``; read between turns."""

    __slots__ = ("after_turn",)

    def __init__(self) -> None:
        self.after_turn = False


class RunEnv:
    """Everything a run depends on besides its state. Shared by reference.

    Invariant: never mutated after construction (only ``cancel``'s flag
    changes). A plain ``__slots__`` class rather than a frozen dataclass: one
    is built per run, and frozen dataclasses are several times slower to build.
    """

    __slots__ = (
        "context_wrapper",
        "run_config",
        "sink",
        "hooks",
        "session",
        "session_settings",
        "error_handlers",
        "previous_response_id",
        "conversation_id",
        "durable",
        "cancel",
        "tracing",
        "server_managed",
        "budget",
    )

    def __init__(
        self,
        context_wrapper: RunContextWrapper[Any],
        run_config: RunConfig,
        sink: EventSink,
        hooks: RunHooks[Any] | None = None,
        session: Any | None = None,
        session_settings: Any | None = None,
        error_handlers: Mapping[str, RunErrorHandler] | None = None,
        previous_response_id: str | None = None,
        conversation_id: str | None = None,
        durable: CheckpointStore | None = None,
        auto_previous_response_id: bool = False,
        budget: BudgetMeter | None = None,
    ) -> None:
        self.context_wrapper = context_wrapper
        self.run_config = run_config
        self.sink = sink
        self.hooks = hooks
        self.session = session
        self.session_settings = session_settings
        self.error_handlers = error_handlers
        self.previous_response_id = previous_response_id
        self.conversation_id = conversation_id
        self.durable = durable
        self.cancel = CancelRequest()
        self.tracing = not run_config.tracing_disabled
        """Whether this run creates spans (False: no span objects at all)."""
        self.server_managed = (
            previous_response_id is not None
            or conversation_id is not None
            or auto_previous_response_id
        )
        """The server keeps the conversation (``previous_response_id``, ``conversation_id``
        or ``auto_previous_response_id``): each model call sends only what is new."""
        self.budget = budget
        """The run's budget meter (None: no budget, here or in a run this one is nested in)."""
