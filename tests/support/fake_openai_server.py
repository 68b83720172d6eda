"""A scripted OpenAI-compatible HTTP server for tests (stdlib asyncio only).

Serves on 127.0.0.1 (random port), in the test's own event loop:

* ``POST /v1/responses``          JSON, or SSE when the body has ``"stream": true``
* ``POST /v1/chat/completions``   JSON, or chunked SSE (final usage chunk when
  ``stream_options.include_usage`` is set, then ``data: [DONE]``)
* ``GET  /v1/models``
* ``POST /v1/messages``           Anthropic's Messages API, JSON or SSE (fake_anthropic.py)
* the Conversations API and ``POST /v1/responses/compact``: stateful, see
  ``fake_conversations.py`` (``server.conversations``)

Each request takes the next reply from the script (``server.script(...)``):

* :class:`Answer`: a logical answer (text, tool calls, reasoning, usage) the
  server renders in whatever form was asked (Responses/Chat, JSON/SSE), so one
  script drives streamed and non-streamed calls alike;
* :class:`Fail`: an HTTP error status with headers (e.g. 429 + Retry-After);
* :class:`Raw`: a JSON body sent as it is (odd shapes: null fields, no choices);
* :class:`RawSSE`: SSE ``data:`` payloads sent as they are;
* :class:`RawBytes`: any bytes as the body (HTML, invalid UTF-8, cut-off JSON).

When the script is empty, ``server.responder(kind, body)`` answers if set
(``kind`` is ``"responses"`` or ``"chat"``: replies computed from the request,
e.g. for benchmarks), else ``server.default`` (None: HTTP 400 saying the script
ran out, which the client does not retry). Every request is recorded in
``server.requests`` (method, path, headers, parsed JSON body).

Usage::

    async with FakeOpenAIServer() as server:
        server.script(Answer(text="hi"))
        client = openai.AsyncOpenAI(base_url=server.base_url, api_key="test")
"""

from __future__ import annotations

import asyncio
import itertools
import json
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Union

from support.fake_anthropic import messages_json, messages_sse
from support.fake_conversations import FakeConversations


@dataclass
class ToolCall:
    """A function call in an :class:`Answer`."""

    name: str
    arguments: str = "{}"
    call_id: str | None = None


@dataclass
class Answer:
    """A model answer, rendered in the requested API's shape."""

    text: str | None = None
    tool_calls: list[ToolCall] = field(default_factory=list)
    reasoning: str | None = None
    refusal: str | None = None
    input_tokens: int = 11
    output_tokens: int = 7
    cached_tokens: int = 0
    reasoning_tokens: int = 0
    delay: float = 0.0
    """Seconds to wait before answering (for timeout tests)."""
    number: int | None = None
    """Pins the number in the ids (``resp_<n>``, ``chatcmpl-<n>``), e.g. to compare replies."""


@dataclass
class Fail:
    """An HTTP error reply."""

    status: int
    message: str = "scripted failure"
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Raw:
    """A JSON body sent as it is."""

    body: Any
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class RawSSE:
    """SSE events sent as they are: dicts become ``data: <json>``, strings ``data: <str>``."""

    events: list[Any]


@dataclass
class RawBytes:
    """A body sent byte for byte (not JSON: HTML pages, invalid UTF-8, cut-off text)."""

    payload: bytes
    content_type: str = "application/json"
    status: int = 200


Reply = Union[Answer, Fail, Raw, RawSSE, RawBytes]


@dataclass
class RecordedRequest:
    """One request the server received."""

    method: str
    path: str
    headers: dict[str, str]
    body: Any
    query: str = ""


_REASONS = {200: "OK", 400: "Bad Request", 404: "Not Found", 429: "Too Many Requests"}


