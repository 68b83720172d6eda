"""function_schema: signature + type hints + docstring → strict JSON schema and call arguments."""

from __future__ import annotations

import enum
import inspect
import json
from dataclasses import dataclass
from typing import Annotated, Any, Literal, Optional, Union

import pydantic
import pytest
from pydantic import BaseModel, Field
from typing_extensions import TypedDict  # pydantic needs it on Python < 3.12

from runwright._core.context import RunContextWrapper
from runwright._tools.context import ToolContext
from runwright._tools.function_tool import function_tool
from runwright._tools.schema import FuncSchema, function_schema
from runwright.exceptions import UserError


class Color(enum.Enum):
    RED = "red"
    BLUE = "blue"


class Point(BaseModel):
    x: float
    y: float


class Polygon(BaseModel):
    name: str
    points: list[Point]


@dataclass
class Box:
    width: int
    height: int


class Movie(TypedDict):
    title: str
    year: int


class MyWrapper(RunContextWrapper[Any]):
    pass


def call(schema: FuncSchema, arguments: dict[str, Any]) -> tuple[list[Any], dict[str, Any]]:
    """Validates like the tool runner does (one model_validate_json) and maps back to args."""
    parsed = schema.params_model.model_validate_json(json.dumps(arguments))
    return schema.to_call_args(parsed)


def one_param(annotation: Any, default: Any = inspect.Parameter.empty) -> Any:
    """A function ``f(value)`` with the given annotation (and default)."""

    def f(value):  # type: ignore[no-untyped-def]
        return value

    f.__annotations__ = {"value": annotation}
    if default is not inspect.Parameter.empty:
        f.__defaults__ = (default,)
    return f


# --- name and description ---------------------------------------------------------------


def get_weather(city: str) -> str:
    """Gets the weather.

    Looks the city up in the forecast service.

    Args:
        city: The city to look up.
    """
    return city


def test_name_and_description_come_from_function_and_docstring() -> None:
    schema = function_schema(get_weather)
    assert schema.name == "get_weather"
    assert schema.description == "Gets the weather.\n\nLooks the city up in the forecast service."
    assert schema.params_json_schema["properties"]["city"]["description"] == "The city to look up."
    assert schema.params_model.__name__ == "get_weather_args"
    assert schema.takes_context is False
    assert schema.strict_json_schema is True


def test_overrides_win() -> None:
    schema = function_schema(get_weather, name_override="wx", description_override="Weather.")
    assert (schema.name, schema.description) == ("wx", "Weather.")
    assert schema.params_model.__name__ == "wx_args"


def test_use_docstring_info_false_ignores_the_docstring() -> None:
    schema = function_schema(get_weather, use_docstring_info=False)
    assert schema.description is None
    assert "description" not in schema.params_json_schema["properties"]["city"]


def test_function_without_docstring() -> None:
    def ping() -> str:
        return "pong"

    schema = function_schema(ping)
    assert schema.description is None
    assert schema.params_json_schema["properties"] == {}
    assert call(schema, {}) == ([], {})


# --- docstring styles -------------------------------------------------------------------


def google_style(city: str, days: int = 1) -> str:
    """Forecast for a city.

    Args:
        city (str): Name of the city.
        days: How many days
            to forecast.

    Returns:
        The forecast.
    """
    return city


def numpy_style(city: str, days: int = 1) -> str:
    """Forecast for a city.

    Parameters
    ----------
    city : str
        Name of the city.
    days : int, optional
        How many days
        to forecast.

    Returns
    -------
    str
        The forecast.
    """
    return city


def sphinx_style(city: str, days: int = 1) -> str:
    """Forecast for a city.

    :param city: Name of the city.
    :param int days: How many days
        to forecast.
    :returns: The forecast.
    """
    return city


@pytest.mark.parametrize(
    ("func", "style"),
    [(google_style, "google"), (numpy_style, "numpy"), (sphinx_style, "sphinx")],
)
@pytest.mark.parametrize("explicit", [False, True], ids=["detected", "explicit"])
def test_docstring_styles(func: Any, style: str, explicit: bool) -> None:
    schema = function_schema(func, docstring_style=style if explicit else None)
    props = schema.params_json_schema["properties"]
    assert schema.description == "Forecast for a city."
    assert props["city"]["description"] == "Name of the city."
    assert props["days"]["description"] == "How many days\nto forecast."


def test_unknown_docstring_style_is_a_user_error() -> None:
    with pytest.raises(UserError, match="docstring_style"):
        function_schema(google_style, docstring_style="epytext")


