"""OpenAIResponsesWSModel: the Responses API over a websocket (``wss://.../responses``).

One connection per model stays open across calls (and across the turns of a
run), so each turn skips the HTTP request set-up. Each call sends one
``{"type": "response.create", ..., "stream": true}`` frame carrying the same
fields as the HTTP body, and reads the server's Responses stream events (one
JSON text frame each) until ``response.completed`` (or ``response.failed`` /
``response.incomplete`` / an ``error`` frame). Calls on one model take turns on
its connection.

The connection is made from the openai client: its ``websocket_base_url``, else
its ``base_url`` with ``http``/``https`` turned into ``ws``/``wss``; its auth and
default headers go in the handshake. ``model_settings.extra_headers`` and
``extra_query`` apply to the handshake, ``extra_body`` fields join the frame.

Needs the optional ``websockets`` package (``pip install "runwright[websocket]"``),
imported on the first connection.
"""

from __future__ import annotations

import asyncio
import json
import weakref
from collections.abc import AsyncIterator, Mapping
from typing import TYPE_CHECKING, Any, TypedDict
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from typing_extensions import NotRequired

from runwright._core.exceptions import ModelBehaviorError, UserError
from runwright._core.items import ModelResponse, RawItem, typed_response
from runwright._models._openai_shared import keep_raw_usage
from runwright._models._validate import describe_server, reading_errors
from runwright._models.interface import ModelTracing
from runwright._models.openai_responses import (
    OpenAIResponsesModel,
    _events,
    build_request,
    completed_event_response,
)

if TYPE_CHECKING:
    from runwright._agent.handoffs import Handoff
    from runwright._agent.output_schema import AgentOutputSchemaBase
    from runwright._core.config import ModelSettings
    from runwright._core.items import TResponseInputItem
    from runwright._tools.function_tool import Tool


class OpenAIResponsesWebSocketOptions(TypedDict, total=False):
    """Connection options of :class:`OpenAIResponsesWSModel` (all optional)."""

    ping_interval: NotRequired[float | None]
    """Seconds between keepalive pings (None: no pings; the ``websockets`` default is 20)."""
    ping_timeout: NotRequired[float | None]
    """Seconds to wait for a pong before dropping the connection (None: wait forever)."""
    max_size: NotRequired[int | None]
    """Largest incoming message in bytes (default None: no limit)."""


_TERMINAL = frozenset({"response.completed", "response.failed", "response.incomplete", "error"})
_TRANSPORT_KEYS = ("extra_headers", "extra_query", "extra_body", "timeout")


