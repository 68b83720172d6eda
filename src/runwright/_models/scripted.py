"""ScriptedModel: a model that plays a script, for tests of agents built on runwright.

Each model call consumes one step of the script. The OpenAI Agents SDK's forms
(``agents.testing``) work as they do there::

    from runwright.testing import ScriptedModel, assistant_message, function_call

    model = ScriptedModel([
        [function_call("get_weather", {"city": "Paris"}, call_id="call-1")],
        [assistant_message("It is sunny in Paris.")],
    ])
    agent = Agent(name="a", model=model, tools=[get_weather])
    result = await Runner.run(agent, "Weather in Paris?")
    model.assert_complete()

A step is a :class:`ModelStep`, its dict form (:class:`ModelStepSpec`), a
:class:`~runwright.items.ModelResponse`, a sequence of output items, or an
exception (raised by the call). runwright's shorter forms work too: a string
(an assistant message), one output item (see :func:`message`,
:func:`tool_call`...), a :class:`ScriptedResponse`, or a callable
``step(call: ModelCall)`` returning any of these. Steps are checked when they
are added (:class:`InvalidModelStep`); a call beyond the script raises
:class:`UnexpectedModelCall`, and ``assert_complete()`` raises
:class:`UnconsumedModelSteps` while steps are left.
"""

from __future__ import annotations

import asyncio
import copy
import dataclasses
import inspect
import json
import warnings
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, TypedDict, Union

from runwright._agent.handoffs import default_tool_name
from runwright._core.exceptions import ScriptError
from runwright._core.items import (
    ModelResponse,
    RawItem,
    TResponseInputItem,
    function_call_raw,
    message_raw,
    to_raw,
)
from runwright._core.typed import typed
from runwright._core.usage import Usage
from runwright._models.interface import Model, ModelTracing
from runwright._models.retry_policies import ModelRetryAdvice, ModelRetryAdviceRequest

if TYPE_CHECKING:
    from runwright._agent.handoffs import Handoff
    from runwright._agent.output_schema import AgentOutputSchemaBase
    from runwright._core.config import ModelSettings
    from runwright._tools.function_tool import Tool


# ----- errors -----------------------------------------------------------------


class UnconsumedScriptWarning(UserWarning):
    """A ScriptedModel was discarded with steps left in its script."""


class ModelScriptError(ScriptError):
    """A model script is invalid, or was used differently from how it was written."""


ModelStepReason = Literal[
    "invalid_input",
    "unsupported_field",
    "invalid_error",
    "invalid_responder",
    "invalid_stream_events",
    "conflicting_outcomes",
    "invalid_retry_advice",
]


class InvalidModelStep(ModelScriptError):
    """A step was rejected when added to the script.

    ``reason`` says what is wrong; ``input_index`` is the step's position in
    the steps passed to the call that added it.
    """

    def __init__(self, message: str, *, reason: ModelStepReason, input_index: int) -> None:
        super().__init__(message)
        self.reason = reason
        self.input_index = input_index


class UnexpectedModelCall(ModelScriptError):
    """The model was called after its script was used up.

    ``call`` is the call that found no step; ``call_index`` its 0-based number.
    """

    def __init__(self, message: str, *, call: ModelCall, call_index: int) -> None:
        super().__init__(message)
        self.call = call
        self.call_index = call_index


class UnconsumedModelSteps(ModelScriptError):
    """A test ended (``assert_complete()``) with ``remaining_steps`` steps not played."""

    def __init__(self, message: str, *, remaining_steps: int) -> None:
        super().__init__(message)
        self.remaining_steps = remaining_steps


# ----- what a call was, what a step is ----------------------------------------


