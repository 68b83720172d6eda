"""Token and request accounting for a run."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from runwright._core.pricing import price

if TYPE_CHECKING:
    from decimal import Decimal

_UNPRICED: Any = object()
"""A cost not computed yet."""


@dataclass(slots=True)
class InputTokensDetails:
    """Breakdown of input tokens (Responses API naming)."""

    cached_tokens: int = 0


@dataclass(slots=True)
class OutputTokensDetails:
    """Breakdown of output tokens (Responses API naming)."""

    reasoning_tokens: int = 0


@dataclass(slots=True)
class RequestUsage:
    """The tokens of one model request (an entry of ``Usage.request_usage_entries``)."""

    input_tokens: int
    output_tokens: int
    total_tokens: int
    input_tokens_details: InputTokensDetails = field(default_factory=InputTokensDetails)
    output_tokens_details: OutputTokensDetails = field(default_factory=OutputTokensDetails)
    model: str | None = None
    """The model that answered (as the run named it), when known: what prices it."""
    _price_fn: Any = field(default=None, init=False, repr=False, compare=False)
    _cost: Any = field(default=_UNPRICED, init=False, repr=False, compare=False)

    @property
    def cost_usd(self) -> Decimal | None:
        """What this request cost in USD (``RunConfig.price_fn``, else the genai-prices
        data); None when the model's price is unknown. Computed when first read."""
        cost = self._cost
        if cost is _UNPRICED:
            cost = self._cost = price(self.model, self, self._price_fn)
        return cost  # type: ignore[no-any-return]