class FakeOpenAIServer:
    """The server; start with ``async with`` or :meth:`start` / :meth:`stop`."""

    def __init__(
        self,
        *,
        default: Reply | None = None,
        responder: Callable[[str, Any], Reply] | None = None,
        model: str = "fake-model",
        record: bool = True,
    ) -> None:
        self.default = default
        self.responder = responder
        self.record = record
        self.model = model
        self.requests: list[RecordedRequest] = []
        self._replies: deque[Reply] = deque()
        self._server: asyncio.AbstractServer | None = None
        self._ids = itertools.count(1)
        self._connections: set[asyncio.StreamWriter] = set()
        self.port = 0
        self.conversations = FakeConversations()
        """Conversations and ``responses/compact`` state (see fake_conversations.py)."""

    # ----- lifecycle ------------------------------------------------------------

    async def start(self) -> FakeOpenAIServer:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            for writer in list(self._connections):  # keep-alive connections the client holds
                writer.close()
            await self._server.wait_closed()
            self._server = None

    async def __aenter__(self) -> FakeOpenAIServer:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def script(self, *replies: Reply) -> None:
        """Queue replies, answered in order by the next requests."""
        self._replies.extend(replies)

    @property
    def pending(self) -> int:
        """Replies not yet used."""
        return len(self._replies)

    def bodies(self) -> list[Any]:
        """The JSON bodies of every request, in order."""
        return [r.body for r in self.requests]

    # ----- HTTP -----------------------------------------------------------------

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._connections.add(writer)
        try:
            while await self._one_request(reader, writer):
                pass
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.CancelledError):
            pass  # the client went away, or the server is stopping
        finally:
            self._connections.discard(writer)
            writer.close()

    async def _one_request(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> bool:
        try:
            head = await reader.readuntil(b"\r\n\r\n")
        except asyncio.IncompleteReadError:
            return False
        lines = head.decode("latin-1").split("\r\n")
        method, path, _ = lines[0].split(" ", 2)
        headers = {}
        for line in lines[1:]:
            if ":" in line:
                key, value = line.split(":", 1)
                headers[key.strip().lower()] = value.strip()
        raw = await reader.readexactly(int(headers.get("content-length", "0")))
        body = json.loads(raw) if raw else None
        route, _, query = path.partition("?")
        if self.record:
            self.requests.append(RecordedRequest(method, route, headers, body, query))
        if self.conversations.handles(route):  # stateful endpoints (fake_conversations.py)
            status, payload = self.conversations.handle(method, route, query, body)
            await _send_json(writer, status, payload)
        else:
            await self._respond(method, route, body, writer)
        return headers.get("connection", "").lower() != "close"

    async def _respond(
        self, method: str, path: str, body: Any, writer: asyncio.StreamWriter
    ) -> None:
        if method == "GET" and path.endswith("/models"):
            return await _send_json(writer, 200, {"object": "list", "data": [{"id": self.model}]})
        kind = {
            "/v1/responses": "responses",
            "/v1/chat/completions": "chat",
            "/v1/messages": "anthropic",  # Anthropic's Messages API (fake_anthropic.py)
        }.get(path)
        if method != "POST" or kind is None:
            return await _send_json(writer, 404, {"error": {"message": f"no route {path}"}})
        if self._replies:
            reply: Reply | None = self._replies.popleft()
        elif self.responder is not None:
            reply = self.responder(kind, body)
        else:
            reply = self.default
        if reply is None:
            error = {"error": {"message": "fake server: script exhausted", "type": "test"}}
            return await _send_json(writer, 400, error)
        await self._send_reply(kind, reply, body or {}, writer)

    async def _send_reply(
        self, kind: str, reply: Reply, body: dict[str, Any], writer: asyncio.StreamWriter
    ) -> None:
        if isinstance(reply, Fail):
            error = {"error": {"message": reply.message, "type": "scripted", "code": None}}
            return await _send_json(writer, reply.status, error, reply.headers)
        if isinstance(reply, Raw):
            return await _send_json(writer, reply.status, reply.body, reply.headers)
        if isinstance(reply, RawBytes):
            return await _send_bytes(writer, reply)
        if isinstance(reply, RawSSE):
            return await _send_sse(writer, [_sse_data(e) for e in reply.events])
        if reply.delay:
            await asyncio.sleep(reply.delay)
        n = reply.number if reply.number is not None else next(self._ids)
        model = body.get("model") or self.model
        if kind == "anthropic":
            if body.get("stream"):
                return await _send_sse(writer, messages_sse(reply, model, n))
            return await _send_json(writer, 200, messages_json(reply, model, n))
        if not body.get("stream"):
            render = responses_json if kind == "responses" else chat_json
            return await _send_json(writer, 200, render(reply, model, n))
        if kind == "responses":
            return await _send_sse(writer, responses_sse(reply, model, n))
        usage = bool((body.get("stream_options") or {}).get("include_usage"))
        await _send_sse(writer, chat_sse(reply, model, n, include_usage=usage))


async def _send_json(
    writer: asyncio.StreamWriter, status: int, body: Any, headers: dict[str, str] | None = None
) -> None:
    payload = json.dumps(body).encode()
    head = [f"HTTP/1.1 {status} {_REASONS.get(status, 'Status')}"]
    head += ["content-type: application/json", f"content-length: {len(payload)}"]
    head += [f"{k}: {v}" for k, v in (headers or {}).items()]
    writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + payload)
    await writer.drain()


