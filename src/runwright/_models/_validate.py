"""Checks on what a model server sent, before the run trusts it.

A server can send anything: an HTML error page, a list, ``output: [123]``, a
function call without a ``call_id``, token counts as strings, JSON nested
100,000 deep, SSE lines that are not JSON objects, or a "successful" response
whose status is ``failed``. Every such answer ends here in a
:class:`ModelBehaviorError` naming the server (base URL and model) and
quoting what it sent, truncated — never in a raw ``KeyError`` deep in the
run, and never as a silent empty answer.

The adapters call these at a few points: :func:`reading_errors` around a
request (and around a stream's iteration), :func:`check_responses_body` /
:func:`check_chat_body` on a whole answer, :func:`check_stream_event` /
:func:`check_chat_chunk` on each streamed piece. The checks are shallow,
iterative walks over plain dicts: a well-formed response costs a few
microseconds.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from runwright._core.exceptions import AgentsException, ModelBehaviorError

MAX_DEPTH = 64
"""Deepest nesting accepted in a model's answer (real responses stay under ~10)."""

_QUOTE_LIMIT = 200
_READ_ERRORS = (
    ValueError,  # json.JSONDecodeError, UnicodeDecodeError
    TypeError,
    KeyError,
    AttributeError,
    IndexError,
    RecursionError,
)


def describe_server(client: Any, model: str) -> str:
    """``"http://host/v1 (model 'm')"``: who an error is about."""
    base = getattr(client, "base_url", None)
    return f"{base or 'the model server'} (model {model!r})"


def quote(value: Any) -> str:
    """A short, safe rendering of what a server sent (for error messages)."""
    try:
        text = value if isinstance(value, str) else json.dumps(value, default=repr)
    except (ValueError, TypeError, RecursionError):
        text = f"<{type(value).__name__}>"
    if len(text) > _QUOTE_LIMIT:
        text = text[:_QUOTE_LIMIT] + f"... ({len(text)} chars)"
    return text


def _error(where: str, what: str, value: Any = None) -> ModelBehaviorError:
    sent = "" if value is None else f": {quote(value)}"
    return ModelBehaviorError(f"The model server {where} sent {what}{sent}")


@contextmanager
def reading_errors(where: str) -> Iterator[None]:
    """Turns a raw error while reading a server's answer into a ModelBehaviorError.

    Library errors and the openai client's own API errors pass through as they are.
    """
    try:
        yield
    except AgentsException:
        raise
    except _READ_ERRORS as error:
        if _is_openai_error(error):
            raise
        detail = quote(str(error))
        raise ModelBehaviorError(
            f"The model server {where} sent an answer that cannot be read "
            f"({type(error).__name__}: {detail}){_what_was_sent(error)}"
        ) from None


def _what_was_sent(error: BaseException) -> str:
    if isinstance(error, json.JSONDecodeError):
        return f": {quote(error.doc)}"
    if isinstance(error, UnicodeDecodeError):
        return f": {quote(repr(error.object))}"
    return ""


async def checked_stream(stream: Any, where: str) -> AsyncIterator[Any]:
    """A stream's events; an event the server garbled becomes a ModelBehaviorError."""
    iterator = stream.__aiter__()
    while True:
        with reading_errors(where):
            try:
                event = await iterator.__anext__()
            except StopAsyncIteration:
                return
            check_depth(event, where)
        yield event


def _is_openai_error(error: BaseException) -> bool:
    return type(error).__module__.startswith("openai")


def check_depth(value: Any, where: str) -> None:
    """Raises when ``value`` nests deeper than MAX_DEPTH (walked without recursion)."""
    todo: list[tuple[Any, int]] = [(value, 0)]
    while todo:
        node, depth = todo.pop()
        if depth > MAX_DEPTH:
            raise _error(where, f"an answer nested deeper than {MAX_DEPTH} levels")
        if isinstance(node, dict):
            todo.extend((v, depth + 1) for v in node.values())
        elif isinstance(node, list):
            todo.extend((v, depth + 1) for v in node)


def _count(value: Any) -> bool:
    return value is None or (isinstance(value, int) and not isinstance(value, bool) and value >= 0)


def check_usage(usage: Any, where: str) -> None:
    """Usage must be null or an object of non-negative integer counts."""
    if usage is None:
        return
    if not isinstance(usage, dict):
        raise _error(where, "a 'usage' that is not an object", usage)
    for key, value in usage.items():
        if key.endswith("_details"):
            if value is not None and not isinstance(value, dict):
                raise _error(where, f"usage {key!r} that is not an object", value)
            if isinstance(value, dict) and not all(_count(v) for v in value.values()):
                raise _error(where, f"usage {key!r} with counts that are not integers", value)
        elif key.endswith("_tokens") and not _count(value):
            raise _error(where, f"usage {key!r} that is not an integer", value)


# ----- Responses API ------------------------------------------------------------


def check_responses_body(body: Any, where: str) -> dict[str, Any]:
    """A whole Responses API answer: an object, not failed, with usable output items."""
    if not isinstance(body, dict):
        raise _error(where, f"a {type(body).__name__} where a response object belongs", body)
    check_depth(body, where)
    status = body.get("status")
    if status in ("failed", "cancelled"):
        raise _error(where, f"a response with status {status!r}: {_server_message(body)}")
    output = body.get("output")
    if not isinstance(output, list):
        raise _error(where, "a response without an 'output' list", body)
    for item in output:
        check_output_item(item, where)
    if not output:
        reason = f" (status {status!r}: {_server_message(body)})" if status == "incomplete" else ""
        raise _error(where, f"an empty answer: no message and no tool call{reason}", body)
    check_usage(body.get("usage"), where)
    if body.get("id") is not None and not isinstance(body["id"], str):
        raise _error(where, "a response 'id' that is not a string", body["id"])
    return body


