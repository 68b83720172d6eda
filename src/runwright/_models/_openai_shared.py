"""Pieces both OpenAI adapters share: the client handle, tools, settings, plain dicts."""

from __future__ import annotations

import json
import weakref
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, TypeVar

from runwright._core.exceptions import UserError
from runwright._models import retry as retry_module
from runwright._models.retry import NO_RETRY, RetrySettings, call_with_retry
from runwright._models.retry_policies import ModelRetrySettings, RetryAdvisor, runner_retry_delay
from runwright._models.timeouts import within_timeout

if TYPE_CHECKING:
    from runwright._agent.handoffs import Handoff
    from runwright._core.config import ModelSettings
    from runwright._core.items import ModelResponse
    from runwright._tools.function_tool import Tool

T = TypeVar("T")

ClientFactory = Callable[[], Any]
"""A zero-argument callable returning an ``openai.AsyncOpenAI`` (providers pass one)."""


_RUNWRIGHT_CLIENTS: weakref.WeakSet[Any] = weakref.WeakSet()
"""Clients runwright created itself (retries off, runwright retries): a documented registry."""


def mark_runwright_client(client: Any) -> Any:
    """Records that runwright made ``client`` (so runwright, not the client, retries)."""
    _RUNWRIGHT_CLIENTS.add(client)
    return client


class ClientHandle:
    """The openai client a model uses, created on first use.

    ``source`` is an ``AsyncOpenAI`` or a factory for one (a factory lets a
    provider defer "no API key" to the first model call). A client the user
    made keeps its own retry budget and timeout; a client runwright made has
    its retries off, and runwright retries instead (:func:`send_with_retry`).
    """

    __slots__ = ("_bare", "_client", "_source")

    def __init__(self, source: Any) -> None:
        if source is None:
            raise UserError(
                "An openai client is required: pass openai.AsyncOpenAI(...) as openai_client, "
                "or get the model from OpenAIProvider().get_model(name)."
            )
        self._source = source
        self._client: Any = None
        self._bare: Any = None

    def get(self) -> Any:
        """The ready client (created on the first call)."""
        client = self._client
        if client is None:
            source = self._source
            raw = source() if callable(source) and not hasattr(source, "with_options") else source
            client = self._client = raw
        return client

    def runwright_made(self) -> bool:
        """Whether runwright created the client (so runwright owns retries)."""
        return self.get() in _RUNWRIGHT_CLIENTS

    def without_retries(self) -> Any:
        """The client with its own retries off (a copy sharing its pool), for runner retries."""
        if self._bare is None:
            self._bare = without_client_retries(self.get())
        return self._bare


def without_client_retries(client: Any) -> Any:
    """``client`` with the openai client's own retries off (a copy sharing its pool)."""
    if getattr(client, "max_retries", 0) == 0 or not hasattr(client, "with_options"):
        return client
    return client.with_options(max_retries=0)


async def send_with_retry(
    handle: ClientHandle,
    model_retry: RetrySettings | None,
    settings: ModelSettings,
    send: Callable[[Any], Awaitable[T]],
    *,
    stream: bool = False,
    previous_response_id: str | None = None,
    conversation_id: str | None = None,
    advisor: RetryAdvisor | None = None,
) -> T:
    """``send(client)`` with the retries that apply to this call.

    In order: ``settings.retry`` as :class:`ModelRetrySettings` (runner-managed,
    the SDK's form); ``settings.retry`` or the model's ``retry`` as
    :class:`RetrySettings` (the client's own retries then off); otherwise
    runwright retries (3 attempts) only for clients it made, and a user's
    client keeps its own ``max_retries``.

    ``settings.timeout`` bounds each attempt of a whole (not streamed) call; a
    timed-out attempt raises ModelTimeoutError, which retry policies may retry.
    """
    timeout = settings.timeout
    if timeout is not None and not stream:
        untimed = send

        def send(client: Any) -> Awaitable[T]:
            return within_timeout(untimed(client), timeout)

    override = settings.retry
    if isinstance(override, ModelRetrySettings):
        client = handle.without_retries() if override.disables_client_retries() else handle.get()
        attempt = 1
        while True:
            try:
                return await send(client)
            except Exception as error:
                delay = await runner_retry_delay(
                    override,
                    error,
                    attempt,
                    stream=stream,
                    previous_response_id=previous_response_id,
                    conversation_id=conversation_id,
                    advisor=advisor,
                )
                if delay is None:
                    raise
            await retry_module.sleep(delay)
            attempt += 1
    chosen = override if isinstance(override, RetrySettings) else model_retry
    if chosen is not None:  # explicit settings: runwright alone retries
        client = handle.without_retries()
        return await call_with_retry(lambda: send(client), chosen)
    client = handle.get()
    default = RetrySettings() if handle.runwright_made() else NO_RETRY
    return await call_with_retry(lambda: send(client), default)