async def _send_bytes(writer: asyncio.StreamWriter, reply: RawBytes) -> None:
    head = f"HTTP/1.1 {reply.status} {_REASONS.get(reply.status, 'Status')}\r\n"
    head += f"content-type: {reply.content_type}\r\ncontent-length: {len(reply.payload)}\r\n"
    writer.write((head + "\r\n").encode() + reply.payload)
    await writer.drain()


async def _send_sse(writer: asyncio.StreamWriter, events: list[str]) -> None:
    head = "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n"
    writer.write((head + "\r\n").encode())
    for event in events:
        data = event.encode()
        writer.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
        await writer.drain()
    writer.write(b"0\r\n\r\n")
    await writer.drain()


def _sse_data(event: Any) -> str:
    return f"data: {event if isinstance(event, str) else json.dumps(event)}\n\n"


# ----- Responses API rendering --------------------------------------------------


def _split(text: str, size: int = 4) -> list[str]:
    return [text[i : i + size] for i in range(0, len(text), size)] or [""]


def _responses_items(answer: Answer, n: int) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    if answer.reasoning is not None:
        summary = [{"type": "summary_text", "text": answer.reasoning}]
        items.append({"type": "reasoning", "id": f"rs_{n}", "summary": summary})
    if answer.text is not None or answer.refusal is not None:
        part: dict[str, Any] = (
            {"type": "refusal", "refusal": answer.refusal}
            if answer.refusal is not None
            else {"type": "output_text", "text": answer.text, "annotations": []}
        )
        items.append(
            {
                "type": "message",
                "id": f"msg_{n}",
                "role": "assistant",
                "status": "completed",
                "content": [part],
            }
        )
    for i, call in enumerate(answer.tool_calls):
        items.append(
            {
                "type": "function_call",
                "id": f"fc_{n}_{i}",
                "call_id": call.call_id or f"call_{n}_{i}",
                "name": call.name,
                "arguments": call.arguments,
                "status": "completed",
            }
        )
    return items


def _responses_usage(answer: Answer) -> dict[str, Any]:
    return {
        "input_tokens": answer.input_tokens,
        "input_tokens_details": {"cached_tokens": answer.cached_tokens},
        "output_tokens": answer.output_tokens,
        "output_tokens_details": {"reasoning_tokens": answer.reasoning_tokens},
        "total_tokens": answer.input_tokens + answer.output_tokens,
    }


def responses_json(answer: Answer, model: str, n: int, status: str = "completed") -> dict[str, Any]:
    """The Responses API JSON body for ``answer``."""
    return {
        "id": f"resp_{n}",
        "object": "response",
        "created_at": 1700000000,
        "model": model,
        "status": status,
        "output": _responses_items(answer, n) if status == "completed" else [],
        "usage": _responses_usage(answer) if status == "completed" else None,
        "parallel_tool_calls": True,
        "tool_choice": "auto",
        "tools": [],
    }


def responses_sse(answer: Answer, model: str, n: int) -> list[str]:
    """The Responses API SSE events for ``answer``."""
    seq = itertools.count()
    events: list[dict[str, Any]] = []

    def emit(type_: str, **fields: Any) -> None:
        events.append({"type": type_, "sequence_number": next(seq), **fields})

    emit("response.created", response=responses_json(answer, model, n, status="in_progress"))
    for index, item in enumerate(_responses_items(answer, n)):
        _emit_responses_item(emit, index, item)
    emit("response.completed", response=responses_json(answer, model, n))
    return [f"event: {e['type']}\ndata: {json.dumps(e)}\n\n" for e in events]


