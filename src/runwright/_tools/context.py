"""The context a tool receives: the run's context plus which call this is."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from runwright._core.context import RunContextWrapper, TContext
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
    agent: Any = None
    run_config: RunConfig | None = None

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
            agent=agent,
            run_config=run_config,
        )
        ctx._approvals = wrapper._approvals
        return ctx