@dataclass
class ModelCall:
    """What the model was called with (recorded in ``ScriptedModel.calls``).

    ``input`` is the input as a list of items (a string input becomes one user message).
    """

    system_instructions: str | None
    input: list[TResponseInputItem]
    model_settings: ModelSettings
    tools: list[Tool]
    output_schema: AgentOutputSchemaBase | None
    handoffs: list[Handoff[Any]]
    tracing: ModelTracing = ModelTracing.DISABLED
    previous_response_id: str | None = None
    conversation_id: str | None = None
    prompt: Any | None = None
    streamed: bool = False

    @property
    def tool_names(self) -> list[str]:
        """Names of the tools and handoffs offered on this call."""
        return [t.name for t in self.tools] + [h.tool_name for h in self.handoffs]

    @property
    def last_user_text(self) -> str | None:
        """The content of the last user message in the input, if any."""
        for item in reversed(self.input):
            if item.get("role") == "user":
                content = item.get("content")
                return content if isinstance(content, str) else json.dumps(content)
        return None


@dataclass
class ScriptedResponse:
    """One scripted response: output items, and optionally usage and a response id."""

    output: list[Any]
    usage: Usage | None = None
    response_id: str | None = None


@dataclass
class ModelStep:
    """The result of one model call.

    ``output`` holds the response's output items. Instead, set ``error`` (the
    call raises it), ``responder`` (called with the :class:`ModelCall`, it
    returns the step to play, possibly awaitable), or ``stream_events`` (the
    exact events a streamed call yields: a sequence, or a function of the call
    returning an async iterator). At most one of those three.
    ``retry_advice`` goes with ``error``: what ``get_retry_advice`` answers
    for it. ``usage`` left empty: the model's default usage (one request).
    """

    output: Sequence[Any] = field(default_factory=tuple)
    usage: Usage = field(default_factory=Usage)
    response_id: str | None = "resp-789"
    request_id: str | None = None
    raw_usage: dict[str, Any] | None = None
    error: Exception | None = None
    responder: ModelResponder | None = None
    stream_events: Sequence[Any] | ModelStreamFactory | None = None
    retry_advice: ModelRetryAdvice | None = None

    @classmethod
    def raise_error(
        cls, error: Exception, *, retry_advice: ModelRetryAdvice | None = None
    ) -> ModelStep:
        """A step whose call raises ``error`` (``retry_advice``: what the model advises)."""
        return cls(error=error, retry_advice=retry_advice)

    @classmethod
    def respond(cls, responder: ModelResponder) -> ModelStep:
        """A step computed from the call: ``responder(call)`` returns the step to play."""
        return cls(responder=responder)

    @classmethod
    def stream(
        cls,
        events: Sequence[Any] | ModelStreamFactory,
        *,
        output: Sequence[Any] = (),
        usage: Usage | None = None,
        response_id: str | None = "resp-789",
    ) -> ModelStep:
        """A step whose streamed call yields exactly ``events`` (or ``events(call)``)."""
        return cls(
            output=output,
            usage=usage or Usage(),
            response_id=response_id,
            stream_events=events if callable(events) else tuple(events),
        )


class ModelStepSpec(TypedDict, total=False):
    """A :class:`ModelStep` written as a dict; its keys are ModelStep's fields."""

    output: Sequence[Any]
    usage: Usage
    response_id: str | None
    request_id: str | None
    raw_usage: dict[str, Any] | None
    error: Exception | None
    responder: ModelResponder | None
    stream_events: Sequence[Any] | ModelStreamFactory | None
    retry_advice: ModelRetryAdvice | None


_STEP_FIELDS = frozenset(f.name for f in dataclasses.fields(ModelStep))

ModelStepResult = Union[ModelStep, ModelStepSpec, ModelResponse, Sequence[Any], Exception]
ModelResponder = Callable[[ModelCall], Union[ModelStepResult, Awaitable[ModelStepResult]]]
ModelStreamFactory = Callable[[ModelCall], AsyncIterator[Any]]
Step = Union[
    str, Mapping[str, Any], Sequence[Any], ScriptedResponse, ModelStep, ModelResponse,
    BaseException, Callable[..., Any],
]  # fmt: skip


