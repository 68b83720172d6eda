"""Stored model-call inputs share their common prefix, and read back whole."""

from __future__ import annotations

from typing import Any

from runwright._tracing.codec import expand_input_prefixes, share_input_prefixes


def _model_span(span_id: str, items: list[Any]) -> list[Any]:
    return [span_id, None, "response", 0, 1, None, {"type": "response", "input": items}]


def test_a_long_conversation_is_stored_once_and_read_back_whole() -> None:
    transcript = [{"role": "user", "content": f"m{i}"} for i in range(2000)]
    arrays = [_model_span(f"s{n}", transcript[: 2 * n + 1]) for n in range(1000)]
    arrays.insert(3, ["f", None, "function", 0, 1, None, {"type": "function", "input": "{}"}])
    expected = [list(a[6]["input"]) if a[2] == "response" else a[6]["input"] for a in arrays]
    share_input_prefixes(arrays)
    stored = sum(len(a[6]["input"]["rest"]) for a in arrays if isinstance(a[6]["input"], dict))
    assert stored < 2100  # linear in the conversation, not quadratic (~1,000,000 items)
    expand_input_prefixes(arrays)
    assert [a[6]["input"] for a in arrays] == expected


def test_equal_but_distinct_items_are_not_shared() -> None:
    arrays = [
        _model_span("a", [{"role": "user", "content": "x"}, {"role": "user", "content": "y"}]),
        _model_span("b", [{"role": "user", "content": "x"}, {"role": "user", "content": "y"}]),
    ]
    share_input_prefixes(arrays)
    assert isinstance(arrays[1][6]["input"], list)


def test_the_previous_output_is_shared_too() -> None:
    user, call, result = {"role": "user", "content": "hi"}, {"type": "function_call"}, {"o": 1}
    first = _model_span("a", [user])
    first[6]["output"] = [call]
    second = _model_span("b", [user, call, result])
    arrays = [first, second]
    share_input_prefixes(arrays)
    assert arrays[1][6]["input"] == {"$prefix": "a", "n": 2, "rest": [result]}
    expand_input_prefixes(arrays)
    assert arrays[1][6]["input"] == [user, call, result]
