"""Hypothesis strategies for what a model server might send, well-formed or not."""

from __future__ import annotations

import copy
import json
from typing import Any

from hypothesis import strategies as st

from support.fake_openai_server import (
    Answer,
    RawBytes,
    RawSSE,
    ToolCall,
    chat_json,
    chat_sse,
    responses_json,
    responses_sse,
)

MODEL = "fuzz-model"

ANSWERS = [
    Answer(text="Hello there."),
    Answer(tool_calls=[ToolCall("echo", '{"text": "hi"}', call_id="call_1")]),
    Answer(reasoning="thinking", text="Done."),
    Answer(refusal="I cannot."),
    Answer(text="Both.", tool_calls=[ToolCall("echo", '{"text": "a"}', call_id="call_2")]),
]

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False)
    | st.text(max_size=12)
    | st.sampled_from(["lots", "", "completed", "failed", "incomplete", "function_call"])
)
json_values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
adversarial = st.sampled_from(
    [None, [], {}, 123, "lots", "12", [123], {"type": 5}, [[[[[]]]]], True, -1, 1.5]
).map(copy.deepcopy)  # fresh objects: a later mutation must not change the strategy's own


_DEEP = "__deep_nesting_{}__"


def as_json_text(value: Any) -> str:
    """JSON text of ``value``, with each deep-nesting marker expanded (the standard
    encoder itself cannot write JSON nested thousands deep)."""
    text = json.dumps(value)
    for depth in (70, 500, 5000):
        marker = json.dumps(_DEEP.format(depth))
        text = text.replace(marker, "[" * depth + '"x"' + "]" * depth)
    return text


def with_deep_values(value: Any) -> Any:
    """``value`` with each deep-nesting marker replaced by lists nested that deep."""
    if isinstance(value, dict):
        return {k: with_deep_values(v) for k, v in value.items()}
    if isinstance(value, list):
        return [with_deep_values(v) for v in value]
    for depth in (70, 500, 5000):
        if value == _DEEP.format(depth):
            deep: Any = "x"
            for _ in range(depth):
                deep = [deep]
            return deep
    return value


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, child in value.items():
            found += _paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found += _paths(child, (*prefix, index))
    return found


@st.composite
def mutated(draw: st.DrawFn, base: Any) -> Any:
    """``base`` with one to three places replaced, removed, or given an unexpected value."""
    value = copy.deepcopy(base)
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(_paths(value)))
        action = draw(st.sampled_from(["replace", "odd", "delete", "deep"]))
        if not path:
            value = draw(json_values if action == "replace" else adversarial)
            continue
        parent = value
        try:
            for key in path[:-1]:
                parent = parent[key]
        except (KeyError, IndexError, TypeError):
            continue
        last = path[-1]
        if action == "delete" and isinstance(parent, dict):
            parent.pop(last, None)
        elif action == "deep":
            parent[last] = _DEEP.format(draw(st.sampled_from([70, 500, 5000])))
        else:
            parent[last] = draw(json_values if action == "replace" else adversarial)
    return value


def _sse_events(lines: list[str]) -> list[Any]:
    events: list[Any] = []
    for line in lines:
        data = next(x for x in line.splitlines() if x.startswith("data: "))[6:]
        events.append(data if data == "[DONE]" else json.loads(data))
    return events


raw_bodies = st.one_of(
    st.binary(max_size=120),
    st.sampled_from(
        [
            b"<html><body><h1>502 Bad Gateway</h1></body></html>",
            b"[" * 100_000,
            b'{"output": "\xff\xfe\xfa"}',
            b'{"output": [',
            b"null",
            b"[]",
            b'"just a string"',
            b"",
        ]
    ),
    st.text(max_size=60).map(str.encode),
)

odd_sse_lines = st.one_of(
    st.text(max_size=30).filter(lambda t: "\n" not in t and "\r" not in t),
    json_values.map(json.dumps),
    st.sampled_from(["[1, 2]", "42", '"text"', "null", '{"no_type": 1}', "{", "[" * 5000]),
)


@st.composite
def replies(draw: st.DrawFn, api: str, stream: bool) -> Any:
    """One reply of the scripted server for ``api`` ("responses"/"chat"), streamed or not."""
    answer = draw(st.sampled_from(ANSWERS))
    kind = draw(
        st.sampled_from(
            ["mutated", "mutated", "raw", "odd_lines"] if stream else ["mutated", "mutated", "raw"]
        )
    )
    if kind == "raw":
        content_type = "text/event-stream" if stream else "application/json"
        return RawBytes(draw(raw_bodies), content_type=content_type)
    if not stream:
        base = (
            responses_json(answer, MODEL, 1) if api == "responses" else chat_json(answer, MODEL, 1)
        )
        return RawBytes(as_json_text(draw(mutated(base))).encode())
    lines = (
        responses_sse(answer, MODEL, 1)
        if api == "responses"
        else chat_sse(answer, MODEL, 1, include_usage=True)
    )
    events = _sse_events(lines)
    if kind == "odd_lines":
        at = draw(st.integers(0, len(events)))
        events[at:at] = draw(st.lists(odd_sse_lines, min_size=1, max_size=3))
        return RawSSE(events)
    index = draw(st.integers(0, len(events) - 1))
    if events[index] != "[DONE]":
        events[index] = draw(mutated(events[index]))
    if draw(st.booleans()):
        del events[draw(st.integers(0, len(events) - 1))]
    return RawSSE([e if isinstance(e, str) else as_json_text(e) for e in events])