_OPTION_KEYS = {"extra_headers": "headers", "extra_query": "params", "timeout": "timeout"}


async def post(client: Any, path: str, kwargs: dict[str, Any], *, stream: bool = False) -> Any:
    """Sends one API request; JSON answers come back as plain dicts, streams as dict events.

    Uses the client's documented ``post(path, cast_to=..., body=...)``, not the typed
    ``create`` methods: our bodies are already plain JSON, and ``create`` would spend
    about 1.5 ms per request re-transforming them against its TypedDicts, then build
    pydantic objects we would only turn back into dicts. The client still does auth,
    base URL (Azure deployments included), timeouts, SSE parsing and API errors.
    A client without ``post`` (a test double) gets the typed call instead.
    """
    if not hasattr(client, "post"):
        resource = client.responses if path == "/responses" else client.chat.completions
        return await resource.create(**kwargs, **({"stream": True} if stream else {}))
    body = dict(kwargs)
    options = {_OPTION_KEYS[k]: body.pop(k) for k in list(body) if k in _OPTION_KEYS}
    body.update(body.pop("extra_body", None) or {})
    if stream:
        body["stream"] = True
        from openai import AsyncStream

        return await client.post(
            path,
            cast_to=object,
            body=body,
            options=options,
            stream=True,
            stream_cls=AsyncStream[object],
        )
    return await client.post(path, cast_to=object, body=body, options=options)


_RAW_RESPONSE_HEADER = "X-Stainless-Raw-Response"
"""openai's own switch (what ``with_raw_response`` sets) for the raw response, headers
included; the header is the client's, for the client."""


async def post_json(client: Any, path: str, kwargs: dict[str, Any]) -> tuple[Any, str | None]:
    """A whole (not streamed) request, as :func:`post`: the answer (plain dicts) and the
    server's request id (its ``x-request-id`` header), as the SDK reports them."""
    if not hasattr(client, "post"):  # a test double: the typed call, its `_request_id`
        answer = await post(client, path, kwargs)
        return answer, getattr(answer, "_request_id", None)
    body = dict(kwargs)
    options = {_OPTION_KEYS[k]: body.pop(k) for k in list(body) if k in _OPTION_KEYS}
    body.update(body.pop("extra_body", None) or {})
    options["headers"] = {**(options.get("headers") or {}), _RAW_RESPONSE_HEADER: "true"}
    raw = await client.post(path, cast_to=object, body=body, options=options)
    parse = getattr(raw, "parse", None)
    if parse is None:  # a client that ignores the switch
        return raw, None
    request_id = raw.headers.get("x-request-id")
    return parse(), request_id if isinstance(request_id, str) else None


def plain(value: Any) -> Any:
    """A pydantic object (openai types) as plain dicts/lists, keeping only fields sent."""
    dump = getattr(value, "model_dump", None)
    if dump is not None and not isinstance(value, dict):
        return dump(exclude_unset=True)
    return value