def _server_message(body: dict[str, Any]) -> str:
    for key in ("error", "incomplete_details"):
        detail = body.get(key)
        if isinstance(detail, dict):
            text = detail.get("message") or detail.get("reason")
            if text:
                return quote(text)
    return "no details given"


def check_output_item(item: Any, where: str) -> None:
    """One output item: an object with a string type; calls and messages well-formed."""
    if not isinstance(item, dict) or not isinstance(item.get("type"), str):
        raise _error(where, "an output item that is not an object with a 'type'", item)
    kind = item["type"]
    if kind == "function_call":
        for key in ("call_id", "name", "arguments"):
            if not isinstance(item.get(key), str):
                raise _error(where, f"a function_call whose {key!r} is not a string", item)
        if not item["call_id"] or not item["name"]:
            raise _error(where, "a function_call without a call_id or name", item)
    elif kind == "message":
        content = item.get("content")
        if not isinstance(content, list):
            raise _error(where, "a message whose 'content' is not a list", item)
        for part in content:
            _check_part(part, where)


def _check_part(part: Any, where: str) -> None:
    if not isinstance(part, dict) or not isinstance(part.get("type"), str):
        raise _error(where, "message content that is not an object with a 'type'", part)
    for key in ("text", "refusal"):
        if key in part and not isinstance(part[key], str):
            raise _error(where, f"message content whose {key!r} is not a string", part)


_FINAL_EVENTS = ("response.completed", "response.incomplete")


def check_stream_event(event: Any, where: str) -> dict[str, Any]:
    """One Responses stream event (or one the Chat adapter made): an object with a type."""
    if not isinstance(event, dict) or not isinstance(event.get("type"), str):
        raise _error(where, "a stream event that is not an object with a 'type'", event)
    kind = event["type"]
    if kind in _FINAL_EVENTS:
        check_responses_body(event.get("response"), where)
    elif kind in ("response.output_item.added", "response.output_item.done"):
        check_depth(event, where)
        check_output_item(event.get("item"), where)
    elif kind.endswith(".delta") and not isinstance(event.get("delta", ""), str):
        raise _error(where, f"a {kind} event whose delta is not a string", event)
    return event


# ----- Chat Completions ---------------------------------------------------------


def check_chat_body(body: Any, where: str) -> dict[str, Any]:
    """A whole Chat Completions answer: an object with a first choice holding a message."""
    if not isinstance(body, dict):
        raise _error(where, f"a {type(body).__name__} where a chat completion belongs", body)
    check_depth(body, where)
    if isinstance(body.get("error"), dict):
        raise _error(where, f"an error: {_server_message(body)}")
    choices = body.get("choices")
    if not isinstance(choices, list) or not choices:
        raise _error(where, "a chat completion without choices", body)
    choice = choices[0]
    if not isinstance(choice, dict) or not isinstance(choice.get("message"), dict):
        raise _error(where, "a choice without a message object", choice)
    message = choice["message"]
    check_chat_message(message, where, streamed=False)
    if not any(message.get(k) for k in ("content", "refusal", "tool_calls", "function_call")):
        raise _error(where, "an empty answer: no message text and no tool call", body)
    check_usage(body.get("usage"), where)
    return body


def check_chat_message(message: dict[str, Any], where: str, *, streamed: bool) -> None:
    """A chat message or delta: text fields are strings, tool calls well-formed."""
    # "reasoning" is left alone: servers disagree on its shape, and only a string is used.
    for key in ("content", "refusal", "reasoning_content"):
        if message.get(key) is not None and not isinstance(message[key], str):
            raise _error(where, f"a message whose {key!r} is not a string", message)
    calls = message.get("tool_calls")
    if calls is None:
        return
    if not isinstance(calls, list):
        raise _error(where, "'tool_calls' that is not a list", calls)
    for call in calls:
        _check_chat_call(call, where, streamed)


def _check_chat_call(call: Any, where: str, streamed: bool) -> None:
    function = call.get("function") if isinstance(call, dict) else None
    if not isinstance(function, dict):
        raise _error(where, "a tool call without a 'function' object", call)
    name, arguments = function.get("name"), function.get("arguments")
    if name is not None and not isinstance(name, str):
        raise _error(where, "a tool call whose name is not a string", call)
    if not streamed and not name:
        raise _error(where, "a tool call without a name", call)
    if arguments is not None and not isinstance(arguments, (str, dict)):
        raise _error(where, "a tool call whose arguments are not a string", call)
    call_id, index = call.get("id"), call.get("index")
    if call_id is not None and not isinstance(call_id, str):
        raise _error(where, "a tool call whose id is not a string", call)
    if index is not None and (isinstance(index, bool) or not isinstance(index, int)):
        raise _error(where, "a tool call whose index is not an integer", call)


def check_chat_chunk(chunk: Any, where: str) -> Mapping[str, Any]:
    """One streamed chat chunk: an object whose choices carry well-formed deltas."""
    if not isinstance(chunk, dict):
        raise _error(where, "a stream chunk that is not an object", chunk)
    check_depth(chunk, where)
    if isinstance(chunk.get("error"), dict):
        raise _error(where, f"an error: {_server_message(chunk)}")
    choices = chunk.get("choices")
    if choices is not None and not isinstance(choices, list):
        raise _error(where, "'choices' that is not a list", chunk)
    for choice in choices or ():
        if not isinstance(choice, dict):
            raise _error(where, "a choice that is not an object", choice)
        delta = choice.get("delta")
        if not isinstance(delta, (dict, type(None))):
            raise _error(where, "a choice whose delta is not an object", choice)
        check_chat_message(delta or {}, where, streamed=True)
    check_usage(chunk.get("usage"), where)
    return chunk
