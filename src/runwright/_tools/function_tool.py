"""Function tools: Python functions the model can call."""

from __future__ import annotations

import copy
import inspect
import json
import logging
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, overload

from runwright._core.config import ToolErrorFormatterArgs
from runwright._core.exceptions import ModelBehaviorError, ToolTimeoutError, UserError
from runwright._core.strict_schema import ensure_strict_json_schema
from runwright._tools.context import ToolContext
from runwright._tools.native import normalize_allowed_callers

if TYPE_CHECKING:
    from runwright._core.config import RunConfig
    from runwright._core.context import RunContextWrapper

ToolFunction = Callable[..., Any]
FailureErrorFunction = Callable[["RunContextWrapper[Any]", Exception], "str | Awaitable[str]"]
IsEnabled = "bool | Callable[[RunContextWrapper[Any], Agent[Any]], bool | Awaitable[bool]]"

_TOOL_NAME = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_TIMEOUT_BEHAVIORS = ("error_as_result", "raise_exception")
logger = logging.getLogger("runwright")


_SDK_REPR_FIELDS = (
    "name", "description", "params_json_schema", "on_invoke_tool", "strict_json_schema",
    "is_enabled", "tool_input_guardrails", "tool_output_guardrails", "needs_approval",
    "timeout_seconds", "timeout_behavior", "timeout_error_function", "defer_loading",
    "custom_data_extractor", "allowed_callers", "output_json_schema",
)  # fmt: skip
"""The fields FunctionTool's repr shows: the SDK's, in its order."""


def default_tool_error_function(ctx: RunContextWrapper[Any], error: Exception) -> str:
    """The text the model sees when a tool fails (the default failure_error_function)."""
    return f"An error occurred while running the tool. Please try again. Error: {error}"


