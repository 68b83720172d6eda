"""Output schemas: how an agent's ``output_type`` is described to the model and validated."""

from __future__ import annotations

import abc
import re
import types
import typing
from typing import Any

from typing_extensions import is_typeddict

from runwright._core.exceptions import ModelBehaviorError, UserError
from runwright._core.strict_schema import ensure_strict_json_schema


class AgentOutputSchemaBase(abc.ABC):
    """Describes and validates an agent's final output."""

    @abc.abstractmethod
    def is_plain_text(self) -> bool:
        """True when the output is plain text (no JSON schema is sent)."""

    @abc.abstractmethod
    def name(self) -> str:
        """A name for the output type (used as the JSON schema's name on the wire)."""

    @abc.abstractmethod
    def json_schema(self) -> dict[str, Any]:
        """The JSON schema the model's output must match."""

    @abc.abstractmethod
    def is_strict_json_schema(self) -> bool:
        """Whether the schema is in strict mode (additionalProperties false, all required)."""

    @abc.abstractmethod
    def validate_json(self, json_str: str) -> Any:
        """Parses and validates the model's text; raises ModelBehaviorError when invalid."""


# A Markdown code fence, with an optional language tag: ```json\n{...}\n```
_FENCE = re.compile(r"```(?:[\w+-]+(?=\s))?[ \t]*\r?\n?(.*?)\r?\n?[ \t]*```", re.DOTALL)
_EXCERPT_CHARS = 200
_WIRE_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")
_WRAPPER_KEY = "response"
"""The key a wrapped output sits under, as in the SDK: ``{"response": <value>}``."""

WIRE_SCHEMA_NAME = "final_output"
"""The structured-output JSON schema's name in the SDK's requests (both APIs)."""


class AgentOutputSchema(AgentOutputSchemaBase):
    """The output schema of a Python type: a pydantic model, dataclass, TypedDict, list, ...

    As in the SDK, every type other than a pydantic model or a ``dict`` (a
    ``TypedDict``, ``dict[str, X]``) is wrapped for the model in an object
    ``{"response": <value>}``: ``list[int]``, ``int``, a ``Literal``, a union,
    a dataclass. :meth:`validate_json` unwraps it again (and also accepts the
    bare value, which models without strict structured output sometimes send).

    Args:
        output_type: The type the final output is validated into. ``None`` or
            ``str`` means plain text.
        strict_json_schema: Rewrite the schema for OpenAI strict mode.

    Raises:
        UserError: The type has no JSON schema, or (in strict mode) a schema
            strict mode cannot express.
    """

    output_type: Any

    def __init__(self, output_type: type[Any] | Any, strict_json_schema: bool = True) -> None:
        self.output_type = output_type
        self._strict = strict_json_schema
        self._name = _type_name(output_type)
        self._plain_text = output_type is None or output_type is str
        self._wrapped = False
        self._schema: dict[str, Any] = {}
        self._adapter: Any = None
        self._inner: Any = None
        if not self._plain_text:
            self._build()

    def _build(self) -> None:
        from pydantic import TypeAdapter  # lazily: `import runwright` stays light

        self._inner = _adapter_for(TypeAdapter, self.output_type, self._name)
        schema = self._inner.json_schema()
        if not _is_model_or_dict(self.output_type):
            self._wrapped = True
            self._adapter = _adapter_for(TypeAdapter, _wrapper_type(self.output_type), self._name)
            schema = self._adapter.json_schema()
        else:
            self._adapter = self._inner
        self._schema = self._make_strict(schema) if self._strict else schema

    def _make_strict(self, schema: dict[str, Any]) -> dict[str, Any]:
        try:
            return ensure_strict_json_schema(schema)
        except UserError as error:
            raise UserError(
                f"Output type {self._name} cannot be used in strict JSON schema mode: "
                f"{error.message} To allow it, use "
                f"AgentOutputSchema({self._name}, strict_json_schema=False) as output_type."
            ) from error

    def is_plain_text(self) -> bool:
        """True when the output type is None or str."""
        return self._plain_text

    def is_wrapped(self) -> bool:
        """True when the model's JSON is ``{"response": <value>}`` rather than the value."""
        return self._wrapped

    def name(self) -> str:
        """The type's name, safe as a JSON schema name on the wire.

        ``Weather`` stays ``Weather``; generics keep their parts readable but
        only use the characters OpenAI accepts (``[A-Za-z0-9_-]``, at most 64):
        ``list[int]`` → ``list_int``, ``Cat | Dog`` → ``Cat_Dog``.
        """
        return _WIRE_UNSAFE.sub("_", self._name).strip("_")[:64] or "final_output"

    def json_schema(self) -> dict[str, Any]:
        """The JSON schema sent to the model.

        Raises:
            UserError: The output type is plain text, which has no schema.
        """
        if self._plain_text:
            raise UserError("The output type is plain text (str); it has no JSON schema.")
        return self._schema

    def is_strict_json_schema(self) -> bool:
        """Whether :meth:`json_schema` is in strict mode."""
        return self._strict

    def validate_json(self, json_str: str) -> Any:
        """Validates the model's text into the output type.

        Accepts the JSON itself, surrounded by whitespace, or inside a Markdown
        code fence (```` ```json ... ``` ````).

        Raises:
            ModelBehaviorError: The text is not valid JSON for the output type.
        """
        if self._plain_text:
            return json_str
        last_error: Exception | None = None
        # The fenced content comes last and, when present, explains the failure best.
        for candidate in _candidates(json_str):
            try:
                return self._validate(candidate)
            except ValueError as error:  # pydantic.ValidationError is a ValueError
                last_error = error
        raise ModelBehaviorError(
            f"Invalid JSON for output type {self._name}: {_first_error(last_error)}. "
            f"Output: {_excerpt(json_str)}"
        )

    def _validate(self, text: str) -> Any:
        if not self._wrapped:
            return self._adapter.validate_json(text)
        try:
            return self._adapter.validate_json(text)[_WRAPPER_KEY]
        except ValueError:
            # Models without strict structured output sometimes send the bare value.
            try:
                return self._inner.validate_json(text)
            except ValueError:
                pass
            raise

    def __repr__(self) -> str:
        return f"AgentOutputSchema({self._name}, strict_json_schema={self._strict})"