# ----- output item helpers ----------------------------------------------------


def assistant_message(text: str, *, item_id: str = "scripted-message") -> Any:
    """An assistant message output item (openai's ``ResponseOutputMessage``)."""
    item = message_raw(text, id=item_id)
    item["content"][0]["logprobs"] = []
    return typed(item)


def function_call(
    name: str,
    arguments: str | Mapping[str, Any],
    *,
    call_id: str,
    item_id: str | None = None,
    namespace: str | None = None,
) -> Any:
    """A function call output item (openai's ``ResponseFunctionToolCall``).

    ``arguments``: a JSON string, or a mapping (serialized compactly).
    ``item_id`` defaults to ``call_id``.
    """
    if not isinstance(arguments, str):
        if not isinstance(arguments, Mapping):
            raise ScriptError(
                f"function_call arguments must be a JSON string or a mapping, "
                f"not {type(arguments).__name__}."
            )
        arguments = json.dumps(dict(arguments), ensure_ascii=False, separators=(",", ":"))
    item = function_call_raw(name, arguments, call_id, id=call_id if item_id is None else item_id)
    if namespace is not None:
        item["namespace"] = namespace
    return typed(item)


def message(text: str) -> RawItem:
    """An assistant message output."""
    return message_raw(text)


def refusal(text: str) -> RawItem:
    """An assistant refusal output."""
    return message_raw("", refusal=text)


def tool_call(
    name: str, arguments: Mapping[str, Any] | str | None = None, *, call_id: str | None = None
) -> RawItem:
    """A function call output; ``call_id`` is assigned per model when not given."""
    args = arguments if isinstance(arguments, str) else json.dumps(dict(arguments or {}))
    item = function_call_raw(name, args, call_id or "")
    return item


def handoff_call(agent_name: str, arguments: Mapping[str, Any] | str | None = None) -> RawItem:
    """A call of the default handoff tool for the agent named ``agent_name``."""
    return tool_call(default_tool_name(agent_name), arguments)


def reasoning(summary: str, *, id: str | None = None) -> RawItem:
    """A reasoning output item with one summary text."""
    item = RawItem(type="reasoning", summary=[RawItem(type="summary_text", text=summary)])
    if id is not None:
        item["id"] = id
    return item


# ----- the model --------------------------------------------------------------


