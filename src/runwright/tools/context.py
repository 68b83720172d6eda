"""The context a tool receives: the run's context plus which call this is."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..context import RunContextWrapper, TContext
from ..usage import Usage


@dataclass(eq=False)
class ToolContext(RunContextWrapper[TContext]):
    """A :class:`RunContextWrapper` for one tool call.

    ``context`` and ``usage`` are the run's own objects (shared, not copied).
    """

    tool_name: str = ""
    tool_call_id: str = ""
    tool_arguments: str = ""
    usage: Usage = field(default_factory=Usage)

    @classmethod
    def for_call(
        cls, wrapper: RunContextWrapper[Any], name: str, call_id: str, arguments: str
    ) -> ToolContext[Any]:
        """A tool context sharing ``wrapper``'s context and usage."""
        ctx = cls(
            context=wrapper.context,
            usage=wrapper.usage,
            tool_name=name,
            tool_call_id=call_id,
            tool_arguments=arguments,
        )
        ctx._approvals = wrapper._approvals
        return ctx
