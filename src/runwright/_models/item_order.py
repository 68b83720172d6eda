"""Output items from a Responses API server, with their keys in openai's model order.

The SDK parses a response into openai's typed items and dumps them back to dicts,
so what a program prints (``json.dumps(result.to_input_list())``) has the keys in
the order the models declare their fields (``arguments, call_id, name, type, id,
status`` for a function call), whatever order the server sent. runwright keeps
the dicts; :func:`in_model_order` gives them that same order, once per output
item, only on the HTTP adapters' path.
"""

from __future__ import annotations

from typing import Any, get_args

from runwright._core.items import RawItem

_orders: dict[str, tuple[str, ...]] | None = None

_NESTED = ("content", "summary")
"""Keys holding parts that have their own order (message text parts, reasoning summaries)."""


def _field_orders() -> dict[str, tuple[str, ...]]:
    """``type`` -> field names in declaration order, read once from the openai models."""
    global _orders
    if _orders is None:
        _orders = {}
        try:
            from openai.types.responses import (
                ResponseOutputItem,
                ResponseOutputRefusal,
                ResponseOutputText,
            )
            from openai.types.responses.response_reasoning_item import Content, Summary
        except ImportError:  # pragma: no cover - an openai without these types
            return _orders
        union = get_args(ResponseOutputItem)
        classes = [*get_args(union[0]), ResponseOutputText, ResponseOutputRefusal, Summary, Content]
        for cls in classes:
            fields = getattr(cls, "model_fields", None)
            if not fields or "type" not in fields:
                continue
            keys = tuple(field.alias or name for name, field in fields.items())
            for kind in get_args(fields["type"].annotation):
                _orders.setdefault(kind, keys)
    return _orders


def in_model_order(item: Any) -> Any:
    """``item`` (a RawItem) re-keyed in its openai model's field order; keys the model
    does not declare keep their place after the declared ones."""
    if not isinstance(item, dict):
        return item
    keys = _field_orders().get(item.get("type"))  # type: ignore[arg-type]
    if keys is None:
        return item
    ordered = RawItem({key: item[key] for key in keys if key in item})
    if len(ordered) != len(item):
        ordered.update((key, value) for key, value in item.items() if key not in ordered)
    for key in _NESTED:
        parts = ordered.get(key)
        if type(parts) is list:
            ordered[key] = [in_model_order(part) for part in parts]
    return ordered
