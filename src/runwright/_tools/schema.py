"""A function's signature, type hints and docstring, turned into a tool's JSON schema.

:func:`function_schema` runs once per decorated function. It builds a pydantic
model of the parameters, so validating one tool call is a single
``params_model.model_validate_json(arguments)``, and :meth:`FuncSchema.to_call_args`
maps the validated model back onto the function's parameters.
"""

from __future__ import annotations

import inspect
import re
import typing
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

import pydantic
from pydantic.fields import FieldInfo

from runwright._core.context import RunContextWrapper
from runwright._core.exceptions import UserError
from runwright._core.strict_schema import ensure_strict_json_schema
from runwright._tools.context import ToolContext

DocstringStyle = Literal["google", "numpy", "sphinx"]


@dataclass(frozen=True)
class FuncSchema:
    """What a model needs to call a Python function, and how to call it.

    ``params_model`` validates the model's JSON arguments;
    :meth:`to_call_args` turns a validated instance into ``(args, kwargs)``.
    When ``takes_context`` is true the caller passes the run context as the
    first positional argument itself (it is not part of the schema).
    """

    name: str
    description: str | None
    params_json_schema: dict[str, Any]
    params_model: type[pydantic.BaseModel]
    takes_context: bool
    strict_json_schema: bool = True
    call_plan: tuple[tuple[str, str, bool], ...] = ()
    """Per schema parameter, in signature order: (model field, parameter name, positional)."""

    def to_call_args(self, data: pydantic.BaseModel) -> tuple[list[Any], dict[str, Any]]:
        """Positional and keyword arguments for the function, from validated ``data``.

        Values are the model's attributes (nested models and dataclasses stay
        objects), excluding the context parameter.
        """
        args: list[Any] = []
        kwargs: dict[str, Any] = {}
        for field_name, param_name, positional in self.call_plan:
            value = getattr(data, field_name)
            if positional:
                args.append(value)
            else:
                kwargs[param_name] = value
        return args, kwargs


@dataclass(frozen=True)
class _DocInfo:
    description: str | None
    params: dict[str, str]


@dataclass
class FuncDocumentation:
    """What a function's docstring says: its description and its parameters' (the text a
    function tool's schema carries)."""

    name: str
    """The function's ``__name__``."""
    description: str | None
    """The docstring's text before its sections; None without a docstring."""
    param_descriptions: dict[str, str] | None
    """Each documented parameter's description (variadic ones without their stars);
    None when none is documented."""


def generate_func_documentation(
    func: Callable[..., Any], style: DocstringStyle | None = None
) -> FuncDocumentation:
    """The documentation of ``func`` read from its docstring, as function tools read it.

    ``style``: ``"google"``, ``"numpy"`` or ``"sphinx"``; None detects it.
    """
    if style not in (None, "google", "numpy", "sphinx"):
        raise UserError(f"style must be 'google', 'numpy', 'sphinx' or None, got {style!r}.")
    name = str(getattr(func, "__name__", type(func).__name__))
    doc = _parse_docstring(inspect.getdoc(func), style)
    params = {key.lstrip("*"): text for key, text in doc.params.items()}
    return FuncDocumentation(name, doc.description, params or None)


