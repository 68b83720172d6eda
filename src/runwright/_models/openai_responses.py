"""OpenAIResponsesModel: a Model over the OpenAI Responses API (``POST /responses``)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import TYPE_CHECKING, Any

from runwright._agent.output_schema import WIRE_SCHEMA_NAME
from runwright._core.config import MCPToolChoice
from runwright._core.exceptions import ModelBehaviorError
from runwright._core.items import ModelResponse, RawItem, to_raw, typed_response
from runwright._core.usage import Usage
from runwright._models._openai_shared import (
    RESPONSES_USAGE_FIELDS,
    ClientHandle,
    add_extra_body,
    add_prompt_cache_settings,
    apply_extras,
    common_sampling_kwargs,
    function_tool_specs,
    keep_raw_usage,
    plain,
    post,
    post_json,
    responses_tool_specs,
    send_with_retry,
)
from runwright._models._validate import (
    check_responses_body,
    check_stream_event,
    checked_stream,
    describe_server,
    reading_errors,
)
from runwright._models.api_fallback import (
    base_url_of,
    is_chat_only,
    lacks_responses_endpoint,
    remember_chat_only,
)
from runwright._models.chat_convert import FAKE_RESPONSES_ID
from runwright._models.interface import Model, ModelTracing
from runwright._models.item_order import in_model_order
from runwright._models.retry import RetrySettings, status_of
from runwright._models.retry_policies import (
    ModelRetryAdvice,
    ModelRetryAdviceRequest,
    openai_retry_advice,
)
from runwright._tools.responses_checks import check_responses_tools

if TYPE_CHECKING:
    from runwright._agent.handoffs import Handoff
    from runwright._agent.output_schema import AgentOutputSchemaBase
    from runwright._core.config import ModelSettings
    from runwright._core.items import TResponseInputItem
    from runwright._tools.function_tool import Tool


class OpenAIResponsesModel(Model):
    """A model served through the Responses API by the official ``openai`` client.

    Args:
        model: The model name sent to the server (e.g. ``"gpt-4.1"``).
        openai_client: An ``openai.AsyncOpenAI``. A client you pass keeps its own
            retry budget (``max_retries``) and timeout; see :mod:`runwright._models.retry`.
        retry: Retry settings. Default: 3 attempts when runwright made the client,
            none when you passed it (your client's ``max_retries`` applies).
            ``model_settings.retry``, when set, overrides them per call.
        chat_fallback: Makes the Chat Completions model to use when the server has
            no ``/responses`` endpoint (404/405); None: never fall back. Providers
            set it for bare model names (see :mod:`runwright._models.api_fallback`).
        model_is_explicit: False when the name is only the default model: a call with a
            stored ``prompt`` then leaves the model out and the prompt's model applies.
    """

    def __init__(
        self,
        model: str,
        openai_client: Any,
        *,
        model_is_explicit: bool = True,
        retry: RetrySettings | None = None,
        chat_fallback: Callable[[], Model] | None = None,
    ) -> None:
        self.model = model
        self.model_is_explicit = model_is_explicit
        self._client = ClientHandle(openai_client)
        self.retry = retry
        self._chat_fallback = chat_fallback
        self._chat: Model | None = None

    _applies_model_timeout = True
    """``ModelSettings.timeout`` bounds each request this model sends (see _models/timeouts.py)."""

    def __repr__(self) -> str:
        return f"OpenAIResponsesModel({self.model!r})"

    def get_retry_advice(self, request: ModelRetryAdviceRequest) -> ModelRetryAdvice | None:
        """The server's advice: ``x-should-retry``, network errors, transient statuses."""
        return openai_retry_advice(request)

    def _fallback_model(self, client: Any, error: BaseException | None = None) -> Model | None:
        """The Chat Completions model to use instead, when this server has no /responses."""
        if self._chat_fallback is None:
            return None
        base_url = base_url_of(client)
        if error is not None:
            if not lacks_responses_endpoint(error, base_url):
                return None
            remember_chat_only(base_url, status_of(error))
        elif not is_chat_only(base_url):
            return None
        if self._chat is None:
            self._chat = self._chat_fallback()
        return self._chat

    async def get_response(
        self,
        system_instructions: str | None,
        input: str | list[TResponseInputItem],
        model_settings: ModelSettings,
        tools: list[Tool],
        output_schema: AgentOutputSchemaBase | None,
        handoffs: list[Handoff[Any]],
        tracing: ModelTracing,
        previous_response_id: str | None = None,
        conversation_id: str | None = None,
        prompt: Any | None = None,
    ) -> ModelResponse:
        args = (system_instructions, input, model_settings, tools, output_schema, handoffs)
        extra: dict[str, Any] = {
            "previous_response_id": previous_response_id,
            "conversation_id": conversation_id,
            "prompt": prompt,
        }
        client = self._client.get()
        chat = self._fallback_model(client)
        if chat is not None:
            return await chat.get_response(*args, tracing, **extra)
        kwargs = build_request(self.model, *args, **extra)
        if prompt is not None and not self.model_is_explicit:
            kwargs.pop("model", None)  # the stored prompt names the model
        where = describe_server(client, self.model)
        try:
            with reading_errors(where):
                response, request_id = await send_with_retry(
                    self._client,
                    self.retry,
                    model_settings,
                    lambda c: post_json(c, "/responses", kwargs),
                    previous_response_id=previous_response_id,
                    conversation_id=conversation_id,
                    advisor=self.get_retry_advice,
                )
        except Exception as error:
            chat = self._fallback_model(client, error)
            if chat is None:
                raise
            return await chat.get_response(*args, tracing, **extra)
        with reading_errors(where):
            body = check_responses_body(plain(response), where)
            # typed items for user code that calls the model; the run takes the dicts back
            return typed_response(
                keep_raw_usage(
                    parse_response(body),
                    body,
                    model_settings,
                    request_id,
                    field_order=RESPONSES_USAGE_FIELDS,
                )
            )

    async def stream_response(
        self,
        system_instructions: str | None,
        input: str | list[TResponseInputItem],
        model_settings: ModelSettings,
        tools: list[Tool],
        output_schema: AgentOutputSchemaBase | None,
        handoffs: list[Handoff[Any]],
        tracing: ModelTracing,
        previous_response_id: str | None = None,
        conversation_id: str | None = None,
        prompt: Any | None = None,
    ) -> AsyncIterator[Any]:
        args = (system_instructions, input, model_settings, tools, output_schema, handoffs)
        extra: dict[str, Any] = {
            "previous_response_id": previous_response_id,
            "conversation_id": conversation_id,
            "prompt": prompt,
        }
        client = self._client.get()
        chat = self._fallback_model(client)
        if chat is None:
            kwargs = build_request(self.model, *args, **extra)
            if prompt is not None and not self.model_is_explicit:
                kwargs.pop("model", None)  # the stored prompt names the model
            # Only opening the stream is retried: once events flowed, a retry would repeat them.
            try:
                stream = await send_with_retry(
                    self._client,
                    self.retry,
                    model_settings,
                    lambda c: post(c, "/responses", kwargs, stream=True),
                    stream=True,
                    previous_response_id=previous_response_id,
                    conversation_id=conversation_id,
                    advisor=self.get_retry_advice,
                )
            except Exception as error:
                chat = self._fallback_model(client, error)
                if chat is None:
                    raise
        if chat is not None:
            async for event in chat.stream_response(*args, tracing, **extra):
                yield event
            return
        async for event in _events(stream, describe_server(client, self.model)):
            yield event


async def _events(stream: Any, where: str) -> AsyncIterator[Any]:
    """The stream's events as dicts; ends with ``response.completed``; closes the stream.

    Each event is checked (models/_validate.py): a garbled one is a ModelBehaviorError.
    """
    try:
        async for event in checked_stream(stream, where):
            raw = check_stream_event(to_raw(event), where)
            kind = raw["type"]
            if kind == "response.completed":
                _order_output(raw.get("response"))
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


def _order_output(response: Any) -> None:
    """The completed response's items in openai's key order (see _models/item_order.py)."""
    if isinstance(response, dict) and type(response.get("output")) is list:
        response["output"] = [in_model_order(item) for item in response["output"]]


def _failure_message(event: dict[str, Any]) -> str:
    response = event.get("response")
    error = event.get("error") or (response.get("error") if isinstance(response, dict) else None)
    message = error.get("message") if isinstance(error, dict) else None
    return f"The model's response failed: {message or event.get('message') or 'no details'}"


async def _close(stream: Any) -> None:
    close = getattr(stream, "close", None) or getattr(stream, "aclose", None)
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
    function_tool_specs(tools, handoffs, api="Responses")  # checks the tool kinds
    check_responses_tools(tools, settings.tool_choice, opaque_surface=prompt is not None)
    declared, hosted_include = responses_tool_specs(tools, model)
    declared += [
        {
            "type": "function",
            "name": h.tool_name,
            "description": h.tool_description,
            "parameters": h.input_json_schema,
            "strict": h.strict_json_schema,
        }
        for h in handoffs
    ]
    if declared:
        kwargs["tools"] = declared
    if settings.tool_choice is not None:
        kwargs["tool_choice"] = responses_tool_choice(settings.tool_choice)
    kwargs.update(common_sampling_kwargs(settings))
    _add_responses_settings(kwargs, settings, hosted_include)
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


def _add_responses_settings(
    kwargs: dict[str, Any], settings: ModelSettings, extra_include: list[str]
) -> None:
    if settings.truncation is not None:
        kwargs["truncation"] = settings.truncation
    if settings.max_tokens is not None:
        kwargs["max_output_tokens"] = settings.max_tokens
    if settings.reasoning is not None:
        kwargs["reasoning"] = plain(settings.reasoning)
    if settings.context_management is not None:
        kwargs["context_management"] = plain(settings.context_management)
    add_prompt_cache_settings(kwargs, settings)
    include = list(settings.response_include or ())
    include.extend(i for i in extra_include if i not in include)
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
            "name": WIRE_SCHEMA_NAME,
            "schema": output_schema.json_schema(),
            "strict": output_schema.is_strict_json_schema(),
        }
    if settings.verbosity is not None:
        text["verbosity"] = settings.verbosity
    return text


