"""OpenAIResponsesModel: a Model over the OpenAI Responses API (``POST /responses``)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any

from ..exceptions import ModelBehaviorError
from ..items import ModelResponse, RawItem, to_raw
from ..usage import Usage
from ._openai_shared import (
    ClientHandle,
    add_extra_body,
    apply_extras,
    common_sampling_kwargs,
    drop_none,
    function_tool_specs,
    plain,
    post,
    retry_settings_for,
)
from ._validate import (
    check_responses_body,
    check_stream_event,
    checked_stream,
    describe_server,
    reading_errors,
)
from .interface import Model, ModelTracing
from .retry import RetrySettings, call_with_retry

if TYPE_CHECKING:
    from ..config import ModelSettings
    from ..handoffs import Handoff
    from ..items import TResponseInputItem
    from ..output_schema import AgentOutputSchemaBase
    from ..tools import Tool


class OpenAIResponsesModel(Model):
    """A model served through the Responses API by the official ``openai`` client.

    Args:
        model: The model name sent to the server (e.g. ``"gpt-4.1"``).
        openai_client: An ``openai.AsyncOpenAI`` (its own retries are turned off;
            runwright retries instead).
        retry: Retry settings; default :class:`RetrySettings` (3 attempts).
            ``model_settings.retry``, when set, overrides them per call.
    """

    def __init__(
        self, model: str, openai_client: Any, *, retry: RetrySettings | None = None
    ) -> None:
        self.model = model
        self._client = ClientHandle(openai_client)
        self.retry = retry if retry is not None else RetrySettings()

    def __repr__(self) -> str:
        return f"OpenAIResponsesModel({self.model!r})"

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
        kwargs = build_request(
            self.model,
            system_instructions,
            input,
            model_settings,
            tools,
            output_schema,
            handoffs,
            previous_response_id=previous_response_id,
            conversation_id=conversation_id,
            prompt=prompt,
        )
        client = self._client.get()
        retry = retry_settings_for(self.retry, model_settings)
        where = describe_server(client, self.model)
        with reading_errors(where):
            response = await call_with_retry(lambda: post(client, "/responses", kwargs), retry)
            return parse_response(check_responses_body(plain(response), where))

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
        kwargs = build_request(
            self.model,
            system_instructions,
            input,
            model_settings,
            tools,
            output_schema,
            handoffs,
            previous_response_id=previous_response_id,
            conversation_id=conversation_id,
            prompt=prompt,
        )
        client = self._client.get()
        retry = retry_settings_for(self.retry, model_settings)
        # Only opening the stream is retried: once events flowed, a retry would repeat them.
        stream = await call_with_retry(
            lambda: post(client, "/responses", kwargs, stream=True), retry
        )
        where = describe_server(client, self.model)
        try:
            async for event in checked_stream(stream, where):
                raw = check_stream_event(to_raw(event), where)
                kind = raw["type"]
                yield raw
                if kind in _FAILED:
                    raise ModelBehaviorError(f"{_failure_message(raw)} (from {where})")
                if kind == "response.incomplete":
                    # Cut short (e.g. max_output_tokens): what arrived is the response, as
                    # get_response would return it; close with the `completed` event the
                    # stream contract promises.
                    yield RawItem(type="response.completed", response=raw.get("response"))
                    return
        finally:
            await _close(stream)


_FAILED = frozenset({"response.failed", "error"})


def _failure_message(event: dict[str, Any]) -> str:
    response = event.get("response")
    error = event.get("error") or (response.get("error") if isinstance(response, dict) else None)
    message = error.get("message") if isinstance(error, dict) else None
    return f"The model's response failed: {message or event.get('message') or 'no details'}"


async def _close(stream: Any) -> None:
    close = getattr(stream, "close", None)
    if close is not None:
        await close()


def build_request(
    model: str,
    system_instructions: str | None,
    input: str | list[TResponseInputItem],
    settings: ModelSettings,
    tools: list[Tool],
    output_schema: AgentOutputSchemaBase | None,
    handoffs: list[Handoff[Any]],
    *,
    previous_response_id: str | None = None,
    conversation_id: str | None = None,
    prompt: Any | None = None,
) -> dict[str, Any]:
    """The keyword arguments of ``client.responses.create`` for one call (pure)."""
    kwargs: dict[str, Any] = {"model": model, "input": responses_input(input)}
    if system_instructions:
        kwargs["instructions"] = system_instructions
    specs = function_tool_specs(tools, handoffs)
    if specs:
        kwargs["tools"] = [
            {"type": "function", "name": n, "description": d, "parameters": p, "strict": s}
            for n, d, p, s in specs
        ]
    if settings.tool_choice is not None:
        kwargs["tool_choice"] = responses_tool_choice(settings.tool_choice)
    kwargs.update(common_sampling_kwargs(settings))
    _add_responses_settings(kwargs, settings)
    text = _text_config(output_schema, settings)
    if text:
        kwargs["text"] = text
    if previous_response_id is not None:
        kwargs["previous_response_id"] = previous_response_id
    if conversation_id is not None:
        kwargs["conversation"] = conversation_id
    if prompt is not None:
        kwargs["prompt"] = plain(prompt)
    return apply_extras(kwargs, settings)


def _add_responses_settings(kwargs: dict[str, Any], settings: ModelSettings) -> None:
    if settings.truncation is not None:
        kwargs["truncation"] = settings.truncation
    if settings.max_tokens is not None:
        kwargs["max_output_tokens"] = settings.max_tokens
    if settings.reasoning is not None:
        kwargs["reasoning"] = plain(settings.reasoning)
    include = list(settings.response_include or ())
    if settings.top_logprobs is not None:
        kwargs["top_logprobs"] = settings.top_logprobs
        if "message.output_text.logprobs" not in include:
            include.append("message.output_text.logprobs")
    if include:
        kwargs["include"] = include
    # No typed parameter for these on /responses; servers that know them get them.
    add_extra_body(
        kwargs,
        frequency_penalty=settings.frequency_penalty,
        presence_penalty=settings.presence_penalty,
    )


def _text_config(
    output_schema: AgentOutputSchemaBase | None, settings: ModelSettings
) -> dict[str, Any]:
    text: dict[str, Any] = {}
    if output_schema is not None and not output_schema.is_plain_text():
        text["format"] = {
            "type": "json_schema",
            "name": output_schema.name(),
            "schema": output_schema.json_schema(),
            "strict": output_schema.is_strict_json_schema(),
        }
    if settings.verbosity is not None:
        text["verbosity"] = settings.verbosity
    return text


def responses_tool_choice(choice: Any) -> Any:
    """``"auto"``/``"required"``/``"none"`` as they are; a tool name as a function choice."""
    if isinstance(choice, str) and choice not in ("auto", "required", "none"):
        return {"type": "function", "name": choice}
    return plain(choice)


def responses_input(input: str | list[TResponseInputItem]) -> Any:
    """Input items ready for ``/responses``.

    Top-level ``None`` fields are dropped, and reasoning items without an
    ``id`` (produced from a Chat Completions server's ``reasoning_content``)
    are left out: the Responses API only accepts reasoning it issued.
    """
    if isinstance(input, str):
        return input
    items = (plain(item) for item in input)
    return [
        drop_none(item)
        for item in items
        if not (item.get("type") == "reasoning" and not item.get("id"))
    ]


def parse_response(response: Any) -> ModelResponse:
    """A ModelResponse from a Responses API response (a plain dict)."""
    output = [to_raw(item) for item in response.get("output") or ()]
    usage = Usage.from_wire(response.get("usage"))
    return ModelResponse(output=output, usage=usage, response_id=response.get("id"))


def completed_event_response(event: RawItem) -> ModelResponse:
    """The ModelResponse carried by a ``response.completed`` stream event."""
    return parse_response(event.get("response") or {})
