"""What a model call is sent, beyond the transcript: RunConfig's input policies.

``RunConfig.reasoning_item_id_policy="omit"`` sends reasoning items back without
their ids; ``RunConfig.call_model_input_filter`` rewrites the input and instructions
right before each call. Both run only when configured: a run without them never
enters this module.
"""

from __future__ import annotations

import inspect
from typing import TYPE_CHECKING, Any

from runwright._core.config import CallModelData, ModelInputData
from runwright._core.exceptions import UserError
from runwright._core.items import RawItem, TResponseInputItem

if TYPE_CHECKING:
    from runwright._agent.agent import Agent
    from runwright._core.config import CallModelInputFilter
    from runwright._core.context import RunContextWrapper


def omit_reasoning_ids(items: list[Any], start: int = 0) -> list[Any]:
    """``items`` with the ``id`` of every reasoning item from ``start`` on left out.

    The items themselves are not changed (they are the run's record): a reasoning
    item with an id is replaced by a copy without it.
    """
    out = items
    for index in range(start, len(items)):
        item = items[index]
        if isinstance(item, dict) and item.get("type") == "reasoning" and "id" in item:
            if out is items:
                out = list(items)
            copy = RawItem(item)
            del copy["id"]
            out[index] = copy
    return out


async def filter_model_input(
    input_filter: CallModelInputFilter,
    agent: Agent[Any],
    context_wrapper: RunContextWrapper[Any],
    instructions: str | None,
    input_items: list[TResponseInputItem],
) -> tuple[str | None, list[TResponseInputItem]]:
    """The instructions and input the model call uses, as ``input_filter`` returns them.

    The filter gets a copy of the input list: whatever it does to that list, the
    run's own transcript stays as it was.

    Raises:
        UserError: the filter returned something other than a ModelInputData whose
            ``input`` is a list.
    """
    data = CallModelData(
        model_data=ModelInputData(input=list(input_items), instructions=instructions),
        agent=agent,
        context=context_wrapper.context,
    )
    updated = input_filter(data)
    if inspect.isawaitable(updated):
        updated = await updated
    if not isinstance(updated, ModelInputData):
        raise UserError(
            "RunConfig.call_model_input_filter must return a ModelInputData, got "
            f"{type(updated).__name__}."
        )
    if not isinstance(updated.input, list):
        raise UserError(
            "RunConfig.call_model_input_filter returned a ModelInputData whose input is a "
            f"{type(updated.input).__name__}, not a list of input items."
        )
    if updated.instructions is not None and not isinstance(updated.instructions, str):
        raise UserError(
            "RunConfig.call_model_input_filter returned instructions that are a "
            f"{type(updated.instructions).__name__}, not a string or None."
        )
    return updated.instructions, updated.input
