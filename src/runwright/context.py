"""The user's context object, wrapped with what the run tracks about itself."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Generic

from typing_extensions import TypeVar

from .usage import Usage

TContext = TypeVar("TContext", default=Any)


@dataclass(eq=False)
class RunContextWrapper(Generic[TContext]):
    """Wraps the ``context`` passed to ``Runner.run``.

    runwright never reads or changes ``context`` itself; it is handed to
    tools, hooks, guardrails and instructions callables. ``usage`` is the
    run's aggregated usage so far (shared by reference with ToolContext
    objects created for the same run, so it is always current).
    """

    context: TContext
    usage: Usage = field(default_factory=Usage)
