"""The exceptions runwright raises, all rooted at :class:`AgentsException`.

::

    AgentsException
    ├── UserError                      the caller configured or called something wrongly
    │   └── RunSyncInEventLoopError    run_sync() inside a running event loop (also a RuntimeError)
    ├── ModelBehaviorError             the model produced something the run cannot use
    ├── ModelRefusalError              the model refused to answer (``refusal`` holds its text)
    ├── ToolTimeoutError               a function tool ran past its ``timeout``
    ├── MaxTurnsExceeded               the run used up ``max_turns`` (carries ``run_state``)
    ├── InputGuardrailTripwireTriggered
    ├── OutputGuardrailTripwireTriggered
    ├── ToolInputGuardrailTripwireTriggered
    ├── ToolOutputGuardrailTripwireTriggered
    ├── ScriptError                    a ScriptedModel was called differently from its script
    ├── MCPToolCancellationError       an MCP tool call was cancelled inside runwright
    └── CheckpointSaveError            a durable run's checkpoint could not be saved (retried)

Errors raised by user code (a tool with ``failure_error_function=None``, a
hook, an instructions callable) propagate unchanged; they are the user's own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from runwright._agent.agent import Agent
    from runwright._core.budget import BudgetMeter, BudgetSpend
    from runwright._core.items import ModelResponse, RunItem, TResponseInputItem
    from runwright._core.usage import Usage
    from runwright._state.run_state import RunState


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
    tool_input_guardrail_results: list[Any] = field(default_factory=list)
    tool_output_guardrail_results: list[Any] = field(default_factory=list)

    def __str__(self) -> str:
        """The summary ``print(error.run_data)`` shows (the SDK's layout)."""
        counts = (
            (self.new_items, "new item(s)"),
            (self.raw_responses, "raw response(s)"),
            (self.input_guardrail_results, "input guardrail result(s)"),
            (self.output_guardrail_results, "output guardrail result(s)"),
            (self.tool_input_guardrail_results, "tool input guardrail result(s)"),
            (self.tool_output_guardrail_results, "tool output guardrail result(s)"),
        )
        lines = [
            "RunErrorDetails:",
            f'- Last agent: Agent(name="{self.last_agent.name}", ...)',
            *(f"- {len(values)} {label}" for values, label in counts),
            "(See `RunErrorDetails` for more details)",
        ]
        return "\n".join(lines)


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


class RunSyncInEventLoopError(UserError, RuntimeError):
    """``Runner.run_sync()`` was called while an event loop is running in this thread.

    Also a ``RuntimeError``, which is what code written for the OpenAI Agents SDK catches.
    """


class ModelBehaviorError(AgentsException):
    """The model produced output the run cannot use: an unknown tool, invalid JSON, ..."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ModelRefusalError(AgentsException):
    """The model refused to produce the answer; ``refusal`` is the refusal text.

    Raised when the final message holds a refusal, unless an ``error_handlers``
    entry ``"model_refusal"`` turns it into a final output.
    """

    def __init__(self, refusal: str) -> None:
        self.refusal = refusal
        super().__init__(f"Model refused to produce output: {refusal}")


class ToolTimeoutError(AgentsException):
    """A function tool call ran longer than the tool's ``timeout`` seconds.

    With ``timeout_behavior="error_as_result"`` (the default) the model is told
    instead; with ``"raise_exception"`` this error ends the run.
    """

    def __init__(self, tool_name: str, timeout_seconds: float) -> None:
        self.tool_name = tool_name
        self.timeout_seconds = timeout_seconds
        super().__init__(f"Tool {tool_name!r} timed out after {timeout_seconds:g} seconds.")


class ModelTimeoutError(AgentsException):
    """One model-call attempt ran longer than ``ModelSettings.timeout`` seconds."""

    timeout_seconds: float

    def __init__(self, timeout_seconds: float) -> None:
        self.timeout_seconds = timeout_seconds
        super().__init__(f"Model call timed out after {timeout_seconds:g} seconds.")


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


class MCPToolCancellationError(AgentsException):
    """An MCP tool call was cancelled inside runwright (not by the caller) before it answered."""

    message: str

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


class CheckpointSaveError(AgentsException):
    """A durable run could not save its checkpoint, even after retrying for ``retry_seconds``.

    ``store`` names the store and ``run_id`` the run. Every checkpoint saved
    before is intact: resume the run with ``Runner.resume(run_id, agent, store)``
    once the database is back.
    """

    def __init__(self, store: str, run_id: str, retry_seconds: float, cause: BaseException):
        self.store = store
        self.run_id = run_id
        self.retry_seconds = retry_seconds
        super().__init__(
            f"{store} could not save the checkpoint of run {run_id!r} "
            f"(retried for {retry_seconds:g} seconds): {type(cause).__name__}: {cause}. "
            f"The run stopped; its last saved checkpoint is intact: resume it with "
            f"Runner.resume({run_id!r}, agent, store) when the database is back."
        )


class BudgetExceeded(AgentsException):
    """A run hit a limit of its :class:`RunBudget`.

    ``limit`` names it (``"max_requests"``, ...), ``limit_value`` is its value,
    ``spent`` what the run had spent (:class:`BudgetSpend`), ``usage`` the run's
    usage so far, and ``run_state`` the run as it stood: raise the limit and
    ``await Runner.run(agent, error.run_state, budget=...)`` continues it where it
    stopped (no model call is repeated). An error handler for
    ``"budget_exceeded"`` may turn it into a final output instead.
    """

    def __init__(
        self,
        message: str,
        *,
        limit: str,
        limit_value: Any,
        spent: BudgetSpend,
        usage: Usage | None = None,
        run_state: RunState[Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.limit = limit
        self.limit_value = limit_value
        self.spent = spent
        self.usage = usage
        self.run_state = run_state
        self._meter: BudgetMeter | None = None
        """The meter whose limit was hit (set by the run loop)."""


class BudgetStop(BaseException):
    """A nested run stopped on the shared budget: carried (past the failure handling
    of the agent tool that ran it) to the run it is nested in, which stops too."""

    def __init__(self, error: BudgetExceeded) -> None:
        super().__init__(error.message)
        self.error = error