def test_docstring_that_mentions_unknown_params_is_fine() -> None:
    def f(a: int) -> int:
        """Adds.

        Args:
            a: First.
            b: Not a parameter any more.
        """
        return a

    assert list(function_schema(f).params_json_schema["properties"]) == ["a"]


# --- type hints -------------------------------------------------------------------------

TYPE_CASES: list[tuple[str, Any, dict[str, Any], Any, Any]] = [
    # (id, annotation, expected subset of the property schema, JSON argument, Python value)
    ("int", int, {"type": "integer"}, 3, 3),
    ("float", float, {"type": "number"}, 1.5, 1.5),
    ("str", str, {"type": "string"}, "hi", "hi"),
    ("bool", bool, {"type": "boolean"}, True, True),
    ("list", list[int], {"type": "array", "items": {"type": "integer"}}, [1, 2], [1, 2]),
    (
        "tuple",
        tuple[int, str],
        {"type": "array", "prefixItems": [{"type": "integer"}, {"type": "string"}]},
        [1, "a"],
        (1, "a"),
    ),
    ("literal", Literal["c", "f"], {"enum": ["c", "f"]}, "f", "f"),
    ("enum", Color, {"enum": ["red", "blue"]}, "blue", Color.BLUE),
    (
        "optional",
        Optional[int],  # noqa: UP045 - the typing spelling must work too
        {"anyOf": [{"type": "integer"}, {"type": "null"}]},
        None,
        None,
    ),
    ("pipe-none", int | None, {"anyOf": [{"type": "integer"}, {"type": "null"}]}, 4, 4),
    (
        "union",
        Union[int, str],
        {"anyOf": [{"type": "integer"}, {"type": "string"}]},
        "x",
        "x",
    ),
    (
        "model",
        Point,
        {"type": "object", "required": ["x", "y"], "additionalProperties": False},
        {"x": 1, "y": 2},
        Point(x=1, y=2),
    ),
    (
        "nested-model",
        Polygon,
        {"type": "object", "required": ["name", "points"]},
        {"name": "tri", "points": [{"x": 0, "y": 0}]},
        Polygon(name="tri", points=[Point(x=0, y=0)]),
    ),
    (
        "dataclass",
        Box,
        {"type": "object", "required": ["width", "height"], "additionalProperties": False},
        {"width": 2, "height": 3},
        Box(2, 3),
    ),
    (
        "typeddict",
        Movie,
        {"type": "object", "required": ["title", "year"], "additionalProperties": False},
        {"title": "Up", "year": 2009},
        {"title": "Up", "year": 2009},
    ),
    (
        "annotated-field",
        Annotated[int, Field(ge=1, le=5, description="Stars.")],
        {"type": "integer", "minimum": 1, "maximum": 5, "description": "Stars."},
        5,
        5,
    ),
    ("any", Any, {}, {"free": ["form"]}, {"free": ["form"]}),
]


def _resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    ref = node.get("$ref")
    if ref is None:
        return node
    return _resolve(schema, schema["$defs"][ref.rsplit("/", 1)[1]])


@pytest.mark.parametrize(
    ("annotation", "expected", "argument", "value"),
    [case[1:] for case in TYPE_CASES],
    ids=[case[0] for case in TYPE_CASES],
)
def test_type_hints(annotation: Any, expected: dict[str, Any], argument: Any, value: Any) -> None:
    schema = function_schema(one_param(annotation))
    params = schema.params_json_schema
    prop = _resolve(params, params["properties"]["value"])
    assert prop.items() >= expected.items()
    assert params["required"] == ["value"]
    args, kwargs = call(schema, {"value": argument})
    assert args == [value]
    assert type(args[0]) is type(value)
    assert kwargs == {}


def test_nested_models_stay_objects() -> None:
    def draw(shape: Polygon, box: Box) -> None: ...

    args, _ = call(
        function_schema(draw),
        {"shape": {"name": "l", "points": [{"x": 1, "y": 1}]}, "box": {"width": 1, "height": 1}},
    )
    assert isinstance(args[0], Polygon)
    assert isinstance(args[0].points[0], Point)
    assert isinstance(args[1], Box)


def test_unannotated_parameter_is_any() -> None:
    def f(x, y: int):  # type: ignore[no-untyped-def]
        return x

    schema = function_schema(f)
    assert "type" not in schema.params_json_schema["properties"]["x"]
    assert call(schema, {"x": [1, "a"], "y": 1}) == ([[1, "a"], 1], {})


def test_defaults_fill_missing_arguments() -> None:
    def f(a: int, b: int = 7, c: str | None = None) -> None: ...

    schema = function_schema(f)
    props = schema.params_json_schema["properties"]
    assert props["b"]["default"] == 7
    assert "default" not in props["c"]  # strict mode drops "default": None
    assert schema.params_json_schema["required"] == ["a", "b", "c"]
    assert call(schema, {"a": 1}) == ([1, 7, None], {})


