"""FallbackModel: try the next model when one keeps failing (after its own retries)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Sequence
from typing import TYPE_CHECKING, Any

from runwright._core.exceptions import UserError
from runwright._models.interface import Model, ModelTracing
from runwright._models.retry import is_transient

if TYPE_CHECKING:
    from runwright._agent.handoffs import Handoff
    from runwright._agent.output_schema import AgentOutputSchemaBase
    from runwright._core.config import ModelSettings
    from runwright._core.items import ModelResponse, TResponseInputItem
    from runwright._tools.function_tool import Tool


class FallbackModel(Model):
    """A model that asks ``models`` in order until one answers.

    Each model retries on its own first; only an error that is still transient
    (429, 5xx, timeout, connection) moves on to the next model. Other errors
    (a bad request, a missing key) surface at once: another model would not
    fix them. When every model fails, the last error is raised.

    A stream falls back only if it fails before its first event: after that,
    the consumer has already seen part of an answer.

    Args:
        models: Models to try, first to last.
        should_fall_back: Decides per error whether to try the next model
            (default: :func:`~runwright._models.retry.is_transient`).
    """

    def __init__(
        self,
        models: Sequence[Model],
        *,
        should_fall_back: Callable[[BaseException], bool] = is_transient,
    ) -> None:
        if not models:
            raise UserError("FallbackModel needs at least one model.")
        self.models = list(models)
        self.should_fall_back = should_fall_back

    def __repr__(self) -> str:
        return f"FallbackModel({self.models!r})"

    async def get_response(
        self,
        system_instructions: str | None,
        input: str | list[TResponseInputItem],
        model_settings: ModelSettings,
        tools: list[Tool],
        output_schema: AgentOutputSchemaBase | None,
        handoffs: list[Handoff[Any]],
        tracing: ModelTracing,
        *,
        previous_response_id: str | None = None,
        conversation_id: str | None = None,
        prompt: Any | None = None,
    ) -> ModelResponse:
        for position, model in enumerate(self.models):
            try:
                return await model.get_response(
                    system_instructions,
                    input,
                    model_settings,
                    tools,
                    output_schema,
                    handoffs,
                    tracing,
                    previous_response_id=previous_response_id,
                    conversation_id=conversation_id,
                    prompt=prompt,
                )
            except Exception as error:
                if position == len(self.models) - 1 or not self.should_fall_back(error):
                    raise
        raise AssertionError("unreachable")  # pragma: no cover

    async def stream_response(
        self,
        system_instructions: str | None,
        input: str | list[TResponseInputItem],
        model_settings: ModelSettings,
        tools: list[Tool],
        output_schema: AgentOutputSchemaBase | None,
        handoffs: list[Handoff[Any]],
        tracing: ModelTracing,
        *,
        previous_response_id: str | None = None,
        conversation_id: str | None = None,
        prompt: Any | None = None,
    ) -> AsyncIterator[Any]:
        for position, model in enumerate(self.models):
            stream = model.stream_response(
                system_instructions,
                input,
                model_settings,
                tools,
                output_schema,
                handoffs,
                tracing,
                previous_response_id=previous_response_id,
                conversation_id=conversation_id,
                prompt=prompt,
            )
            started = False
            try:
                async for event in stream:
                    started = True
                    yield event
                return
            except Exception as error:
                last = position == len(self.models) - 1
                if started or last or not self.should_fall_back(error):
                    raise
            finally:
                aclose = getattr(stream, "aclose", None)
                if aclose is not None:
                    await aclose()