class ScriptedModel(Model):
    """A :class:`Model` answering each call with the next step of a script.

    Args:
        steps: The script (see the module docstring).
        emit_traces: Record the model call as a "generation" span, as the SDK's
            ScriptedModel does (runwright's run loop records every model call
            in a span; by default a "response" span).
        default_usage: Usage of steps that give none (default: see ``usage``).
        delay: Seconds to wait before answering each call (simulated latency).
        usage: Usage reported by steps that give none, when ``default_usage``
            is not set: a fixed Usage, or ``"estimate"`` (about 4 characters
            per token of input and output). Default: one request, no tokens.
        chunk_size: Characters per text delta when streaming.
        name: Shown in error messages and generated ids (``resp_<name>_<n>``).
        event_delay: Seconds between streamed events (a slow stream).
    """

    def __init__(
        self,
        steps: Iterable[Step] = (),
        *,
        emit_traces: bool = False,
        default_usage: Usage | None = None,
        delay: float = 0.0,
        usage: Usage | str | None = None,
        chunk_size: int = 8,
        name: str = "scripted",
        event_delay: float = 0.0,
    ) -> None:
        self._steps: deque[Any] = deque(_checked(steps))
        self.emit_traces = emit_traces
        if emit_traces:
            self.trace_span_kind = "generation"
        self._default_usage = copy.deepcopy(default_usage)
        self.delay = delay
        self.usage = usage
        self.chunk_size = max(1, chunk_size)
        self.event_delay = event_delay
        self.name = name
        self._calls: list[ModelCall] = []
        self._call_ids = 0
        self._responses = 0
        self._advice: dict[int, tuple[Exception, ModelRetryAdvice]] = {}

    # ----- the script --------------------------------------------------------

    def enqueue(self, step: Step) -> None:
        """Appends one step (checked first: :class:`InvalidModelStep`)."""
        self._steps.extend(_checked([step]))

    def extend(self, steps: Iterable[Step]) -> None:
        """Appends steps; none is added when one of them is invalid."""
        self._steps.extend(_checked(steps))

    def add(self, *steps: Step) -> ScriptedModel:
        """Appends steps to the script (returns the model, for chaining)."""
        self._steps.extend(_checked(steps))
        return self

    def set_default_usage(self, usage: Usage | None) -> None:
        """Usage of the steps that give none, from now on (``None``: the default)."""
        self._default_usage = copy.deepcopy(usage)

    @property
    def calls(self) -> list[ModelCall]:
        """The calls so far, in order (a list: ``calls.clear()`` forgets them)."""
        return self._calls

    @calls.setter
    def calls(self, log: list[ModelCall]) -> None:
        self._calls = log

    @property
    def first_call(self) -> ModelCall | None:
        """The first call, or ``None`` before any."""
        return self._calls[0] if self._calls else None

    @property
    def last_call(self) -> ModelCall | None:
        """The latest call, or ``None`` before any."""
        return self._calls[-1] if self._calls else None

    @property
    def remaining_steps(self) -> int:
        """Steps not played yet."""
        return len(self._steps)

    @property
    def remaining(self) -> int:
        """Steps not played yet (the same as :attr:`remaining_steps`)."""
        return len(self._steps)

    def clear(self) -> int:
        """Drops the remaining steps (returns how many), e.g. after a deliberate early stop."""
        count = len(self._steps)
        self._steps.clear()
        return count

    def assert_complete(self) -> None:
        """Raises :class:`UnconsumedModelSteps` when steps are left."""
        if self._steps:
            count = len(self._steps)
            raise UnconsumedModelSteps(
                f"{count} scripted model step(s) were not consumed.", remaining_steps=count
            )

    def assert_consumed(self) -> None:
        """Raises :class:`UnconsumedModelSteps` when steps are left (naming the next one)."""
        if self._steps:
            count = len(self._steps)
            raise UnconsumedModelSteps(
                f"ScriptedModel {self.name!r} has {count} unconsumed step(s) after "
                f"{len(self._calls)} call(s); next: {self._steps[0]!r:.200}",
                remaining_steps=count,
            )

    def get_retry_advice(self, request: ModelRetryAdviceRequest) -> ModelRetryAdvice | None:
        """The ``retry_advice`` scripted with the error ``request.error``, if it was one."""
        error = getattr(request, "error", None)
        remembered = self._advice.get(id(error))
        if remembered is None or remembered[0] is not error:
            return None
        return copy.deepcopy(remembered[1])

    async def close(self) -> None:
        """Nothing to release."""

    def __enter__(self) -> ScriptedModel:
        return self

    def __exit__(self, exc_type: Any, *_: Any) -> None:
        if exc_type is None:
            self.assert_consumed()

    def __del__(self) -> None:
        if getattr(self, "_steps", None):
            warnings.warn(
                f"ScriptedModel {self.name!r} was discarded with {len(self._steps)} "
                "unconsumed step(s)",
                UnconsumedScriptWarning,
                stacklevel=1,
            )

    # ----- the Model port ------------------------------------------------------

    async def get_response(
        self,
        system_instructions: str | None,
        input: str | list[TResponseInputItem],
        model_settings: ModelSettings,
        tools: list[Tool],
        output_schema: AgentOutputSchemaBase | None,
        handoffs: list[Handoff[Any]],
        tracing: ModelTracing,
        *,
        previous_response_id: str | None = None,
        conversation_id: str | None = None,
        prompt: Any | None = None,
    ) -> ModelResponse:
        call = ModelCall(
            system_instructions,
            _as_list(input),
            model_settings,
            tools,
            output_schema,
            handoffs,
            tracing,
            previous_response_id,
            conversation_id,
            prompt,
        )
        step, auto = await self._next_step(call)
        return self._response(step, auto, call)

    async def stream_response(
        self,
        system_instructions: str | None,
        input: str | list[TResponseInputItem],
        model_settings: ModelSettings,
        tools: list[Tool],
        output_schema: AgentOutputSchemaBase | None,
        handoffs: list[Handoff[Any]],
        tracing: ModelTracing,
        *,
        previous_response_id: str | None = None,
        conversation_id: str | None = None,
        prompt: Any | None = None,
    ) -> AsyncIterator[Any]:
        call = ModelCall(
            system_instructions,
            _as_list(input),
            model_settings,
            tools,
            output_schema,
            handoffs,
            tracing,
            previous_response_id,
            conversation_id,
            prompt,
            streamed=True,
        )
        step, auto = await self._next_step(call)
        events = step.stream_events
        if callable(events):
            stream = events(call)
            try:
                async for event in stream:
                    yield event
            finally:
                aclose = getattr(stream, "aclose", None)
                if aclose is not None:
                    await aclose()
            return
        if events is None:
            events = _stream_events(self._response(step, auto, call), self.chunk_size)
        for event in events:
            if self.event_delay:
                await asyncio.sleep(self.event_delay)
            yield event

    # ----- playing a step ------------------------------------------------------

    async def _next_step(self, call: ModelCall) -> tuple[ModelStep, bool]:
        """The step for ``call`` (raising its error, if it is one), and whether it is one of
        runwright's short forms (response ids and usage generated)."""
        self._calls.append(call)
        if not self._steps:
            index = len(self._calls) - 1
            mode = "streaming" if call.streamed else "non-streaming"
            last = call.input[-1] if call.input else None
            raise UnexpectedModelCall(
                f"Unexpected {mode} model call #{index + 1}: no scripted steps remain "
                f"(ScriptedModel {self.name!r}: its script is used up; "
                f"last input item: {last!r:.200})",
                call=call,
                call_index=index,
            )
        raw = self._steps.popleft()
        if self.delay:
            await asyncio.sleep(self.delay)
        step, auto = _normalize(raw, 0)
        while step.responder is not None:
            result = step.responder(call)
            if inspect.isawaitable(result):
                result = await result
            step, auto = _normalize(result, 0)
        if step.error is not None:
            error = step.error
            if step.retry_advice is not None:
                self._advice[id(error)] = (error, copy.deepcopy(step.retry_advice))
            else:
                self._advice.pop(id(error), None)
            raise error
        return step, auto

    def _response(self, step: ModelStep, auto: bool, call: ModelCall) -> ModelResponse:
        output = [self._output_item(o) for o in step.output]
        self._responses += 1
        usage = step.usage
        if _is_empty(usage):
            if self._default_usage is not None:
                usage = copy.deepcopy(self._default_usage)
            else:
                usage = self._usage(call, output)
        elif auto and not usage.requests:
            usage = dataclasses.replace(usage, requests=1)
        else:
            usage = copy.deepcopy(usage)
        response_id = step.response_id
        if auto and response_id is None:
            response_id = f"resp_{self.name}_{self._responses}"
        keep_raw = getattr(call.model_settings, "preserve_raw_usage", None) is True
        return ModelResponse(
            output=output,
            usage=usage,
            response_id=response_id,
            request_id=step.request_id,
            raw_usage=copy.deepcopy(step.raw_usage) if keep_raw else None,
        )

    def _output_item(self, value: Any) -> RawItem:
        if isinstance(value, str):
            return message_raw(value)
        if isinstance(value, Mapping):
            item: RawItem = RawItem(value) if type(value) is RawItem else to_raw(dict(value))
        elif hasattr(value, "model_dump"):  # openai's typed items (assistant_message, ...)
            item = to_raw(value)
        else:
            raise ScriptError(f"ScriptedModel step output {value!r} is not a string or an item.")
        if item.get("type") == "function_call" and not item.get("call_id"):
            self._call_ids += 1
            item["call_id"] = f"call_{self.name}_{self._call_ids}"
        return item

    def _usage(self, call: ModelCall, output: list[RawItem]) -> Usage:
        if isinstance(self.usage, Usage):
            return Usage(
                requests=1,
                input_tokens=self.usage.input_tokens,
                output_tokens=self.usage.output_tokens,
            )
        if self.usage == "estimate":
            chars_in = len(call.system_instructions or "") + len(json.dumps(call.input))
            return Usage(
                requests=1,
                input_tokens=chars_in // 4 + 1,
                output_tokens=len(json.dumps(output)) // 4 + 1,
            )
        return Usage(requests=1)


