"""LitellmModel and LitellmProvider: any model LiteLLM reaches (``runwright[litellm]``).

LiteLLM speaks Chat Completions to the caller and translates to each vendor's API
(Anthropic, Gemini, Bedrock, Mistral, ... or any OpenAI-compatible server with
``openai/<name>`` and a ``base_url``). Requests are built and answers read by the
same Chat Completions conversion the OpenAI chat model uses, so items, tools,
structured output, streaming events and usage behave alike. ``litellm`` is imported
on the first model call, never by ``import runwright``.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import TYPE_CHECKING, Any

from runwright._core.default_models import get_default_model
from runwright._core.exceptions import UserError
from runwright._core.items import ModelResponse
from runwright._models._openai_shared import ClientHandle, plain, send_with_retry
from runwright._models._validate import (
    check_chat_body,
    check_chat_chunk,
    check_stream_event,
    checked_stream,
    reading_errors,
)
from runwright._models.chat_convert import ChatCompatibility
from runwright._models.chat_stream import ChatStreamAssembler
from runwright._models.interface import Model, ModelProvider, ModelTracing
from runwright._models.openai_chat import build_chat_request, parse_completion
from runwright._models.retry_policies import (
    ModelRetryAdvice,
    ModelRetryAdviceRequest,
    openai_retry_advice,
)

if TYPE_CHECKING:
    from runwright._agent.handoffs import Handoff
    from runwright._agent.output_schema import AgentOutputSchemaBase
    from runwright._core.config import ModelSettings
    from runwright._core.items import TResponseInputItem
    from runwright._tools.function_tool import Tool

ShouldReplayReasoningContent = Callable[..., bool]
"""Decides whether a reasoning item's text is sent back to the model (the SDK's hook)."""

DEFAULT_MODEL: str = "gpt-4.1"
"""Kept for the SDK's form; :func:`get_default_model` is the default in force."""


class _LitellmEndpoint:
    """What the retry layer sees as "the client": LiteLLM keeps its clients itself."""

    def __init__(self, base_url: str | None) -> None:
        self.base_url = base_url or "LiteLLM"


def _litellm() -> Any:
    # The model cost map would otherwise be fetched from the internet at import.
    os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
    try:
        import litellm
    except ImportError as exc:
        raise UserError(
            "LitellmModel needs the 'litellm' package: pip install runwright[litellm]"
        ) from exc
    return litellm


