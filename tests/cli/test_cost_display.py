"""Cost in the CLI: chat/demo summaries and `runwright traces show` span facts."""

from __future__ import annotations

from runwright import Usage
from runwright._cli._common import format_usd
from runwright._cli.render import usage_line
from runwright._cli.traces import span_facts


def _priced(model: str) -> Usage:
    usage = Usage(requests=1, input_tokens=1000, output_tokens=500)
    usage._pricing = (model, None)
    return usage


def test_usage_line_shows_the_cost_when_known() -> None:
    assert usage_line(_priced("gpt-4o")) == "1 request · 1000 in / 500 out tokens · $0.0075"
    total = Usage()
    total.add(_priced("gpt-4o"))
    total.add(_priced("gpt-4o"))
    assert usage_line(total).endswith("· $0.015")


def test_usage_line_without_a_known_price_has_no_cost() -> None:
    assert "$" not in usage_line(_priced("my-private-model"))
    assert usage_line(Usage(requests=1)) == "1 request · 0 in / 0 out tokens"


def test_format_usd() -> None:
    assert format_usd(0.5) == "$0.50"
    assert format_usd(12.345) == "$12.35"
    assert format_usd(0.0075) == "$0.0075"
    assert format_usd(0.0) == "$0.00"


def test_span_facts_show_cost() -> None:
    span = {
        "type": "generation",
        "span_data": {"usage": {"input_tokens": 3, "output_tokens": 4, "cost_usd": 0.0012}},
    }
    assert span_facts(span) == ["tokens: 3 in / 4 out · $0.0012"]
