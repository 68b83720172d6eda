"""What a model call cost, in US dollars.

runwright keeps no price table: prices come from the ``genai-prices`` package
(maintained model price data; an optional dependency, imported the first time
a price is needed), or from the user's ``RunConfig(price_fn=...)`` for private
models and negotiated prices. A model neither knows costs ``None``.

Nothing here runs while a run goes unless someone needs a price: a run's
usage records only the model's name, and prices are computed when read
(``result.usage.cost_usd``, a span exported, a ``max_cost_usd`` budget).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from runwright._core.exceptions import UserError

if TYPE_CHECKING:
    from decimal import Decimal

PriceFn = Callable[[Any, Any], Any]
"""``price_fn(model_name, usage) -> Decimal | None``: the cost of one model call in
USD (``usage`` has ``input_tokens``, ``output_tokens``, ``total_tokens`` and
``input_tokens_details.cached_tokens``); None: ask genai-prices."""

_UNKNOWN = object()
_resolved: dict[str, Any] = {}
"""Model name -> (model_ref, provider_id) genai-prices knows it by, or _UNKNOWN."""
_lock = threading.Lock()
_catalog: Any = None
_catalog_missing = False


def price(model: str | None, usage: Any, price_fn: PriceFn | None = None) -> Decimal | None:
    """The cost of one model call (``usage``: its tokens) in USD; None when unknown.

    Raises:
        UserError: ``price_fn`` failed or returned something that is not a number.
    """
    if price_fn is not None:
        value = call_price_fn(price_fn, model, usage)
        if value is not None:
            return value
    if not (usage.input_tokens or usage.output_tokens):
        from decimal import Decimal

        return Decimal(0)
    if not model:
        return None
    return catalog_price(
        model,
        usage.input_tokens,
        usage.input_tokens_details.cached_tokens,
        usage.output_tokens,
    )


def call_price_fn(price_fn: PriceFn, model: str | None, usage: Any) -> Decimal | None:
    """``price_fn(model, usage)`` as a Decimal (None passes through).

    Raises:
        UserError: it raised, or returned something other than a number or None.
    """
    from decimal import Decimal, InvalidOperation

    try:
        value = price_fn(model, usage)
    except Exception as error:
        raise UserError(
            f"price_fn failed for model {model!r}: {type(error).__name__}: {error}"
        ) from error
    if value is None or isinstance(value, Decimal):
        return value
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise UserError(
            f"price_fn must return a Decimal (USD) or None, got {type(value).__name__} "
            f"for model {model!r}."
        )
    try:
        return Decimal(str(value))
    except InvalidOperation:
        raise UserError(f"price_fn returned {value!r}, which is not a number.") from None


def knows_price(model: str | None, price_fn: PriceFn | None = None) -> bool:
    """Whether a call of ``model`` can be priced (by ``price_fn`` or genai-prices)."""
    if price_fn is not None:
        probe = _Probe()
        if call_price_fn(price_fn, model, probe) is not None:
            return True
    if not model:
        return False
    return _resolve(model) is not _UNKNOWN


def catalog_available() -> bool:
    """Whether the genai-prices package is installed."""
    return _load_catalog() is not None


def catalog_price(model: str, input_tokens: int, cached: int, output_tokens: int) -> Decimal | None:
    """The genai-prices price of a call, or None (unknown model, or package missing)."""
    ref = _resolve(model)
    if ref is _UNKNOWN:
        return None
    prices = _load_catalog()
    usage = prices.Usage(
        input_tokens=input_tokens, cache_read_tokens=cached or None, output_tokens=output_tokens
    )
    try:
        result = prices.calc_price(usage, ref[0], provider_id=ref[1])
    except Exception:  # a price the data cannot compute (e.g. a missing tier): unknown
        return None
    from decimal import Decimal

    total = result.total_price
    return total if isinstance(total, Decimal) else Decimal(str(total))


def _resolve(model: str) -> Any:
    """How genai-prices knows ``model`` (tried as given, as ``provider/model``, and by
    its last path segment), cached per name; _UNKNOWN when it does not."""
    found = _resolved.get(model)
    if found is not None:
        return found
    prices = _load_catalog()
    found = _UNKNOWN
    if prices is not None:
        candidates: list[tuple[str, str | None]] = [(model, None)]
        if "/" in model:
            provider, rest = model.split("/", 1)
            candidates += [(rest, provider), (model.rsplit("/", 1)[1], None)]
        probe = prices.Usage(input_tokens=1, output_tokens=1)
        for ref, provider_id in candidates:
            try:
                prices.calc_price(probe, ref, provider_id=provider_id)
            except Exception:
                continue
            found = (ref, provider_id)
            break
    with _lock:
        _resolved[model] = found
    return found


def _load_catalog() -> Any:
    global _catalog, _catalog_missing
    if _catalog is not None or _catalog_missing:
        return _catalog
    with _lock:
        if _catalog is None and not _catalog_missing:
            try:
                import genai_prices
            except ImportError:
                _catalog_missing = True
            else:
                _catalog = genai_prices
    return _catalog


class _Details:
    cached_tokens = 0
    reasoning_tokens = 0


class _Probe:
    """A zero-token usage: asks a price_fn whether it prices a model at all."""

    requests = 1
    input_tokens = 0
    output_tokens = 0
    total_tokens = 0
    input_tokens_details = _Details()
    output_tokens_details = _Details()
