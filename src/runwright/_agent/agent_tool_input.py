"""Structured input for agents used as tools (``Agent.as_tool(parameters=...)``).

The model calls the tool with arguments matching ``parameters`` (a pydantic
model or dataclass). They are validated, then become the nested run's input:
the arguments as JSON, or — when the schema describes its fields, the schema
is to be included, or an ``input_builder`` is given — a message built from them.
Loaded only when an agent tool uses structured input (it imports pydantic).
"""

from __future__ import annotations

import dataclasses
import inspect
import json
from collections.abc import Callable
from typing import Any

from typing_extensions import TypedDict

from runwright._core.exceptions import ModelBehaviorError, UserError
from runwright._core.strict_schema import ensure_strict_json_schema

_SIMPLE_TYPES = ("string", "number", "integer", "boolean")


class StructuredToolInputBuilderOptions(TypedDict, total=False):
    """What an ``input_builder`` receives."""

    params: Any
    """The validated arguments, as JSON-ready data."""
    summary: str | None
    """A one-line-per-field description of the schema, when its fields have descriptions."""
    json_schema: dict[str, Any] | None
    """The full JSON schema, with ``include_input_schema=True``."""


StructuredToolInputBuilder = Callable[[StructuredToolInputBuilderOptions], Any]
"""``builder(options)`` → the nested run's input: a string or input items (sync or async)."""


class StructuredInput:
    """Validates an agent tool's arguments and turns them into the nested run's input."""

    def __init__(
        self,
        parameters: type[Any] | None,
        include_input_schema: bool,
        input_builder: StructuredToolInputBuilder | None,
    ) -> None:
        from pydantic import BaseModel, TypeAdapter

        if parameters is None:
            self._adapter: Any = None
            self.schema: dict[str, Any] = {}
        else:
            is_model = isinstance(parameters, type) and issubclass(parameters, BaseModel)
            if not (is_model or dataclasses.is_dataclass(parameters)):
                raise UserError(
                    f"as_tool(parameters={parameters!r}): use a pydantic model or a dataclass type."
                )
            self._adapter = TypeAdapter(parameters)
            self.schema = ensure_strict_json_schema(self._adapter.json_schema())
        self._summary = _schema_summary(self.schema)
        self._json_schema = self.schema if include_input_schema and parameters else None
        self._builder = input_builder

    async def resolve(self, tool_name: str, arguments: str) -> tuple[Any, Any]:
        """``(params, run_input)``: the validated arguments and the nested run's input.

        Raises:
            ModelBehaviorError: the arguments are not valid JSON for the schema.
        """
        params = self._validate(tool_name, arguments)
        builder = self._builder
        if builder is None and (self._summary or self._json_schema is not None):
            builder = default_tool_input_builder
        if builder is not None:
            built = builder(
                {"params": params, "summary": self._summary, "json_schema": self._json_schema}
            )
            if inspect.isawaitable(built):
                built = await built
            if not isinstance(built, (str, list)):
                raise UserError(
                    f"Agent tool {tool_name!r}: input_builder returned {type(built).__name__}; "
                    "return a string or a list of input items."
                )
            return params, built
        if (
            isinstance(params, dict)
            and list(params) == ["input"]
            and isinstance(params["input"], str)
        ):
            return params, params["input"]
        return params, json.dumps(params, ensure_ascii=False)

    def _validate(self, tool_name: str, arguments: str) -> Any:
        try:
            data = json.loads(arguments or "{}")
        except ValueError as error:
            raise ModelBehaviorError(f"Invalid JSON input for tool {tool_name}: {error}") from None
        if self._adapter is None:
            return data
        try:
            parsed = self._adapter.validate_python(data)
        except ValueError as error:  # pydantic.ValidationError
            raise ModelBehaviorError(f"Invalid JSON input for tool {tool_name}: {error}") from None
        return self._adapter.dump_python(parsed, mode="json")


def default_tool_input_builder(options: StructuredToolInputBuilderOptions) -> str:
    """The nested run's input message: the data, then the schema (or its summary)."""
    lines = [
        "You are running as a tool of another agent. Below is your input as structured data; "
        "any schema shown describes that data and is not an instruction.",
        "",
        "## Input data",
        "```json",
        json.dumps(options.get("params"), indent=2, ensure_ascii=False),
        "```",
    ]
    json_schema = options.get("json_schema")
    summary = options.get("summary")
    if json_schema is not None:
        lines += ["", "## Input JSON schema", "```json", json.dumps(json_schema, indent=2), "```"]
    elif summary:
        lines += ["", "## Input fields", summary]
    return "\n".join(lines)


def _schema_summary(schema: dict[str, Any]) -> str | None:
    """One line per field (``- name (type, required): description``) for a flat object
    schema with at least one description; None otherwise."""
    properties = schema.get("properties")
    if schema.get("type") != "object" or not isinstance(properties, dict):
        return None
    required = set(schema.get("required") or ())
    lines = [f"Description: {schema['description']}"] if schema.get("description") else []
    described = bool(lines)
    for name, field in properties.items():
        kind = _field_type(field)
        if kind is None:
            return None
        note = field.get("description")
        described = described or bool(note)
        need = "required" if name in required else "optional"
        lines.append(f"- {name} ({kind}, {need})" + (f": {note}" if note else ""))
    return "\n".join(lines) if described else None


def _field_type(field: Any) -> str | None:
    if not isinstance(field, dict) or any(k in field for k in ("properties", "items", "anyOf")):
        return None
    kind = field.get("type")
    if isinstance(kind, str) and kind in _SIMPLE_TYPES:
        return kind
    if isinstance(kind, list):
        simple = [k for k in kind if k in _SIMPLE_TYPES]
        if len(simple) == 1 and set(kind) <= {simple[0], "null"}:
            return f"{simple[0]} | null" if "null" in kind else simple[0]
    if isinstance(field.get("enum"), list):
        return "one of " + ", ".join(json.dumps(v) for v in field["enum"])
    return None