class LitellmModel(Model):
    """A model reached through LiteLLM (``litellm.acompletion``).

    Args:
        model: LiteLLM's model name, ``"<provider>/<model>"``, e.g.
            ``"anthropic/claude-3-5-sonnet-latest"``, or ``"openai/<name>"`` with
            ``base_url`` for any OpenAI-compatible server.
        base_url: The server's base URL (LiteLLM's ``api_base``); ``None``: the
            provider's own.
        api_key: The key; ``None``: LiteLLM reads the provider's environment
            variable (``ANTHROPIC_API_KEY``, ...).
        should_replay_reasoning_content: Whether to send reasoning back to the model
            (accepted for the SDK's form; reasoning items are not replayed on the
            Chat Completions wire).
    """

    trace_span_kind = "generation"
    """Traced as a "generation" span, as the OpenAI Agents SDK traces LiteLLM calls."""

    _applies_model_timeout = True

    def __init__(
        self,
        model: str,
        base_url: str | None = None,
        api_key: str | None = None,
        should_replay_reasoning_content: ShouldReplayReasoningContent | None = None,
    ) -> None:
        if not isinstance(model, str) or not model.strip():
            raise UserError(f"LitellmModel(model={model!r}): give LiteLLM's model name")
        self.model = model
        self.base_url = base_url
        self.api_key = api_key
        self.should_replay_reasoning_content = should_replay_reasoning_content
        self._endpoint = ClientHandle(_LitellmEndpoint(base_url))
        self.compatibility = ChatCompatibility()

    def __repr__(self) -> str:
        return f"LitellmModel({self.model!r})"

    def get_retry_advice(self, request: ModelRetryAdviceRequest) -> ModelRetryAdvice | None:
        """LiteLLM's errors are the openai client's error types: read them the same way."""
        return openai_retry_advice(request)

    def _where(self) -> str:
        return f"{self.base_url or 'LiteLLM'} (model {self.model!r})"

    def _sender(self) -> Callable[[dict[str, Any]], Awaitable[Any]]:
        """The call that sends one Chat Completions request (imports the library)."""
        litellm = _litellm()

        def send(kwargs: dict[str, Any]) -> Awaitable[Any]:
            return litellm.acompletion(**kwargs)  # type: ignore[no-any-return]

        return send

    def _request(
        self,
        system_instructions: str | None,
        input: str | list[TResponseInputItem],
        model_settings: ModelSettings,
        tools: list[Tool],
        output_schema: AgentOutputSchemaBase | None,
        handoffs: list[Handoff[Any]],
        previous_response_id: str | None,
        conversation_id: str | None,
    ) -> dict[str, Any]:
        if previous_response_id is not None or conversation_id is not None:
            raise UserError(
                "previous_response_id / conversation_id need the OpenAI Responses API; "
                "LitellmModel sends the full history (use a session to keep it)"
            )
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
        # LiteLLM takes the openai client's options as plain keyword arguments.
        extra_body = kwargs.pop("extra_body", None)
        if extra_body:
            kwargs.update(extra_body)
        if "extra_headers" in kwargs:
            kwargs["extra_headers"] = dict(kwargs["extra_headers"])
        if self.base_url is not None:
            kwargs["base_url"] = self.base_url
        if self.api_key is not None:
            kwargs["api_key"] = self.api_key
        return kwargs

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
        kwargs = self._request(
            system_instructions,
            input,
            model_settings,
            tools,
            output_schema,
            handoffs,
            previous_response_id,
            conversation_id,
        )
        send = self._sender()
        where = self._where()
        with reading_errors(where):
            answer = await send_with_retry(
                self._endpoint,
                None,
                model_settings,
                lambda _endpoint: send(kwargs),
                advisor=self.get_retry_advice,
            )
            return parse_completion(check_chat_body(_as_dict(answer), where), self.model)

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
        kwargs = self._request(
            system_instructions,
            input,
            model_settings,
            tools,
            output_schema,
            handoffs,
            previous_response_id,
            conversation_id,
        )
        kwargs["stream"] = True
        if model_settings.include_usage is not False:
            kwargs.setdefault("stream_options", {"include_usage": True})
        send = self._sender()
        where = self._where()
        # Only opening the stream is retried: once chunks flowed, a retry would repeat them.
        stream = await send_with_retry(
            self._endpoint,
            None,
            model_settings,
            lambda _endpoint: send(kwargs),
            stream=True,
            advisor=self.get_retry_advice,
        )
        assembler = ChatStreamAssembler(self.model)
        try:
            async for chunk in checked_stream(stream, where):
                for event in assembler.feed(check_chat_chunk(_as_dict(chunk), where)):
                    yield event
        finally:
            close = getattr(stream, "aclose", None)
            if close is not None:
                try:
                    await close()
                except Exception:  # a stream that cannot close cleanly has nothing left
                    pass
        for event in assembler.finish():
            yield check_stream_event(event, where)


class LitellmProvider(ModelProvider):
    """Gives a :class:`LitellmModel` for any LiteLLM model name.

    ``RunConfig(model_provider=LitellmProvider())`` routes every agent's model
    through LiteLLM; keys come from the providers' environment variables.
    """

    def get_model(self, model_name: str | None) -> Model:
        return LitellmModel(model_name or get_default_model())


def _as_dict(value: Any) -> dict[str, Any]:
    """LiteLLM's pydantic answers (ModelResponse, chunks) as plain dicts."""
    if hasattr(value, "model_dump"):
        dumped: dict[str, Any] = value.model_dump()
        return dumped
    result: dict[str, Any] = plain(value)
    return result
