"""``ToolOutputTrimmer``: a ``RunConfig.call_model_input_filter`` that shortens old tool outputs.

The last ``recent_turns`` user messages and everything after them go to the
model untouched. Before that, a ``function_call_output`` longer than
``max_output_chars`` (of a tool in ``trimmable_tools``, when given) becomes a
short preview, and a ``tool_search_output``'s tool list loses its prose
(descriptions cut, schema titles and descriptions dropped). Items are copied,
never changed in place.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from runwright._core.config import CallModelData, ModelInputData

logger = logging.getLogger("runwright")

_PROSE = frozenset({"description", "title", "$comment", "examples"})
_SUBSCHEMA = frozenset(
    {
        "additionalItems",
        "additionalProperties",
        "contains",
        "contentSchema",
        "else",
        "if",
        "items",
        "not",
        "propertyNames",
        "then",
        "unevaluatedItems",
        "unevaluatedProperties",
    }
)
_SUBSCHEMA_LISTS = frozenset({"allOf", "anyOf", "oneOf", "prefixItems"})
_SUBSCHEMA_MAPS = frozenset(
    {"$defs", "definitions", "dependentSchemas", "patternProperties", "properties", "dependencies"}
)
_PART_FIELDS = {
    "input_text": frozenset({"type", "text"}),
    "input_image": frozenset({"type", "image_url", "file_id", "detail"}),
    "input_file": frozenset({"type", "file_data", "file_url", "file_id", "filename"}),
}
_DETAILS = frozenset({"low", "high", "auto"})


@dataclass
class ToolOutputTrimmer:
    """Trims large tool outputs of older turns before each model call.

    Args:
        recent_turns: user messages (counted from the end) whose turns stay whole.
        max_output_chars: outputs longer than this are trimmed.
        preview_chars: how much of a trimmed output is kept.
        trimmable_tools: tool names (bare or ``namespace.name``) whose outputs may be
            trimmed; None: every tool's.
    """

    recent_turns: int = 2
    max_output_chars: int = 500
    preview_chars: int = 200
    trimmable_tools: str | Iterable[str] | None = field(default=None)

    def __post_init__(self) -> None:
        if self.recent_turns < 1:
            raise ValueError(f"recent_turns must be >= 1, got {self.recent_turns}")
        if self.max_output_chars < 1:
            raise ValueError(f"max_output_chars must be >= 1, got {self.max_output_chars}")
        if self.preview_chars < 0:
            raise ValueError(f"preview_chars must be >= 0, got {self.preview_chars}")
        names = self.trimmable_tools
        if isinstance(names, bytes):
            raise ValueError("trimmable_tools must be a string or iterable of strings")
        if isinstance(names, str):
            self.trimmable_tools = frozenset({names})
        elif names is not None:
            self.trimmable_tools = frozenset(names)

    def __call__(self, data: CallModelData[Any]) -> ModelInputData:
        model_data = data.model_data
        items = model_data.input
        boundary = self._recent_start(items) if items else 0
        if boundary == 0:
            return model_data
        names = _tool_names(items)
        kept: list[Any] = []
        trimmed = 0
        for index, item in enumerate(items):
            new = self._trimmed(item, names) if index < boundary else None
            trimmed += new is not None
            kept.append(item if new is None else new)
        if trimmed:
            logger.debug("ToolOutputTrimmer: trimmed %s tool output(s)", trimmed)
        return ModelInputData(input=kept, instructions=model_data.instructions)

    def _recent_start(self, items: list[Any]) -> int:
        seen = 0
        for index in range(len(items) - 1, -1, -1):
            item = items[index]
            if isinstance(item, dict) and item.get("role") == "user":
                seen += 1
                if seen >= self.recent_turns:
                    return index
        return 0

    def _trimmed(self, item: Any, names: dict[str, tuple[str, ...]]) -> Any:
        if not isinstance(item, dict):
            return None
        kind = item.get("type")
        call_id = str(item.get("call_id") or item.get("id") or "")
        default = ("tool_search",) if kind == "tool_search_output" else ()
        tool_names = names.get(call_id, default)
        allowed = self.trimmable_tools
        if allowed is not None and not any(n in allowed for n in tool_names):
            return None
        if kind == "function_call_output":
            return self._function_output(item, tool_names)
        if kind == "tool_search_output":
            return self._search_output(item)
        return None

    # ----- function outputs ------------------------------------------------------

    def _function_output(self, item: dict[str, Any], names: tuple[str, ...]) -> Any:
        output = item.get("output", "")
        if isinstance(output, list):
            return self._parts_output(item, output, names)
        text = output if isinstance(output, str) else str(output)
        if len(text) <= self.max_output_chars:
            return None
        summary = (
            f"[Trimmed: {(names[0] if names else '') or 'unknown_tool'} output — {len(text)} "
            f"chars → {self.preview_chars} char preview]\n{text[: self.preview_chars]}..."
        )
        return {**item, "output": summary} if len(summary) < len(text) else None

    def _parts_output(self, item: dict[str, Any], parts: list[Any], names: tuple[str, ...]) -> Any:
        measured = _measure_parts(parts)
        if measured is None or measured[0] <= self.max_output_chars:
            return None
        size, text, dropped = measured
        return {**item, "output": self._parts_summary(size, text, dropped, names)}

    def _parts_summary(
        self, size: int, text: str, dropped: dict[str, int], names: tuple[str, ...]
    ) -> str:
        limit, minimal = self.max_output_chars, "[Trimmed]"
        if limit < len(minimal):
            return minimal[:limit]
        shown = min(len(text), self.preview_chars, max(0, limit - len(minimal) - 1))
        body = f"\n{text[:shown]}" if shown else ""
        if shown < len(text) and len(minimal) + len(body) + 3 <= limit:
            body += "..."
        name = (names[0] if names else "") or "unknown_tool"
        note = (
            "; dropped " + ", ".join(f"{n} {kind}" for kind, n in sorted(dropped.items()))
            if dropped
            else ""
        )
        preview = f"; preview {shown}" if text else ""
        headers = [f"[Trimmed: {name}; payload {size}{preview}{note}]"]
        if dropped:
            headers += [
                f"[Trimmed: {name}{note}]",
                f"[Trimmed{note}]",
                f"[Trimmed: {', '.join(sorted(dropped))}]",
                f"[Trimmed: dropped {sum(dropped.values())} opaque]",
            ]
        headers += [f"[Trimmed: payload {size}]", f"[Trimmed: {name}]", minimal]
        return next(h + body for h in headers if len(h) + len(body) <= limit)

    # ----- tool search outputs ---------------------------------------------------

    def _search_output(self, item: dict[str, Any]) -> dict[str, Any] | None:
        if isinstance(item.get("results"), list):
            text = _json(item.get("results"))
            if len(text) <= self.max_output_chars:
                return None
            summary = (
                f"[Trimmed: tool_search output — {len(text)} chars → {self.preview_chars} "
                f"char preview]\n{text[: self.preview_chars]}..."
            )
            return {**item, "results": [{"text": summary}]} if len(summary) < len(text) else None
        tools = item.get("tools")
        if not isinstance(tools, list):
            return None
        before = _json(tools)
        if len(before) <= self.max_output_chars:
            return None
        slimmer = [self._slim_tool(t) for t in tools]
        return {**item, "tools": slimmer} if len(_json(slimmer)) < len(before) else None

    def _slim_tool(self, tool: Any) -> Any:
        if not isinstance(tool, dict):
            return tool
        slim = dict(tool)
        description = tool.get("description")
        if isinstance(description, str):
            cut = description[: self.preview_chars]
            slim["description"] = cut + ("..." if len(description) > self.preview_chars else "")
        if slim.get("type") == "function" and isinstance(slim.get("parameters"), dict):
            slim["parameters"] = _slim_schema(slim["parameters"])
        elif slim.get("type") == "namespace" and isinstance(slim.get("tools"), list):
            slim["tools"] = [self._slim_tool(t) for t in slim["tools"]]
        return slim


def _tool_names(items: list[Any]) -> dict[str, tuple[str, ...]]:
    """call_id -> the names a call's tool goes by (``namespace.name`` first, then bare)."""
    names: dict[str, tuple[str, ...]] = {}
    for item in items:
        if not isinstance(item, dict):
            continue
        if item.get("type") == "function_call":
            bare = item.get("name")
            namespace = item.get("namespace")
            qualified = f"{namespace}.{bare}" if namespace and bare else bare
            found = tuple(n for n in dict.fromkeys((qualified, bare)) if n)
            if item.get("call_id") and found:
                names[str(item["call_id"])] = found
        elif item.get("type") == "tool_search_call":
            call_id = item.get("call_id") or item.get("id")
            if call_id:
                names[str(call_id)] = ("tool_search",)
    return names


