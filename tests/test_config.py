"""ModelSettings merging and Usage accounting."""

from __future__ import annotations

from runwright import ModelSettings, Usage


def test_resolve_overrides_non_none_fields() -> None:
    base = ModelSettings(temperature=0.2, top_p=0.9, max_tokens=100, extra_args={"a": 1, "b": 1})
    merged = base.resolve(ModelSettings(temperature=0.7, extra_args={"b": 2}))
    assert (merged.temperature, merged.top_p, merged.max_tokens) == (0.7, 0.9, 100)
    assert merged.extra_args == {"a": 1, "b": 2}
    assert base.temperature == 0.2  # not mutated
    assert base.resolve(None) is base


def test_to_json_dict_skips_none() -> None:
    assert ModelSettings(temperature=0.5, store=False).to_json_dict() == {
        "temperature": 0.5,
        "store": False,
    }


def test_usage_add_and_aliases() -> None:
    total = Usage()
    total.add(Usage(requests=1, input_tokens=10, output_tokens=5))
    total.add(Usage(requests=1, input_tokens=1, output_tokens=2, total_tokens=3))
    assert (total.requests, total.total_tokens, total.request_tokens, total.response_tokens) == (
        2,
        18,
        11,
        7,
    )
    assert (Usage(input_tokens=1) + Usage(output_tokens=2)).total_tokens == 3


def test_usage_from_wire_reads_both_shapes() -> None:
    responses = Usage.from_wire(
        {
            "input_tokens": 10,
            "output_tokens": 4,
            "total_tokens": 14,
            "input_tokens_details": {"cached_tokens": 3},
            "output_tokens_details": {"reasoning_tokens": 2},
        }
    )
    chat = Usage.from_wire(
        {"prompt_tokens": 10, "completion_tokens": 4, "prompt_tokens_details": None}
    )
    assert responses.details == {"cached_tokens": 3, "reasoning_tokens": 2}
    assert (chat.input_tokens, chat.output_tokens, chat.total_tokens) == (10, 4, 14)
    assert Usage.from_wire(None).requests == 1
