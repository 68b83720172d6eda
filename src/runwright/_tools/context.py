"""The context a tool receives: the run's context plus which call this is."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from runwright._core.context import RunContextWrapper, TContext
from runwright._core.exceptions import UserError
from runwright._core.usage import Usage

if TYPE_CHECKING:
    from runwright._core.config import RunConfig


@dataclass(eq=False)
class ToolContext(RunContextWrapper[TContext]):
    """A :class:`RunContextWrapper` for one tool call.

    ``context`` and ``usage`` are the run's own objects (shared, not copied).
    ``tool_call`` is the model's function call item, ``agent`` the agent whose
    tool this is, ``run_config`` the run's RunConfig.
    """

    tool_name: str = ""
    tool_call_id: str = ""
    tool_arguments: str = ""
    usage: Usage = field(default_factory=Usage)
    tool_call: Any = None
    tool_namespace: str | None = None
    """The namespace of a namespaced tool's call (``namespace`` of the call item), else None."""
    agent: Any = None
    run_config: RunConfig | None = None

    @classmethod
    def from_agent_context(
        cls,
        context: RunContextWrapper[Any],
        tool_call_id: str,
        tool_call: Any = None,
        agent: Any = None,
        *,
        tool_name: str | None = None,
        tool_arguments: str | None = None,
        tool_namespace: str | None = None,
        run_config: RunConfig | None = None,
    ) -> ToolContext[Any]:
        """A tool context for one call, sharing ``context``'s user context, usage, input
        and approvals. The tool's name, arguments and namespace come from ``tool_call``
        (a function call item) unless given.

        Raises:
            UserError: no tool name is given and ``tool_call`` has none.
        """
        if not isinstance(context, RunContextWrapper):
            raise UserError(
                "ToolContext.from_agent_context() needs the run's RunContextWrapper, got "
                f"{type(context).__name__}."
            )
        name = tool_name if tool_name is not None else _call_field(tool_call, "name")
        if not isinstance(name, str) or not name:
            raise UserError(
                "ToolContext.from_agent_context(): pass tool_name= or a tool_call with a name."
            )
        arguments = tool_arguments
        if arguments is None:
            arguments = _call_field(tool_call, "arguments") or ""
        namespace = tool_namespace
        if namespace is None:
            namespace = _call_field(tool_call, "namespace")
        ctx = cls.for_call(
            context,
            name,
            tool_call_id,
            str(arguments),
            tool_call=tool_call,
            agent=agent,
            run_config=run_config,
        )
        ctx.tool_namespace = namespace if isinstance(namespace, str) and namespace else None
        ctx.tool_input = context.tool_input
        return ctx

    @classmethod
    def for_call(
        cls,
        wrapper: RunContextWrapper[Any],
        name: str,
        call_id: str,
        arguments: str,
        *,
        tool_call: Any = None,
        agent: Any = None,
        run_config: RunConfig | None = None,
    ) -> ToolContext[Any]:
        """A tool context sharing ``wrapper``'s context, usage, input and approvals."""
        ctx = cls(
            context=wrapper.context,
            usage=wrapper.usage,
            turn_input=wrapper.turn_input,
            tool_name=name,
            tool_call_id=call_id,
            tool_arguments=arguments,
            tool_call=tool_call,
            tool_namespace=tool_call.get("namespace") if isinstance(tool_call, dict) else None,
            agent=agent,
            run_config=run_config,
        )
        ctx._approvals = wrapper._approvals
        return ctx


def _call_field(call: Any, name: str) -> Any:
    """A field of a tool call item, a dict or an object (openai's typed items)."""
    if call is None:
        return None
    if isinstance(call, dict):
        return call.get(name)
    return getattr(call, name, None)
