"""Function tools inside a workflow: plain tools become activities; activities become tools.

A plain ``@function_tool`` is replaced, for the run, by a tool of the same
name, schema, approval rule and guardrails whose invocation schedules the
generic tool activity; the worker imports the tool's function by module and
name (or takes it from ``RunwrightPlugin(tools=[...])``) and runs it.
Approvals, guardrails and the failure text stay on the workflow side, so a
run behaves as it does outside Temporal.
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
from collections.abc import Callable, Collection
from datetime import timedelta
from typing import Any

from temporalio import activity, workflow
from temporalio.common import Priority, RetryPolicy
from temporalio.exceptions import ActivityError, ApplicationError
from temporalio.workflow import ActivityCancellationType

from runwright._core.exceptions import AgentsException, ModelBehaviorError, UserError
from runwright._temporal import wire as _wire
from runwright._temporal.params import ToolActivityParameters
from runwright._tools.context import ToolContext
from runwright._tools.function_tool import FunctionTool

_KIND = "temporal"
"""Key in ``FunctionTool._extra``: "activity" (activity_as_tool), "workflow" (run inline)."""


class ToolActivityError(AgentsException):
    """A function tool failed in its activity (the message names the original error)."""


def run_in_workflow(tool: FunctionTool) -> FunctionTool:
    """Marks ``tool`` to run as workflow code rather than as an activity.

    Only for deterministic tools without I/O (pure computation on the
    arguments): workflow code is replayed.
    """
    tool._extra[_KIND] = "workflow"
    return tool


def origin_of(tool: FunctionTool) -> str | None:
    """``module:qualname`` of the function behind a ``@function_tool``, when importable."""
    function = tool._extra.get("function")
    module = getattr(function, "__module__", None)
    qualname = getattr(function, "__qualname__", None)
    if not module or not qualname or "<locals>" in qualname:
        return None
    if module == _SANDBOXED_MAIN:
        module = "__main__"  # a script's own tools: found in the worker's __main__
    return f"{module}:{qualname}"


_SANDBOXED_MAIN = "__temporal_main__"
"""What Temporal's workflow sandbox calls the ``__main__`` module it re-imports."""


def takes_context(tool: FunctionTool) -> bool:
    function = tool._extra.get("function")
    if function is None:
        return False
    params = list(inspect.signature(function).parameters.values())
    if not params:
        return False
    hint = params[0].annotation
    text = hint if isinstance(hint, str) else getattr(hint, "__name__", repr(hint))
    return "RunContextWrapper" in text or "ToolContext" in text


def as_activity_tool(
    tool: FunctionTool, params: ToolActivityParameters, registered: Collection[str]
) -> FunctionTool:
    """``tool`` with its invocation moved into the generic tool activity."""
    origin = origin_of(tool)
    if origin is None and tool.name not in registered:
        raise UserError(
            f"Tool {tool.name!r} cannot run as a Temporal activity: a worker finds a tool by "
            "its function's module and name, and this one is not importable (defined inside "
            "a function, in __main__, or built by hand). Define it at module level, list it "
            "in RunwrightPlugin(tools=[...]), or mark it with run_in_workflow() if it is "
            "deterministic and does no I/O."
        )
    options = params.activity_options(idempotent=tool.idempotent)
    with_context = takes_context(tool)
    name, idempotent = tool.name, tool.idempotent

    async def invoke(ctx: ToolContext[Any], arguments: str) -> Any:
        call = {
            "tool": name,
            "origin": origin,
            "call_id": ctx.tool_call_id,
            "arguments": arguments,
            "context": ctx.context if with_context else None,
        }
        try:
            result = await workflow.execute_activity(
                _wire.TOOL_ACTIVITY, call, summary=name, **options
            )
        except ActivityError as error:
            raise _interrupted(name, idempotent, error) from error
        except (TypeError, ValueError) as error:
            if not with_context:
                raise
            raise WorkerSetupError(
                f"Tool {name!r} takes the run context, so the context goes to the tool's "
                f"activity, but Temporal's data converter cannot serialize it: {error}. Use "
                "a dataclass, a dict or (with the pydantic converter) a pydantic model."
            ) from error
        failure = result.get("error")
        if failure is not None:
            raise _tool_error(failure)
        value = result.get("value")
        return value if value is not None else result.get("text")

    converted = dataclasses.replace(
        tool,
        on_invoke_tool=invoke,
        timeout=None,
        failure_error_function=_failure_text(tool.failure_error_function),
    )
    converted._extra = {**tool._extra, _KIND: "converted"}
    return converted


class WorkerSetupError(UserError):
    """The worker could not find or set up the tool: a deployment error, not a tool failure."""


