"""OpenAIChatCompletionsModel: a Model over ``POST /chat/completions``.

Most OpenAI-compatible servers (vLLM, llama.cpp, Ollama, LiteLLM, ...) speak
this API only. Items are converted at this edge (:mod:`.chat_convert`), and
streamed chunks become Responses API events (:mod:`.chat_stream`).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any

from runwright._agent.output_schema import WIRE_SCHEMA_NAME
from runwright._core.config import MCPToolChoice
from runwright._core.exceptions import UserError
from runwright._core.items import ModelResponse, typed_response
from runwright._core.usage import Usage
from runwright._models._openai_shared import (
    CHAT_USAGE_FIELDS,
    ClientHandle,
    add_prompt_cache_settings,
    apply_extras,
    common_sampling_kwargs,
    function_tool_specs,
    keep_raw_usage,
    plain,
    post,
    post_json,
    send_with_retry,
)
from runwright._models._validate import (
    check_chat_body,
    check_chat_chunk,
    check_stream_event,
    checked_stream,
    describe_server,
    reading_errors,
)
from runwright._models.chat_convert import (
    REQUIRED_TOOL_NOTE,
    ChatCompatibility,
    chat_tool_choice,
    chat_tools,
    first_choice_message,
    items_to_messages,
    message_to_items,
    response_format,
)
from runwright._models.chat_stream import ChatStreamAssembler
from runwright._models.interface import Model, ModelTracing
from runwright._models.retry import RetrySettings
from runwright._models.retry_policies import (
    ModelRetryAdvice,
    ModelRetryAdviceRequest,
    openai_retry_advice,
)

_PATH = "/chat/completions"

if TYPE_CHECKING:
    from runwright._agent.handoffs import Handoff
    from runwright._agent.output_schema import AgentOutputSchemaBase
    from runwright._core.config import ModelSettings
    from runwright._core.items import TResponseInputItem
    from runwright._tools.function_tool import Tool


class OpenAIChatCompletionsModel(Model):
    """A model served through the Chat Completions API by the official ``openai`` client.

    Args:
        model: The model name sent to the server.
        openai_client: An ``openai.AsyncOpenAI`` pointed at the server. A client you
            pass keeps its own retry budget (``max_retries``) and timeout.
        retry: Retry settings. Default: 3 attempts when runwright made the client,
            none when you passed it. ``model_settings.retry`` overrides them per call.
        compatibility: Workarounds for a server's quirks (see
            :class:`ChatCompatibility`, e.g. ``ChatCompatibility.llama_cpp()``).
    """

    trace_span_kind = "generation"
    """Traced as a "generation" span (Chat Completions), as the OpenAI Agents SDK does."""

    def __init__(
        self,
        model: str,
        openai_client: Any,
        *,
        retry: RetrySettings | None = None,
        compatibility: ChatCompatibility | None = None,
    ) -> None:
        self.model = model
        self._client = ClientHandle(openai_client)
        self.retry = retry
        self.compatibility = compatibility or ChatCompatibility()

    _applies_model_timeout = True
    """``ModelSettings.timeout`` bounds each request this model sends (see _models/timeouts.py)."""

    def __repr__(self) -> str:
        return f"OpenAIChatCompletionsModel({self.model!r})"

    def get_retry_advice(self, request: ModelRetryAdviceRequest) -> ModelRetryAdvice | None:
        """The server's advice: ``x-should-retry``, network errors, transient statuses."""
        return openai_retry_advice(request)

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
        _refuse_server_state(previous_response_id, conversation_id)
        kwargs = build_chat_request(
            self.model,
            system_instructions,
            input,
            model_settings,
            tools,
            output_schema,
            handoffs,
            self.compatibility,
        )
        where = describe_server(self._client.get(), self.model)
        with reading_errors(where):
            completion, request_id = await send_with_retry(
                self._client,
                self.retry,
                model_settings,
                lambda c: post_json(c, _PATH, kwargs),
                advisor=self.get_retry_advice,
            )
            body = check_chat_body(plain(completion), where)
            response = parse_completion(body, self.model)
            keep_raw_usage(
                response, body, model_settings, request_id, field_order=CHAT_USAGE_FIELDS
            )
            # typed items for user code that calls the model; the run takes the dicts back
            return typed_response(response)

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
        _refuse_server_state(previous_response_id, conversation_id)
        kwargs = build_chat_request(
            self.model,
            system_instructions,
            input,
            model_settings,
            tools,
            output_schema,
            handoffs,
            self.compatibility,
        )
        if self.compatibility.stream_usage and model_settings.include_usage is not False:
            kwargs.setdefault("stream_options", {"include_usage": True})
        # Only opening the stream is retried: once chunks flowed, a retry would repeat them.
        stream = await send_with_retry(
            self._client,
            self.retry,
            model_settings,
            lambda c: post(c, _PATH, kwargs, stream=True),
            stream=True,
            advisor=self.get_retry_advice,
        )
        assembler = ChatStreamAssembler(self.model)
        where = describe_server(self._client.get(), self.model)
        try:
            async for chunk in checked_stream(stream, where):
                for event in assembler.feed(check_chat_chunk(plain(chunk), where)):
                    yield event
        finally:
            close = getattr(stream, "close", None)
            if close is not None:
                await close()
        for event in assembler.finish():
            yield check_stream_event(event, where)


