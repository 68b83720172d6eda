"""openai's typed objects built from runwright's light dicts, only when user code asks.

The run loop moves Responses API events and items as plain dicts
(:class:`~runwright.items.RawItem`). SDK programs check them with
``isinstance(event.data, ResponseTextDeltaEvent)`` and read typed attributes,
so :class:`~runwright.stream_events.RawResponsesStreamEvent` turns its dict into the
``openai.types.responses`` object the first time ``.data`` is read. This
module does that conversion; it imports openai on first use, never before.

Construction is lenient (openai's own ``construct_type``, the path the openai
client uses for server answers): a field a server left out reads as missing
instead of failing the run. The typed object also answers ``.get(key)``, so
code written against the earlier dict form keeps working.
"""

from __future__ import annotations

from typing import Any

_CLASSES: dict[str, type[Any]] | None = None


def _get(self: Any, key: str, default: Any = None) -> Any:
    """Dict-style read, for code written against the plain-dict form."""
    return getattr(self, key, default)


def _literal_types(cls: type[Any]) -> tuple[str, ...]:
    field = getattr(cls, "model_fields", {}).get("type")
    args = getattr(field.annotation, "__args__", ()) if field is not None else ()
    return tuple(a for a in args if isinstance(a, str))


def _union_members(union: Any) -> tuple[Any, ...]:
    import typing

    inner = typing.get_args(union)[0] if typing.get_origin(union) is typing.Annotated else union
    return typing.get_args(inner)


def _class_map() -> dict[str, type[Any]]:
    """Event and output-item ``type`` strings -> their openai classes (built once)."""
    global _CLASSES
    if _CLASSES is None:
        from openai.types import responses

        classes: dict[str, type[Any]] = {}
        for union in (responses.ResponseStreamEvent, responses.ResponseOutputItem):
            for cls in _union_members(union):
                for name in _literal_types(cls):
                    classes.setdefault(name, cls)
        _CLASSES = classes
    return _CLASSES


_WITH_GET: dict[type[Any], type[Any]] = {}


def _with_get(cls: type[Any]) -> type[Any]:
    """A subclass of ``cls`` adding ``.get`` (isinstance checks against ``cls`` still hold)."""
    sub = _WITH_GET.get(cls)
    if sub is None:
        namespace = {"get": _get, "__module__": cls.__module__}
        sub = _WITH_GET[cls] = type(cls.__name__, (cls,), namespace)
    return sub


def typed(data: Any) -> Any:
    """The openai typed object for an event or output item dict (``data`` if none fits)."""
    if not isinstance(data, dict):
        return data
    cls = _class_map().get(str(data.get("type")))
    if cls is None:
        return data
    from openai._models import construct_type

    try:
        return construct_type(type_=_with_get(cls), value=dict(data))
    except Exception:  # a shape openai cannot read: the dict is still the truth
        return data


def typed_list(items: list[Any]) -> list[Any]:
    """Each output item dict as its openai typed object."""
    return [typed(item) for item in items]
