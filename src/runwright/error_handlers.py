"""Error handlers: turn a run-ending error into a final output instead."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .context import RunContextWrapper
from .exceptions import AgentsException, RunErrorDetails


@dataclass
class RunErrorHandlerInput:
    """What a handler receives: the error, the run's context and what the run had produced."""

    error: AgentsException
    context: RunContextWrapper[Any]
    run_data: RunErrorDetails | None


@dataclass
class RunErrorHandlers:
    """Handlers by error kind, passed as ``Runner.run(..., error_handlers=...)``.

    A handler is ``handler(data: RunErrorHandlerInput)`` or, as the design note
    writes it, ``handler(context, error)``; sync or async. Whatever it returns
    other than ``None`` becomes the run's final output; ``None`` re-raises.
    """

    max_turns: Callable[..., Any] | None = None


async def call_error_handler(handler: Callable[..., Any], data: RunErrorHandlerInput) -> Any:
    """Calls a one- or two-argument handler and awaits it if needed."""
    if _positional_arity(handler) >= 2:
        value = handler(data.context, data.error)
    else:
        value = handler(data)
    if inspect.isawaitable(value):
        value = await value
    return value


def _positional_arity(func: Callable[..., Any]) -> int:
    try:
        params = inspect.signature(func).parameters.values()
    except (TypeError, ValueError):
        return 1
    kinds = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    if any(p.kind is inspect.Parameter.VAR_POSITIONAL for p in params):
        return 2
    return sum(1 for p in params if p.kind in kinds)
