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
    assert [e.item for e in sorted(done, key=lambda e: e.output_index)] == response.output


def test_events_in_the_sdks_order_and_numbering() -> None:
    # The sequence openai-agents 0.24.0 streams for this reply (recorded with the same
    # chunks): no output_text/arguments ".done" events; the message closes last.
    events = run(
        [
            chunk({"content": "Hi"}),
            chunk({"tool_calls": [{"index": 0, "id": "c1", "function": {"name": "f"}}]}),
            chunk({"tool_calls": [{"index": 0, "function": {"arguments": "{}"}}]}),
        ]
    )
    assert [(e.type, e.get("output_index")) for e in events] == [
        ("response.created", None),
        ("response.output_item.added", 0),
        ("response.content_part.added", 0),
        ("response.output_text.delta", 0),
        ("response.output_item.added", 1),
        ("response.function_call_arguments.delta", 1),
        ("response.content_part.done", 0),
        ("response.output_item.done", 1),
        ("response.output_item.done", 0),
        ("response.completed", None),
    ]
    assert [e.sequence_number for e in events] == list(range(len(events)))
    parts = [e for e in events if "delta" in e.type or "content_part" in e.type]
    assert {e.item_id for e in parts} == {"__fake_id__"}
    text_delta = next(e for e in events if e.type == "response.output_text.delta")
    assert text_delta.logprobs == []


def test_each_response_numbers_its_events_from_zero() -> None:
    assembler = ChatStreamAssembler("m")
    first = assembler.feed(chunk({"content": "a"}))
    second = assembler.feed(chunk({"content": "b"}))
    numbers = [e.sequence_number for e in first + second + assembler.finish()]
    assert numbers == list(range(len(numbers)))
    assert ChatStreamAssembler("m").finish()[0].sequence_number == 0


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


def test_reasoning_summary_part_opens_and_closes_when_the_answer_starts() -> None:
    events = run([chunk({"reasoning_content": "hm"}), chunk({"content": "Yes"})])
    types = [e.type for e in events]
    assert types[:6] == [
        "response.created",
        "response.output_item.added",
        "response.reasoning_summary_part.added",
        "response.reasoning_summary_text.delta",
        "response.reasoning_summary_part.done",
        "response.output_item.added",
    ]
    done = events[4]
    assert (done.part["text"], done.summary_index, done.item_id) == ("hm", 0, "__fake_id__")
    # the reasoning item's .done comes first among the closing events
    closing = [e for e in events if e.type.endswith(".done")][1:]
    assert [(e.type, e.output_index) for e in closing] == [
        ("response.output_item.done", 0),
        ("response.content_part.done", 1),
        ("response.output_item.done", 1),
    ]


def test_reasoning_alone_closes_its_part_at_the_end() -> None:
    events = run([chunk({"reasoning_content": "hm"})])
    assert [e.type for e in events][-3:] == [
        "response.reasoning_summary_part.done",
        "response.output_item.done",
        "response.completed",
    ]


def test_a_refusal_opens_its_content_part() -> None:
    events = run([chunk({"refusal": "No"})])
    added = next(e for e in events if e.type == "response.content_part.added")
    assert added.part == {"refusal": "", "type": "refusal"}
    done = next(e for e in events if e.type == "response.content_part.done")
    assert done.part == {"refusal": "No", "type": "refusal"}