def _emit_responses_item(emit: Any, index: int, item: dict[str, Any]) -> None:
    item_id = item["id"]
    if item["type"] == "function_call":
        emit("response.output_item.added", output_index=index, item={**item, "arguments": ""})
        for piece in _split(item["arguments"]):
            emit(
                "response.function_call_arguments.delta",
                item_id=item_id,
                output_index=index,
                delta=piece,
            )
        emit(
            "response.function_call_arguments.done",
            item_id=item_id,
            output_index=index,
            arguments=item["arguments"],
        )
    elif item["type"] == "message" and item["content"][0]["type"] == "output_text":
        emit("response.output_item.added", output_index=index, item={**item, "content": []})
        text = item["content"][0]["text"]
        loc = {"item_id": item_id, "output_index": index, "content_index": 0}
        emit("response.content_part.added", **loc, part={**item["content"][0], "text": ""})
        for piece in _split(text):
            emit("response.output_text.delta", **loc, delta=piece, logprobs=[])
        emit("response.output_text.done", **loc, text=text, logprobs=[])
        emit("response.content_part.done", **loc, part=item["content"][0])
    else:
        emit("response.output_item.added", output_index=index, item=item)
    emit("response.output_item.done", output_index=index, item=item)


# ----- Chat Completions rendering ------------------------------------------------


def _chat_usage(answer: Answer) -> dict[str, Any]:
    return {
        "prompt_tokens": answer.input_tokens,
        "completion_tokens": answer.output_tokens,
        "total_tokens": answer.input_tokens + answer.output_tokens,
        "prompt_tokens_details": {"cached_tokens": answer.cached_tokens},
        "completion_tokens_details": {"reasoning_tokens": answer.reasoning_tokens},
    }


def _chat_tool_calls(answer: Answer, n: int) -> list[dict[str, Any]]:
    return [
        {
            "id": call.call_id or f"call_{n}_{i}",
            "type": "function",
            "function": {"name": call.name, "arguments": call.arguments},
        }
        for i, call in enumerate(answer.tool_calls)
    ]


def chat_json(answer: Answer, model: str, n: int) -> dict[str, Any]:
    """The Chat Completions JSON body for ``answer``."""
    message: dict[str, Any] = {"role": "assistant", "content": answer.text}
    if answer.refusal is not None:
        message["refusal"] = answer.refusal
    if answer.reasoning is not None:
        message["reasoning_content"] = answer.reasoning
    if answer.tool_calls:
        message["tool_calls"] = _chat_tool_calls(answer, n)
    finish = "tool_calls" if answer.tool_calls else "stop"
    return {
        "id": f"chatcmpl-{n}",
        "object": "chat.completion",
        "created": 1700000000,
        "model": model,
        "choices": [{"index": 0, "message": message, "finish_reason": finish}],
        "usage": _chat_usage(answer),
    }


def chat_sse(answer: Answer, model: str, n: int, *, include_usage: bool) -> list[str]:
    """The Chat Completions stream chunks for ``answer``."""
    base = {"id": f"chatcmpl-{n}", "object": "chat.completion.chunk", "created": 1, "model": model}

    def chunk(delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
        return {**base, "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}

    chunks = [chunk({"role": "assistant", "content": ""})]
    for piece in _split(answer.reasoning) if answer.reasoning else ():
        chunks.append(chunk({"reasoning_content": piece}))
    for piece in _split(answer.text) if answer.text else ():
        chunks.append(chunk({"content": piece}))
    if answer.refusal:
        chunks.append(chunk({"refusal": answer.refusal}))
    for i, call in enumerate(_chat_tool_calls(answer, n)):
        first = {"index": i, "id": call["id"], "type": "function"}
        first["function"] = {"name": call["function"]["name"], "arguments": ""}
        chunks.append(chunk({"tool_calls": [first]}))
        for piece in _split(call["function"]["arguments"]):
            delta = {"tool_calls": [{"index": i, "function": {"arguments": piece}}]}
            chunks.append(chunk(delta))
    chunks.append(chunk({}, "tool_calls" if answer.tool_calls else "stop"))
    if include_usage:
        chunks.append({**base, "choices": [], "usage": _chat_usage(answer)})
    return [_sse_data(c) for c in chunks] + [_sse_data("[DONE]")]
