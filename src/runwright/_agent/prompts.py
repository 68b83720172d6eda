"""Stored prompts: ``Agent(prompt=...)`` names a prompt kept on the OpenAI platform.

A prompt is ``{"id": ..., "version": ..., "variables": {...}}`` (a :class:`Prompt`),
or a function of :class:`GenerateDynamicPromptData` returning one (sync or
async), called before each model call. The Responses API model sends it as the
request's ``prompt``; the platform then supplies the stored instructions (and
the model and tools it pins, when the agent sets none).
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypedDict, Union

from runwright._core.context import RunContextWrapper
from runwright._core.exceptions import UserError

if TYPE_CHECKING:
    from runwright._agent.agent import Agent


class _PromptId(TypedDict):
    id: str
    """The prompt's id on the platform (``pmpt_...``)."""


class Prompt(_PromptId, total=False):
    """A stored prompt to use: its ``id``, optionally a ``version`` and ``variables``
    (values substituted into the prompt's ``{{placeholders}}``)."""

    version: str
    variables: dict[str, Any]


@dataclass
class GenerateDynamicPromptData:
    """What a dynamic prompt function gets: the run context and the agent."""

    context: RunContextWrapper[Any]
    agent: Agent[Any]


DynamicPromptFunction = Callable[[GenerateDynamicPromptData], Union[Prompt, Awaitable[Prompt]]]
"""A function choosing the prompt per model call (sync or async)."""


class PromptUtil:
    """Turns an agent's ``prompt`` into the request's ``prompt`` parameter."""

    @staticmethod
    async def to_model_input(
        prompt: Prompt | DynamicPromptFunction | dict[str, Any] | None,
        context: RunContextWrapper[Any],
        agent: Agent[Any],
    ) -> dict[str, Any] | None:
        """``{"id", "version", "variables"}`` for the request, or None without a prompt."""
        if prompt is None:
            return None
        if isinstance(prompt, dict):
            resolved: Any = prompt
        elif callable(prompt):
            resolved = prompt(GenerateDynamicPromptData(context=context, agent=agent))
            if inspect.isawaitable(resolved):
                resolved = await resolved
            if not isinstance(resolved, dict):
                raise UserError("Dynamic prompt function must return a Prompt")
        else:
            raise UserError(
                f"Agent {agent.name!r}: prompt must be a Prompt dict ({{'id': ...}}) or a "
                f"function returning one, got {type(prompt).__name__}."
            )
        prompt_id = resolved.get("id")
        if not isinstance(prompt_id, str) or not prompt_id:
            raise UserError(
                f"Agent {agent.name!r}: the prompt needs an 'id' (the stored prompt's id), "
                f"got {resolved!r:.200}."
            )
        return {
            "id": prompt_id,
            "version": resolved.get("version"),
            "variables": resolved.get("variables"),
        }