def _refuse_server_state(previous_response_id: str | None, conversation_id: str | None) -> None:
    if previous_response_id is not None or conversation_id is not None:
        raise UserError(
            "previous_response_id / conversation_id need the Responses API: a Chat Completions "
            "server keeps no conversation. Use OpenAIResponsesModel (model 'responses/<name>'), "
            "or send the full history (e.g. with a session) instead."
        )


def build_chat_request(
    model: str,
    system_instructions: str | None,
    input: str | list[TResponseInputItem],
    settings: ModelSettings,
    tools: list[Tool],
    output_schema: AgentOutputSchemaBase | None,
    handoffs: list[Handoff[Any]],
    compat: ChatCompatibility,
) -> dict[str, Any]:
    """The keyword arguments of ``client.chat.completions.create`` for one call (pure)."""
    tool_choice = settings.tool_choice
    if isinstance(tool_choice, MCPToolChoice):
        raise UserError(
            "ModelSettings(tool_choice=MCPToolChoice(...)) needs the Responses API: Chat "
            "Completions models have no hosted MCP tools. Use a Responses model."
        )
    specs = function_tool_specs(tools, handoffs)
    if tool_choice == "required" and specs and not compat.supports_tool_choice_required:
        tool_choice = "auto"
        system_instructions = "\n\n".join(filter(None, [system_instructions, REQUIRED_TOOL_NOTE]))
    kwargs: dict[str, Any] = {
        "model": model,
        "messages": items_to_messages(input, system_instructions, compat, model),
    }
    if specs:
        kwargs["tools"] = chat_tools(specs, compat)
        if tool_choice is not None:
            kwargs["tool_choice"] = chat_tool_choice(plain(tool_choice))
    elif tool_choice == "none":
        kwargs["tool_choice"] = "none"
    kwargs.update(common_sampling_kwargs(settings))
    if not (specs and compat.send_parallel_tool_calls):
        kwargs.pop("parallel_tool_calls", None)  # servers reject it without tools
    _add_chat_settings(kwargs, settings, compat)
    if output_schema is not None and not output_schema.is_plain_text():
        fmt = response_format(
            WIRE_SCHEMA_NAME,
            output_schema.json_schema(),
            output_schema.is_strict_json_schema(),
            compat,
        )
        if fmt is not None:
            kwargs["response_format"] = fmt
    return apply_extras(kwargs, settings)


def _add_chat_settings(
    kwargs: dict[str, Any], settings: ModelSettings, compat: ChatCompatibility
) -> None:
    for name in ("frequency_penalty", "presence_penalty", "verbosity"):
        value = getattr(settings, name)
        if value is not None:
            kwargs[name] = value
    if settings.max_tokens is not None:
        kwargs[compat.max_tokens_param] = settings.max_tokens
    if settings.top_logprobs is not None:
        kwargs["logprobs"] = True
        kwargs["top_logprobs"] = settings.top_logprobs
    reasoning = plain(settings.reasoning)
    effort = reasoning.get("effort") if isinstance(reasoning, dict) else None
    if effort is not None:
        kwargs["reasoning_effort"] = effort
    add_prompt_cache_settings(kwargs, settings)
    # Chat has no truncation or include; they would be rejected by strict servers, so
    # they travel only when asked for through extra_body.


def parse_completion(completion: Any, model: str | None = None) -> ModelResponse:
    """A ModelResponse from a Chat Completions response (a plain dict, fields may be missing).

    As in the SDK, ``response_id`` stays None (a completion id cannot continue a
    conversation); with ``model``, the items carry ``provider_data`` naming the model and
    the completion id.
    """
    completion = completion if isinstance(completion, dict) else {}
    provider_data: dict[str, Any] | None = None
    if model is not None:
        provider_data = {"model": model}
        if completion.get("id") is not None:
            provider_data["response_id"] = completion["id"]
    output = message_to_items(first_choice_message(completion), provider_data)
    usage = Usage.from_wire(completion.get("usage"))
    return ModelResponse(output=output, usage=usage)