class OpenAIResponsesWSModel(OpenAIResponsesModel):
    """A Responses API model that talks to the server over a websocket.

    Args:
        model: The model name sent to the server.
        openai_client: An ``openai.AsyncOpenAI`` (or a factory for one): where to connect
            and how to authenticate.
        model_is_explicit: False when the name is only the default, so a call with a
            stored prompt may leave the model to the prompt.
        websocket_options: See :class:`OpenAIResponsesWebSocketOptions`.

    ``ModelResponse.request_id`` stays None: a websocket carries no request id.
    Call :meth:`close` (or the provider's ``aclose``) to close the connection.
    """

    _applies_model_timeout = False
    """ModelSettings.timeout is applied by the run loop to the whole call."""

    def __init__(
        self,
        model: str,
        openai_client: Any,
        *,
        model_is_explicit: bool = True,
        websocket_options: OpenAIResponsesWebSocketOptions | None = None,
    ) -> None:
        super().__init__(model, openai_client, model_is_explicit=model_is_explicit)
        options = dict(websocket_options or {})
        unknown = sorted(set(options) - {"ping_interval", "ping_timeout", "max_size"})
        if unknown:
            raise UserError(
                f"Unknown websocket option(s) {', '.join(unknown)}: use ping_interval, "
                "ping_timeout or max_size."
            )
        self.websocket_options: OpenAIResponsesWebSocketOptions = options  # type: ignore[assignment]
        self._connection: Any = None
        self._connection_key: tuple[str, tuple[tuple[str, str], ...]] | None = None
        self._connection_loop: weakref.ref[asyncio.AbstractEventLoop] | None = None
        self._locks: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock] = (
            weakref.WeakKeyDictionary()
        )

    def __repr__(self) -> str:
        return f"OpenAIResponsesWSModel({self.model!r})"

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
        completed: RawItem | None = None
        async for event in self.stream_response(
            system_instructions,
            input,
            model_settings,
            tools,
            output_schema,
            handoffs,
            tracing,
            previous_response_id,
            conversation_id,
            prompt,
        ):
            if event.get("type") == "response.completed":
                completed = event
        if completed is None:  # pragma: no cover - _events always ends with one or raises
            raise ModelBehaviorError("The websocket stream ended without a response.")
        with reading_errors(describe_server(self._client.get(), self.model)):
            response = keep_raw_usage(
                completed_event_response(completed), completed.get("response"), model_settings
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
        if prompt is not None and not self.model_is_explicit:
            kwargs.pop("model", None)
        client = self._client.get()
        frame, url, headers = _request_frame(client, kwargs)
        where = describe_server(client, self.model).replace("server", "websocket server", 1)
        async for event in _events(self._exchange(client, frame, url, headers), where):
            yield event

    async def close(self) -> None:
        """Closes the websocket connection, if one is open (the next call opens a new one)."""
        connection, loop_ref = self._connection, self._connection_loop
        self._connection = self._connection_key = self._connection_loop = None
        if connection is None:
            return
        if loop_ref is not None and loop_ref() is asyncio.get_running_loop():
            try:
                await connection.close()
            except Exception:  # already gone: nothing left to release
                pass
        else:  # opened in another event loop: it cannot be awaited from this one
            _abort(connection)

    # ----- the connection ----------------------------------------------------

    def _lock(self) -> asyncio.Lock:
        loop = asyncio.get_running_loop()
        lock = self._locks.get(loop)
        if lock is None:
            lock = self._locks[loop] = asyncio.Lock()
        return lock

    async def _connect(
        self, client: Any, url: str, headers: dict[str, str], *, fresh: bool = False
    ) -> Any:
        """The open connection for ``url`` and ``headers`` (opened or reopened as needed)."""
        loop = asyncio.get_running_loop()
        key = (url, tuple(sorted((k.lower(), v) for k, v in headers.items())))
        connection = self._connection
        if (
            connection is not None
            and not fresh
            and self._connection_key == key
            and self._connection_loop is not None
            and self._connection_loop() is loop
            and _is_open(connection)
        ):
            return connection
        await self.close()
        try:
            # optional dependency: loaded with the first websocket connection
            from websockets.asyncio.client import connect
        except ImportError as error:
            raise UserError(
                "OpenAIResponsesWSModel needs the 'websockets' package: "
                'pip install "runwright[websocket]" (or pip install websockets).'
            ) from error
        options: dict[str, Any] = {
            "additional_headers": headers,
            "user_agent_header": None,
            "max_size": None,
            "open_timeout": _phase_timeout(client, "connect"),
        }
        options.update(self.websocket_options)
        try:
            connection = await connect(url, **options)
        except (OSError, asyncio.TimeoutError) as error:
            raise ConnectionError(
                f"Could not open the Responses websocket {_redacted(url)}: {error}"
            ) from error
        except Exception as error:  # handshake refused (HTTP status), bad URL, ...
            raise ModelBehaviorError(
                f"The Responses websocket {_redacted(url)} refused the connection: {error}"
            ) from error
        self._connection, self._connection_key = connection, key
        self._connection_loop = weakref.ref(loop)
        return connection

    async def _exchange(
        self, client: Any, frame: dict[str, Any], url: str, headers: dict[str, str]
    ) -> AsyncIterator[dict[str, Any]]:
        """Sends ``frame`` and yields the server's events up to the terminal one."""
        lock = self._lock()
        async with lock:
            payload = json.dumps(frame)
            connection = await self._connect(client, url, headers)
            try:
                await connection.send(payload)
            except Exception:
                # The frame never left (the cached connection had closed): one fresh try.
                connection = await self._connect(client, url, headers, fresh=True)
                await connection.send(payload)
            read_timeout = _phase_timeout(client, "read")
            finished = False
            try:
                while True:
                    try:
                        if read_timeout is None:
                            message = await connection.recv()
                        else:
                            message = await asyncio.wait_for(connection.recv(), read_timeout)
                    except asyncio.TimeoutError as error:
                        raise TimeoutError(
                            f"The Responses websocket sent nothing for {read_timeout:g} seconds."
                        ) from error
                    except Exception as error:
                        if type(error).__name__.startswith("ConnectionClosed"):
                            raise ConnectionError(
                                "The Responses websocket closed before the response was complete."
                            ) from error
                        raise
                    if isinstance(message, bytes):
                        message = message.decode("utf-8", errors="replace")
                    try:
                        event = json.loads(message)
                    except ValueError as error:
                        raise ModelBehaviorError(
                            f"The Responses websocket sent a frame that is not JSON: "
                            f"{message[:200]!r}"
                        ) from error
                    if not isinstance(event, dict):
                        raise ModelBehaviorError(
                            f"The Responses websocket sent a frame that is not an event: "
                            f"{message[:200]!r}"
                        )
                    if event.get("type") == "response.error":
                        event = {**event, "type": "error"}
                    # after the terminal event the connection is clean again
                    finished = event.get("type") in _TERMINAL
                    yield event
                    if finished:
                        return
            finally:
                if not finished:
                    # Cut off mid-response (error, timeout, consumer gone): the connection
                    # may still carry this response's events, so it is not reused.
                    connection, self._connection = self._connection, None
                    self._connection_key = self._connection_loop = None
                    if connection is not None:
                        _abort(connection)


def _is_open(connection: Any) -> bool:
    state = getattr(connection, "state", None)
    name = getattr(state, "name", None)
    return name == "OPEN" if isinstance(name, str) else True


def _abort(connection: Any) -> None:
    """Drops a connection without waiting for the closing handshake."""
    transport = getattr(connection, "transport", None)
    if transport is not None:
        transport.abort()


def _phase_timeout(client: Any, phase: str) -> float | None:
    """The client's timeout for ``phase`` ("connect" or "read"), in seconds."""
    timeout = getattr(client, "timeout", None)
    if isinstance(timeout, (int, float)) and not isinstance(timeout, bool):
        return float(timeout)
    value = getattr(timeout, phase, None)
    return float(value) if isinstance(value, (int, float)) else None


def _plain_headers(source: Any) -> dict[str, str]:
    """Header values as strings; openai's omitted/not-given markers leave a header out."""
    out: dict[str, str] = {}
    for key, value in (source or {}).items():
        if type(value).__name__ in ("Omit", "NotGiven") or value is None:
            out.pop(str(key), None)
            continue
        for existing in [k for k in out if k.lower() == str(key).lower()]:
            del out[existing]
        out[str(key)] = str(value)
    return out


def _request_frame(
    client: Any, kwargs: dict[str, Any]
) -> tuple[dict[str, Any], str, dict[str, str]]:
    """The ``response.create`` frame, the websocket URL and the handshake headers."""
    body = dict(kwargs)
    extra_headers = body.pop("extra_headers", None) or {}
    extra_query = body.pop("extra_query", None) or {}
    extra_body = body.pop("extra_body", None) or {}
    body.pop("timeout", None)
    for name, value in (("extra_headers", extra_headers), ("extra_query", extra_query)):
        if not isinstance(value, Mapping):
            raise UserError(f"ModelSettings.{name} must be a dict for a websocket model.")
    if not isinstance(extra_body, Mapping):
        raise UserError("ModelSettings.extra_body must be a dict for a websocket model.")
    headers = _plain_headers(getattr(client, "auth_headers", None))
    headers.update(_plain_headers(getattr(client, "default_headers", None)))
    for key, value in _plain_headers(extra_headers).items():
        for existing in [k for k in headers if k.lower() == key.lower()]:
            del headers[existing]
        headers[key] = value
    frame: dict[str, Any] = {"type": "response.create", **body, **extra_body}
    frame["type"] = "response.create"
    frame["stream"] = True
    return frame, _websocket_url(client, extra_query), headers


def _websocket_url(client: Any, extra_query: Mapping[str, Any]) -> str:
    base = getattr(client, "websocket_base_url", None) or getattr(client, "base_url", None)
    if base is None:
        raise UserError("The openai client has no base_url to open a websocket to.")
    parts = urlsplit(str(base))
    scheme = {"http": "ws", "https": "wss"}.get(parts.scheme, parts.scheme)
    if scheme not in ("ws", "wss"):
        raise UserError(f"Cannot open a websocket to {str(base)!r}: use an http(s) or ws(s) URL.")
    query = dict(parse_qsl(parts.query))
    default_query = getattr(client, "default_query", None)
    if isinstance(default_query, Mapping):
        query.update({str(k): str(v) for k, v in default_query.items()})
    query.update({str(k): str(v) for k, v in extra_query.items()})
    path = parts.path.rstrip("/") + "/responses"
    return urlunsplit((scheme, parts.netloc, path, urlencode(query), ""))


def _redacted(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
