"""Handoffs: one agent passing the conversation to another."""

from __future__ import annotations

import inspect
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypeAlias, Union

from runwright._agent.handoff_history import default_handoff_history_mapper
from runwright._core.context import RunContextWrapper, TContext
from runwright._core.exceptions import ModelBehaviorError, UserError
from runwright._core.names import function_style_name
from runwright._core.strict_schema import ensure_strict_json_schema

if TYPE_CHECKING:
    from runwright._agent.agent import Agent

_MAX_TOOL_NAME = 64  # OpenAI rejects longer function names


@dataclass(eq=False)
class Handoff(Generic[TContext]):
    """A handoff offered to the model as a tool named ``tool_name``.

    ``on_invoke_handoff(ctx, arguments_json)`` returns the agent that takes over.
    """

    tool_name: str
    tool_description: str
    input_json_schema: dict[str, Any]
    on_invoke_handoff: Callable[[RunContextWrapper[Any], str], Awaitable[Agent[Any]]]
    agent_name: str
    input_filter: Callable[..., Any] | None = None
    nest_handoff_history: bool | None = None
    strict_json_schema: bool = True
    is_enabled: Any = True
    agent: Agent[Any] | None = field(default=None, repr=False)
    """The target agent, when known (used to resolve agents by name, e.g. in RunState)."""

    def get_transfer_message(self, agent: Agent[Any]) -> str:
        """The handoff tool's output the model sees: ``{"assistant": "<agent name>"}``."""
        return json.dumps({"assistant": agent.name})

    @classmethod
    def default_tool_name(cls, agent: Agent[Any]) -> str:
        """``transfer_to_<agent name>`` (see :func:`default_tool_name`)."""
        return default_tool_name(agent.name)

    @classmethod
    def default_tool_description(cls, agent: Agent[Any]) -> str:
        """The description the model reads when none is given."""
        return default_tool_description(agent)


@dataclass(frozen=True)
class HandoffInputData:
    """What the next agent would see; an input filter returns a changed copy.

    ``input_history`` is the run's input (history included) before this run's
    items, ``pre_handoff_items`` the items generated before the current turn,
    ``new_items`` the current turn's items (including the handoff call and output).
    """

    input_history: str | tuple[Any, ...]
    pre_handoff_items: tuple[Any, ...]
    new_items: tuple[Any, ...]
    run_context: RunContextWrapper[Any] | None = None
    input_items: tuple[Any, ...] | None = None
    """When set, the next agent sees these instead of ``new_items``; ``new_items`` stay the
    run's record (``result.new_items``, the session)."""

    def clone(self, **changes: Any) -> HandoffInputData:
        """A copy with ``changes`` applied."""
        import dataclasses

        return dataclasses.replace(self, **changes)


def default_tool_name(agent_name: str) -> str:
    """``transfer_to_<name>``, named exactly as the SDK names it.

    Each character other than an ASCII letter, digit or ``_`` becomes one ``_``
    (nothing is collapsed or stripped), then all is lower case: "FAQ-bot" gives
    ``transfer_to_faq_bot``, "Billing & Refunds" ``transfer_to_billing___refunds``.
    Users' prompts, ``StopAtTools`` lists and recorded fixtures rely on it.
    Unlike the SDK, a name is cut to 64 characters, the most OpenAI accepts.
    """
    return function_style_name(f"transfer_to_{agent_name}")[:_MAX_TOOL_NAME]


def default_tool_description(agent: Agent[Any]) -> str:
    """The SDK's description, to the character (the model reads it)."""
    return (
        f"Handoff to the {agent.name} agent to handle the request. "
        f"{agent.handoff_description or ''}"
    )


def handoff(
    agent: Agent[Any],
    tool_name_override: str | None = None,
    tool_description_override: str | None = None,
    on_handoff: Callable[..., Any] | None = None,
    input_type: Any = None,
    input_filter: Callable[[HandoffInputData], Any] | None = None,
    nest_handoff_history: bool | None = None,
    is_enabled: Any = True,
) -> Handoff[Any]:
    """A handoff to ``agent``.

    ``on_handoff(ctx)`` — or ``on_handoff(ctx, input)`` when ``input_type`` is
    given, with the model's arguments validated into that type — runs when
    the model takes the handoff (sync or async). Invalid arguments are
    reported to the model as a ModelBehaviorError.
    """
    if (on_handoff is None) != (input_type is None) and input_type is not None:
        raise UserError("handoff(): input_type needs an on_handoff function to receive the input.")
    adapter = _type_adapter(input_type) if input_type is not None else None
    schema: dict[str, Any] = _input_schema(adapter) if adapter is not None else _EMPTY_SCHEMA
    tool_name = tool_name_override or default_tool_name(agent.name)

    async def invoke(ctx: RunContextWrapper[Any], arguments: str) -> Agent[Any]:
        if on_handoff is not None:
            if adapter is not None:
                try:
                    value = adapter.validate_json(arguments or "{}")
                except Exception as error:
                    raise ModelBehaviorError(
                        f"Invalid input for handoff {tool_name!r}: {error}"
                    ) from error
                result = on_handoff(ctx, value)
            else:
                result = on_handoff(ctx)
            if inspect.isawaitable(result):
                await result
        return agent

    return Handoff(
        tool_name=tool_name,
        tool_description=tool_description_override or default_tool_description(agent),
        input_json_schema=schema,
        on_invoke_handoff=invoke,
        agent_name=agent.name,
        input_filter=input_filter,
        nest_handoff_history=nest_handoff_history,
        is_enabled=is_enabled,
        agent=agent,
    )


_EMPTY_SCHEMA: dict[str, Any] = {  # in the SDK's key order (it prints in Handoff's repr)
    "additionalProperties": False,
    "type": "object",
    "properties": {},
    "required": [],
}


def _type_adapter(input_type: Any) -> Any:
    from pydantic import TypeAdapter

    return TypeAdapter(input_type)


def _input_schema(adapter: Any) -> dict[str, Any]:
    return ensure_strict_json_schema(adapter.json_schema())


HandoffInputFilter: TypeAlias = Callable[
    [HandoffInputData], Union[HandoffInputData, Awaitable[HandoffInputData]]
]
"""A handoff's ``input_filter``: what the next agent sees, from what it would see."""

HandoffHistoryMapper: TypeAlias = Callable[[list[dict[str, Any]]], list[dict[str, Any]]]
"""``RunConfig.handoff_history_mapper``: the transcript, collapsed for the next agent."""


nest_history = default_handoff_history_mapper
"""runwright's earlier name of :func:`default_handoff_history_mapper`."""
