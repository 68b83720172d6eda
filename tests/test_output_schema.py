"""AgentOutputSchema / output_schema_for: describing and validating an agent's final output."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from typing import Annotated, Any, Literal, Optional, Union

import pytest
from pydantic import BaseModel
from typing_extensions import TypedDict

from runwright._agent.output_schema import (
    WIRE_SCHEMA_NAME,
    AgentOutputSchema,
    AgentOutputSchemaBase,
    output_schema_for,
)
from runwright.exceptions import ModelBehaviorError, UserError


class Weather(BaseModel):
    city: str
    celsius: float


class Cat(BaseModel):
    kind: Literal["cat"]
    lives: int


class Dog(BaseModel):
    kind: Literal["dog"]
    good: bool


class Node(BaseModel):
    value: int
    children: list[Node] = []


@dataclass
class Reading:
    sensor: str
    value: float


class Person(TypedDict):
    name: str
    age: int


# --- plain text -------------------------------------------------------------------------


@pytest.mark.parametrize("output_type", [None, str])
def test_plain_text_needs_no_schema(output_type: Any) -> None:
    assert output_schema_for(output_type) is None
    schema = AgentOutputSchema(output_type)
    assert schema.is_plain_text()
    assert schema.validate_json("just words") == "just words"
    with pytest.raises(UserError, match="plain text"):
        schema.json_schema()


# --- structured types are sent as they are ----------------------------------------------

UNWRAPPED: list[tuple[Any, str, Any]] = [
    (Weather, '{"city": "Oslo", "celsius": -3}', Weather(city="Oslo", celsius=-3)),
    (Person, '{"name": "Ada", "age": 36}', {"name": "Ada", "age": 36}),
    (
        Node,
        '{"value": 1, "children": [{"value": 2, "children": []}]}',
        Node(value=1, children=[Node(value=2)]),
    ),
]


@pytest.mark.parametrize(("output_type", "text", "expected"), UNWRAPPED)
def test_models_and_typeddicts_are_not_wrapped(output_type: Any, text: str, expected: Any) -> None:
    schema = AgentOutputSchema(output_type)
    js = schema.json_schema()
    assert not schema.is_plain_text()
    assert not schema.is_wrapped()
    assert js["type"] == "object"
    assert "response" not in js["properties"]
    assert js["additionalProperties"] is False
    assert js["required"] == list(js["properties"])
    result = schema.validate_json(text)
    assert result == expected
    assert type(result) is type(expected)


def test_recursive_model_schema_is_a_root_object_with_defs() -> None:
    js = AgentOutputSchema(Node).json_schema()
    assert "$ref" not in js
    assert js["properties"]["children"]["items"] == {"$ref": "#/$defs/Node"}
    assert js["$defs"]["Node"]["additionalProperties"] is False


# --- other types are wrapped in {"response": ...} ---------------------------------------

WRAPPED: list[tuple[str, Any, Any]] = [
    ("list", list[int], [1, 2, 3]),
    ("int", int, 7),
    ("literal", Literal["yes", "no"], "no"),
    ("optional", Optional[int], None),  # noqa: UP045 - the typing spelling must work too
    ("union-of-models", Union[Cat, Dog], Dog(kind="dog", good=True)),
    ("pipe-union", Cat | Dog, Cat(kind="cat", lives=9)),
    ("list-of-models", list[Weather], [Weather(city="A", celsius=1)]),
    ("tuple", tuple[int, str], (1, "a")),
    ("bool", bool, False),
    ("dataclass", Reading, Reading("t1", 2.5)),  # as in the SDK: only models and dicts go bare
]


def _dump(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    if isinstance(value, (list, tuple)):
        return [_dump(v) for v in value]
    return value


@pytest.mark.parametrize(
    ("output_type", "value"), [c[1:] for c in WRAPPED], ids=[c[0] for c in WRAPPED]
)
def test_non_object_types_are_wrapped_and_unwrapped(output_type: Any, value: Any) -> None:
    schema = AgentOutputSchema(output_type)
    js = schema.json_schema()
    assert schema.is_wrapped()
    assert js["type"] == "object"
    assert list(js["properties"]) == ["response"]
    assert js["required"] == ["response"]
    assert js["additionalProperties"] is False
    result = schema.validate_json(json.dumps({"response": _dump(value)}))
    assert result == value
    assert type(result) is type(value)


def test_wrapped_type_also_accepts_the_bare_value() -> None:
    # Models without strict structured output sometimes skip the wrapper.
    assert AgentOutputSchema(list[int]).validate_json("[4, 5]") == [4, 5]
    reading = AgentOutputSchema(Reading).validate_json('{"sensor": "t1", "value": 2.5}')
    assert reading == Reading("t1", 2.5)


def test_wrapper_key_and_schema_name_are_the_sdks() -> None:
    """Recorded fixtures and prompts written for the SDK see the same names."""
    assert WIRE_SCHEMA_NAME == "final_output"
    assert list(AgentOutputSchema(Reading).json_schema()["properties"]) == ["response"]
    assert not AgentOutputSchema(dict[str, int], strict_json_schema=False).is_wrapped()


def test_wrapped_error_reports_the_wrapper_problem() -> None:
    with pytest.raises(ModelBehaviorError, match="response"):
        AgentOutputSchema(list[int]).validate_json('{"answer": [1]}')


# --- names ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("output_type", "readable", "wire"),
    [
        (Weather, "Weather", "Weather"),
        (Reading, "Reading", "Reading"),
        (Person, "Person", "Person"),
        (int, "int", "int"),
        (list[int], "list[int]", "list_int"),
        (dict[str, list[Weather]], "dict[str, list[Weather]]", "dict_str_list_Weather"),
        (tuple[int, ...], "tuple[int, ...]", "tuple_int"),
        (Literal["a", "b"], "Literal['a', 'b']", "Literal_a_b"),
        (Optional[Weather], "Weather | None", "Weather_None"),  # noqa: UP045
        (Cat | Dog, "Cat | Dog", "Cat_Dog"),
        (Annotated[int, "meta"], "int", "int"),
        (Literal["!"], "Literal['!']", "Literal"),
        (Literal["é"], "Literal['é']", "Literal"),
    ],
)
def test_names(output_type: Any, readable: str, wire: str) -> None:
    schema = AgentOutputSchema(output_type, strict_json_schema=False)
    assert repr(schema) == f"AgentOutputSchema({readable}, strict_json_schema=False)"
    assert schema.name() == wire


def test_wire_name_is_never_empty_nor_too_long() -> None:
    assert AgentOutputSchema(Literal["?"]).name() == "Literal"
    long_literal = Literal["a" * 100]  # type: ignore[valid-type]
    name = AgentOutputSchema(long_literal).name()
    assert len(name) == 64
    assert name.startswith("Literal_aaa")


# --- leniency about how the JSON is written ---------------------------------------------

EXPECTED = Weather(city="Oslo", celsius=1)
PAYLOAD = '{"city": "Oslo", "celsius": 1}'


@pytest.mark.parametrize(
    "text",
    [
        PAYLOAD,
        f"  \n{PAYLOAD}\n\t ",
        f"```json\n{PAYLOAD}\n```",
        f"```JSON\n{PAYLOAD}\n```",
        f"```\n{PAYLOAD}\n```",
        f"```{PAYLOAD}```",
        f"```json {PAYLOAD}```",
        f"\n```json\r\n{PAYLOAD}\r\n```\n",
        f"Here you go:\n\n```json\n{PAYLOAD}\n```\nAnything else?",
    ],
    ids=[
        "bare",
        "whitespace",
        "json-fence",
        "upper-tag",
        "plain-fence",
        "one-line",
        "tag-space",
        "crlf",
        "prose",
    ],
)
def test_json_is_accepted_bare_or_in_a_code_fence(text: str) -> None:
    assert AgentOutputSchema(Weather).validate_json(text) == EXPECTED


def test_fenced_wrapped_output() -> None:
    assert AgentOutputSchema(list[int]).validate_json('```json\n{"response": [1]}\n```') == [1]


# --- invalid output ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "detail"),
    [
        ('{"city": "Oslo"}', "celsius: Field required"),
        ('{"city": "Oslo", "celsius": "warm"}', "celsius: Input should be a valid number"),
        ("It is sunny in Oslo.", "Invalid JSON"),
        ("", "Invalid JSON"),
        ('```json\n{"city": 1}\n```', "city: Input should be a valid string"),
    ],
)
def test_invalid_output_is_a_model_behavior_error(text: str, detail: str) -> None:
    with pytest.raises(ModelBehaviorError) as info:
        AgentOutputSchema(Weather).validate_json(text)
    message = str(info.value)
    assert "Weather" in message
    assert detail in message
    assert repr(text) in message  # short texts are quoted whole


def test_error_excerpt_of_long_output_is_truncated() -> None:
    text = "x" * 5000
    with pytest.raises(ModelBehaviorError) as info:
        AgentOutputSchema(Weather).validate_json(text)
    message = str(info.value)
    assert len(message) < 600
    assert "(5000 characters)" in message


# --- strict mode --------------------------------------------------------------------------


def test_type_that_cannot_be_strict_is_a_user_error_at_construction() -> None:
    with pytest.raises(UserError) as info:
        AgentOutputSchema(dict[str, int])
    assert "AgentOutputSchema(dict[str, int], strict_json_schema=False)" in str(info.value)


def test_non_strict_schema_allows_free_form_objects() -> None:
    schema = AgentOutputSchema(dict[str, int], strict_json_schema=False)
    assert not schema.is_strict_json_schema()
    assert not schema.is_wrapped()
    assert schema.json_schema() == {"type": "object", "additionalProperties": {"type": "integer"}}
    assert schema.validate_json('{"a": 1}') == {"a": 1}


def test_strict_flag_is_reported() -> None:
    assert AgentOutputSchema(Weather).is_strict_json_schema()
    relaxed = AgentOutputSchema(Weather, strict_json_schema=False)
    assert not relaxed.is_strict_json_schema()
    assert relaxed.json_schema()["required"] == ["city", "celsius"]
    assert "additionalProperties" not in relaxed.json_schema()


def test_unsupported_type_is_a_user_error() -> None:
    class Opaque:
        pass

    with pytest.raises(UserError, match="Output type Opaque is not supported"):
        AgentOutputSchema(Opaque)


def test_output_type_attribute_and_repr() -> None:
    schema = AgentOutputSchema(list[int])
    assert schema.output_type == list[int]
    assert repr(schema) == "AgentOutputSchema(list[int], strict_json_schema=True)"


# --- output_schema_for ------------------------------------------------------------------


def test_output_schema_for_caches_per_type() -> None:
    first = output_schema_for(Weather)
    assert isinstance(first, AgentOutputSchema)
    assert output_schema_for(Weather) is first
    assert output_schema_for(list[int]) is output_schema_for(list[int])
    assert output_schema_for(list[int]) is not output_schema_for(list[str])


def test_output_schema_for_returns_schema_instances_as_is() -> None:
    custom = AgentOutputSchema(dict[str, Any], strict_json_schema=False)
    assert output_schema_for(custom) is custom


def test_output_schema_for_handles_unhashable_types_without_caching() -> None:
    unhashable = Annotated[int, {"unhashable": "metadata"}]
    with pytest.raises(TypeError):
        hash(unhashable)
    first = output_schema_for(unhashable)
    assert isinstance(first, AgentOutputSchemaBase)
    assert first.validate_json('{"response": 3}') == 3
    assert output_schema_for(unhashable) is not first


def test_output_schema_for_propagates_user_errors() -> None:
    with pytest.raises(UserError, match="strict_json_schema=False"):
        output_schema_for(dict[str, float])


def test_wire_name_falls_back_when_nothing_is_left() -> None:
    greek = type("Ψ", (BaseModel,), {"__annotations__": {"a": int}})
    assert AgentOutputSchema(greek).name() == "final_output"