@dataclass(slots=True)
class Usage:
    """Requests and tokens used, per model response and aggregated over a run.

    ``request_tokens`` / ``response_tokens`` are aliases of ``input_tokens`` /
    ``output_tokens``. When ``total_tokens`` is not given it is their sum.
    ``request_usage_entries`` keeps each request's tokens (for per-request cost
    or context-window accounting): as in the SDK, :meth:`add` records one entry
    for every added single-request usage with tokens, and carries over the
    entries of an added aggregate.
    """

    # the SDK's field order (positional arguments and the repr follow it)
    requests: int = 0
    input_tokens: int = 0
    input_tokens_details: InputTokensDetails = field(default_factory=InputTokensDetails)
    output_tokens: int = 0
    output_tokens_details: OutputTokensDetails = field(default_factory=OutputTokensDetails)
    total_tokens: int = 0
    request_usage_entries: list[RequestUsage] = field(default_factory=list)
    _pricing: Any = field(default=None, init=False, repr=False, compare=False)
    """(model name, price_fn) of a single model response, set by the run loop."""
    _cost: Any = field(default=_UNPRICED, init=False, repr=False, compare=False)
    """A single response's cost, once computed."""

    def __post_init__(self) -> None:
        if not self.total_tokens:
            self.total_tokens = self.input_tokens + self.output_tokens

    @property
    def request_tokens(self) -> int:
        """Alias of ``input_tokens``."""
        return self.input_tokens

    @property
    def response_tokens(self) -> int:
        """Alias of ``output_tokens``."""
        return self.output_tokens

    @property
    def details(self) -> dict[str, int]:
        """Token details as a flat dict: ``cached_tokens`` and ``reasoning_tokens``."""
        return {
            "cached_tokens": self.input_tokens_details.cached_tokens,
            "reasoning_tokens": self.output_tokens_details.reasoning_tokens,
        }

    @property
    def cost_usd(self) -> Decimal | None:
        """What these requests cost in USD, summed over ``request_usage_entries``
        (each priced by ``RunConfig.price_fn``, else the genai-prices data); None when
        any request's price is unknown. Computed when read, never while a run goes."""
        from decimal import Decimal

        entries = self.request_usage_entries
        if entries:
            total = Decimal(0)
            for entry in entries:
                cost = entry.cost_usd
                if cost is None:
                    return None
                total += cost
            return total
        if not (self.input_tokens or self.output_tokens):
            return Decimal(0)
        if self._pricing is not None and self.requests <= 1:
            cost = self._cost
            if cost is _UNPRICED:
                cost = self._cost = price(self._pricing[0], self, self._pricing[1])
            return cost
        return None

    def add(self, other: Usage) -> None:
        """Add ``other`` into this usage, in place."""
        self.requests += other.requests
        self.input_tokens += other.input_tokens
        self.output_tokens += other.output_tokens
        self.total_tokens += other.total_tokens
        self.input_tokens_details.cached_tokens += other.input_tokens_details.cached_tokens
        self.output_tokens_details.reasoning_tokens += other.output_tokens_details.reasoning_tokens
        if other.request_usage_entries:
            self.request_usage_entries.extend(_copy_entry(e) for e in other.request_usage_entries)
        elif other.requests == 1 and (
            other.input_tokens or other.output_tokens or other.total_tokens
        ):
            self.request_usage_entries.append(_entry_of(other))

    def __add__(self, other: Usage) -> Usage:
        total = Usage()
        total.add(self)
        total.add(other)
        return total

    @classmethod
    def from_wire(cls, data: Mapping[str, Any] | None, *, requests: int = 1) -> Usage:
        """Reads a usage object in Responses or Chat Completions shape; missing fields are 0."""
        if not data:
            return cls(requests=requests)
        get = data.get
        inp = get("input_tokens")
        if inp is None:
            inp = get("prompt_tokens")
        out = get("output_tokens")
        if out is None:
            out = get("completion_tokens")
        in_details = get("input_tokens_details") or get("prompt_tokens_details") or {}
        out_details = get("output_tokens_details") or get("completion_tokens_details") or {}
        return cls(
            requests=requests,
            input_tokens=inp or 0,
            output_tokens=out or 0,
            total_tokens=get("total_tokens") or 0,
            input_tokens_details=InputTokensDetails(in_details.get("cached_tokens") or 0),
            output_tokens_details=OutputTokensDetails(out_details.get("reasoning_tokens") or 0),
        )

    def to_json_dict(self) -> dict[str, Any]:
        """Plain-JSON form (used by RunState and traces); ``request_usage_entries`` only
        when there are some (a run's aggregate, not a single response's)."""
        data = responses_counts(self)
        data["requests"] = self.requests
        if self.request_usage_entries:
            data["request_usage_entries"] = [
                responses_counts(e) for e in self.request_usage_entries
            ]
        return data

    def cost_json(self) -> float | None:
        """``cost_usd`` for a JSON record (a trace): a float, None when unknown or when
        pricing failed (a failing ``price_fn`` must not fail a trace export)."""
        if self._pricing is None and not self.request_usage_entries:
            return None
        try:
            cost = self.cost_usd
        except Exception:
            return None
        return None if cost is None else float(cost)


def responses_counts(usage: Usage | RequestUsage) -> dict[str, Any]:
    """Token counts in Responses API shape (no ``requests``)."""
    return {
        "input_tokens": usage.input_tokens,
        "output_tokens": usage.output_tokens,
        "total_tokens": usage.total_tokens,
        "input_tokens_details": {"cached_tokens": usage.input_tokens_details.cached_tokens},
        "output_tokens_details": {"reasoning_tokens": usage.output_tokens_details.reasoning_tokens},
    }


def _entry_of(usage: Usage) -> RequestUsage:
    entry = RequestUsage(
        usage.input_tokens,
        usage.output_tokens,
        usage.total_tokens,
        InputTokensDetails(usage.input_tokens_details.cached_tokens),
        OutputTokensDetails(usage.output_tokens_details.reasoning_tokens),
    )
    pricing = usage._pricing
    if pricing is not None:
        entry.model, entry._price_fn = pricing
    return entry


def _copy_entry(entry: RequestUsage) -> RequestUsage:
    copy = RequestUsage(
        entry.input_tokens,
        entry.output_tokens,
        entry.total_tokens,
        InputTokensDetails(entry.input_tokens_details.cached_tokens),
        OutputTokensDetails(entry.output_tokens_details.reasoning_tokens),
        entry.model,
    )
    copy._price_fn, copy._cost = entry._price_fn, entry._cost
    return copy
