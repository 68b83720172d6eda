"""One name, one callee: what an agent offers when tools and handoffs share a name.

The model calls function tools and handoffs by name, so two of them with one
name are ambiguous. ``RunConfig.tool_name_collision_policy`` decides:
``"warn"`` logs it and offers only the one a call would reach (a handoff wins
over function tools; among equals the last listed wins), ``"error"`` raises
UserError before the model is called. Checked when an agent's plan is built,
not on every turn.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from runwright._core.exceptions import UserError
from runwright._core.logger import logger
from runwright._tools.hosted import HostedTool

if TYPE_CHECKING:
    from runwright._agent.agent import Agent
    from runwright._agent.handoffs import Handoff


def resolve_name_collisions(
    agent: Agent[Any],
    tools: list[Any],
    handoffs: list[Handoff[Any]],
    policy: str,
) -> tuple[list[Any], list[Handoff[Any]]]:
    """The tools and handoffs to offer, each name once (see the module docstring).

    Raises:
        UserError: a name is shared and ``policy`` is ``"error"``.
    """
    owners: dict[str, list[tuple[str, int]]] = {}
    for index, tool in enumerate(tools):
        if not isinstance(tool, HostedTool):
            owners.setdefault(tool.name, []).append(("tool", index))
    for index, h in enumerate(handoffs):
        owners.setdefault(h.tool_name, []).append(("handoff", index))
    dropped: set[tuple[str, int]] = set()
    for name, entries in owners.items():
        if len(entries) < 2:
            continue
        message = _collision_message(agent, name, {kind for kind, _ in entries})
        if policy == "error":
            raise UserError(message)
        logger.warning("%s Only the %s is offered to the model.", message, _winner_label(entries))
        handoff_entries = [e for e in entries if e[0] == "handoff"]
        winner = handoff_entries[-1] if handoff_entries else entries[-1]
        dropped.update(e for e in entries if e != winner)
    kept_tools = [t for i, t in enumerate(tools) if ("tool", i) not in dropped]
    kept_handoffs = [h for i, h in enumerate(handoffs) if ("handoff", i) not in dropped]
    return kept_tools, kept_handoffs


def _collision_message(agent: Agent[Any], name: str, kinds: set[str]) -> str:
    if kinds == {"tool"}:
        what, fix = "more than one function tool", "Give each tool a unique name (name_override=)."
    elif kinds == {"handoff"}:
        what, fix = "more than one handoff", "Pass a unique tool_name_override= to each handoff."
    else:
        what = "both a function tool and a handoff"
        fix = (
            "Rename one of them (name_override= for the tool, tool_name_override= for the handoff)."
        )
    return f"Agent {agent.name!r}: the tool name {name!r} is used by {what}. {fix}"


def _winner_label(entries: list[tuple[str, int]]) -> str:
    if any(kind == "handoff" for kind, _ in entries):
        return "last handoff of that name"
    return "last tool of that name"