def function_tool_specs(
    tools: list[Tool], handoffs: list[Handoff[Any]], *, api: str = "Chat Completions"
) -> list[tuple[str, str, dict[str, Any], bool]]:
    """(name, description, parameters, strict) of every function tool and handoff, in order.

    Hosted tools are skipped (the Responses adapter declares them itself); any
    other tool kind is a UserError, as are hosted tools when ``api`` has none.
    """
    specs = [
        (t.name, t.description, t.params_json_schema, t.strict_json_schema)
        for t in tools
        if hasattr(t, "params_json_schema")
    ]
    for t in tools:
        if hasattr(t, "params_json_schema"):
            if api != "Responses":
                _check_chat_function(t, api)
            continue
        if not hasattr(t, "to_responses_tool"):
            raise UserError(
                f"Tool {t!r} cannot be sent to an OpenAI-compatible model: only function "
                "tools (@function_tool / FunctionTool) and hosted tools are supported."
            )
        if api != "Responses":
            kind = "a Responses API tool" if hasattr(t, "call_type") else "a hosted tool"
            raise UserError(
                f"{type(t).__name__} is {kind} of the Responses API; the {api} API cannot "
                "express it. Use a Responses model (e.g. 'responses/<name>') or remove the tool."
            )
    specs.extend(
        (h.tool_name, h.tool_description, h.input_json_schema, h.strict_json_schema)
        for h in handoffs
    )
    return specs


def _check_chat_function(tool: Any, api: str) -> None:
    """Responses-only features of a function tool are a UserError on other APIs."""
    features = [
        name
        for name, used in (
            ("defer_loading=True", getattr(tool, "defer_loading", False)),
            ("allowed_callers", getattr(tool, "allowed_callers", None) is not None),
            ("output_json_schema", getattr(tool, "output_json_schema", None) is not None),
            ("tool_namespace()", "namespace" in getattr(tool, "_extra", {})),
        )
        if used
    ]
    if features:
        raise UserError(
            f"Function tool {tool.name!r} uses {', '.join(features)}, which only the Responses "
            f"API supports; the {api} API cannot express it. Use a Responses model or drop it."
        )


def responses_tool_specs(
    tools: list[Tool], model: str | None
) -> tuple[list[dict[str, Any]], list[str]]:
    """The ``tools`` entries for ``/responses`` in the agent's order (function tools of
    one ``tool_namespace`` grouped in a namespace entry), and the ``include`` values needed."""
    declared: list[dict[str, Any]] = []
    include: list[str] = []
    namespaces: dict[str, dict[str, Any]] = {}
    for tool in tools:
        if not hasattr(tool, "params_json_schema"):
            for_model = getattr(tool, "responses_tool_for", None)
            to_responses: Any = getattr(tool, "to_responses_tool", None)
            spec, extra = (for_model(model), None) if for_model else to_responses()
            declared.append(spec)
            if extra is not None:
                include.append(extra)
            continue
        entry = _responses_function(tool)
        namespace = tool._extra.get("namespace")
        if namespace is None:
            declared.append(entry)
            continue
        group = namespaces.get(namespace[0])
        if group is None:
            group = {"type": "namespace", "name": namespace[0], "description": namespace[1]}
            group["tools"] = []
            namespaces[namespace[0]] = group
            declared.append(group)
        elif group["description"] != namespace[1]:
            raise UserError(
                f"All tools in namespace '{namespace[0]}' must share the same description."
            )
        group["tools"].append(entry)
    computers = [t for t in tools if type(t).__name__ == "ComputerTool"]
    if len(computers) > 1:
        raise UserError(f"You can only provide one computer tool. Got {len(computers)}")
    return declared, include


def _responses_function(tool: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "type": "function",
        "name": tool.name,
        "description": tool.description,
        "parameters": tool.params_json_schema,
        "strict": tool.strict_json_schema,
    }
    if getattr(tool, "defer_loading", False):
        entry["defer_loading"] = True
    if getattr(tool, "allowed_callers", None) is not None:
        entry["allowed_callers"] = list(tool.allowed_callers)
    if getattr(tool, "output_json_schema", None) is not None:
        entry["output_schema"] = tool.output_json_schema
    return entry


