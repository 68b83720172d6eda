"""The model port: what the run loop needs from a model and from a provider of models."""

from __future__ import annotations

import abc
import enum
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from runwright._agent.handoffs import Handoff
    from runwright._agent.output_schema import AgentOutputSchemaBase
    from runwright._core.config import ModelSettings
    from runwright._core.items import ModelResponse, TResponseInputItem
    from runwright._models.retry_policies import ModelRetryAdvice, ModelRetryAdviceRequest
    from runwright._tools.function_tool import Tool


class ModelTracing(enum.Enum):
    """How much of a model call may be recorded in traces."""

    DISABLED = 0
    ENABLED = 1
    ENABLED_WITHOUT_DATA = 2

    def is_disabled(self) -> bool:
        return self is ModelTracing.DISABLED

    def include_data(self) -> bool:
        return self is ModelTracing.ENABLED


class Model(abc.ABC):
    """A model the run loop can call.

    Input and output items are in Responses API shape whatever the provider
    speaks; adapters convert at their edge.
    """

    @abc.abstractmethod
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
        """One complete model response."""

    @abc.abstractmethod
    def stream_response(
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
        """Responses API stream events; the last is ``response.completed``.

        The ``response.completed`` event's ``response`` carries ``output``,
        ``usage`` and ``id`` exactly as :meth:`get_response` would return them.
        """

    async def close(self) -> None:
        """Releases what the model holds open (e.g. a websocket); a no-op by default."""
        return None

    def get_retry_advice(self, request: ModelRetryAdviceRequest) -> ModelRetryAdvice | None:
        """This model's advice on retrying a failed call (None: no opinion, the default).

        Retry policies read it as ``provider_advice`` (see :mod:`runwright.retry`).
        """
        return None


class ModelProvider(abc.ABC):
    """Turns a model name into a :class:`Model`."""

    @abc.abstractmethod
    def get_model(self, model_name: str | None) -> Model:
        """The model for ``model_name`` (``None``: the provider's default)."""

    async def aclose(self) -> None:
        """Releases what the provider holds (cached models, connections); a no-op by default."""
        return None
