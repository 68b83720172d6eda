"""Hosted tools: declared to Responses servers, refused on Chat Completions, never run locally."""

from __future__ import annotations

from typing import Any

import pytest

from runwright import (
    Agent,
    CodeInterpreterTool,
    FileSearchTool,
    HostedMCPTool,
    ImageGenerationTool,
    ModelSettings,
    OpenAIChatCompletionsModel,
    OpenAIResponsesModel,
    Runner,
    UserError,
    WebSearchTool,
    function_tool,
)
from support.fake_openai_server import Answer, FakeOpenAIServer, Raw


@function_tool
def local_time() -> str:
    """The local time."""
    return "12:00"


def _agent(model: Any) -> Agent[Any]:
    return Agent(
        name="researcher",
        model=model,
        tools=[
            local_time,
            WebSearchTool(search_context_size="low", user_location={"type": "approximate"}),
            FileSearchTool(
                vector_store_ids=["vs_1"], max_num_results=3, include_search_results=True
            ),
            CodeInterpreterTool(
                tool_config={"type": "code_interpreter", "container": {"type": "auto"}}
            ),
            ImageGenerationTool(tool_config={"type": "image_generation", "quality": "low"}),
            HostedMCPTool(
                tool_config={
                    "type": "mcp",
                    "server_label": "docs",
                    "server_url": "https://mcp.example/sse",
                    "require_approval": "never",
                }
            ),
        ],
        model_settings=ModelSettings(tool_choice="web_search"),
    )


def _answer_after_search() -> Raw:
    return Raw(
        {
            "id": "resp_1",
            "object": "response",
            "status": "completed",
            "model": "m",
            "output": [
                {
                    "type": "web_search_call",
                    "id": "ws_1",
                    "status": "completed",
                    "action": {"type": "search", "query": "news"},
                },
                {
                    "type": "message",
                    "id": "msg_1",
                    "role": "assistant",
                    "status": "completed",
                    "content": [{"type": "output_text", "text": "Found it.", "annotations": []}],
                },
            ],
            "usage": {"input_tokens": 5, "output_tokens": 3, "total_tokens": 8},
        }
    )


async def test_responses_declares_hosted_tools_and_keeps_their_items(
    openai_client: Any, fake_server: FakeOpenAIServer
) -> None:
    fake_server.script(_answer_after_search(), Answer(text="again"))
    agent = _agent(OpenAIResponsesModel("m", openai_client))
    result = await Runner.run(agent, "news?")
    assert result.final_output == "Found it."
    body = fake_server.requests[0].body
    types = [t["type"] for t in body["tools"]]
    assert types == ["function", "web_search", "file_search", "code_interpreter",
                     "image_generation", "mcp"]  # fmt: skip
    assert body["tools"][1]["search_context_size"] == "low"
    assert body["tools"][2] == {
        "type": "file_search",
        "vector_store_ids": ["vs_1"],
        "max_num_results": 3,
    }
    assert body["tools"][5]["server_label"] == "docs"
    assert "file_search_call.results" in body["include"]
    assert body["tool_choice"] == {"type": "web_search"}
    # The server ran the search; its item is history, and the next turn replays it.
    assert [i.raw_item["type"] for i in result.new_items] == ["web_search_call", "message"]
    follow_up = await Runner.run(
        agent, result.to_input_list() + [{"role": "user", "content": "ok"}]
    )
    assert follow_up.final_output == "again"
    assert fake_server.requests[1].body["input"][1]["type"] == "web_search_call"


@pytest.mark.parametrize("streamed", [False, True])
async def test_chat_completions_refuses_hosted_tools(
    streamed: bool, openai_client: Any, fake_server: FakeOpenAIServer
) -> None:
    agent = _agent(OpenAIChatCompletionsModel("m", openai_client))
    with pytest.raises(UserError, match="WebSearchTool is a hosted tool"):
        if streamed:
            async for _ in Runner.run_streamed(agent, "news?").stream_events():
                pass
        else:
            await Runner.run(agent, "news?")
    assert fake_server.requests == []


def test_agent_rejects_non_tools_still() -> None:
    with pytest.raises(UserError, match="is not a tool"):
        Agent(name="a", tools=["web_search"])  # type: ignore[list-item]