def hosted_tool_specs(tools: list[Tool]) -> tuple[list[dict[str, Any]], list[str]]:
    """The Responses declarations of the hosted tools, and the ``include`` values they need."""
    declared: list[dict[str, Any]] = []
    include: list[str] = []
    for tool in tools:
        to_responses = getattr(tool, "to_responses_tool", None)
        if to_responses is not None:
            spec, extra = to_responses()
            declared.append(spec)
            if extra is not None:
                include.append(extra)
    return declared, include


def common_sampling_kwargs(settings: ModelSettings) -> dict[str, Any]:
    """Sampling parameters both APIs accept under the same names."""
    out: dict[str, Any] = {}
    for name in ("temperature", "top_p", "parallel_tool_calls", "metadata", "store"):
        value = getattr(settings, name)
        if value is not None:
            out[name] = value
    return out


def keep_raw_usage(
    response: ModelResponse,
    body: Any,
    settings: ModelSettings,
    request_id: str | None = None,
    *,
    field_order: tuple[str, ...] = (),
) -> ModelResponse:
    """Sets ``response.request_id``, and with ``settings.preserve_raw_usage`` the server's
    usage object on ``response.raw_usage`` (a detached copy; keys in ``field_order``
    first, as openai's usage model dumps them)."""
    response.request_id = request_id
    if settings.preserve_raw_usage is True:
        usage = body.get("usage") if isinstance(body, dict) else None
        if isinstance(usage, dict):
            copied = json.loads(json.dumps(usage, default=str))
            if field_order:
                first = {k: copied.pop(k) for k in field_order if k in copied}
                copied = {**first, **copied}
            response.raw_usage = copied
    return response


CHAT_USAGE_FIELDS = (
    "completion_tokens",
    "prompt_tokens",
    "total_tokens",
    "completion_tokens_details",
    "prompt_tokens_details",
)
"""The key order of openai's ``CompletionUsage`` (how the SDK's ``raw_usage`` prints)."""
RESPONSES_USAGE_FIELDS = (
    "input_tokens",
    "input_tokens_details",
    "output_tokens",
    "output_tokens_details",
    "total_tokens",
)
"""The key order of openai's ``ResponseUsage``."""


def add_prompt_cache_settings(kwargs: dict[str, Any], settings: ModelSettings) -> None:
    """``prompt_cache_retention`` and ``prompt_cache_options``, sent as top-level fields."""
    if settings.prompt_cache_retention is not None:
        kwargs["prompt_cache_retention"] = settings.prompt_cache_retention
    if settings.prompt_cache_options is not None:
        kwargs["prompt_cache_options"] = plain(settings.prompt_cache_options)


def apply_extras(kwargs: dict[str, Any], settings: ModelSettings) -> dict[str, Any]:
    """Adds extra_headers/extra_query/extra_body and spreads extra_args into ``kwargs``."""
    if settings.extra_headers:
        kwargs["extra_headers"] = dict(settings.extra_headers)
    if settings.extra_query:
        kwargs["extra_query"] = dict(settings.extra_query)
    if settings.extra_body:
        kwargs["extra_body"] = {**kwargs.get("extra_body", {}), **settings.extra_body}
    if settings.extra_args:
        kwargs.update(settings.extra_args)
    return kwargs


def add_extra_body(kwargs: dict[str, Any], **fields: Any) -> None:
    """Fields the typed API call has no parameter for go in the JSON body as they are."""
    values = {k: v for k, v in fields.items() if v is not None}
    if values:
        kwargs["extra_body"] = {**kwargs.get("extra_body", {}), **values}


def drop_none(item: Any) -> dict[str, Any]:
    """A copy of an input item without top-level ``None`` fields (servers reject nulls)."""
    return {k: v for k, v in item.items() if v is not None}
