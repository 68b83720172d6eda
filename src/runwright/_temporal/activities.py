"""The worker side: the model activity and the generic function-tool activity.

Both run outside the workflow sandbox, on any worker of the task queue, so
they may do I/O. A model error that retrying cannot fix (a bad request, a
script error, a model behaving wrongly) fails the activity for good; a
transient one (connection, 429, 5xx) is left to the activity's retry policy.
"""

from __future__ import annotations

import asyncio
import importlib
import sys
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from typing import Any

from temporalio import activity
from temporalio.exceptions import ApplicationError

from runwright._core.context import RunContextWrapper
from runwright._core.exceptions import AgentsException, UserError
from runwright._core.items import light_response
from runwright._models.default_provider import default_model_provider
from runwright._models.interface import ModelProvider, ModelTracing
from runwright._models.retry import is_transient, status_of
from runwright._temporal import wire as _wire
from runwright._tools.context import ToolContext
from runwright._tools.function_tool import FunctionTool, tool_output_text


class ModelActivity:
    """Runs one model call with the worker's model provider."""

    def __init__(self, model_provider: ModelProvider | None) -> None:
        self._provider = model_provider
        self._models: dict[str | None, Any] = {}

    def _model(self, name: str | None) -> Any:
        model = self._models.get(name)
        if model is None:
            provider = self._provider
            if provider is None:
                provider = default_model_provider()
            model = self._models[name] = provider.get_model(name)
        return model

    @activity.defn(name=_wire.MODEL_ACTIVITY)
    async def invoke_model(self, call: dict[str, Any]) -> dict[str, Any]:
        """The model's response to ``call`` (see :func:`_wire.encode_model_call`)."""
        try:
            model = self._model(call.get("model_name"))
            response = await model.get_response(
                call["system_instructions"],
                call["input"],
                _wire.decode_settings(call["model_settings"]),
                _wire.decode_tools(call["tools"]),
                None
                if call["output_schema"] is None
                else _wire.DescribedOutputSchema(call["output_schema"]),
                _wire.decode_handoffs(call["handoffs"]),
                ModelTracing(call["tracing"]),
                previous_response_id=call.get("previous_response_id"),
                conversation_id=call.get("conversation_id"),
                prompt=call.get("prompt"),
            )
        except Exception as error:
            raise _activity_error(error) from error
        return _wire.encode_response(light_response(response))  # plain dicts on the wire


def _activity_error(error: Exception) -> Exception:
    """``error`` as Temporal should see it: retryable only when it is transient."""
    if isinstance(error, ApplicationError):
        return error

    if isinstance(error, AgentsException) or (
        status_of(error) is not None and not is_transient(error)
    ):
        return ApplicationError(str(error), type=type(error).__name__, non_retryable=True)
    if isinstance(error, (TypeError, ValueError, KeyError, AttributeError)):
        return ApplicationError(str(error), type=type(error).__name__, non_retryable=True)
    return error


class ToolActivity:
    """Runs plain function tools, found by their module and name on this worker."""

    def __init__(self, tools: Iterable[FunctionTool] = ()) -> None:
        self._registered = {t.name: t for t in tools}
        self._found: dict[str, FunctionTool] = {}

    @activity.defn(name=_wire.TOOL_ACTIVITY)
    async def invoke_tool(self, call: dict[str, Any]) -> dict[str, Any]:
        """Runs one tool call; the tool's own failure comes back as data, not retried."""
        tool = self._resolve(call["tool"], call.get("origin"))
        try:
            context = _context_for(tool, call.get("context"))
        except UserError as error:  # a deployment problem: retrying cannot fix it
            raise ApplicationError(str(error), type="UserError", non_retryable=True) from error
        wrapper = RunContextWrapper(context)
        ctx = ToolContext.for_call(wrapper, tool.name, call["call_id"], call["arguments"])
        async with _heartbeats():
            try:
                output = await _run(tool, ctx, call["arguments"])
            except Exception as error:
                return {"error": {"type": type(error).__name__, "message": str(error)}}
        return {"text": tool_output_text(output), "value": _plain(output)}

    def _resolve(self, name: str, origin: str | None) -> FunctionTool:
        tool = self._registered.get(name) or (self._found.get(origin) if origin else None)
        if tool is not None:
            return tool
        if origin is None:
            raise ApplicationError(
                f"Tool {name!r} is not registered on this worker: list it in "
                "RunwrightPlugin(tools=[...]).",
                type="UserError",
                non_retryable=True,
            )
        tool = self._found[origin] = find_tool(origin)
        return tool


