"""Tool return values -> Responses API input parts (no pydantic import here).

See :mod:`runwright._tools.outputs` for what a tool may return. The run loop
calls :func:`tool_output_for_model` on every tool result: text stays text, and
structured outputs become a list of ``input_text``/``input_image``/``input_file``
parts for the ``function_call_output``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from runwright._tools.function_tool import tool_output_text

_CLASSES_MODULE = "runwright._tools.outputs"


_FIELDS = {
    "text": ("input_text", ("text",)),
    "image": ("input_image", ("image_url", "file_id", "detail")),
    "file": ("input_file", ("file_data", "file_url", "file_id", "filename")),
}
_SOURCES = {"text": ("text",), "image": ("image_url", "file_id"), "file": _FIELDS["file"][1][:3]}
_INPUT_PARTS = frozenset({"input_text", "input_image", "input_file"})


def _part(value: Any) -> dict[str, Any] | None:
    """One Responses input part for a structured output value, or None if it is not one."""
    if not isinstance(value, Mapping):
        if type(value).__module__ != _CLASSES_MODULE:
            return None
        value = value.model_dump(exclude_none=True)
    kind = value.get("type")
    if kind in _INPUT_PARTS:
        return dict(value)
    spec = _FIELDS.get(kind) if isinstance(kind, str) else None
    if spec is None or not any(isinstance(value.get(k), str) for k in _SOURCES[kind]):
        return None
    part_type, keys = spec
    return {"type": part_type, **{k: value[k] for k in keys if value.get(k) is not None}}


def structured_output(output: Any) -> list[dict[str, Any]] | None:
    """The input parts for a tool's return value, or None: it is plain data, sent as text.

    A list counts only when every element is a structured output (as in the SDK).
    """
    if isinstance(output, (list, tuple)):
        if not output or not _maybe_structured(output[0]):
            return None
        parts = [_part(v) for v in output]
        return parts if all(p is not None for p in parts) else None  # type: ignore[return-value]
    if not _maybe_structured(output):
        return None
    part = _part(output)
    return [part] if part is not None else None


def _maybe_structured(value: Any) -> bool:
    """A cheap first check (no pydantic): a typed dict or one of this module's classes."""
    if isinstance(value, Mapping):
        return "type" in value
    return type(value).__module__ == _CLASSES_MODULE


def tool_output_for_model(output: Any) -> str | list[dict[str, Any]]:
    """What the model gets for a tool's return value: input parts, or text."""
    if type(output) is str:
        return output
    parts = structured_output(output)
    return parts if parts is not None else tool_output_text(output)