_SCHEMAS: dict[Any, AgentOutputSchemaBase] = {}
"""Registry of schemas per output type (built once each: TypeAdapter construction is costly)."""


def output_schema_for(output_type: Any) -> AgentOutputSchemaBase | None:
    """The output schema for an agent's ``output_type``; None for plain text.

    An :class:`AgentOutputSchemaBase` instance is returned as is. Schemas of
    hashable types are cached, so each type's schema is built once.

    Raises:
        UserError: The type cannot be used as an output type (see
            :class:`AgentOutputSchema`).
    """
    if output_type is None or output_type is str:
        return None
    if isinstance(output_type, AgentOutputSchemaBase):
        return output_type
    try:
        cached = _SCHEMAS.get(output_type)
    except TypeError:  # unhashable: build afresh each time
        return AgentOutputSchema(output_type)
    if cached is None:
        cached = _SCHEMAS[output_type] = AgentOutputSchema(output_type)
    return cached


def _adapter_for(adapter_class: Any, output_type: Any, name: str) -> Any:
    from pydantic import PydanticSchemaGenerationError, PydanticUserError

    try:
        adapter = adapter_class(output_type)
        adapter.json_schema()  # fail now, at configuration time, rather than mid-run
        return adapter
    except (PydanticSchemaGenerationError, PydanticUserError, TypeError) as error:
        raise UserError(f"Output type {name} is not supported: {error}") from error


def _wrapper_type(output_type: Any) -> Any:
    from typing_extensions import TypedDict

    # A TypedDict validates to a plain dict, so unwrapping is one lookup.
    return TypedDict("OutputWrapper", {_WRAPPER_KEY: output_type})  # type: ignore[operator]


def _is_model_or_dict(output_type: Any) -> bool:
    """The SDK's rule for sending a type unwrapped: a pydantic model or a dict (also generic)."""
    from pydantic import BaseModel

    if is_typeddict(output_type):
        return True
    origin = typing.get_origin(output_type)
    if origin is not None:  # dict[str, int]; but not Union, Literal, Annotated, list, ...
        return isinstance(origin, type) and issubclass(origin, (BaseModel, dict))
    # On Python 3.10, list[int] passes isinstance(..., type): get_origin answered it above.
    return isinstance(output_type, type) and issubclass(output_type, (BaseModel, dict))


def _type_name(output_type: Any) -> str:
    """``Weather``, ``list[int]``, ``Literal['a', 'b']``, ``Cat | Dog``: for messages and logs."""
    if output_type is None or output_type is type(None):
        return "None"
    if output_type is Ellipsis:
        return "..."
    origin, args = typing.get_origin(output_type), typing.get_args(output_type)
    if origin is None or not args:
        return str(getattr(output_type, "__name__", None) or repr(output_type))
    if origin is typing.Literal:
        return f"Literal[{', '.join(repr(arg) for arg in args)}]"
    if origin is typing.Annotated:
        return _type_name(args[0])
    if origin is typing.Union or origin is getattr(types, "UnionType", None):
        return " | ".join(_type_name(arg) for arg in args)
    base = getattr(origin, "__name__", None) or str(origin).replace("typing.", "")
    return f"{base}[{', '.join(_type_name(arg) for arg in args)}]"


def _candidates(text: str) -> list[str]:
    """Texts to try, in order: as given, then the content of a Markdown code fence."""
    candidates = [text]
    fence = _FENCE.search(text)
    if fence:
        candidates.append(fence.group(1))
    return candidates


def _first_error(error: Exception | None) -> str:
    errors = getattr(error, "errors", None)
    if callable(errors):
        try:
            first = errors()[0]
            where = ".".join(str(part) for part in first.get("loc", ())) or "<root>"
            return f"{where}: {first.get('msg')}"
        except (IndexError, TypeError, AttributeError):
            pass
    return str(error)


def _excerpt(text: str) -> str:
    if len(text) <= _EXCERPT_CHARS:
        return repr(text)
    return repr(text[:_EXCERPT_CHARS]) + f" ... ({len(text)} characters)"
