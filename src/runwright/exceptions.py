"""The exceptions runwright raises, all rooted at :class:`AgentsException`.

::

    AgentsException
    ├── UserError                      the caller configured or called something wrongly
    ├── ModelBehaviorError             the model produced something the run cannot use
    ├── MaxTurnsExceeded               the run used up ``max_turns`` (carries ``run_state``)
    ├── InputGuardrailTripwireTriggered
    ├── OutputGuardrailTripwireTriggered
    ├── ToolInputGuardrailTripwireTriggered
    ├── ToolOutputGuardrailTripwireTriggered
    └── ScriptError                    a ScriptedModel was called differently from its script

Errors raised by user code (a tool with ``failure_error_function=None``, a
hook, an instructions callable) propagate unchanged; they are the user's own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .agent import Agent
    from .items import ModelResponse, RunItem, TResponseInputItem
    from .state import RunState


@dataclass
class RunErrorDetails:
    """What a run had produced when it failed; attached to errors as ``run_data``."""

    input: str | list[TResponseInputItem]
    new_items: list[RunItem]
    raw_responses: list[ModelResponse]
    last_agent: Agent[Any]
    context_wrapper: Any
    input_guardrail_results: list[Any] = field(default_factory=list)
    output_guardrail_results: list[Any] = field(default_factory=list)


class AgentsException(Exception):
    """Base class of every exception runwright raises itself."""

    run_data: RunErrorDetails | None

    def __init__(self, *args: object) -> None:
        super().__init__(*args)
        self.run_data = None


class UserError(AgentsException):
    """The library was configured or called in a way that cannot work.

    The message says what is wrong and what to do instead.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ModelBehaviorError(AgentsException):
    """The model produced output the run cannot use: an unknown tool, invalid JSON, ..."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class MaxTurnsExceeded(AgentsException):
    """The run reached ``max_turns`` before a final output.

    ``run_state`` holds the run as it stood, so it can be continued:
    ``await Runner.run(agent, error.run_state, max_turns=20)``.
    """

    def __init__(self, message: str, run_state: RunState[Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.run_state = run_state


class InputGuardrailTripwireTriggered(AgentsException):
    """An input guardrail tripped; ``guardrail_result`` says which and why."""

    def __init__(self, guardrail_result: Any) -> None:
        self.guardrail_result = guardrail_result
        name = getattr(getattr(guardrail_result, "guardrail", None), "name", None)
        super().__init__(f"Input guardrail {name!r} triggered tripwire")


class OutputGuardrailTripwireTriggered(AgentsException):
    """An output guardrail tripped; ``guardrail_result`` says which and why."""

    def __init__(self, guardrail_result: Any) -> None:
        self.guardrail_result = guardrail_result
        name = getattr(getattr(guardrail_result, "guardrail", None), "name", None)
        super().__init__(f"Output guardrail {name!r} triggered tripwire")


class ToolInputGuardrailTripwireTriggered(AgentsException):
    """A tool input guardrail asked to stop the run."""

    def __init__(self, guardrail: Any, output: Any) -> None:
        self.guardrail = guardrail
        self.output = output
        super().__init__(f"Tool input guardrail {getattr(guardrail, 'name', guardrail)!r} tripped")


class ToolOutputGuardrailTripwireTriggered(AgentsException):
    """A tool output guardrail asked to stop the run."""

    def __init__(self, guardrail: Any, output: Any) -> None:
        self.guardrail = guardrail
        self.output = output
        super().__init__(f"Tool output guardrail {getattr(guardrail, 'name', guardrail)!r} tripped")


class ScriptError(AgentsException, AssertionError):
    """A :class:`~runwright.testing.ScriptedModel` was used differently from its script."""