_HOSTED_CHOICES = frozenset(
    {
        "web_search",
        "web_search_preview",
        "file_search",
        "code_interpreter",
        "image_generation",
        "mcp",
    }
)


def responses_tool_choice(choice: Any) -> Any:
    """``"auto"``/``"required"``/``"none"`` as they are; a tool name as a function choice;
    an :class:`MCPToolChoice` as a hosted MCP server's tool."""
    if isinstance(choice, MCPToolChoice):
        return {"server_label": choice.server_label, "type": "mcp", "name": choice.name}
    if isinstance(choice, str) and choice not in ("auto", "required", "none"):
        if choice in _HOSTED_CHOICES:
            return {"type": choice}
        return {"type": "function", "name": choice}
    return plain(choice)


def responses_input(input: str | list[TResponseInputItem]) -> Any:
    """Input items ready for ``/responses``.

    Top-level ``None`` fields, ``provider_data`` and the placeholder id of items made
    from Chat Completions messages are dropped, and reasoning items another provider
    made (no real ``id``, or ``provider_data``) are left out: the Responses API only
    accepts reasoning it issued.
    """
    if isinstance(input, str):
        return input
    items = (plain(item) for item in input)
    return [
        {
            k: v
            for k, v in item.items()
            if v is not None and k != "provider_data" and not (k == "id" and v == FAKE_RESPONSES_ID)
        }
        for item in items
        if not (
            item.get("type") == "reasoning"
            and (item.get("id") in (None, "", FAKE_RESPONSES_ID) or item.get("provider_data"))
        )
    ]


def parse_response(response: Any) -> ModelResponse:
    """A ModelResponse from a Responses API response (a plain dict)."""
    output = [in_model_order(to_raw(item)) for item in response.get("output") or ()]
    usage = Usage.from_wire(response.get("usage"))
    return ModelResponse(output=output, usage=usage, response_id=response.get("id"))


def completed_event_response(event: RawItem) -> ModelResponse:
    """The ModelResponse carried by a ``response.completed`` stream event."""
    return parse_response(event.get("response") or {})