def test_non_strict_schema_keeps_optional_parameters_optional() -> None:
    def f(a: int, b: int = 7, c: str | None = None) -> None: ...

    schema = function_schema(f, strict_json_schema=False)
    assert schema.strict_json_schema is False
    assert schema.params_json_schema["required"] == ["a"]
    assert schema.params_json_schema["properties"]["c"]["default"] is None
    assert "additionalProperties" not in schema.params_json_schema


def test_field_as_default_value() -> None:
    def f(n: int = Field(default=2, ge=0, description="From Field.")) -> int:
        """Does f.

        Args:
            n: From the docstring.
        """
        return n

    schema = function_schema(f)
    prop = schema.params_json_schema["properties"]["n"]
    assert prop["description"] == "From Field."
    assert prop["minimum"] == 0
    assert call(schema, {}) == ([2], {})
    with pytest.raises(pydantic.ValidationError):
        call(schema, {"n": -1})


def test_annotated_description_wins_over_docstring_and_docstring_fills_the_rest() -> None:
    def f(
        a: Annotated[int, Field(description="From Field.")], b: Annotated[int, Field(ge=0)]
    ) -> None:
        """Does f.

        Args:
            a: From the docstring.
            b: B from the docstring.
        """

    props = function_schema(f).params_json_schema["properties"]
    assert props["a"]["description"] == "From Field."
    assert props["b"] == {
        "description": "B from the docstring.",
        "minimum": 0,
        "title": "B",
        "type": "integer",
    }


def test_dict_parameter_needs_non_strict_mode() -> None:
    def f(tags: dict[str, int]) -> None: ...

    with pytest.raises(UserError, match="strict_mode=False"):
        function_schema(f)
    schema = function_schema(f, strict_json_schema=False)
    assert call(schema, {"tags": {"a": 1}}) == ([{"a": 1}], {})


def test_positional_and_keyword_only_parameters() -> None:
    def f(a: int, /, b: int, *, c: int, d: int = 4) -> None: ...

    schema = function_schema(f)
    assert list(schema.params_json_schema["properties"]) == ["a", "b", "c", "d"]
    assert call(schema, {"a": 1, "b": 2, "c": 3}) == ([1, 2], {"c": 3, "d": 4})


@pytest.mark.parametrize("name", ["json", "schema", "copy", "model_config", "model_x", "_private"])
def test_parameter_names_that_clash_with_pydantic(name: str) -> None:
    f = one_param(int)
    f.__signature__ = inspect.Signature([inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY)])
    f.__annotations__ = {name: int}
    schema = function_schema(f)
    assert list(schema.params_json_schema["properties"]) == [name]
    assert schema.params_json_schema["required"] == [name]
    assert call(schema, {name: 5}) == ([], {name: 5})


def test_invalid_arguments_fail_validation() -> None:
    schema = function_schema(one_param(Literal["a", "b"]))
    with pytest.raises(pydantic.ValidationError):
        call(schema, {"value": "c"})
    with pytest.raises(pydantic.ValidationError):
        schema.params_model.model_validate_json("{not json")


def test_async_function() -> None:
    async def fetch(url: str, retries: int = 2) -> str:
        """Fetches a URL.

        Args:
            url: Where to go.
        """
        return url

    schema = function_schema(fetch)
    assert schema.name == "fetch"
    assert schema.params_json_schema["properties"]["url"]["description"] == "Where to go."
    assert call(schema, {"url": "u"}) == (["u", 2], {})


def test_bound_method_and_callable_instance() -> None:
    class Greeter:
        """Greets people."""

        def greet(self, who: str) -> str:
            """Says hello.

            Args:
                who: Whom to greet.
            """
            return who

        def __call__(self, who: str) -> str:
            return who

    method = function_schema(Greeter().greet)
    assert method.name == "greet"
    assert list(method.params_json_schema["properties"]) == ["who"]
    assert call(method, {"who": "Ada"}) == (["Ada"], {})
    instance = function_schema(Greeter())
    assert instance.name == "Greeter"
    assert list(instance.params_json_schema["properties"]) == ["who"]


# --- context parameters -----------------------------------------------------------------


def ctx_wrapper(ctx: RunContextWrapper[Any], a: int) -> int:
    return a


def ctx_tool(ctx: ToolContext[Any], a: int) -> int:
    return a


def ctx_bare(ctx: RunContextWrapper, a: int) -> int:
    return a


