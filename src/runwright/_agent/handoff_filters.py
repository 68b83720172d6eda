"""Ready-made handoff input filters: ``handoff(agent, input_filter=remove_all_tools)``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from runwright._agent.handoffs import HandoffInputData
from runwright._core.items import (
    HandoffCallItem,
    HandoffOutputItem,
    ReasoningItem,
    ToolCallItem,
    ToolCallOutputItem,
)

_TOOL_ITEMS = (ToolCallItem, ToolCallOutputItem, HandoffCallItem, HandoffOutputItem)
_TOOL_TYPES = frozenset(
    {"function_call", "function_call_output", "computer_call", "computer_call_output",
     "file_search_call", "web_search_call", "mcp_call"}
)  # fmt: skip


def remove_all_tools(data: HandoffInputData) -> HandoffInputData:
    """Drops every tool call, tool output and handoff item from what the next agent sees."""
    return data.clone(
        input_history=_history_without(data.input_history, _TOOL_TYPES),
        pre_handoff_items=tuple(
            i for i in data.pre_handoff_items if not isinstance(i, _TOOL_ITEMS)
        ),
        new_items=tuple(i for i in data.new_items if not isinstance(i, _TOOL_ITEMS)),
    )


def remove_reasoning(data: HandoffInputData) -> HandoffInputData:
    """Drops reasoning items (they belong to the previous agent's model)."""
    return data.clone(
        input_history=_history_without(data.input_history, frozenset({"reasoning"})),
        pre_handoff_items=tuple(
            i for i in data.pre_handoff_items if not isinstance(i, ReasoningItem)
        ),
        new_items=tuple(i for i in data.new_items if not isinstance(i, ReasoningItem)),
    )


def keep_last_items(n: int) -> Callable[[HandoffInputData], HandoffInputData]:
    """A filter keeping only the last ``n`` items of history (input and generated)."""

    def keep(data: HandoffInputData) -> HandoffInputData:
        history = data.input_history
        everything = [
            *([{"content": history, "role": "user"}] if isinstance(history, str) else history)
        ]
        generated = [*data.pre_handoff_items, *data.new_items]
        total = len(everything) + len(generated)
        drop = max(0, total - n)
        kept_history = tuple(everything[drop:])
        drop_generated = max(0, drop - len(everything))
        kept = generated[drop_generated:]
        split = max(0, len(data.pre_handoff_items) - drop_generated)
        return data.clone(
            input_history=kept_history,
            pre_handoff_items=tuple(kept[:split]),
            new_items=tuple(kept[split:]),
        )

    return keep


def _history_without(history: Any, types: frozenset[str]) -> Any:
    if isinstance(history, str):
        return history
    return tuple(item for item in history if item.get("type") not in types)
