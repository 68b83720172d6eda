"""Chat Completions chunks -> Responses events (pure assembler)."""

from __future__ import annotations

from typing import Any

from runwright._models.chat_convert import message_to_items
from runwright._models.chat_stream import ChatStreamAssembler


def chunk(delta: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"id": "chatcmpl-1", "choices": [{"index": 0, "delta": delta}], **extra}


def run(chunks: list[dict[str, Any]]) -> list[Any]:
    assembler = ChatStreamAssembler("m")
    events = [e for c in chunks for e in assembler.feed(c)]
    return events + assembler.finish()


def test_text_and_tool_call_events_and_final_response() -> None:
    events = run(
        [
            chunk({"role": "assistant", "content": ""}),
            chunk({"content": "Hel"}),
            chunk({"content": "lo"}),
            chunk({"tool_calls": [{"index": 0, "id": "c1", "function": {"name": "f"}}]}),
            chunk({"tool_calls": [{"index": 0, "function": {"arguments": '{"a"'}}]}),
            chunk({"tool_calls": [{"index": 0, "function": {"arguments": ": 1}"}}]}),
            {
                "id": "chatcmpl-1",
                "choices": [],
                "usage": {"prompt_tokens": 3, "completion_tokens": 2},
            },
        ]
    )
    types = [e.type for e in events]
    assert types[0] == "response.created"
    assert types[-1] == "response.completed"
    assert [e.delta for e in events if e.type == "response.output_text.delta"] == ["Hel", "lo"]
    arg_deltas = [e for e in events if e.type == "response.function_call_arguments.delta"]
    assert "".join(e.delta for e in arg_deltas) == '{"a": 1}'
    assert {e.output_index for e in arg_deltas} == {1}
    response = events[-1].response
    assert response.id == "__fake_id__"  # as in the SDK
    assert response.output == message_to_items(
        {
            "content": "Hello",
            "tool_calls": [{"id": "c1", "function": {"name": "f", "arguments": '{"a": 1}'}}],
        },
        {"model": "m", "response_id": "chatcmpl-1"},
    )
    assert response.usage["input_tokens"] == 3
    assert response.usage["total_tokens"] == 5
    done = [e for e in events if e.type == "response.output_item.done"]
    assert [e.item for e in done] == response.output


def test_calls_without_index_and_repeated_names() -> None:
    events = run(
        [
            chunk({"tool_calls": [{"id": "a", "function": {"name": "f", "arguments": "{}"}}]}),
            chunk(
                {
                    "tool_calls": [
                        {"index": 1, "id": "b", "function": {"name": "g", "arguments": "{"}},
                    ]
                }
            ),
            chunk({"tool_calls": [{"index": 1, "function": {"name": "g", "arguments": "}"}}]}),
        ]
    )
    output = events[-1].response.output
    assert [(i.call_id, i.name, i.arguments) for i in output] == [
        ("a", "f", "{}"),
        ("b", "g", "{}"),
    ]


def test_empty_stream_still_completes() -> None:
    events = run([])
    assert [e.type for e in events] == ["response.created", "response.completed"]
    assert events[-1].response.output == []
    assert events[-1].response.usage["total_tokens"] == 0


def test_reasoning_deltas() -> None:
    events = run([chunk({"reasoning_content": "th"}), chunk({"reasoning_content": "ink"})])
    deltas = [e.delta for e in events if e.type == "response.reasoning_summary_text.delta"]
    assert deltas == ["th", "ink"]
    assert events[-1].response.output[0].summary[0].text == "think"
