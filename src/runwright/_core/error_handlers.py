"""Error handlers: turn a run-ending error into a final output instead.

``Runner.run(..., error_handlers={"max_turns": handler})`` (or
``RunErrorHandlers(max_turns=handler)``, the same dict). The error kinds:

* ``"max_turns"``: the run used up ``max_turns`` (:class:`MaxTurnsExceeded`).
* ``"invalid_final_output"``: the final message did not validate against the
  agent's ``output_type``, or held no text for it (:class:`ModelBehaviorError`).
* ``"model_refusal"``: the final message was a refusal (:class:`ModelRefusalError`).
* ``"budget_exceeded"``: the run hit a limit of its ``RunBudget`` (:class:`BudgetExceeded`).

A handler receives a :class:`RunErrorHandlerInput` and returns a
:class:`RunErrorHandlerResult`, a dict ``{"final_output": ..., "include_in_history": ...}``,
any other value (the final output itself) or ``None`` (the error is raised).
The design note's two-argument form ``handler(context, error)`` works too.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, Literal

from runwright._core.context import RunContextWrapper, TContext
from runwright._core.exceptions import AgentsException, UserError

if TYPE_CHECKING:
    from runwright._agent.agent import Agent
    from runwright._core.items import ModelResponse, RunItem, TResponseInputItem

ErrorKind = Literal["max_turns", "invalid_final_output", "model_refusal", "budget_exceeded"]
ERROR_KINDS: tuple[ErrorKind, ...] = (
    "max_turns",
    "invalid_final_output",
    "model_refusal",
    "budget_exceeded",
)


@dataclass
class RunErrorData:
    """What the run had produced when the error happened.

    ``output`` is ``new_items`` as input items; ``history`` is the run's input
    followed by ``output`` (what a follow-up run would send).
    """

    input: str | list[TResponseInputItem]
    new_items: list[RunItem]
    history: list[TResponseInputItem]
    output: list[TResponseInputItem]
    raw_responses: list[ModelResponse]
    last_agent: Agent[Any]


@dataclass
class RunErrorHandlerInput(Generic[TContext]):
    """What a handler receives: the error, the run's context and what the run had produced."""

    error: AgentsException
    context: RunContextWrapper[TContext]
    run_data: RunErrorData


@dataclass
class RunErrorHandlerResult:
    """A handler's answer: the run's final output, and whether the model "said" it.

    With ``include_in_history`` (the default) the output is recorded as an
    assistant message: it is in ``result.new_items``, ``to_input_list()`` and
    the session.
    """

    final_output: Any
    include_in_history: bool = True


RunErrorHandler = Callable[..., Any]
"""``handler(data: RunErrorHandlerInput)`` (or ``handler(context, error)``), sync or async."""


class RunErrorHandlers(dict[str, RunErrorHandler]):
    """Handlers keyed by error kind: a plain dict, built from keywords.

    ``RunErrorHandlers(max_turns=h)`` equals ``{"max_turns": h}``; either form
    may be passed as ``error_handlers=``. The kinds also read as attributes
    (``handlers.max_turns``; ``None`` when unset).
    """

    def __init__(
        self,
        *,
        max_turns: RunErrorHandler | None = None,
        invalid_final_output: RunErrorHandler | None = None,
        model_refusal: RunErrorHandler | None = None,
        budget_exceeded: RunErrorHandler | None = None,
    ) -> None:
        super().__init__()
        given = (
            ("max_turns", max_turns),
            ("invalid_final_output", invalid_final_output),
            ("model_refusal", model_refusal),
            ("budget_exceeded", budget_exceeded),
        )
        for kind, handler in given:
            if handler is not None:
                self[kind] = handler

    @property
    def max_turns(self) -> RunErrorHandler | None:
        return self.get("max_turns")

    @property
    def invalid_final_output(self) -> RunErrorHandler | None:
        return self.get("invalid_final_output")

    @property
    def model_refusal(self) -> RunErrorHandler | None:
        return self.get("model_refusal")

    @property
    def budget_exceeded(self) -> RunErrorHandler | None:
        return self.get("budget_exceeded")


def check_error_handlers(value: Any) -> Mapping[str, RunErrorHandler] | None:
    """The ``error_handlers=`` argument, checked once per run.

    Raises:
        UserError: not a mapping, an unknown error kind, or a handler that is not callable.
    """
    if value is None:
        return None
    if not isinstance(value, Mapping):
        raise UserError(
            "error_handlers must be a dict such as {'max_turns': handler} or "
            f"RunErrorHandlers(...), got {type(value).__name__}."
        )
    for kind, handler in value.items():
        if kind not in ERROR_KINDS:
            raise UserError(
                f"error_handlers: unknown error kind {kind!r}; use {', '.join(ERROR_KINDS)}."
            )
        if handler is not None and not callable(handler):
            raise UserError(f"error_handlers[{kind!r}] must be a function, got {handler!r:.80}.")
    return value


async def call_error_handler(
    handler: RunErrorHandler, data: RunErrorHandlerInput[Any]
) -> RunErrorHandlerResult | None:
    """Calls a one- or two-argument handler (awaiting it if needed) and reads its answer.

    Raises:
        UserError: the handler returned a dict with ``final_output`` and unknown keys.
    """
    if _required_positionals(handler) >= 2:
        value = handler(data.context, data.error)
    else:
        value = handler(data)
    if inspect.isawaitable(value):
        value = await value
    return _as_result(value)


def _as_result(value: Any) -> RunErrorHandlerResult | None:
    if value is None or isinstance(value, RunErrorHandlerResult):
        return value
    if isinstance(value, dict) and "final_output" in value:
        extra = set(value) - {"final_output", "include_in_history"}
        if extra:
            raise UserError(
                f"An error handler returned a dict with unknown keys {sorted(extra)}; "
                "return {'final_output': ..., 'include_in_history': ...} or RunErrorHandlerResult."
            )
        return RunErrorHandlerResult(
            value["final_output"], bool(value.get("include_in_history", True))
        )
    return RunErrorHandlerResult(value)


def _required_positionals(func: Callable[..., Any]) -> int:
    try:
        params = inspect.signature(func).parameters.values()
    except (TypeError, ValueError):
        return 1
    kinds = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    empty = inspect.Parameter.empty
    return sum(1 for p in params if p.kind in kinds and p.default is empty)
