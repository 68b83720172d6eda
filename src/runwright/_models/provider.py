"""Providers: model names -> models, and the process-wide OpenAI defaults.

Name scheme of :class:`MultiProvider` (``prefix/name``; the prefix ends at the
first ``/``)::

    gpt-4.1                  bare name: the OpenAI provider, default API
    openai/gpt-4.1           the OpenAI provider, default API
    responses/gpt-4.1        the OpenAI provider, Responses API
    chat/qwen2.5:7b          the OpenAI provider, Chat Completions API
    chat/Qwen/Qwen2.5-7B     a name containing '/' needs a prefix: the rest is the name
    myprefix/...             a provider registered with ``register("myprefix", provider)``
    litellm/anthropic/x      LitellmProvider (``runwright[litellm]``), unless registered
    any-llm/mistral/x        AnyLLMProvider (``runwright[any-llm]``), unless registered

Default API: the Responses API, as in the OpenAI Agents SDK, whatever the
server. A server that answers ``/responses`` with 404 or 405 (no such
endpoint) is remembered, and bare names use Chat Completions there from then
on, with a log line (:mod:`runwright._models.api_fallback`).
``set_default_openai_api``, ``use_responses=`` or a ``responses/``/``chat/``
prefix choose one API for good (no fallback).

Timeouts: a client runwright creates gives up on one attempt after
:data:`DEFAULT_TIMEOUT` (10 s to connect, 120 s waiting for data), so a server
that accepts the connection and never answers cannot hang a run; pass
``timeout=`` to change it. A client you pass keeps its own timeout.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import urlparse

from runwright._core.default_models import get_default_model
from runwright._core.exceptions import UserError
from runwright._models.chat_convert import ChatCompatibility
from runwright._models.interface import Model, ModelProvider
from runwright._models.registration import OpenAIAgentRegistrationConfig, coerce_registration
from runwright._models.retry import RetrySettings

if TYPE_CHECKING:
    from runwright._models.openai_ws import OpenAIResponsesWebSocketOptions

DEFAULT_MODEL = "gpt-4o"
"""Kept as the SDK has it; the model for a missing name is ``get_default_model()``."""
DEFAULT_TIMEOUT = 120.0
"""Seconds one attempt may wait for data from the server (runwright-made clients)."""
DEFAULT_CONNECT_TIMEOUT = 10.0
"""Seconds one attempt may take to connect (runwright-made clients)."""
PLACEHOLDER_API_KEY = "not-needed"
"""Sent to servers other than api.openai.com when no key is configured (they ignore it)."""

_MISSING_KEY = (
    "No OpenAI API key is configured. Set the OPENAI_API_KEY environment variable, call "
    "runwright.set_default_openai_key('sk-...'), or pass OpenAIProvider(api_key=...). "
    "For a local OpenAI-compatible server (vLLM, llama.cpp, Ollama, ...) set OPENAI_BASE_URL "
    "or OpenAIProvider(base_url=...) instead: no key is needed then."
)


@dataclass
class _Defaults:
    """The documented process-wide registry behind the ``set_default_openai_*`` functions."""

    client: Any = None
    client_for_tracing: bool = True
    key: str | None = None
    api: Literal["chat_completions", "responses"] | None = None
    transport: Literal["http", "websocket"] = "http"


_defaults = _Defaults()


def set_default_openai_client(client: Any, use_for_tracing: bool = True) -> None:
    """Use ``client`` (an ``openai.AsyncOpenAI``) for models that were given none.

    Args:
        client: The client; its own retries are switched off when runwright uses it.
        use_for_tracing: Whether trace exporters that talk to OpenAI may use it too.
    """
    _defaults.client = client
    _defaults.client_for_tracing = use_for_tracing


def set_default_openai_key(key: str, use_for_tracing: bool = True) -> None:
    """Use ``key`` as the API key when a client is created (instead of OPENAI_API_KEY)."""
    _defaults.key = key
    _defaults.client_for_tracing = use_for_tracing


def set_default_openai_api(api: Literal["chat_completions", "responses"]) -> None:
    """Choose the API bare model names use: ``"responses"`` or ``"chat_completions"``."""
    if api not in ("chat_completions", "responses"):
        raise UserError(f"Unknown API {api!r}: use 'chat_completions' or 'responses'.")
    _defaults.api = api


def set_default_openai_responses_transport(transport: Literal["http", "websocket"]) -> None:
    """How Responses models made by OpenAI providers talk to the server: ``"http"`` (the
    default) or ``"websocket"`` (:class:`OpenAIResponsesWSModel`, one warm connection)."""
    if transport not in ("http", "websocket"):
        raise UserError(f"Unknown Responses transport {transport!r}: use 'http' or 'websocket'.")
    _defaults.transport = transport


def get_default_openai_client() -> Any:
    """The client set with :func:`set_default_openai_client` (or None)."""
    return _defaults.client


def get_default_openai_key() -> str | None:
    """The key set with :func:`set_default_openai_key` (or None)."""
    return _defaults.key


def _is_openai_host(base_url: str | None) -> bool:
    if not base_url:
        return True
    host = urlparse(base_url).hostname or ""
    return host == "api.openai.com" or host.endswith(".api.openai.com")


class OpenAIProvider(ModelProvider):
    """Models served by the OpenAI API or any OpenAI-compatible server.

    Nothing is checked or connected at construction: the client is created at
    the first model call, which is where a missing API key is reported.

    Args:
        api_key: API key (default: ``set_default_openai_key`` value, then OPENAI_API_KEY).
        base_url: Server URL, e.g. ``http://127.0.0.1:8000/v1`` (default: OPENAI_BASE_URL).
        openai_client: A ready ``openai.AsyncOpenAI``; the other connection arguments
            are then ignored.
        organization: OpenAI organization id.
        project: OpenAI project id.
        use_responses: True/False forces the Responses / Chat Completions API; None
            picks by server (see module docs).
        retry: Retry settings for the models this provider makes.
        chat_compatibility: Quirk workarounds for Chat Completions models.
        timeout: Seconds one attempt may wait for the server (default
            :data:`DEFAULT_TIMEOUT`, connecting: :data:`DEFAULT_CONNECT_TIMEOUT`); an
            ``httpx.Timeout`` is accepted too. Only for clients runwright creates.
        websocket_base_url: Where Responses websocket models connect (default: the
            client's ``websocket_base_url``, else ``base_url`` as ``ws(s)://``).
        use_responses_websocket: True: Responses models use the websocket transport
            (:class:`OpenAIResponsesWSModel`); None: ``set_default_openai_responses_transport``.
        responses_websocket_options: Options of those websocket connections.
        agent_registration: The harness id this provider's runs record (see
            ``runwright.models.OpenAIAgentRegistrationConfig``).
        strict_feature_validation / buffer_streamed_tool_calls: Accepted as in the SDK;
            runwright checks features and assembles streamed tool calls the same way
            whatever their value.
    """

    _openai_registration_aware = True
    """Runs with this provider record the default harness id (see registration.py)."""

    def __init__(
        self,
        *,
        api_key: str | None = None,
        base_url: str | None = None,
        openai_client: Any = None,
        organization: str | None = None,
        project: str | None = None,
        use_responses: bool | None = None,
        retry: RetrySettings | None = None,
        chat_compatibility: ChatCompatibility | None = None,
        timeout: Any = None,
        websocket_base_url: str | None = None,
        use_responses_websocket: bool | None = None,
        strict_feature_validation: bool = False,
        agent_registration: OpenAIAgentRegistrationConfig | dict[str, Any] | None = None,
        responses_websocket_options: OpenAIResponsesWebSocketOptions | None = None,
        buffer_streamed_tool_calls: bool = False,
    ) -> None:
        self._timeout = timeout
        self._websocket_base_url = websocket_base_url
        self._use_websocket = use_responses_websocket
        self._websocket_options = responses_websocket_options
        self.strict_feature_validation = strict_feature_validation
        self.buffer_streamed_tool_calls = buffer_streamed_tool_calls
        self.agent_registration = coerce_registration(agent_registration)
        self._api_key = api_key
        self._base_url = base_url
        self._client = openai_client
        self._organization = organization
        self._project = project
        self._use_responses = use_responses
        self._retry = retry
        self._compat = chat_compatibility
        self._models: dict[tuple[str, bool, bool], Model] = {}

    def _resolved_base_url(self) -> str | None:
        return self._base_url or os.environ.get("OPENAI_BASE_URL") or None

    def uses_responses(self) -> bool:
        """Whether bare names get the Responses API (True) or Chat Completions (False)."""
        if self._use_responses is not None:
            return self._use_responses
        if _defaults.api is not None:
            return _defaults.api == "responses"
        return True

    def _api_is_chosen(self) -> bool:
        """Whether the user chose the API (then a 404 on /responses is not a fallback)."""
        return self._use_responses is not None or _defaults.api is not None

    def _talks_to_openai(self) -> bool:
        """Whether the server is api.openai.com (judged from the client or base URL)."""
        if self._client is None and _defaults.client is not None:
            return _is_openai_host(str(getattr(_defaults.client, "base_url", "") or ""))
        if self._client is not None:
            return _is_openai_host(str(getattr(self._client, "base_url", "") or ""))
        return _is_openai_host(self._resolved_base_url())

    def get_model(self, model_name: str | None, *, use_responses: bool | None = None) -> Model:
        """The model for ``model_name`` (None: ``get_default_model()``), on the chosen API."""
        # Only the default model (no name given) leaves a stored prompt's model in charge.
        explicit = bool(model_name)
        name = model_name or get_default_model()
        responses = self.uses_responses() if use_responses is None else use_responses
        key = (name, responses, explicit)
        model = self._models.get(key)
        if model is None:
            model = self._make_model(name, responses, explicit)
            self._models[key] = model
        return model

    def uses_websocket(self) -> bool:
        """Whether Responses models use the websocket transport."""
        if self._use_websocket is not None:
            return self._use_websocket
        return _defaults.transport == "websocket"

    async def aclose(self) -> None:
        """Closes the websocket connections of the models this provider made (the openai
        client stays open: it may be shared)."""
        models, first_error = list(self._models.values()), None
        for model in models:
            try:
                await model.close()
            except Exception as error:  # close the others, then report the first
                first_error = first_error or error
        if first_error is not None:
            raise first_error

    def _make_model(self, name: str, responses: bool, explicit: bool = True) -> Model:
        # the adapters import the openai client: they load with the first model made
        from runwright._models.openai_chat import OpenAIChatCompletionsModel
        from runwright._models.openai_responses import OpenAIResponsesModel

        if responses and self.uses_websocket():
            # the websocket model loads only when that transport is chosen
            from runwright._models.openai_ws import OpenAIResponsesWSModel

            return OpenAIResponsesWSModel(
                name,
                self._ws_client,
                model_is_explicit=explicit,
                websocket_options=self._websocket_options,
            )
        if responses:
            fallback = None if self._api_is_chosen() else (lambda: self._make_model(name, False))
            return OpenAIResponsesModel(
                name,
                self._client_factory,
                model_is_explicit=explicit,
                retry=self._retry,
                chat_fallback=fallback,
            )
        compat = self._compat
        if compat is None and self._talks_to_openai():
            compat = ChatCompatibility.openai()
        return OpenAIChatCompletionsModel(
            name, self._client_factory, retry=self._retry, compatibility=compat
        )

    def _client_factory(self) -> Any:
        """Creates (once) the client; runs at the first model call."""
        if self._client is None:
            self._client = _defaults.client or self._new_client()
        return self._client

    def _ws_client(self) -> Any:
        """The client for websocket models: ``websocket_base_url`` applied when given."""
        client = self._client_factory()
        if self._websocket_base_url is not None:
            return client.with_options(websocket_base_url=self._websocket_base_url)
        return client

    def _new_client(self) -> Any:
        base_url = self._resolved_base_url()
        key = self._api_key or _defaults.key or os.environ.get("OPENAI_API_KEY")
        if not key:
            if _is_openai_host(base_url):
                raise UserError(_MISSING_KEY)
            key = PLACEHOLDER_API_KEY
        import openai

        # with the openai client, on the first client made
        from runwright._models._openai_shared import mark_runwright_client

        timeout = self._timeout
        if timeout is None:
            timeout = openai.Timeout(DEFAULT_TIMEOUT, connect=DEFAULT_CONNECT_TIMEOUT)
        client = openai.AsyncOpenAI(
            api_key=key,
            base_url=base_url,
            organization=self._organization,
            project=self._project,
            max_retries=0,
            timeout=timeout,
        )
        return mark_runwright_client(client)


_BUILTIN_PREFIXES = ("openai", "responses", "chat")

# ``litellm/<model>`` and ``any-llm/<provider>/<model>``: the SDK's extension providers,
# loaded by name on first use (their modules import litellm / any-llm when called).
_EXTENSION_PROVIDERS = {
    "litellm": ("runwright._models.litellm_model", "LitellmProvider"),
    "any-llm": ("runwright._models.any_llm_model", "AnyLLMProvider"),
}


def _extension_provider(prefix: str) -> ModelProvider:
    module, name = _EXTENSION_PROVIDERS[prefix]
    provider: ModelProvider = getattr(importlib.import_module(module), name)()
    return provider


class MultiProviderMap:
    """Providers by prefix, for ``MultiProvider(provider_map=...)`` (the SDK's form).

    The MultiProvider keeps this map: providers added or removed later count.
    """

    def __init__(self) -> None:
        self._mapping: dict[str, ModelProvider] = {}

    def has_prefix(self, prefix: str) -> bool:
        """Whether a provider is mapped to ``prefix``."""
        return prefix in self._mapping

    def get_mapping(self) -> dict[str, ModelProvider]:
        """A copy of the prefix -> provider mapping."""
        return dict(self._mapping)

    def set_mapping(self, mapping: dict[str, ModelProvider]) -> None:
        """Replaces the whole mapping."""
        self._mapping = dict(mapping)

    def get_provider(self, prefix: str) -> ModelProvider | None:
        """The provider for ``prefix``, or None."""
        return self._mapping.get(prefix)

    def add_provider(self, prefix: str, provider: ModelProvider) -> None:
        """Maps ``prefix`` (no ``/``) to ``provider``."""
        if not isinstance(prefix, str) or not prefix or "/" in prefix:
            raise UserError(f"Provider prefix {prefix!r} must be non-empty and contain no '/'.")
        self._mapping[prefix] = provider

    def remove_provider(self, prefix: str) -> None:
        """Removes ``prefix``'s provider (nothing when there is none)."""
        self._mapping.pop(prefix, None)

    def items(self) -> list[tuple[str, ModelProvider]]:
        """The (prefix, provider) pairs."""
        return list(self._mapping.items())


class MultiProvider(ModelProvider):
    """Routes ``prefix/name`` model names to providers (scheme in the module docs).

    Args:
        provider_map: Extra providers by prefix: a dict (same as calling :meth:`register`)
            or a :class:`MultiProviderMap` (kept live, as in the SDK).
        openai_provider: The provider behind ``openai/``, ``responses/``, ``chat/``
            and bare names (default: a new :class:`OpenAIProvider` from the other
            ``openai_*`` arguments).
        openai_api_key / openai_base_url / openai_client / openai_organization /
        openai_project / openai_use_responses / openai_use_responses_websocket /
        openai_websocket_base_url / openai_responses_websocket_options /
        openai_agent_registration / openai_strict_feature_validation /
        openai_buffer_streamed_tool_calls: Passed to that OpenAIProvider.
    """

    def __init__(
        self,
        *,
        provider_map: MultiProviderMap | Mapping[str, ModelProvider] | None = None,
        openai_provider: OpenAIProvider | None = None,
        openai_api_key: str | None = None,
        openai_base_url: str | None = None,
        openai_client: Any = None,
        openai_organization: str | None = None,
        openai_project: str | None = None,
        openai_use_responses: bool | None = None,
        openai_use_responses_websocket: bool | None = None,
        openai_strict_feature_validation: bool = False,
        openai_websocket_base_url: str | None = None,
        openai_agent_registration: OpenAIAgentRegistrationConfig | dict[str, Any] | None = None,
        openai_responses_websocket_options: OpenAIResponsesWebSocketOptions | None = None,
        openai_buffer_streamed_tool_calls: bool = False,
    ) -> None:
        self.openai_provider = openai_provider or OpenAIProvider(
            api_key=openai_api_key,
            base_url=openai_base_url,
            openai_client=openai_client,
            organization=openai_organization,
            project=openai_project,
            use_responses=openai_use_responses,
            websocket_base_url=openai_websocket_base_url,
            use_responses_websocket=openai_use_responses_websocket,
            strict_feature_validation=openai_strict_feature_validation,
            agent_registration=openai_agent_registration,
            responses_websocket_options=openai_responses_websocket_options,
            buffer_streamed_tool_calls=openai_buffer_streamed_tool_calls,
        )
        self._providers: dict[str, ModelProvider] = {}
        # A MultiProviderMap stays live (looked up on each get_model), as in the SDK.
        self.provider_map = provider_map if isinstance(provider_map, MultiProviderMap) else None
        if self.provider_map is None:
            for prefix, provider in (provider_map or {}).items():
                self.register(prefix, provider)

    def register(self, prefix: str, provider: ModelProvider) -> None:
        """Send names ``prefix/...`` to ``provider`` (which gets the part after the slash)."""
        if not prefix or "/" in prefix:
            raise UserError(f"Provider prefix {prefix!r} must be non-empty and contain no '/'.")
        if prefix in _BUILTIN_PREFIXES:
            raise UserError(f"Prefix {prefix!r} is built in; choose another name.")
        self._providers[prefix] = provider

    async def aclose(self) -> None:
        """Closes what the OpenAI provider and every registered provider hold (each once);
        the first error is raised after all were closed."""
        first_error: Exception | None = None
        seen: set[int] = set()
        mapped = [p for _, p in self.provider_map.items()] if self.provider_map else []
        for provider in (self.openai_provider, *self._providers.values(), *mapped):
            if provider is self or id(provider) in seen:
                continue
            seen.add(id(provider))
            try:
                await provider.aclose()
            except Exception as error:
                first_error = first_error or error
        if first_error is not None:
            raise first_error

    def known_prefixes(self) -> list[str]:
        """Every prefix this provider routes."""
        mapped = [p for p, _ in self.provider_map.items()] if self.provider_map else []
        routed = [*self._providers, *(p for p in mapped if p not in self._providers)]
        extensions = [p for p in _EXTENSION_PROVIDERS if p not in routed]
        return [*_BUILTIN_PREFIXES, *routed, *extensions]

    def get_model(self, model_name: str | None) -> Model:
        """The model for ``model_name`` (None or a bare name: the OpenAI provider's default)."""
        if not model_name or "/" not in model_name:
            return self.openai_provider.get_model(model_name)
        prefix, name = model_name.split("/", 1)
        if prefix == "openai":
            return self.openai_provider.get_model(name)
        if prefix in ("responses", "chat"):
            return self.openai_provider.get_model(name, use_responses=prefix == "responses")
        provider = self.provider_map.get_provider(prefix) if self.provider_map else None
        if provider is None:
            provider = self._providers.get(prefix)
        if provider is None and prefix in _EXTENSION_PROVIDERS:
            provider = self._providers[prefix] = _extension_provider(prefix)
        if provider is None:
            raise UserError(
                f"Unknown model prefix {prefix!r} in {model_name!r}. Known prefixes: "
                f"{', '.join(self.known_prefixes())}. If {model_name!r} is the server's own "
                f"model name, write it with a prefix, e.g. 'openai/{model_name}' or "
                f"'chat/{model_name}'; or register a provider with "
                f"MultiProvider.register({prefix!r}, provider)."
            )
        return provider.get_model(name)