def find_tool(origin: str) -> FunctionTool:
    """The FunctionTool made by ``@function_tool`` from the function at ``module:qualname``.

    Only functions turned into tools resolve: an activity cannot be made to
    call an arbitrary function by naming it.
    """
    module_name, _, qualname = origin.partition(":")
    try:
        target: Any = (
            sys.modules["__main__"]
            if module_name == "__main__"
            else importlib.import_module(module_name)
        )
        module = target
        for part in qualname.split("."):
            target = getattr(target, part)
    except (ImportError, AttributeError) as error:
        raise ApplicationError(
            f"Cannot find tool {origin!r} on this worker ({error}); workers need the "
            "workflow's code installed.",
            type="UserError",
            non_retryable=True,
        ) from None
    if isinstance(target, FunctionTool):
        return target
    for value in vars(module).values():
        if isinstance(value, FunctionTool) and value._extra.get("function") is target:
            return value
    raise ApplicationError(
        f"{origin!r} is not a function tool.", type="UserError", non_retryable=True
    )


async def _run(tool: FunctionTool, ctx: ToolContext[Any], arguments: str) -> Any:
    if tool.timeout is None:
        return await tool.on_invoke_tool(ctx, arguments)
    try:
        return await asyncio.wait_for(tool.on_invoke_tool(ctx, arguments), tool.timeout)
    except asyncio.TimeoutError:
        raise TimeoutError(
            f"Tool {tool.name!r} timed out after {tool.timeout:g} seconds."
        ) from None


def _context_for(tool: FunctionTool, value: Any) -> Any:
    """The run context as the tool's annotation asks for it (a dataclass, a pydantic model...)."""
    if value is None:
        return None
    function = tool._extra.get("function")
    hint = _context_type(function) if function is not None else None
    if hint is None:
        return value
    import temporalio.converter

    try:
        return temporalio.converter.value_to_type(hint, value)
    except Exception as error:
        raise UserError(f"Tool {tool.name!r}: cannot rebuild its context: {error}") from error


def _context_type(function: Any) -> Any:
    import inspect
    import typing

    params = list(inspect.signature(function).parameters.values())
    if not params:
        return None
    try:
        hint = typing.get_type_hints(function).get(params[0].name)
    except Exception:
        return None
    args = typing.get_args(hint)
    return args[0] if args and args[0] is not Any else None


def _plain(value: Any) -> Any:
    """``value`` when it is plain JSON data (kept as the tool's output object), else None."""
    return value if _is_plain(value) else None


def _is_plain(value: Any) -> bool:
    if value is None or isinstance(value, (str, int, float, bool)):
        return True
    if isinstance(value, (list, tuple)):
        return all(_is_plain(v) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _is_plain(v) for k, v in value.items())
    return False


@asynccontextmanager
async def _heartbeats() -> AsyncIterator[None]:
    """Heartbeats every third of the activity's heartbeat timeout while the tool runs."""
    timeout = activity.info().heartbeat_timeout
    if not timeout:
        yield
        return
    period = max(timeout.total_seconds() / 3, 0.05)

    async def beat() -> None:
        while True:
            activity.heartbeat()
            await asyncio.sleep(period)

    task = asyncio.ensure_future(beat())
    try:
        yield
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