@dataclass(eq=False)
class FunctionTool:
    """A tool the model calls with JSON arguments.

    ``on_invoke_tool(ctx, arguments_json)`` does the work. When it raises,
    ``failure_error_function`` turns the error into the text the model sees
    (with the default one, ``RunConfig.tool_error_formatter`` may rewrite it);
    with ``failure_error_function=None`` the error propagates and ends the run.

    A call running past ``timeout`` seconds is a :class:`ToolTimeoutError`:
    with ``timeout_behavior="error_as_result"`` (the default) the model is told
    ``timeout_error_function(ctx, error)`` or the error's message; with
    ``"raise_exception"`` the error ends the run.
    """

    name: str
    description: str
    params_json_schema: dict[str, Any]
    on_invoke_tool: Callable[[ToolContext[Any], str], Awaitable[Any]]
    strict_json_schema: bool = True
    is_enabled: Any = True
    """bool, or ``callable(ctx, agent) -> bool`` (sync or async), checked each turn."""
    needs_approval: Any = False
    """bool, or ``callable(ctx, params, call_id) -> bool`` (sync or async)."""
    timeout: float | None = None
    failure_error_function: FailureErrorFunction | None = default_tool_error_function
    tool_input_guardrails: list[Any] | None = None
    tool_output_guardrails: list[Any] | None = None
    idempotent: bool = True
    """False: a call that was in flight when a durable run crashed is not re-run blindly."""
    timeout_behavior: str = "error_as_result"
    """``"error_as_result"`` or ``"raise_exception"``: what a timeout does."""
    timeout_error_function: FailureErrorFunction | None = None
    """``fn(ctx, ToolTimeoutError) -> str``: the model's text for a timeout (error_as_result)."""
    defer_loading: bool = False
    """Responses tool search: the model sees the tool only after searching for it."""
    custom_data_extractor: FunctionToolCustomDataExtractor | None = field(
        default=None, kw_only=True
    )
    """``fn(FunctionToolCustomDataContext) -> data`` kept on the output item's ``custom_data``."""
    allowed_callers: list[Any] | None = field(default=None, kw_only=True)
    """Responses: who may call the tool (``"direct"``, ``"programmatic"``)."""
    output_json_schema: dict[str, Any] | None = field(default=None, kw_only=True)
    """Responses: the JSON schema of the tool's output (sent as ``output_schema``)."""
    _extra: dict[str, Any] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not _TOOL_NAME.match(self.name):
            raise UserError(
                f"Tool name {self.name!r} is not valid: use 1-64 letters, digits, '_' or '-' "
                "(set name_override= to choose another name)."
            )
        timeout = self.timeout
        if timeout is not None and (isinstance(timeout, bool) or not timeout > 0):
            raise UserError(f"Tool {self.name!r}: timeout must be a positive number of seconds.")
        if self.timeout_behavior not in _TIMEOUT_BEHAVIORS:
            raise UserError(
                f"Tool {self.name!r}: timeout_behavior must be one of {_TIMEOUT_BEHAVIORS}, "
                f"got {self.timeout_behavior!r}."
            )
        self.allowed_callers = normalize_allowed_callers(self.allowed_callers, self.name)
        if self.output_json_schema is not None:
            self.output_json_schema = _object_output_schema(self.output_json_schema)

    @property
    def timeout_seconds(self) -> float | None:
        """The SDK's name for :attr:`timeout`."""
        return self.timeout

    @timeout_seconds.setter
    def timeout_seconds(self, value: float | None) -> None:
        self.timeout = value

    def __repr__(self) -> str:
        """The SDK's dataclass repr: its fields, in its order (logs read the same)."""
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in _SDK_REPR_FIELDS)
        return f"{type(self).__name__}({shown})"

    async def invoke(self, ctx: ToolContext[Any], arguments: str) -> Any:
        """Runs the tool; errors become model-visible text unless failure_error_function is None.

        Raises:
            ToolTimeoutError: the call timed out and ``timeout_behavior="raise_exception"``.
        """
        try:
            if self.timeout is None:
                return await self.on_invoke_tool(ctx, arguments)
            outcome = await self._invoke_within_timeout(ctx, arguments)
        except Exception as error:
            if self.failure_error_function is None:
                raise
            return await self._failure_text(ctx, error)
        if isinstance(outcome, ToolTimeoutError):
            return await self._timeout_text(ctx, outcome)
        return outcome

    async def _invoke_within_timeout(self, ctx: ToolContext[Any], arguments: str) -> Any:
        """The tool's value, or a ToolTimeoutError (returned, not raised) when it timed out."""
        import asyncio

        assert self.timeout is not None
        task = asyncio.ensure_future(self.on_invoke_tool(ctx, arguments))
        try:
            return await asyncio.wait_for(task, self.timeout)
        except asyncio.TimeoutError:
            if task.done() and not task.cancelled():
                return task.result()  # the tool itself raised TimeoutError (or just finished)
            return ToolTimeoutError(self.name, self.timeout)

    async def _timeout_text(self, ctx: ToolContext[Any], error: ToolTimeoutError) -> Any:
        if self.timeout_behavior == "raise_exception":
            raise error
        if self.timeout_error_function is None:
            return str(error)
        message = self.timeout_error_function(ctx, error)
        return await message if inspect.isawaitable(message) else message

    async def _failure_text(self, ctx: ToolContext[Any], error: Exception) -> Any:
        assert self.failure_error_function is not None
        message = self.failure_error_function(ctx, error)
        if inspect.isawaitable(message):
            message = await message
        run_config = ctx.run_config if isinstance(ctx, ToolContext) else None
        formatted = (
            run_config is not None
            and run_config.tool_error_formatter is not None
            and self.failure_error_function is default_tool_error_function
            and "agent" not in self._extra  # agent tools keep their own policy, as in the SDK
        )
        if not formatted:
            return message
        assert run_config is not None
        return await format_tool_error(
            run_config, "tool_exception", self.name, ctx.tool_call_id, str(message), ctx, error
        )


async def format_tool_error(
    run_config: RunConfig,
    kind: Any,
    tool_name: str,
    call_id: str,
    default_message: str,
    run_context: RunContextWrapper[Any],
    error: Exception | None = None,
) -> str:
    """``run_config.tool_error_formatter``'s text for a tool error, or ``default_message``
    when there is no formatter, it returns None or a non-string, or it fails."""
    formatter = run_config.tool_error_formatter
    if formatter is None:
        return default_message

    args = ToolErrorFormatterArgs(
        kind, "function", tool_name, call_id, default_message, run_context, error
    )
    try:
        text = formatter(args)
        if inspect.isawaitable(text):
            text = await text
    except Exception:
        logger.exception("tool_error_formatter failed; the default message is used")
        return default_message
    if text is not None and not isinstance(text, str):
        logger.error("tool_error_formatter returned %s, not a string", type(text).__name__)
    return text if isinstance(text, str) else default_message


@dataclass
class FunctionToolCustomDataContext:
    """What a FunctionTool ``custom_data_extractor`` receives."""

    tool_context: ToolContext[Any]
    tool: FunctionTool
    output: Any
    raw_item: dict[str, Any]