def function_schema(
    func: Callable[..., Any],
    *,
    name_override: str | None = None,
    description_override: str | None = None,
    docstring_style: DocstringStyle | str | None = None,
    use_docstring_info: bool = True,
    strict_json_schema: bool = True,
) -> FuncSchema:
    """Builds the :class:`FuncSchema` of ``func``.

    Args:
        func: A sync or async function. Its first parameter may be annotated
            ``RunContextWrapper[...]`` or ``ToolContext[...]``; it then
            receives the run context and is left out of the schema.
        name_override: The tool name; defaults to ``func.__name__``.
        description_override: The description; defaults to the docstring's.
        docstring_style: ``"google"``, ``"numpy"`` or ``"sphinx"``; detected
            from the docstring when None.
        use_docstring_info: Take the description and per-parameter
            descriptions from the docstring.
        strict_json_schema: Rewrite the schema for OpenAI strict mode.

    Returns:
        The schema, with a pydantic model that validates the call arguments.

    Raises:
        UserError: The function cannot be described: ``*args``/``**kwargs``,
            a context parameter that is not first, an unresolvable or
            unsupported type hint, or a schema strict mode cannot express.
    """
    if docstring_style not in (None, "google", "numpy", "sphinx"):
        raise UserError(
            "docstring_style must be 'google', 'numpy', 'sphinx' or None (detect), "
            f"got {docstring_style!r}."
        )
    name = name_override or getattr(func, "__name__", None) or type(func).__name__
    doc = _DocInfo(None, {})
    if use_docstring_info:
        doc = _parse_docstring(inspect.getdoc(func), docstring_style)
    params = _parameters(func, name)
    hints = _type_hints(func, params)
    takes_context = bool(params) and _is_context_type(hints.get(params[0].name))
    if takes_context:
        if params[0].kind is inspect.Parameter.KEYWORD_ONLY:
            raise UserError(
                f"Tool {name!r}: the context parameter {params[0].name!r} is passed positionally; "
                "make it the first positional parameter (before any '*')."
            )
        params = params[1:]
    fields, call_plan = _model_fields(name, params, hints, doc.params)
    model = _create_model(name, fields)
    schema = _params_json_schema(name, model, strict_json_schema)
    return FuncSchema(
        name=name,
        description=description_override or doc.description,
        params_json_schema=schema,
        params_model=model,
        takes_context=takes_context,
        strict_json_schema=strict_json_schema,
        call_plan=tuple(call_plan),
    )


def _parameters(func: Callable[..., Any], name: str) -> list[inspect.Parameter]:
    try:
        return list(inspect.signature(func).parameters.values())
    except (TypeError, ValueError) as error:
        raise UserError(f"Tool {name!r}: cannot read the function's signature: {error}") from error


def _parse_docstring(doc: str | None, style: str | None) -> _DocInfo:
    if not doc:
        return _DocInfo(None, {})
    import docstring_parser  # lazily: only when a tool is first built

    styles = {
        None: docstring_parser.DocstringStyle.AUTO,
        "google": docstring_parser.DocstringStyle.GOOGLE,
        "numpy": docstring_parser.DocstringStyle.NUMPYDOC,
        "sphinx": docstring_parser.DocstringStyle.REST,
    }
    try:
        parsed = docstring_parser.parse(doc, style=styles[style])
    except docstring_parser.ParseError:
        # An unparseable docstring still describes the tool; it just has no per-param text.
        return _DocInfo(doc, {})
    params = {p.arg_name: p.description for p in parsed.params if p.description}
    parts = (parsed.short_description, parsed.long_description)
    description = "\n\n".join(part.strip() for part in parts if part and part.strip())
    return _DocInfo(description or None, params)


def _type_hints(func: Callable[..., Any], params: list[inspect.Parameter]) -> dict[str, Any]:
    target = func if inspect.isroutine(func) else type(func).__call__
    try:
        return typing.get_type_hints(target, include_extras=True)
    except NameError:
        # Some name is only imported under TYPE_CHECKING (often the context type
        # or the return type): resolve parameter by parameter instead.
        return _resolve_each(target, params)


_CONTEXT_HINT = re.compile(r"^\s*(?:[\w.]+\.)?(?:RunContextWrapper|ToolContext)\b")


def _resolve_each(target: Callable[..., Any], params: list[inspect.Parameter]) -> dict[str, Any]:
    globalns = dict(getattr(inspect.unwrap(target), "__globals__", {}))
    localns = {"RunContextWrapper": RunContextWrapper, "ToolContext": ToolContext}
    hints: dict[str, Any] = {}
    for index, param in enumerate(params):
        annotation = param.annotation
        if annotation is inspect.Parameter.empty:
            continue
        if not isinstance(annotation, str):
            hints[param.name] = annotation
            continue
        try:
            hints[param.name] = eval(annotation, globalns, localns)  # as get_type_hints does
        except NameError as error:
            if index == 0 and _CONTEXT_HINT.match(annotation):
                hints[param.name] = RunContextWrapper  # the context's own type is not needed
                continue
            raise UserError(
                f"Cannot resolve the type hint {annotation!r} of parameter {param.name!r}: "
                f"{error}. Import the type at module level (annotations are evaluated in the "
                "function's module), not only under TYPE_CHECKING or inside a function."
            ) from error
    return hints