def _measure_parts(parts: list[Any]) -> tuple[int, str, dict[str, int]] | None:
    """(payload size, text, dropped part counts) of canonical output parts; None otherwise."""
    if not parts:
        return None
    size, texts = 0, []
    dropped: dict[str, int] = {}
    for part in parts:
        if not isinstance(part, dict) or not isinstance(part.get("type"), str):
            return None
        kind = part["type"]
        allowed = _PART_FIELDS.get(kind)
        if allowed is None or not set(part) <= allowed:
            return None
        if any(k != "type" and not isinstance(v, str) for k, v in part.items()):
            return None
        if kind == "input_text":
            if not isinstance(part.get("text"), str):
                return None
            texts.append(part["text"])
        elif not _opaque_part_ok(kind, part):
            return None
        else:
            dropped[kind] = dropped.get(kind, 0) + 1
        size += sum(len(v) for k, v in part.items() if k != "type")
    return size, "\n".join(texts), dropped


def _opaque_part_ok(kind: str, part: dict[str, Any]) -> bool:
    if kind == "input_image":
        has_source = isinstance(part.get("image_url"), str) or isinstance(part.get("file_id"), str)
        return has_source and ("detail" not in part or part["detail"] in _DETAILS)
    return any(isinstance(part.get(k), str) for k in ("file_data", "file_url", "file_id"))


def _slim_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """The schema without prose keywords, at every level where a value is a schema."""
    slim: dict[str, Any] = {}
    for key, value in schema.items():
        if key in _PROSE:
            continue
        if key in _SUBSCHEMA:
            if isinstance(value, dict):
                value = _slim_schema(value)
            elif key == "items" and isinstance(value, list):
                value = [_slim_schema(v) if isinstance(v, dict) else v for v in value]
        elif key in _SUBSCHEMA_LISTS and isinstance(value, list):
            value = [_slim_schema(v) if isinstance(v, dict) else v for v in value]
        elif key in _SUBSCHEMA_MAPS and isinstance(value, dict):
            value = {k: _slim_schema(v) if isinstance(v, dict) else v for k, v in value.items()}
        slim[key] = value
    return slim


def _json(value: Any) -> str:
    try:
        return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    except Exception:
        return str(value)
