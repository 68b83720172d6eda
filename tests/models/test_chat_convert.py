"""Responses items <-> Chat Completions messages (pure conversions)."""

from __future__ import annotations

import pytest

from runwright._models.chat_convert import (
    REQUIRED_TOOL_NOTE,
    ChatCompatibility,
    first_choice_message,
    items_to_messages,
    message_to_items,
)
from runwright.exceptions import UserError
from runwright.items import function_call_raw, function_output_raw, message_raw


def test_string_input_and_instructions() -> None:
    assert items_to_messages("hi", "be brief") == [
        {"role": "system", "content": "be brief"},
        {"role": "user", "content": "hi"},
    ]


def test_tool_round_trip_messages() -> None:
    items = [
        {"role": "user", "content": "weather?"},
        function_call_raw("get_weather", '{"city": "Oslo"}', "call_a"),
        function_call_raw("get_time", "", "call_b"),
        function_output_raw("call_a", "sunny"),
        function_output_raw("call_b", "noon"),
        message_raw("Sunny at noon."),
    ]
    messages = items_to_messages(items)
    assert messages[1] == {
        "role": "assistant",
        "content": "",  # never null: servers reject null content
        "tool_calls": [
            {
                "id": "call_a",
                "type": "function",
                "function": {"name": "get_weather", "arguments": '{"city": "Oslo"}'},
            },
            {
                "id": "call_b",
                "type": "function",
                "function": {"name": "get_time", "arguments": "{}"},
            },
        ],
    }
    assert messages[2] == {"role": "tool", "tool_call_id": "call_a", "content": "sunny"}
    assert messages[3] == {"role": "tool", "tool_call_id": "call_b", "content": "noon"}
    assert messages[4] == {"role": "assistant", "content": "Sunny at noon."}
    assert all("id" not in m for m in messages)


def test_assistant_text_then_tool_call_share_one_message() -> None:
    items = [message_raw("Let me check."), function_call_raw("f", "{}", "c1")]
    (message,) = items_to_messages(items)
    assert message["content"] == "Let me check."
    assert [c["id"] for c in message["tool_calls"]] == ["c1"]


def test_tool_results_as_user_messages() -> None:
    compat = ChatCompatibility(tool_results_as_user=True)
    items = [function_call_raw("add", '{"a": 1}', "c1"), function_output_raw("c1", "2")]
    messages = items_to_messages(items, None, compat)
    assert messages == [
        {"role": "assistant", "content": '[called tool add with arguments {"a": 1}]'},
        {"role": "user", "content": "Result of add: 2"},
    ]


def test_reasoning_is_not_sent_back_unless_asked() -> None:
    reasoning = {"type": "reasoning", "summary": [{"type": "summary_text", "text": "hmm"}]}
    items = [{"role": "user", "content": "q"}, reasoning, message_raw("a")]
    assert items_to_messages(items) == [
        {"role": "user", "content": "q"},
        {"role": "assistant", "content": "a"},
    ]
    compat = ChatCompatibility(send_reasoning_content=True)
    sent = items_to_messages(items, None, compat)
    assert sent[1] == {"role": "assistant", "content": "a", "reasoning_content": "hmm"}


def test_content_parts() -> None:
    items = [
        {"role": "developer", "content": [{"type": "input_text", "text": "rules"}]},
        {
            "type": "message",
            "role": "user",
            "content": [
                {"type": "input_text", "text": "what is this?"},
                {"type": "input_image", "image_url": "data:image/png;base64,AA", "detail": "low"},
            ],
        },
    ]
    system, user = items_to_messages(items)
    assert system == {"role": "system", "content": "rules"}
    assert user["content"] == [
        {"type": "text", "text": "what is this?"},
        {"type": "image_url", "image_url": {"url": "data:image/png;base64,AA", "detail": "low"}},
    ]


def test_unknown_item_type_is_a_user_error() -> None:
    with pytest.raises(UserError, match="web_search_call"):
        items_to_messages([{"type": "web_search_call", "id": "ws_1"}])


def test_message_to_items_tolerates_nulls() -> None:
    assert message_to_items(None) == []
    assert message_to_items({"role": "assistant", "content": None, "tool_calls": None}) == []
    (call,) = message_to_items(
        {
            "content": None,
            "tool_calls": [{"id": "c9", "function": {"name": "f", "arguments": None}}],
        }
    )
    # the SDK's form: openai's field order, the placeholder id
    assert call == {
        "arguments": "{}",
        "call_id": "c9",
        "name": "f",
        "type": "function_call",
        "id": "__fake_id__",
    }


def test_message_to_items_makes_call_id_when_missing_and_uses_the_placeholder_id() -> None:
    items = message_to_items({"content": "x", "tool_calls": [{"function": {"name": "f"}}]})
    assert all(item["id"] == "__fake_id__" for item in items)
    assert items[1]["call_id"].startswith("call_")


def test_reasoning_content_becomes_reasoning_item() -> None:
    items = message_to_items({"content": "42", "reasoning_content": "think"})
    assert items[0] == {
        "id": "__fake_id__",
        "type": "reasoning",
        "summary": [{"type": "summary_text", "text": "think"}],
    }
    assert items[1]["content"][0]["text"] == "42"
    # Ollama / newer vLLM name the field "reasoning".
    assert message_to_items({"reasoning": "r"})[0]["type"] == "reasoning"


def test_refusal_becomes_refusal_part() -> None:
    (item,) = message_to_items({"content": None, "refusal": "no"})
    assert item["content"] == [{"type": "refusal", "refusal": "no"}]


def test_first_choice_message_handles_missing_choices() -> None:
    assert first_choice_message({}) is None
    assert first_choice_message({"choices": None}) is None
    assert first_choice_message({"choices": [{"message": {"content": "a"}}]}) == {"content": "a"}


def test_llama_cpp_preset() -> None:
    compat = ChatCompatibility.llama_cpp()
    assert not compat.supports_tool_choice_required
    assert compat.tool_results_as_user
    assert REQUIRED_TOOL_NOTE
