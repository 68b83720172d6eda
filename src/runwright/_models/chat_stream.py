"""Chat Completions stream chunks -> Responses API stream events (a pure state machine).

Feed each chunk (a plain dict) to :meth:`ChatStreamAssembler.feed`, which
returns the events it produces; :meth:`ChatStreamAssembler.finish` returns the
closing events, the last being ``response.completed``. The chunks are also
accumulated into one assistant message that goes through the very function
the non-streamed call uses (:func:`~.chat_convert.message_to_items`), so the
completed response equals what ``get_response`` would return.

Event vocabulary (Responses API names), as the SDK streams a Chat Completions reply:
``response.created``, ``response.output_item.added`` / ``.done``,
``response.content_part.added`` / ``.done``, ``response.output_text.delta``,
``response.refusal.delta``, ``response.reasoning_summary_part.added`` / ``.done``,
``response.reasoning_summary_text.delta``, ``response.function_call_arguments.delta``,
``response.completed``. Every event has a ``sequence_number`` (from 0 in each
response), and the events about one item's parts carry the placeholder ``item_id``.
At the end come the reasoning item's ``.done``, the message's part ``.done``, each
tool call's item ``.done``, then the message's item ``.done`` (the SDK's order).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from runwright._core.items import RawItem
from runwright._core.usage import Usage, responses_counts
from runwright._models.chat_convert import FAKE_RESPONSES_ID, message_to_items


def _event(type_: str, **fields: Any) -> RawItem:
    return RawItem(type=type_, **fields)


class _ToolCallState:
    __slots__ = ("arguments", "call_id", "name", "output_index")

    def __init__(self) -> None:
        self.call_id: str | None = None
        self.name = ""
        self.arguments = ""
        self.output_index: int | None = None


class ChatStreamAssembler:
    """Turns one Chat Completions stream into Responses events and a final response."""

    def __init__(self, model: str) -> None:
        self.model = model
        self.response_id: str | None = None
        self.usage: dict[str, Any] | None = None
        self._started = False
        self._next_index = 0
        self._reasoning: list[str] = []
        self._reasoning_index: int | None = None
        self._reasoning_field = "reasoning_content"
        """The message field the server sends reasoning in (Ollama / vLLM: ``reasoning``)."""
        self._text: list[str] = []
        self._text_index: int | None = None
        self._refusal: list[str] = []
        self._calls: dict[int, _ToolCallState] = {}
        self._sequence = 0
        self._reasoning_part_open = False

    def _numbered(self, events: list[RawItem]) -> list[RawItem]:
        """``events`` with their ``sequence_number``s (consecutive over the response)."""
        number = self._sequence
        for event in events:
            event["sequence_number"] = number
            number += 1
        self._sequence = number
        return events

    # ----- feeding ------------------------------------------------------------

    def feed(self, chunk: Mapping[str, Any]) -> list[RawItem]:
        """The events for one chunk (possibly none)."""
        events = self._start(chunk)
        if chunk.get("usage"):
            self.usage = dict(chunk["usage"])
        for choice in chunk.get("choices") or ():
            delta = (choice or {}).get("delta") or {}
            events.extend(self._reasoning_delta(delta))
            events.extend(self._text_delta(delta))
            events.extend(self._refusal_delta(delta))
            for position, call in enumerate(delta.get("tool_calls") or ()):
                events.extend(self._tool_call_delta(position, call))
            break  # only the first choice is used, as in the non-streamed parse
        return self._numbered(events) if events else events

    def _start(self, chunk: Mapping[str, Any]) -> list[RawItem]:
        if self.response_id is None and chunk.get("id"):
            self.response_id = str(chunk["id"])
        if self._started:
            return []
        self._started = True
        response = RawItem(id=FAKE_RESPONSES_ID, object="response", model=self.model, output=[])
        return [_event("response.created", response=response)]

    def _claim_index(self) -> int:
        index = self._next_index
        self._next_index += 1
        return index

    def _reasoning_delta(self, delta: Mapping[str, Any]) -> list[RawItem]:
        text = delta.get("reasoning_content")
        if not text and isinstance(delta.get("reasoning"), str) and delta["reasoning"]:
            text = delta["reasoning"]
            if not self._reasoning:
                self._reasoning_field = "reasoning"
        if not isinstance(text, str) or not text:
            return []
        events = []
        if self._reasoning_index is None:
            self._reasoning_index = self._claim_index()
            item = RawItem(id=FAKE_RESPONSES_ID, summary=[], type="reasoning")
            events.append(self._added(self._reasoning_index, item))
            self._reasoning_part_open = True
            part = RawItem(text="", type="summary_text")
            events.append(self._summary_part_event("response.reasoning_summary_part.added", part))
        self._reasoning.append(text)
        events.append(
            _event(
                "response.reasoning_summary_text.delta",
                item_id=FAKE_RESPONSES_ID,
                output_index=self._reasoning_index,
                summary_index=0,
                delta=text,
            )
        )
        return events

    def _summary_part_event(self, type_: str, part: RawItem) -> RawItem:
        return _event(
            type_,
            item_id=FAKE_RESPONSES_ID,
            output_index=self._reasoning_index,
            part=part,
            summary_index=0,
        )

    def _close_reasoning_part(self) -> list[RawItem]:
        """The reasoning summary part's ``.done``, once, when other output starts."""
        if not self._reasoning_part_open:
            return []
        self._reasoning_part_open = False
        part = RawItem(text="".join(self._reasoning), type="summary_text")
        return [self._summary_part_event("response.reasoning_summary_part.done", part)]

    def _open_message(self) -> list[RawItem]:
        if self._text_index is not None:
            return []
        events = self._close_reasoning_part()
        self._text_index = self._claim_index()
        item = RawItem(id=FAKE_RESPONSES_ID, content=[], role="assistant")
        item.update(status="in_progress", type="message")
        events.append(self._added(self._text_index, item))
        return events

    def _text_delta(self, delta: Mapping[str, Any]) -> list[RawItem]:
        text = delta.get("content")
        if not isinstance(text, str) or not text:
            return []
        events = self._open_message()
        if not self._text:
            part = RawItem(annotations=[], text="", type="output_text", logprobs=[])
            events.append(self._part_event("response.content_part.added", part))
        self._text.append(text)
        events.append(
            _event(
                "response.output_text.delta",
                content_index=0,
                delta=text,
                item_id=FAKE_RESPONSES_ID,
                logprobs=[],
                output_index=self._text_index,
            )
        )
        return events

    def _refusal_delta(self, delta: Mapping[str, Any]) -> list[RawItem]:
        text = delta.get("refusal")
        if not isinstance(text, str) or not text:
            return []
        events = self._open_message()
        if not self._refusal:
            part = RawItem(refusal="", type="refusal")
            events.append(self._part_event("response.content_part.added", part))
        self._refusal.append(text)
        events.append(
            _event(
                "response.refusal.delta",
                content_index=0,
                delta=text,
                item_id=FAKE_RESPONSES_ID,
                output_index=self._text_index,
            )
        )
        return events

    def _tool_call_delta(self, position: int, call: Mapping[str, Any]) -> list[RawItem]:
        index = call.get("index")
        key = index if isinstance(index, int) else position
        state = self._calls.setdefault(key, _ToolCallState())
        function = call.get("function") or {}
        if call.get("id") and state.call_id is None:
            state.call_id = str(call["id"])
        # Set once: some servers repeat the full name in every chunk.
        if function.get("name") and not state.name:
            state.name = str(function["name"])
        events: list[RawItem] = []
        if state.output_index is None and state.name:
            events.extend(self._close_reasoning_part())
            state.output_index = self._claim_index()
            item = RawItem(arguments="", call_id=state.call_id, name=state.name)
            item.update(type="function_call", id=FAKE_RESPONSES_ID)
            events.append(self._added(state.output_index, item))
        fragment = function.get("arguments")
        if isinstance(fragment, str) and fragment:
            state.arguments += fragment
            if state.output_index is not None:
                events.append(
                    _event(
                        "response.function_call_arguments.delta",
                        delta=fragment,
                        item_id=FAKE_RESPONSES_ID,
                        output_index=state.output_index,
                    )
                )
        return events

    def _added(self, index: int, item: RawItem) -> RawItem:
        """An ``output_item.added`` event; the item in the SDK's form (placeholder id, the
        model and completion id as ``provider_data``)."""
        item["provider_data"] = self._provider_data()
        return _event("response.output_item.added", output_index=index, item=item)

    def _provider_data(self) -> RawItem:
        data = RawItem(model=self.model)
        if self.response_id is not None:
            data["response_id"] = self.response_id
        return data

    def _part_event(self, type_: str, part: RawItem) -> RawItem:
        return _event(
            type_,
            content_index=0,
            item_id=FAKE_RESPONSES_ID,
            output_index=self._text_index,
            part=part,
        )

    # ----- finishing ----------------------------------------------------------

    def assembled_message(self) -> dict[str, Any]:
        """The assistant message the chunks add up to (non-streamed shape)."""
        message: dict[str, Any] = {"role": "assistant", "content": "".join(self._text) or None}
        if self._reasoning:
            message[self._reasoning_field] = "".join(self._reasoning)
        if self._refusal:
            message["refusal"] = "".join(self._refusal)
        calls = [self._calls[k] for k in sorted(self._calls)]
        if calls:
            message["tool_calls"] = [
                {
                    "id": c.call_id,
                    "type": "function",
                    "function": {"name": c.name, "arguments": c.arguments},
                }
                for c in calls
            ]
        return message

    def finish(self) -> list[RawItem]:
        """Closing events: ``.done`` for each item, then ``response.completed``."""
        events = self._start({})
        events.extend(self._close_reasoning_part())
        output = message_to_items(self.assembled_message(), self._provider_data())
        events.extend(self._done_events(output))
        # As in the SDK, the assembled response has the placeholder id, not the completion's.
        response = RawItem(id=FAKE_RESPONSES_ID, object="response", model=self.model)
        response.update(output=output, usage=responses_usage(self.usage))
        events.append(_event("response.completed", response=response))
        return self._numbered(events)

    def _done_events(self, output: list[RawItem]) -> list[RawItem]:
        """Reasoning's item ``.done``, the message's parts' ``.done``, each other item's
        ``.done``, then the message's (the order the SDK closes them in)."""
        indices = self._output_indices(output)
        events: list[RawItem] = []
        message_done: list[RawItem] = []
        for item, index in zip(output, indices, strict=True):
            done = _event("response.output_item.done", item=item, output_index=index)
            if item.get("type") == "message":
                for part in item["content"]:
                    events.append(self._part_event("response.content_part.done", part))
                message_done.append(done)
            else:
                events.append(done)
        return events + message_done

    def _output_indices(self, output: list[RawItem]) -> list[int]:
        """The output_index each final item was announced with (by kind, in order)."""
        calls = iter(self._calls[k].output_index for k in sorted(self._calls))
        indices = []
        for item in output:
            kind = item.get("type")
            if kind == "reasoning":
                index = self._reasoning_index
            elif kind == "message":
                index = self._text_index
            else:
                index = next(calls, None)
            indices.append(index if index is not None else self._claim_index())
        return indices


def responses_usage(chat_usage: Mapping[str, Any] | None) -> dict[str, Any]:
    """A Chat Completions usage object in Responses API shape."""
    return responses_counts(Usage.from_wire(chat_usage))
