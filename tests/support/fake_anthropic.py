"""Anthropic Messages API rendering for the scripted server (``POST /v1/messages``).

An :class:`~support.fake_openai_server.Answer` becomes a Messages response (text and
``tool_use`` content blocks, ``stop_reason``, usage), or its SSE stream
(``message_start`` ... ``message_stop``) when the request has ``"stream": true``.
LiteLLM's ``anthropic/<model>`` route translates to and from this wire format.
"""

from __future__ import annotations

import json
from typing import Any


def _blocks(answer: Any, n: int) -> list[dict[str, Any]]:
    blocks: list[dict[str, Any]] = []
    if answer.text is not None:
        blocks.append({"type": "text", "text": answer.text})
    for i, call in enumerate(answer.tool_calls):
        blocks.append(
            {
                "type": "tool_use",
                "id": call.call_id or f"toolu_{n}_{i}",
                "name": call.name,
                "input": json.loads(call.arguments or "{}"),
            }
        )
    return blocks


def _usage(answer: Any) -> dict[str, Any]:
    return {
        "input_tokens": answer.input_tokens,
        "output_tokens": answer.output_tokens,
        "cache_read_input_tokens": answer.cached_tokens,
        "cache_creation_input_tokens": 0,
    }


def messages_json(answer: Any, model: str, n: int) -> dict[str, Any]:
    return {
        "id": f"msg_{n:04d}",
        "type": "message",
        "role": "assistant",
        "model": model,
        "content": _blocks(answer, n),
        "stop_reason": "tool_use" if answer.tool_calls else "end_turn",
        "stop_sequence": None,
        "usage": _usage(answer),
    }


def messages_sse(answer: Any, model: str, n: int) -> list[str]:
    events: list[str] = []

    def emit(kind: str, **data: Any) -> None:
        events.append(f"event: {kind}\ndata: {json.dumps({'type': kind, **data})}\n\n")

    start = messages_json(answer, model, n)
    emit(
        "message_start",
        message={
            **start,
            "content": [],
            "stop_reason": None,
            "usage": {**_usage(answer), "output_tokens": 1},
        },
    )
    for index, block in enumerate(_blocks(answer, n)):
        if block["type"] == "text":
            emit("content_block_start", index=index, content_block={"type": "text", "text": ""})
            text = block["text"]
            for i in range(0, len(text), 4):
                emit(
                    "content_block_delta",
                    index=index,
                    delta={"type": "text_delta", "text": text[i : i + 4]},
                )
        else:
            emit(
                "content_block_start",
                index=index,
                content_block={**block, "input": {}},
            )
            raw = json.dumps(block["input"])
            for i in range(0, len(raw), 5):
                emit(
                    "content_block_delta",
                    index=index,
                    delta={"type": "input_json_delta", "partial_json": raw[i : i + 5]},
                )
        emit("content_block_stop", index=index)
    emit(
        "message_delta",
        delta={"stop_reason": start["stop_reason"], "stop_sequence": None},
        usage={"output_tokens": answer.output_tokens},
    )
    emit("message_stop")
    return events