def _failure_text(original: Any) -> Any:
    """The tool's failure_error_function, except that worker setup errors end the run."""
    if original is None:
        return None

    def failure_text(ctx: Any, error: Exception) -> Any:
        if isinstance(error, WorkerSetupError):
            raise error
        return original(ctx, error)

    return failure_text


def _tool_error(failure: dict[str, Any]) -> Exception:
    """The tool's error as the workflow side raises it (same text for the model)."""
    kind, message = failure.get("type"), str(failure.get("message"))
    if kind == "ModelBehaviorError":
        return ModelBehaviorError(message)
    return ToolActivityError(message)


def _interrupted(name: str, idempotent: bool, error: ActivityError) -> Exception:
    cause = error.cause
    if isinstance(cause, ApplicationError) and cause.type == "UserError":
        return WorkerSetupError(f"Tool {name!r}: {cause.message}")
    if isinstance(cause, ApplicationError) and cause.non_retryable:
        return ToolActivityError(f"{cause.type}: {cause.message}")
    if not idempotent:
        return ToolActivityError(
            f"The call of tool {name!r} was interrupted (its worker stopped) and was not run "
            "again because the tool is not idempotent; it may or may not have taken effect."
        )
    return ToolActivityError(f"The tool's activity failed: {cause or error}")


def activity_as_tool(
    fn: Callable[..., Any],
    *,
    task_queue: str | None = None,
    schedule_to_close_timeout: timedelta | None = None,
    schedule_to_start_timeout: timedelta | None = None,
    start_to_close_timeout: timedelta | None = None,
    heartbeat_timeout: timedelta | None = None,
    retry_policy: RetryPolicy | None = None,
    cancellation_type: ActivityCancellationType = ActivityCancellationType.TRY_CANCEL,
    summary: str | None = None,
    priority: Priority = Priority.default,
    strict_json_schema: bool = True,
    name_override: str | None = None,
    needs_approval: Any = False,
) -> FunctionTool:
    """A tool the model can call that runs the Temporal activity ``fn``.

    ``fn`` is an ``@activity.defn`` function (or method); the tool's name,
    description and JSON schema come from its signature and docstring, as for
    ``@function_tool``. The arguments the model gives are passed positionally
    to the activity; its return value is the tool's output. Options are those
    of ``workflow.execute_activity``. An activity that fails (after its
    retries) becomes error text for the model, as a failing tool does.

    Raises:
        UserError: ``fn`` is not an activity definition.
    """
    definition = activity._Definition.from_callable(fn)
    if definition is None or not definition.name:
        raise UserError(
            f"activity_as_tool needs a function decorated with @activity.defn, got {fn!r}."
        )
    # pydantic's schema builder loads with the first activity tool
    from runwright._tools.schema import function_schema

    schema = function_schema(
        _without_self(fn), name_override=name_override, strict_json_schema=strict_json_schema
    )
    activity_name = definition.name
    options: dict[str, Any] = {
        "task_queue": task_queue,
        "schedule_to_close_timeout": schedule_to_close_timeout,
        "schedule_to_start_timeout": schedule_to_start_timeout,
        "start_to_close_timeout": start_to_close_timeout,
        "heartbeat_timeout": heartbeat_timeout,
        "retry_policy": retry_policy,
        "cancellation_type": cancellation_type,
        "summary": summary or schema.description or schema.name,
        "priority": priority,
    }
    if start_to_close_timeout is None and schedule_to_close_timeout is None:
        options["start_to_close_timeout"] = timedelta(minutes=5)

    async def invoke(ctx: ToolContext[Any], arguments: str) -> Any:
        try:
            parsed = schema.params_model.model_validate_json(arguments or "{}")
        except Exception as error:
            raise ModelBehaviorError(
                f"Invalid arguments for tool {schema.name!r}: {error}"
            ) from error
        args, kwargs = schema.to_call_args(parsed)
        if kwargs:
            args.extend(kwargs.values())  # activities take positional arguments only
        if schema.takes_context:
            args.insert(0, ctx.context)
        return await workflow.execute_activity(activity_name, args=args, **options)

    tool = FunctionTool(
        name=schema.name,
        description=schema.description or "",
        params_json_schema=schema.params_json_schema,
        on_invoke_tool=invoke,
        strict_json_schema=strict_json_schema,
        needs_approval=needs_approval,
    )
    tool._extra[_KIND] = "activity"
    return tool


def _without_self(fn: Callable[..., Any]) -> Callable[..., Any]:
    """An activity method seen as a function of its other parameters."""
    signature = inspect.signature(fn)
    params = list(signature.parameters.values())
    if not params or params[0].name != "self":
        return fn

    @functools.wraps(fn)
    def shim(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("an activity method is run by its worker, not called here")

    shim.__signature__ = signature.replace(parameters=params[1:])  # type: ignore[attr-defined]
    shim.__annotations__ = {k: v for k, v in fn.__annotations__.items() if k != "self"}
    return shim