# ----- steps: normalizing and checking ----------------------------------------


def _is_empty(usage: Usage) -> bool:
    return not (usage.requests or usage.input_tokens or usage.output_tokens or usage.total_tokens)


def _is_item(value: Mapping[str, Any]) -> bool:
    """An output item (runwright's one-item step) rather than a ModelStepSpec."""
    return "type" in value or "role" in value


def _invalid(index: int, reason: ModelStepReason, detail: str) -> InvalidModelStep:
    return InvalidModelStep(
        f"Scripted model step #{index + 1} {detail}.", reason=reason, input_index=index
    )


def _checked(steps: Iterable[Any]) -> list[Any]:
    """``steps`` as a list, each checked (raises :class:`InvalidModelStep`)."""
    listed = list(steps)
    for index, step in enumerate(listed):
        _normalize(step, index)
    return listed


def _normalize(step: Any, index: int) -> tuple[ModelStep, bool]:
    """The :class:`ModelStep` a script step stands for, and whether it is one of runwright's
    short forms (whose response ids and usage are generated)."""
    if type(step) is str:  # the common short form: nothing to check
        return ModelStep(output=(message_raw(step),), response_id=None), True
    auto = False
    if isinstance(step, ModelStep):
        normalized = step
    elif isinstance(step, str):
        normalized, auto = ModelStep(output=(message_raw(step),), response_id=None), True
    elif isinstance(step, ScriptedResponse):
        outputs = step.output if isinstance(step.output, list) else [step.output]
        usage = step.usage if step.usage is not None else Usage()
        normalized = ModelStep(output=outputs, usage=usage, response_id=step.response_id)
        auto = True
    elif isinstance(step, ModelResponse):
        normalized = ModelStep(
            output=step.output,
            usage=step.usage,
            response_id=step.response_id,
            request_id=step.request_id,
            raw_usage=step.raw_usage,
        )
    elif isinstance(step, Exception):
        normalized = ModelStep(error=step)
    elif isinstance(step, BaseException):  # e.g. CancelledError: raised as is
        normalized = ModelStep(responder=_raiser(step))
    elif isinstance(step, Mapping):
        if _is_item(step):
            normalized, auto = ModelStep(output=(step,), response_id=None), True
        else:
            unknown = sorted(str(k) for k in step if k not in _STEP_FIELDS)
            if unknown:
                raise _invalid(
                    index,
                    "unsupported_field",
                    f"contains unsupported fields ({', '.join(unknown)}; "
                    f"a step's fields are {', '.join(sorted(_STEP_FIELDS))})",
                )
            normalized = ModelStep(**step)
    elif callable(step):
        normalized = ModelStep(responder=step)
    elif isinstance(step, Sequence) and not isinstance(step, (bytes, bytearray)):
        auto = any(isinstance(o, (str, Mapping)) for o in step)
        normalized = ModelStep(output=step, response_id=None if auto else "resp-789")
    else:
        normalized = ModelStep(output=step)
    _validate(normalized, index)
    return normalized, auto