FunctionToolCustomDataExtractor = Callable[[FunctionToolCustomDataContext], Any]
"""Returns data kept on the output item's ``custom_data`` (never sent to the model)."""


def _object_output_schema(schema: Any) -> dict[str, Any]:
    """A declared output schema checked (a JSON object schema) and made strict."""
    if not isinstance(schema, dict) or not _is_object_schema(schema):
        raise UserError("Function tool output_json_schema must define a JSON object schema.")
    try:
        return ensure_strict_json_schema(copy.deepcopy(schema))
    except Exception as error:
        raise UserError(
            "Function tool output_json_schema must define a strict JSON object schema."
        ) from error


def _is_object_schema(schema: dict[str, Any]) -> bool:
    node: Any = schema
    seen: set[str] = set()
    while isinstance(node, dict):
        if node.get("type") in ("object", ["object"]):
            return True
        ref = node.get("$ref")
        if not isinstance(ref, str) or not ref.startswith("#/") or ref in seen:
            return False
        seen.add(ref)
        node = schema
        for part in ref[2:].split("/"):
            if not isinstance(node, dict):
                return False
            node = node.get(part.replace("~1", "/").replace("~0", "~"))
    return False


def _output_type_schema(output_type: Any) -> dict[str, Any]:
    """The strict object schema of a tool's declared ``output_type``."""
    # pydantic loads with the first tool that declares an output type, not at import
    from pydantic import TypeAdapter

    try:
        schema = TypeAdapter(output_type).json_schema(mode="serialization")
        if not _is_object_schema(schema):
            raise UserError("the generated JSON Schema is not an object schema")
        return _object_output_schema(schema)
    except Exception as error:
        raise UserError(
            "Function tool output_type must define a strict JSON object schema. Use a Pydantic "
            "model, TypedDict, or dataclass, or provide output_json_schema directly."
        ) from error


def tool_namespace(
    *, name: str, description: str | None, tools: list[FunctionTool]
) -> list[FunctionTool]:
    """Copies of ``tools`` grouped under a namespace for Responses tool search.

    On Responses they are sent inside one ``{"type": "namespace", ...}`` entry.
    """
    if not isinstance(name, str) or not name.strip():
        raise UserError("tool_namespace() requires a non-empty namespace name.")
    if not isinstance(description, str) or not description.strip():
        raise UserError("tool_namespace() requires a non-empty description.")
    if any(not isinstance(t, FunctionTool) for t in tools):
        raise UserError("tool_namespace() only supports FunctionTool instances.")
    grouped: list[FunctionTool] = []
    for t in tools:
        if t.name == name.strip():
            raise UserError(
                "Responses tool-search reserves the synthetic namespace "
                f"`{t.name}.{t.name}` for deferred top-level function tools. "
                "Rename the namespace or tool name to avoid ambiguous dispatch."
            )
        one = copy.copy(t)
        one._extra = {**t._extra, "namespace": (name.strip(), description.strip())}
        grouped.append(one)
    return grouped


Tool = FunctionTool
"""Every tool kind runwright runs (function tools; more kinds may join this union)."""


def tool_output_text(output: Any) -> str:
    """How a tool's return value is written for the model."""
    kind = type(output)
    if kind is str:
        return output  # type: ignore[no-any-return]
    if kind is int:
        return repr(output)
    if isinstance(output, str):
        return str(output)
    if hasattr(output, "model_dump_json"):
        return str(output.model_dump_json())
    if isinstance(output, (dict, list, tuple, int, float, bool)) or output is None:
        try:
            return json.dumps(output, ensure_ascii=False, default=str)
        except (TypeError, ValueError):
            return str(output)
    return str(output)


@overload
def function_tool(func: ToolFunction) -> FunctionTool: ...


@overload
def function_tool(
    *,
    name_override: str | None = None,
    description_override: str | None = None,
    docstring_style: str | None = None,
    use_docstring_info: bool = True,
    failure_error_function: FailureErrorFunction | None = default_tool_error_function,
    strict_mode: bool = True,
    is_enabled: Any = True,
    needs_approval: Any = False,
    timeout: float | None = None,
    timeout_behavior: str = "error_as_result",
    timeout_error_function: FailureErrorFunction | None = None,
    idempotent: bool = True,
    tool_input_guardrails: list[Any] | None = None,
    tool_output_guardrails: list[Any] | None = None,
    defer_loading: bool = False,
    custom_data_extractor: FunctionToolCustomDataExtractor | None = None,
    allowed_callers: list[Any] | None = None,
    output_type: Any = None,
    output_json_schema: dict[str, Any] | None = None,
) -> Callable[[ToolFunction], FunctionTool]: ...