def ctx_subclass(ctx: MyWrapper, a: int) -> int:
    return a


def ctx_annotated(ctx: Annotated[ToolContext[Any], "doc"], a: int) -> int:
    return a


@pytest.mark.parametrize("func", [ctx_wrapper, ctx_tool, ctx_bare, ctx_subclass, ctx_annotated])
def test_context_first_parameter_is_excluded(func: Any) -> None:
    schema = function_schema(func)
    assert schema.takes_context is True
    assert list(schema.params_json_schema["properties"]) == ["a"]
    assert call(schema, {"a": 1}) == ([1], {})


def test_context_type_imported_only_for_type_checking() -> None:
    def f(ctx, a):  # type: ignore[no-untyped-def]
        return a

    # As under `if TYPE_CHECKING: from runwright import RunContextWrapper` with future annotations.
    f.__annotations__ = {"ctx": "RunContextWrapper[NotImportedHere]", "a": "int", "return": "Nope"}
    schema = function_schema(f)
    assert schema.takes_context is True
    assert schema.params_json_schema["properties"]["a"]["type"] == "integer"


def test_context_parameter_not_first_is_a_user_error() -> None:
    def f(a: int, ctx: RunContextWrapper[Any]) -> int:
        return a

    with pytest.raises(UserError, match="'ctx' must be the first parameter"):
        function_schema(f)


def test_keyword_only_context_parameter_is_a_user_error() -> None:
    def f(*, ctx: RunContextWrapper[Any], a: int) -> int:
        return a

    with pytest.raises(UserError, match="first positional parameter"):
        function_schema(f)


# --- errors -----------------------------------------------------------------------------


def test_var_positional_is_rejected() -> None:
    def f(*items: int) -> None: ...

    with pytest.raises(UserError, match=r"\*items is not supported"):
        function_schema(f)


def test_var_keyword_is_rejected() -> None:
    def f(a: int, **options: Any) -> None: ...

    with pytest.raises(UserError, match=r"\*\*options is not supported"):
        function_schema(f)


def test_unresolvable_annotation_is_a_user_error() -> None:
    class LocalModel(BaseModel):
        a: int

    def f(m: LocalModel) -> None: ...

    # With `from __future__ import annotations`, "LocalModel" is looked up in the module.
    with pytest.raises(UserError, match="'LocalModel'.*module level"):
        function_schema(f)


def test_unsupported_parameter_type_is_a_user_error() -> None:
    class Opaque:
        pass

    f = one_param(Opaque)
    with pytest.raises(UserError, match="unsupported parameter type"):
        function_schema(f)


# --- with function_tool -----------------------------------------------------------------


async def test_function_tool_calls_through_the_schema() -> None:
    seen: list[Any] = []

    @function_tool
    def place(ctx: ToolContext[Any], where: Point, label: str = "pin", *, color: Color) -> str:
        """Places a pin.

        Args:
            where: The point.
            label: The label.
            color: Pin colour.
        """
        seen.append((ctx.tool_name, where, label, color))
        return f"{label}@{where.x},{where.y}"

    assert place.params_json_schema["properties"]["color"]["description"] == "Pin colour."
    ctx = ToolContext(context=None, tool_name="place")
    out = await place.invoke(ctx, '{"where": {"x": 1, "y": 2}, "color": "red"}')
    assert out == "pin@1.0,2.0"
    assert seen == [("place", Point(x=1, y=2), "pin", Color.RED)]


def test_generate_func_documentation_reads_the_docstring_as_the_sdk() -> None:
    # outputs recorded from openai-agents 0.24.0 for the same functions
    from runwright.function_schema import FuncDocumentation, generate_func_documentation

    def google(a: int, *args: int, **kw: int) -> None:
        """Add things.

        More text here.

        Args:
            a: the first.
            *args: the rest.
            **kw: options.
        """

    def numpy(x: int) -> None:
        """Numpy one.

        Parameters
        ----------
        x : int
            The x.
        """

    def plain(x: int) -> None:
        """Just text."""

    def bare(x: int) -> None:
        pass

    assert generate_func_documentation(google) == FuncDocumentation(
        "google", "Add things.\n\nMore text here.", {"a": "the first.", "args": "the rest.",
                                                     "kw": "options."}
    )  # fmt: skip
    assert generate_func_documentation(numpy, style="numpy").param_descriptions == {"x": "The x."}
    assert generate_func_documentation(plain) == FuncDocumentation("plain", "Just text.", None)
    assert generate_func_documentation(bare) == FuncDocumentation("bare", None, None)
    with pytest.raises(UserError, match="style"):
        generate_func_documentation(bare, style="javadoc")  # type: ignore[arg-type]