def _raiser(error: BaseException) -> Callable[[ModelCall], Any]:
    def raise_it(call: ModelCall) -> Any:
        raise error

    return raise_it


def _validate(step: ModelStep, index: int) -> None:
    if not isinstance(step.output, Sequence) or isinstance(step.output, (str, bytes)):
        raise _invalid(index, "invalid_input", "must use a sequence for output")
    if not isinstance(step.usage, Usage):
        raise _invalid(index, "invalid_input", "must use Usage for usage")
    for name in ("response_id", "request_id"):
        value = getattr(step, name)
        if value is not None and not isinstance(value, str):
            raise _invalid(index, "invalid_input", f"must use a string or None for {name}")
    if step.raw_usage is not None and not isinstance(step.raw_usage, dict):
        raise _invalid(index, "invalid_input", "must use a dictionary or None for raw_usage")
    if step.error is not None and not isinstance(step.error, Exception):
        raise _invalid(index, "invalid_error", "must use an Exception for error")
    if step.responder is not None and not callable(step.responder):
        raise _invalid(index, "invalid_responder", "must use a callable responder")
    events = step.stream_events
    if (
        events is not None
        and not callable(events)
        and (not isinstance(events, Sequence) or isinstance(events, (str, bytes)))
    ):
        raise _invalid(
            index, "invalid_stream_events", "must use a sequence or callable stream_events value"
        )
    outcomes = sum(v is not None for v in (step.error, step.responder, step.stream_events))
    if outcomes > 1:
        raise _invalid(
            index,
            "conflicting_outcomes",
            "cannot combine error, responder, and stream_events outcomes",
        )
    if step.retry_advice is not None and (
        step.error is None or not isinstance(step.retry_advice, ModelRetryAdvice)
    ):
        raise _invalid(
            index, "invalid_retry_advice", "requires an error and a ModelRetryAdvice value"
        )


