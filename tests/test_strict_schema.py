"""ensure_strict_json_schema: the OpenAI strict-mode rewrite, as a table of before/after cases."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from runwright._core.strict_schema import ensure_strict_json_schema
from runwright.exceptions import UserError

STRICT_OBJ = {"additionalProperties": False}

CASES: list[tuple[str, dict[str, Any], dict[str, Any]]] = [
    (
        "object gets additionalProperties false and all keys required",
        {"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "integer"}}},
        {
            "type": "object",
            "properties": {"a": {"type": "string"}, "b": {"type": "integer"}},
            "required": ["a", "b"],
            **STRICT_OBJ,
        },
    ),
    (
        "explicit additionalProperties false is kept",
        {"type": "object", "properties": {}, "additionalProperties": False},
        {"type": "object", "properties": {}, "required": [], **STRICT_OBJ},
    ),
    (
        "object without properties gets no required list",
        {"type": "object"},
        {"type": "object", **STRICT_OBJ},
    ),
    (
        "properties without a type count as an object",
        {"properties": {"a": {"type": "string"}}},
        {"properties": {"a": {"type": "string"}}, "required": ["a"], **STRICT_OBJ},
    ),
    (
        "nullable object type list",
        {"type": ["object", "null"], "properties": {"a": {"type": "string"}}},
        {
            "type": ["object", "null"],
            "properties": {"a": {"type": "string"}},
            "required": ["a"],
            **STRICT_OBJ,
        },
    ),
    (
        "nested object inside properties",
        {
            "type": "object",
            "properties": {"inner": {"type": "object", "properties": {"x": {"type": "number"}}}},
        },
        {
            "type": "object",
            "properties": {
                "inner": {
                    "type": "object",
                    "properties": {"x": {"type": "number"}},
                    "required": ["x"],
                    **STRICT_OBJ,
                }
            },
            "required": ["inner"],
            **STRICT_OBJ,
        },
    ),
    (
        "array items",
        {"type": "array", "items": {"type": "object", "properties": {"x": {"type": "number"}}}},
        {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"x": {"type": "number"}},
                "required": ["x"],
                **STRICT_OBJ,
            },
        },
    ),
    (
        "draft-04 tuple items list",
        {"type": "array", "items": [{"type": "object", "properties": {}}]},
        {
            "type": "array",
            "items": [{"type": "object", "properties": {}, "required": [], **STRICT_OBJ}],
        },
    ),
    (
        "prefixItems",
        {
            "type": "array",
            "prefixItems": [{"type": "integer"}, {"type": "object", "properties": {"y": {}}}],
        },
        {
            "type": "array",
            "prefixItems": [
                {"type": "integer"},
                {"type": "object", "properties": {"y": {}}, "required": ["y"], **STRICT_OBJ},
            ],
        },
    ),
    (
        "anyOf members",
        {"anyOf": [{"type": "object", "properties": {"a": {}}}, {"type": "null"}]},
        {
            "anyOf": [
                {"type": "object", "properties": {"a": {}}, "required": ["a"], **STRICT_OBJ},
                {"type": "null"},
            ]
        },
    ),
    (
        "oneOf becomes anyOf",
        {"oneOf": [{"type": "string"}, {"type": "object", "properties": {"a": {}}}]},
        {
            "anyOf": [
                {"type": "string"},
                {"type": "object", "properties": {"a": {}}, "required": ["a"], **STRICT_OBJ},
            ]
        },
    ),
    (
        "oneOf beside anyOf keeps the conjunction via allOf",
        {"anyOf": [{"type": "string"}], "oneOf": [{"minLength": 1}]},
        {"anyOf": [{"type": "string"}], "allOf": [{"anyOf": [{"minLength": 1}]}]},
    ),
    (
        "single-element allOf is inlined and siblings win",
        {"allOf": [{"type": "object", "properties": {"a": {}}}], "description": "d"},
        {
            "type": "object",
            "properties": {"a": {}},
            "required": ["a"],
            "description": "d",
            **STRICT_OBJ,
        },
    ),
    (
        "single-element allOf holding a $ref is resolved",
        {
            "$defs": {"A": {"type": "string", "title": "A"}},
            "type": "object",
            "properties": {"a": {"allOf": [{"$ref": "#/$defs/A"}], "description": "d"}},
        },
        {
            "$defs": {"A": {"type": "string", "title": "A"}},
            "type": "object",
            "properties": {"a": {"type": "string", "title": "A", "description": "d"}},
            "required": ["a"],
            **STRICT_OBJ,
        },
    ),
    (
        "multi-element allOf members are each rewritten",
        {"allOf": [{"type": "object", "properties": {}}, {"type": "object", "properties": {}}]},
        {
            "allOf": [
                {"type": "object", "properties": {}, "required": [], **STRICT_OBJ},
                {"type": "object", "properties": {}, "required": [], **STRICT_OBJ},
            ]
        },
    ),
    (
        "$defs and definitions are rewritten",
        {
            "$defs": {"A": {"type": "object", "properties": {"x": {}}}},
            "definitions": {"B": {"type": "object", "properties": {"y": {}}}},
        },
        {
            "$defs": {
                "A": {"type": "object", "properties": {"x": {}}, "required": ["x"], **STRICT_OBJ}
            },
            "definitions": {
                "B": {"type": "object", "properties": {"y": {}}, "required": ["y"], **STRICT_OBJ}
            },
        },
    ),
    (
        "default None is dropped, other defaults kept",
        {
            "type": "object",
            "properties": {
                "a": {"anyOf": [{"type": "integer"}, {"type": "null"}], "default": None},
                "b": {"type": "integer", "default": 0},
                "c": {"type": "boolean", "default": False},
            },
        },
        {
            "type": "object",
            "properties": {
                "a": {"anyOf": [{"type": "integer"}, {"type": "null"}]},
                "b": {"type": "integer", "default": 0},
                "c": {"type": "boolean", "default": False},
            },
            "required": ["a", "b", "c"],
            **STRICT_OBJ,
        },
    ),
    (
        "a property named 'default' is a property, not a keyword",
        {"type": "object", "properties": {"default": {"type": "string"}}},
        {
            "type": "object",
            "properties": {"default": {"type": "string"}},
            "required": ["default"],
            **STRICT_OBJ,
        },
    ),
    (
        "$ref with sibling keys is inlined",
        {
            "$defs": {"P": {"type": "object", "properties": {"n": {"type": "string"}}}},
            "type": "object",
            "properties": {"p": {"$ref": "#/$defs/P", "description": "the p"}},
        },
        {
            "$defs": {
                "P": {
                    "type": "object",
                    "properties": {"n": {"type": "string"}},
                    "required": ["n"],
                    **STRICT_OBJ,
                }
            },
            "type": "object",
            "properties": {
                "p": {
                    "type": "object",
                    "properties": {"n": {"type": "string"}},
                    "description": "the p",
                    "required": ["n"],
                    **STRICT_OBJ,
                }
            },
            "required": ["p"],
            **STRICT_OBJ,
        },
    ),
    (
        "bare $ref is kept as a reference",
        {"$defs": {"S": {"type": "string"}}, "type": "array", "items": {"$ref": "#/$defs/S"}},
        {"$defs": {"S": {"type": "string"}}, "type": "array", "items": {"$ref": "#/$defs/S"}},
    ),
    (
        "$ref path with JSON-pointer escapes",
        {"$defs": {"a/b": {"type": "string"}}, "anyOf": [{"$ref": "#/$defs/a~1b", "title": "t"}]},
        {"$defs": {"a/b": {"type": "string"}}, "anyOf": [{"type": "string", "title": "t"}]},
    ),
    (
        "root $ref beside $defs (recursive pydantic model) becomes the object itself",
        {
            "$defs": {
                "Node": {
                    "type": "object",
                    "properties": {"kids": {"type": "array", "items": {"$ref": "#/$defs/Node"}}},
                }
            },
            "$ref": "#/$defs/Node",
        },
        {
            "type": "object",
            "properties": {"kids": {"type": "array", "items": {"$ref": "#/$defs/Node"}}},
            "required": ["kids"],
            "$defs": {
                "Node": {
                    "type": "object",
                    "properties": {"kids": {"type": "array", "items": {"$ref": "#/$defs/Node"}}},
                    "required": ["kids"],
                    **STRICT_OBJ,
                }
            },
            **STRICT_OBJ,
        },
    ),
    (
        "non-schema keywords are left alone",
        {"type": "string", "enum": ["a", "b"], "const": "a", "examples": [{"type": "object"}]},
        {"type": "string", "enum": ["a", "b"], "const": "a", "examples": [{"type": "object"}]},
    ),
]


@pytest.mark.parametrize(("title", "before", "after"), CASES, ids=[c[0] for c in CASES])
def test_rewrite(title: str, before: dict[str, Any], after: dict[str, Any]) -> None:
    assert ensure_strict_json_schema(before) == after


@pytest.mark.parametrize(("title", "before", "after"), CASES, ids=[c[0] for c in CASES])
def test_rewrite_is_idempotent(title: str, before: dict[str, Any], after: dict[str, Any]) -> None:
    once = ensure_strict_json_schema(before)
    assert ensure_strict_json_schema(once) == once


@pytest.mark.parametrize(("title", "before", "after"), CASES, ids=[c[0] for c in CASES])
def test_input_is_never_mutated(title: str, before: dict[str, Any], after: dict[str, Any]) -> None:
    pristine = copy.deepcopy(before)
    result = ensure_strict_json_schema(before)
    assert before == pristine
    # The result shares nothing mutable with the input either.
    _scribble(result)
    assert before == pristine


def _scribble(node: Any) -> None:
    if isinstance(node, dict):
        for value in list(node.values()):
            _scribble(value)
        node["scribbled"] = True
    elif isinstance(node, list):
        for value in node:
            _scribble(value)
        node.append("scribbled")


def test_self_recursive_ref_with_siblings_terminates() -> None:
    schema = {
        "$defs": {
            "Node": {
                "type": "object",
                "properties": {"child": {"$ref": "#/$defs/Node", "description": "next"}},
            }
        },
        "type": "object",
        "properties": {"root": {"$ref": "#/$defs/Node", "description": "first"}},
    }
    result = ensure_strict_json_schema(schema)
    root = result["properties"]["root"]
    assert root["description"] == "first"
    assert root["properties"]["child"] == {"$ref": "#/$defs/Node"}
    assert result["$defs"]["Node"]["additionalProperties"] is False


@pytest.mark.parametrize(
    ("extra", "kind"),
    [(True, "true"), ({"type": "string"}, "a schema"), ({}, "a schema")],
)
def test_additional_properties_allowed_is_rejected(extra: Any, kind: str) -> None:
    schema = {
        "type": "object",
        "properties": {"tags": {"type": "object", "additionalProperties": extra}},
    }
    with pytest.raises(UserError) as info:
        ensure_strict_json_schema(schema)
    message = str(info.value)
    assert f"additionalProperties ({kind})" in message
    assert "#/properties/tags" in message
    assert "strict_mode=False" in message


@pytest.mark.parametrize(
    "ref", ["#/$defs/Missing", "#/$defs/S/type", "http://example.com/schema.json"]
)
def test_bad_refs_are_user_errors(ref: str) -> None:
    schema = {"$defs": {"S": {"type": "string"}}, "anyOf": [{"$ref": ref, "title": "x"}]}
    with pytest.raises(UserError, match="\\$ref"):
        ensure_strict_json_schema(schema)


def test_non_dict_input_is_a_user_error() -> None:
    with pytest.raises(UserError, match="dict"):
        ensure_strict_json_schema([])  # type: ignore[arg-type]


def test_single_all_of_conflicting_with_siblings_is_kept() -> None:
    schema = {"type": "string", "allOf": [{"type": "integer"}]}
    assert ensure_strict_json_schema(schema) == {"type": "string", "allOf": [{"type": "integer"}]}
