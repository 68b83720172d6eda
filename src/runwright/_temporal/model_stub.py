"""The workflow side of a model call: a Model whose every call is an activity.

Inside a workflow the run config's model provider is replaced by
:class:`ActivityModelProvider`, so the loop asks it for models by name and
each ``get_response`` becomes one model activity; the worker's real provider
resolves the name there.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from temporalio import workflow
from temporalio.exceptions import ActivityError, ApplicationError

from runwright._core import exceptions
from runwright._core.items import ModelResponse, RawItem
from runwright._models.interface import Model, ModelProvider, ModelTracing
from runwright._temporal import wire as _wire
from runwright._temporal.params import ModelActivityParameters


class ActivityModel(Model):
    """Calls the model named ``model`` through the model activity."""

    def __init__(self, model: str | None, params: ModelActivityParameters) -> None:
        self.model = model
        self._params = params

    async def get_response(
        self,
        system_instructions: str | None,
        input: Any,
        model_settings: Any,
        tools: list[Any],
        output_schema: Any,
        handoffs: list[Any],
        tracing: ModelTracing,
        *,
        previous_response_id: str | None = None,
        conversation_id: str | None = None,
        prompt: Any | None = None,
    ) -> ModelResponse:
        extra: dict[str, Any] = {}
        if previous_response_id is not None:
            extra["previous_response_id"] = previous_response_id
        if conversation_id is not None:
            extra["conversation_id"] = conversation_id
        if prompt is not None:
            extra["prompt"] = prompt
        call = _wire.encode_model_call(
            self.model,
            system_instructions,
            input,
            model_settings,
            tools,
            output_schema,
            handoffs,
            tracing.value,
            extra,
        )
        params = self._params
        summary = params.summary_override or self.model
        try:
            if params.use_local_activity:
                result = await workflow.execute_local_activity(
                    _wire.MODEL_ACTIVITY, call, summary=summary, **params.activity_options()
                )
            else:
                result = await workflow.execute_activity(
                    _wire.MODEL_ACTIVITY, call, summary=summary, **params.activity_options()
                )
        except ActivityError as error:
            raise _agents_error(error) from error
        return _wire.decode_response(result)

    async def stream_response(
        self,
        system_instructions: str | None,
        input: Any,
        model_settings: Any,
        tools: list[Any],
        output_schema: Any,
        handoffs: list[Any],
        tracing: ModelTracing,
        *,
        previous_response_id: str | None = None,
        conversation_id: str | None = None,
        prompt: Any | None = None,
    ) -> AsyncIterator[Any]:
        """The whole response as one ``response.completed`` event (activities do not stream)."""
        response = await self.get_response(
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
        yield RawItem(
            type="response.completed",
            response=RawItem(
                id=response.response_id,
                output=list(response.output),
                usage=response.usage.to_json_dict(),
            ),
        )


class ActivityModelProvider(ModelProvider):
    """Hands out :class:`ActivityModel` s by name (one per name)."""

    def __init__(self, params: ModelActivityParameters) -> None:
        self._params = params
        self._models: dict[str | None, ActivityModel] = {}

    def get_model(self, model_name: str | None) -> Model:
        model = self._models.get(model_name)
        if model is None:
            model = self._models[model_name] = ActivityModel(model_name, self._params)
        return model


def _agents_error(error: ActivityError) -> Exception:
    """A failed model activity as the runwright error it was on the worker, when it was one."""
    cause = error.cause
    if isinstance(cause, ApplicationError) and cause.type:
        kind = getattr(exceptions, cause.type, None)
        if isinstance(kind, type) and issubclass(kind, exceptions.AgentsException):
            try:
                return kind(cause.message)
            except TypeError:
                pass
        return exceptions.AgentsException(f"Model call failed: {cause.type}: {cause.message}")
    return exceptions.AgentsException(f"Model call failed: {cause or error}")
