"""Input and output guardrails: checks that can stop a run (a "tripwire").

Input guardrails see the run's input before the starting agent's first
turn — by default concurrently with the first model call, which a trip
cancels; output guardrails see the final output.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, Union, overload

from runwright._core.context import RunContextWrapper, TContext
from runwright._core.exceptions import UserError

if TYPE_CHECKING:
    from runwright._agent.agent import Agent
    from runwright._core.items import TResponseInputItem


@dataclass
class GuardrailFunctionOutput:
    """What a guardrail function returns: anything to keep, and whether to stop the run."""

    output_info: Any
    tripwire_triggered: bool


@dataclass
class InputGuardrailResult:
    """One input guardrail's verdict."""

    guardrail: InputGuardrail[Any]
    output: GuardrailFunctionOutput


@dataclass
class OutputGuardrailResult:
    """One output guardrail's verdict on ``agent_output``."""

    guardrail: OutputGuardrail[Any]
    agent_output: Any
    agent: Agent[Any]
    output: GuardrailFunctionOutput


InputGuardrailFunction = Callable[
    [RunContextWrapper[Any], "Agent[Any]", "str | list[TResponseInputItem]"],
    Union[GuardrailFunctionOutput, Awaitable[GuardrailFunctionOutput]],
]
OutputGuardrailFunction = Callable[
    [RunContextWrapper[Any], "Agent[Any]", Any],
    Union[GuardrailFunctionOutput, Awaitable[GuardrailFunctionOutput]],
]


async def _call_guardrail(kind: str, name: str, func: Callable[..., Any], *args: Any) -> Any:
    # tracing loads with the first traced run, not with `import runwright`
    from runwright._tracing.create import guardrail_span

    with guardrail_span(name) as span:
        value = await _invoke(kind, name, func, *args)
        span.span_data.triggered = bool(value.tripwire_triggered)
    return value


async def _invoke(kind: str, name: str, func: Callable[..., Any], *args: Any) -> Any:
    try:
        value = func(*args)
        if inspect.isawaitable(value):
            value = await value
    except Exception as error:
        raise UserError(
            f"{kind} guardrail {name!r} raised {type(error).__name__}: {error}"
        ) from error
    if not isinstance(value, GuardrailFunctionOutput):
        raise UserError(
            f"{kind} guardrail {name!r} returned {type(value).__name__}; "
            "it must return GuardrailFunctionOutput."
        )
    return value


@dataclass
class InputGuardrail(Generic[TContext]):
    """Checks the run's input. ``run_in_parallel=False`` runs it before the model call."""

    guardrail_function: InputGuardrailFunction
    name: str | None = None
    run_in_parallel: bool = True

    def get_name(self) -> str:
        return self.name or str(getattr(self.guardrail_function, "__name__", "input_guardrail"))

    async def run(
        self,
        agent: Agent[Any],
        input: str | list[TResponseInputItem],
        context: RunContextWrapper[Any],
    ) -> InputGuardrailResult:
        output = await _call_guardrail(
            "Input", self.get_name(), self.guardrail_function, context, agent, input
        )
        return InputGuardrailResult(self, output)


@dataclass
class OutputGuardrail(Generic[TContext]):
    """Checks the final output."""

    guardrail_function: OutputGuardrailFunction
    name: str | None = None

    def get_name(self) -> str:
        return self.name or str(getattr(self.guardrail_function, "__name__", "output_guardrail"))

    async def run(
        self, context: RunContextWrapper[Any], agent: Agent[Any], agent_output: Any
    ) -> OutputGuardrailResult:
        output = await _call_guardrail(
            "Output", self.get_name(), self.guardrail_function, context, agent, agent_output
        )
        return OutputGuardrailResult(self, agent_output, agent, output)


@overload
def input_guardrail(func: InputGuardrailFunction) -> InputGuardrail[Any]: ...
@overload
def input_guardrail(
    *, name: str | None = None, run_in_parallel: bool = True
) -> Callable[[InputGuardrailFunction], InputGuardrail[Any]]: ...
def input_guardrail(
    func: InputGuardrailFunction | None = None,
    *,
    name: str | None = None,
    run_in_parallel: bool = True,
) -> InputGuardrail[Any] | Callable[[InputGuardrailFunction], InputGuardrail[Any]]:
    """Makes an :class:`InputGuardrail` of ``func(ctx, agent, input)`` (sync or async)."""

    def build(f: InputGuardrailFunction) -> InputGuardrail[Any]:
        name_ = name or getattr(f, "__name__", None)  # as in the SDK: the function's name
        return InputGuardrail(f, name=name_, run_in_parallel=run_in_parallel)

    return build(func) if func is not None else build


@overload
def output_guardrail(func: OutputGuardrailFunction) -> OutputGuardrail[Any]: ...
@overload
def output_guardrail(
    *, name: str | None = None
) -> Callable[[OutputGuardrailFunction], OutputGuardrail[Any]]: ...
def output_guardrail(
    func: OutputGuardrailFunction | None = None, *, name: str | None = None
) -> OutputGuardrail[Any] | Callable[[OutputGuardrailFunction], OutputGuardrail[Any]]:
    """Makes an :class:`OutputGuardrail` of ``func(ctx, agent, output)`` (sync or async)."""

    def build(f: OutputGuardrailFunction) -> OutputGuardrail[Any]:
        return OutputGuardrail(f, name=name or getattr(f, "__name__", None))

    return build(func) if func is not None else build
