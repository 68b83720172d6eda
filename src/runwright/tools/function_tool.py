"""Function tools: Python functions the model can call."""

from __future__ import annotations

import inspect
import json
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, overload

from ..exceptions import ModelBehaviorError, UserError
from .context import ToolContext

if TYPE_CHECKING:
    from ..context import RunContextWrapper

ToolFunction = Callable[..., Any]
FailureErrorFunction = Callable[["RunContextWrapper[Any]", Exception], "str | Awaitable[str]"]
IsEnabled = "bool | Callable[[RunContextWrapper[Any], Agent[Any]], bool | Awaitable[bool]]"

_TOOL_NAME = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def default_tool_error_function(ctx: RunContextWrapper[Any], error: Exception) -> str:
    """The text the model sees when a tool fails (the default failure_error_function)."""
    return f"An error occurred while running the tool. Please try again. Error: {error}"


@dataclass(eq=False)
class FunctionTool:
    """A tool the model calls with JSON arguments.

    ``on_invoke_tool(ctx, arguments_json)`` does the work. When it raises (or
    exceeds ``timeout`` seconds), ``failure_error_function`` turns the error
    into the text the model sees; with ``failure_error_function=None`` the
    error propagates and ends the run.
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
    _extra: dict[str, Any] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not _TOOL_NAME.match(self.name):
            raise UserError(
                f"Tool name {self.name!r} is not valid: use 1-64 letters, digits, '_' or '-' "
                "(set name_override= to choose another name)."
            )
        if self.timeout is not None and not self.timeout > 0:
            raise UserError(f"Tool {self.name!r}: timeout must be a positive number of seconds.")

    async def invoke(self, ctx: ToolContext[Any], arguments: str) -> Any:
        """Runs the tool; errors become model-visible text unless failure_error_function is None."""
        try:
            if self.timeout is None:
                return await self.on_invoke_tool(ctx, arguments)
            import asyncio

            try:
                return await asyncio.wait_for(self.on_invoke_tool(ctx, arguments), self.timeout)
            except asyncio.TimeoutError:
                raise TimeoutError(
                    f"Tool {self.name!r} timed out after {self.timeout:g} seconds."
                ) from None
        except Exception as error:
            if self.failure_error_function is None:
                raise
            message = self.failure_error_function(ctx, error)
            if inspect.isawaitable(message):
                message = await message
            return message


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
def function_tool(func: ToolFunction, /) -> FunctionTool: ...


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
    idempotent: bool = True,
    tool_input_guardrails: list[Any] | None = None,
    tool_output_guardrails: list[Any] | None = None,
) -> Callable[[ToolFunction], FunctionTool]: ...


def function_tool(
    func: ToolFunction | None = None,
    /,
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
    idempotent: bool = True,
    tool_input_guardrails: list[Any] | None = None,
    tool_output_guardrails: list[Any] | None = None,
) -> FunctionTool | Callable[[ToolFunction], FunctionTool]:
    """Makes a :class:`FunctionTool` from a sync or async function.

    The tool's name, description and strict JSON schema come from the
    function's name, signature, type hints and docstring (Google, NumPy or
    Sphinx style). A first parameter annotated ``RunContextWrapper`` or
    ``ToolContext`` receives the run's context and is not shown to the model.
    Sync functions run in a worker thread, off the event loop.

    Usable bare (``@function_tool``) or with arguments (``@function_tool(...)``).
    """

    def build(f: ToolFunction) -> FunctionTool:
        from .schema import function_schema

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
            failure_error_function=failure_error_function,
            tool_input_guardrails=tool_input_guardrails,
            tool_output_guardrails=tool_output_guardrails,
            idempotent=idempotent,
        )
        tool._extra["function"] = f  # where an engine (runwright.temporal) finds the code
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