def _as_list(input: str | list[TResponseInputItem]) -> list[TResponseInputItem]:
    if isinstance(input, str):
        return [{"role": "user", "content": input}]
    return list(input)


def _stream_events(response: ModelResponse, chunk: int) -> list[RawItem]:
    """The Responses API events a server would send for ``response``."""
    rid = response.response_id
    events = [RawItem(type="response.created", response=RawItem(id=rid, output=[]))]
    for index, item in enumerate(response.output):
        events.append(RawItem(type="response.output_item.added", output_index=index, item=item))
        kind = item.get("type")
        if kind == "message":
            text = "".join(p.get("text") or "" for p in item.get("content") or ())
            part = RawItem(type="output_text", text="", annotations=[])
            events.append(
                RawItem(
                    type="response.content_part.added",
                    item_id=item.get("id"),
                    output_index=index,
                    content_index=0,
                    part=part,
                )
            )
            for start in range(0, len(text), chunk):
                events.append(
                    RawItem(
                        type="response.output_text.delta",
                        output_index=index,
                        content_index=0,
                        delta=text[start : start + chunk],
                    )
                )
            events.append(RawItem(type="response.output_text.done", output_index=index, text=text))
            done = RawItem(type="output_text", text=text, annotations=[])
            events.append(
                RawItem(
                    type="response.content_part.done",
                    output_index=index,
                    content_index=0,
                    part=done,
                )
            )
        elif kind == "function_call":
            args = item.get("arguments") or ""
            for start in range(0, len(args), chunk):
                events.append(
                    RawItem(
                        type="response.function_call_arguments.delta",
                        output_index=index,
                        delta=args[start : start + chunk],
                    )
                )
        events.append(RawItem(type="response.output_item.done", output_index=index, item=item))
    usage = response.usage.to_json_dict()
    events.append(
        RawItem(
            type="response.completed",
            response=RawItem(id=rid, output=list(response.output), usage=usage),
        )
    )
    return events