def _is_context_type(annotation: Any) -> bool:
    if annotation is None:
        return False
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _is_context_type(typing.get_args(annotation)[0])
    cls = origin or annotation
    return inspect.isclass(cls) and issubclass(cls, RunContextWrapper)


def _model_fields(
    name: str, params: list[inspect.Parameter], hints: dict[str, Any], docs: dict[str, str]
) -> tuple[dict[str, Any], list[tuple[str, str, bool]]]:
    """Pydantic field definitions and the call plan, one entry per parameter."""
    taken = {p.name for p in params}
    fields: dict[str, Any] = {}
    call_plan: list[tuple[str, str, bool]] = []
    for index, param in enumerate(params):
        _check_param(name, param, hints)
        annotation = hints.get(param.name, Any)
        field_name, alias = param.name, None
        if _needs_alias(param.name):
            # pydantic treats "_x" as private and "json"/"model_*" would shadow
            # BaseModel attributes: store under another name, validate by the real one.
            field_name, alias = _free_name(index, taken), param.name
        fields[field_name] = (annotation, _field_info(param, annotation, docs, alias))
        call_plan.append((field_name, param.name, param.kind is not param.KEYWORD_ONLY))
    return fields, call_plan


def _check_param(name: str, param: inspect.Parameter, hints: dict[str, Any]) -> None:
    if param.kind is inspect.Parameter.VAR_POSITIONAL:
        raise UserError(
            f"Tool {name!r}: *{param.name} is not supported; a model calls tools with named "
            "JSON arguments. Use explicit parameters (e.g. items: list[str])."
        )
    if param.kind is inspect.Parameter.VAR_KEYWORD:
        raise UserError(
            f"Tool {name!r}: **{param.name} is not supported; a model calls tools with named "
            "JSON arguments. Use explicit parameters or a pydantic model parameter."
        )
    if _is_context_type(hints.get(param.name)):
        raise UserError(
            f"Tool {name!r}: the context parameter {param.name!r} must be the first parameter."
        )


def _field_info(
    param: inspect.Parameter, annotation: Any, docs: dict[str, str], alias: str | None
) -> Any:
    options: dict[str, Any] = {}
    explicit = _explicit_fields(annotation)
    if isinstance(param.default, FieldInfo):
        # ``def f(x: int = Field(ge=0))``: the Field describes the parameter.
        explicit.append(param.default)
    elif param.default is not inspect.Parameter.empty:
        options["default"] = param.default
    description = docs.get(param.name)
    # An explicit Field(description=...) wins over the docstring.
    if description and not any(field.description for field in explicit):
        options["description"] = description
    if alias is not None:
        options["alias"] = alias
    if isinstance(param.default, FieldInfo):
        return FieldInfo.merge_field_infos(param.default, **options)
    return pydantic.Field(**options)


def _explicit_fields(annotation: Any) -> list[FieldInfo]:
    if typing.get_origin(annotation) is not typing.Annotated:
        return []
    return [meta for meta in annotation.__metadata__ if isinstance(meta, FieldInfo)]


def _needs_alias(field_name: str) -> bool:
    return field_name.startswith(("_", "model_")) or hasattr(pydantic.BaseModel, field_name)


def _free_name(index: int, taken: set[str]) -> str:
    candidate = f"param_{index}"
    while candidate in taken:
        candidate += "_"
    taken.add(candidate)
    return candidate


def _create_model(name: str, fields: dict[str, Any]) -> type[pydantic.BaseModel]:
    try:
        model: type[pydantic.BaseModel] = pydantic.create_model(f"{name}_args", **fields)
        return model
    except (pydantic.PydanticSchemaGenerationError, pydantic.PydanticUserError, TypeError) as e:
        raise UserError(f"Tool {name!r}: unsupported parameter type: {e}") from e


def _params_json_schema(name: str, model: type[pydantic.BaseModel], strict: bool) -> dict[str, Any]:
    try:
        schema = model.model_json_schema()
    except pydantic.PydanticInvalidForJsonSchema as e:
        raise UserError(f"Tool {name!r}: a parameter type has no JSON schema: {e}") from e
    if not strict:
        return schema
    try:
        return ensure_strict_json_schema(schema)
    except UserError as e:
        raise UserError(f"Tool {name!r}: {e.message}") from e
