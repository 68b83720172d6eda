"""Tool guardrails: checks around one tool call.

An input guardrail sees the call before the tool runs, an output guardrail
the tool's result. Each answers allow, reject_content (the model sees the
message instead of the tool's output; the tool is skipped when rejected on
input), or raise_exception (the run stops with a tripwire exception).
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, TypedDict, Union, overload

from runwright._core.exceptions import UserError
from runwright._tools.context import ToolContext

if TYPE_CHECKING:
    from runwright._agent.agent import Agent


class RejectContentBehavior(TypedDict):
    """``behavior`` of a rejection: the model sees ``message`` and the run goes on."""

    type: Literal["reject_content"]
    message: str


class RaiseExceptionBehavior(TypedDict):
    """``behavior`` that stops the run with a tripwire exception."""

    type: Literal["raise_exception"]


class AllowBehavior(TypedDict):
    """``behavior`` that lets the call (or its output) through."""

    type: Literal["allow"]


@dataclass
class ToolGuardrailFunctionOutput:
    """A tool guardrail's verdict; build it with :meth:`allow`, :meth:`reject_content`
    or :meth:`raise_exception`."""

    output_info: Any = None
    behavior: RejectContentBehavior | RaiseExceptionBehavior | AllowBehavior = field(
        default_factory=lambda: AllowBehavior(type="allow")
    )

    @classmethod
    def allow(cls, output_info: Any = None) -> ToolGuardrailFunctionOutput:
        return cls(output_info, AllowBehavior(type="allow"))

    @classmethod
    def reject_content(cls, message: str, output_info: Any = None) -> ToolGuardrailFunctionOutput:
        return cls(output_info, RejectContentBehavior(type="reject_content", message=message))

    @classmethod
    def raise_exception(cls, output_info: Any = None) -> ToolGuardrailFunctionOutput:
        return cls(output_info, RaiseExceptionBehavior(type="raise_exception"))

    @property
    def kind(self) -> Literal["allow", "reject_content", "raise_exception"]:
        return self.behavior.get("type", "allow")


@dataclass
class ToolInputGuardrailData:
    """What a tool input guardrail sees."""

    context: ToolContext[Any]
    agent: Agent[Any]


@dataclass
class ToolOutputGuardrailData(ToolInputGuardrailData):
    """What a tool output guardrail sees: also the tool's output."""

    output: Any = None


ToolGuardrailFunction = Callable[
    [Any], Union[ToolGuardrailFunctionOutput, Awaitable[ToolGuardrailFunctionOutput]]
]


@dataclass
class _ToolGuardrail:
    guardrail_function: ToolGuardrailFunction
    name: str | None = None

    def get_name(self) -> str:
        return self.name or str(getattr(self.guardrail_function, "__name__", "tool_guardrail"))

    async def run(self, data: ToolInputGuardrailData) -> ToolGuardrailFunctionOutput:
        # tracing loads with the first traced run, not with `import runwright`
        from runwright._tracing.create import guardrail_span

        with guardrail_span(self.get_name()) as span:
            verdict = await self._check(data)
            span.span_data.triggered = verdict.kind != "allow"
        return verdict

    async def _check(self, data: ToolInputGuardrailData) -> ToolGuardrailFunctionOutput:
        try:
            value = self.guardrail_function(data)
            if inspect.isawaitable(value):
                value = await value
        except Exception as error:
            raise UserError(
                f"Tool guardrail {self.get_name()!r} raised {type(error).__name__}: {error}"
            ) from error
        if not isinstance(value, ToolGuardrailFunctionOutput):
            raise UserError(
                f"Tool guardrail {self.get_name()!r} returned {type(value).__name__}; "
                "it must return ToolGuardrailFunctionOutput."
            )
        return value


class ToolInputGuardrail(_ToolGuardrail):
    """Checks a tool call before the tool runs."""


class ToolOutputGuardrail(_ToolGuardrail):
    """Checks a tool's output before the model sees it."""


@dataclass
class ToolInputGuardrailResult:
    guardrail: ToolInputGuardrail
    output: ToolGuardrailFunctionOutput


@dataclass
class ToolOutputGuardrailResult:
    guardrail: ToolOutputGuardrail
    output: ToolGuardrailFunctionOutput


@overload
def tool_input_guardrail(func: ToolGuardrailFunction) -> ToolInputGuardrail: ...
@overload
def tool_input_guardrail(
    *, name: str | None = None
) -> Callable[[ToolGuardrailFunction], ToolInputGuardrail]: ...
def tool_input_guardrail(
    func: ToolGuardrailFunction | None = None, *, name: str | None = None
) -> ToolInputGuardrail | Callable[[ToolGuardrailFunction], ToolInputGuardrail]:
    """Makes a :class:`ToolInputGuardrail` of ``func(data: ToolInputGuardrailData)``."""

    def build(f: ToolGuardrailFunction) -> ToolInputGuardrail:
        return ToolInputGuardrail(f, name or getattr(f, "__name__", None))

    return build(func) if func is not None else build


@overload
def tool_output_guardrail(func: ToolGuardrailFunction) -> ToolOutputGuardrail: ...
@overload
def tool_output_guardrail(
    *, name: str | None = None
) -> Callable[[ToolGuardrailFunction], ToolOutputGuardrail]: ...
def tool_output_guardrail(
    func: ToolGuardrailFunction | None = None, *, name: str | None = None
) -> ToolOutputGuardrail | Callable[[ToolGuardrailFunction], ToolOutputGuardrail]:
    """Makes a :class:`ToolOutputGuardrail` of ``func(data: ToolOutputGuardrailData)``."""

    def build(f: ToolGuardrailFunction) -> ToolOutputGuardrail:
        return ToolOutputGuardrail(f, name or getattr(f, "__name__", None))

    return build(func) if func is not None else build
