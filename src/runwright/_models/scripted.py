"""ScriptedModel: a model that plays a script, for tests of agents built on runwright.

Each model call consumes one step of the script::

    from runwright.testing import ScriptedModel, tool_call

    model = ScriptedModel([
        tool_call("get_weather", {"city": "Paris"}),   # turn 1: call a tool
        "It is sunny in Paris.",                       # turn 2: answer
    ])
    agent = Agent(name="a", model=model, tools=[get_weather])
    result = await Runner.run(agent, "Weather in Paris?")
    model.assert_consumed()

A step is a string (an assistant message), an output item (see the helpers
below), a list of those (one response with several outputs), a
:class:`ScriptedResponse` (outputs plus usage / response id), an exception
(raised by the call), or a callable ``step(call: ModelCall)`` returning any of
these. A call beyond the script, or a script left unconsumed, fails loudly.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import warnings
from collections import deque
from collections.abc import AsyncIterator, Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Union

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
from runwright._core.usage import Usage
from runwright._models.interface import Model, ModelTracing

if TYPE_CHECKING:
    from runwright._agent.handoffs import Handoff
    from runwright._agent.output_schema import AgentOutputSchemaBase
    from runwright._core.config import ModelSettings
    from runwright._tools.function_tool import Tool


class UnconsumedScriptWarning(UserWarning):
    """A ScriptedModel was discarded with steps left in its script."""


@dataclass
class ScriptedResponse:
    """One scripted response: output items, and optionally usage and a response id."""

    output: list[Any]
    usage: Usage | None = None
    response_id: str | None = None


Step = Union[str, Mapping[str, Any], list[Any], ScriptedResponse, BaseException, Callable[..., Any]]


@dataclass
class ModelCall:
    """What the model was called with (recorded in ``ScriptedModel.calls``)."""

    system_instructions: str | None
    input: list[TResponseInputItem]
    model_settings: ModelSettings
    tools: list[Tool]
    output_schema: AgentOutputSchemaBase | None
    handoffs: list[Handoff[Any]]
    previous_response_id: str | None = None
    conversation_id: str | None = None
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


# ----- output item helpers ----------------------------------------------------


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
        delay: Seconds to wait before answering each call (simulated latency).
        usage: Usage reported per response: a fixed Usage, or ``"estimate"``
            (about 4 characters per token of input and output). Default: one
            request and no tokens.
        chunk_size: Characters per text delta when streaming.
        event_delay: Seconds between streamed events (a slow stream).
    """

    def __init__(
        self,
        steps: Iterable[Step] = (),
        *,
        delay: float = 0.0,
        usage: Usage | str | None = None,
        chunk_size: int = 8,
        name: str = "scripted",
        event_delay: float = 0.0,
    ) -> None:
        self._steps: deque[Step] = deque(steps)
        self.delay = delay
        self.usage = usage
        self.chunk_size = max(1, chunk_size)
        self.event_delay = event_delay
        self.name = name
        self.calls: list[ModelCall] = []
        self._call_ids = 0
        self._responses = 0

    def add(self, *steps: Step) -> ScriptedModel:
        """Appends steps to the script."""
        self._steps.extend(steps)
        return self

    @property
    def remaining(self) -> int:
        """Steps not consumed yet."""
        return len(self._steps)

    def clear(self) -> int:
        """Drops the remaining steps (returns how many), e.g. after a deliberate early stop."""
        count = len(self._steps)
        self._steps.clear()
        return count

    def assert_consumed(self) -> None:
        """Raises ScriptError when steps are left."""
        if self._steps:
            raise ScriptError(
                f"ScriptedModel {self.name!r} has {len(self._steps)} unconsumed step(s) after "
                f"{len(self.calls)} call(s); next: {self._steps[0]!r:.200}"
            )

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
            previous_response_id,
            conversation_id,
        )
        return await self._answer(call)

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
            previous_response_id,
            conversation_id,
            streamed=True,
        )
        response = await self._answer(call)
        for event in _stream_events(response, self.chunk_size):
            if self.event_delay:
                await asyncio.sleep(self.event_delay)
            yield event

    async def _answer(self, call: ModelCall) -> ModelResponse:
        self.calls.append(call)
        if not self._steps:
            raise ScriptError(
                f"ScriptedModel {self.name!r} got call #{len(self.calls)} but its script is "
                f"used up; last input item: {call.input[-1] if call.input else None!r:.200}"
            )
        step = self._steps.popleft()
        if self.delay:
            await asyncio.sleep(self.delay)
        while callable(step) and not isinstance(step, BaseException):
            step = step(call)
        if isinstance(step, BaseException):
            raise step
        return self._response(step, call)

    def _response(self, step: Any, call: ModelCall) -> ModelResponse:
        usage: Usage | None = None
        response_id: str | None = None
        if isinstance(step, ScriptedResponse):
            usage, response_id, step = step.usage, step.response_id, step.output
        outputs = step if isinstance(step, list) else [step]
        output = [self._output_item(o) for o in outputs]
        self._responses += 1
        if usage is not None and not usage.requests:
            usage = dataclasses.replace(usage, requests=1)
        return ModelResponse(
            output=output,
            usage=usage or self._usage(call, output),
            response_id=response_id or f"resp_{self.name}_{self._responses}",
        )

    def _output_item(self, value: Any) -> RawItem:
        if isinstance(value, str):
            return message_raw(value)
        if not isinstance(value, Mapping):
            raise ScriptError(f"ScriptedModel step output {value!r} is not a string or an item.")
        item: RawItem = RawItem(value) if type(value) is RawItem else to_raw(dict(value))
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