def function_tool(
    func: ToolFunction | None = None,
    *,
    name_override: str | None = None,
    description_override: str | None = None,
    docstring_style: str | None = None,
    use_docstring_info: bool = True,
    failure_error_function: FailureErrorFunction | None = default_tool_error_function,
    strict_mode: bool = True,
    is_enabled: Any = True,
    needs_approval: Any = False,
    timeout: float | None = None,
    timeout_behavior: str = "error_as_result",
    timeout_error_function: FailureErrorFunction | None = None,
    idempotent: bool = True,
    tool_input_guardrails: list[Any] | None = None,
    tool_output_guardrails: list[Any] | None = None,
    defer_loading: bool = False,
    custom_data_extractor: FunctionToolCustomDataExtractor | None = None,
    allowed_callers: list[Any] | None = None,
    output_type: Any = None,
    output_json_schema: dict[str, Any] | None = None,
) -> FunctionTool | Callable[[ToolFunction], FunctionTool]:
    """Makes a :class:`FunctionTool` from a sync or async function.

    The tool's name, description and strict JSON schema come from the
    function's name, signature, type hints and docstring (Google, NumPy or
    Sphinx style). A first parameter annotated ``RunContextWrapper`` or
    ``ToolContext`` receives the run's context and is not shown to the model.
    Sync functions run in a worker thread, off the event loop.

    Usable bare (``@function_tool``) or with arguments (``@function_tool(...)``).
    """

    if output_type is not None and output_json_schema is not None:
        raise UserError("function_tool() accepts output_type or output_json_schema, not both.")
    if output_type is not None:
        output_json_schema = _output_type_schema(output_type)

    def build(f: ToolFunction) -> FunctionTool:
        # pydantic loads with the first @function_tool, not with `import runwright`
        from runwright._tools.schema import function_schema

        schema = function_schema(
            f,
            name_override=name_override,
            description_override=description_override,
            docstring_style=docstring_style,
            use_docstring_info=use_docstring_info,
            strict_json_schema=strict_mode,
        )
        tool = FunctionTool(
            name=schema.name,
            description=schema.description or "",
            params_json_schema=schema.params_json_schema,
            on_invoke_tool=_invoker(f, schema),
            strict_json_schema=strict_mode,
            is_enabled=is_enabled,
            needs_approval=needs_approval,
            timeout=timeout,
            timeout_behavior=timeout_behavior,
            timeout_error_function=timeout_error_function,
            failure_error_function=failure_error_function,
            tool_input_guardrails=tool_input_guardrails,
            tool_output_guardrails=tool_output_guardrails,
            idempotent=idempotent,
            defer_loading=defer_loading,
            custom_data_extractor=custom_data_extractor,
            allowed_callers=allowed_callers,
            output_json_schema=output_json_schema,
        )
        tool._extra["function"] = f  # where an engine (runwright._temporal) finds the code
        return tool

    if func is not None:
        if not callable(func):
            raise UserError("@function_tool must decorate a function.")
        return build(func)
    return build


def _invoker(f: ToolFunction, schema: Any) -> Callable[[ToolContext[Any], str], Awaitable[Any]]:
    is_async = inspect.iscoroutinefunction(f)
    params_model = schema.params_model
    takes_context = schema.takes_context
    name = schema.name

    async def on_invoke_tool(ctx: ToolContext[Any], arguments: str) -> Any:
        try:
            parsed = params_model.model_validate_json(arguments or "{}")
        except Exception as error:  # pydantic.ValidationError, also for malformed JSON
            raise ModelBehaviorError(
                f"Invalid arguments for tool {name!r}: {_brief(error)}"
            ) from error
        args, kwargs = schema.to_call_args(parsed)
        if takes_context:
            args.insert(0, ctx)
        if is_async:
            return await f(*args, **kwargs)
        import asyncio

        return await asyncio.to_thread(f, *args, **kwargs)

    return on_invoke_tool


def _brief(error: Exception) -> str:
    errors = getattr(error, "errors", None)
    if callable(errors):
        try:
            parts = [
                f"{'.'.join(str(p) for p in e.get('loc', ())) or '<root>'}: {e.get('msg')}"
                for e in errors()
            ]
            return "; ".join(parts)
        except Exception:
            pass
    return str(error)


tool = function_tool
"""``agents.decorators.tool`` of the SDK: another name for :func:`function_tool`."""
