"""What a program sees of models and items, compared with openai-agents 0.24.0.

Every expected value marked "recorded" was printed by the same program run under
openai-agents 0.24.0 (package ``agents``) against this scripted server; runwright
must print the same, byte for byte where a program dumps JSON.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from runwright import (
    Agent,
    ModelSettings,
    OpenAIChatCompletionsModel,
    OpenAIProvider,
    OpenAIResponsesModel,
    RunConfig,
    Runner,
    function_tool,
    handoff,
)
from runwright.extensions.handoff_filters import remove_all_tools
from runwright.models import get_default_model_settings, is_gpt_5_default
from runwright.models.interface import ModelTracing
from runwright.testing import ScriptedModel
from support.fake_openai_server import Answer, FakeOpenAIServer, Raw, ToolCall, chat_json

DEFAULT_REASONING_REPR = (
    "Reasoning(context=None, effort='none', generate_summary=None, mode=None, summary=None)"
)


def _config(client: Any, *, responses: bool, **options: Any) -> RunConfig:
    provider = OpenAIProvider(openai_client=client, use_responses=responses)
    return RunConfig(model_provider=provider, tracing_disabled=True, **options)


@function_tool
def add(a: int, b: int) -> int:
    """Add two numbers."""
    return a + b


# ----- default model settings ---------------------------------------------------


def test_an_agent_starts_with_the_default_models_settings(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("OPENAI_DEFAULT_MODEL", raising=False)
    assert is_gpt_5_default()
    settings = Agent(name="a").model_settings
    assert settings == get_default_model_settings()
    assert settings.reasoning.effort == "none"
    assert settings.reasoning == {"effort": "none"}
    assert settings.verbosity == "low"
    # recorded: repr(Agent(name="a").model_settings) shows the reasoning as openai's type
    assert f"reasoning={DEFAULT_REASONING_REPR}, verbosity='low'" in repr(settings)
    assert Agent(name="a", model="gpt-5").model_settings.reasoning.effort == "low"
    assert Agent(name="a", model="gpt-4o").model_settings == ModelSettings()
    assert Agent(name="a", model=ScriptedModel([])).model_settings == ModelSettings()
    assert Agent(name="a").clone(model="gpt-4.1").model_settings == ModelSettings()
    tuned = ModelSettings(temperature=0.2)
    assert Agent(name="a", model_settings=tuned).clone(model="gpt-4.1").model_settings is tuned


def test_the_default_model_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_DEFAULT_MODEL", "GPT-4o")
    assert not is_gpt_5_default()
    assert Agent(name="a").model_settings == ModelSettings()
    monkeypatch.setenv("OPENAI_DEFAULT_MODEL", "gpt-5.3-chat-latest")
    assert Agent(name="a").model_settings == ModelSettings()
    monkeypatch.setenv("OPENAI_DEFAULT_MODEL", "gpt-5-mini")
    assert Agent(name="a").model_settings == ModelSettings(verbosity="low")


async def test_default_settings_on_the_wire(
    openai_client: Any, fake_server: FakeOpenAIServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("OPENAI_DEFAULT_MODEL", raising=False)
    responses = _config(openai_client, responses=True)
    fake_server.script(Answer(text="x"), Answer(text="y"), Answer(text="z"))

    def sent(*keys: str) -> dict[str, Any]:
        body = fake_server.requests[-1].body
        return {k: body.get(k) for k in keys}

    await Runner.run(Agent(name="a"), "hi", run_config=responses)
    # recorded
    assert sent("model", "reasoning", "text") == {
        "model": "gpt-5.6-luna",
        "reasoning": {"effort": "none"},
        "text": {"verbosity": "low"},
    }
    # a run model named in RunConfig brings its own (here: no) defaults; recorded
    named = _config(openai_client, responses=True, model="gpt-4o")
    await Runner.run(Agent(name="a"), "hi", run_config=named)
    assert sent("model", "reasoning", "text") == {
        "model": "gpt-4o",
        "reasoning": None,
        "text": None,
    }
    await Runner.run(Agent(name="a"), "hi", run_config=_config(openai_client, responses=False))
    # recorded
    assert sent("model", "reasoning_effort", "verbosity") == {
        "model": "gpt-5.6-luna",
        "reasoning_effort": "none",
        "verbosity": "low",
    }


async def test_a_run_model_object_gets_plain_settings() -> None:
    model = ScriptedModel(["done"])
    await Runner.run(Agent(name="a"), "hi", run_config=RunConfig(model=model))
    assert model.calls[0].model_settings == ModelSettings()


# ----- the default model and stored prompts -------------------------------------------


async def test_the_default_model_leaves_a_stored_prompts_model_in_charge(
    openai_client: Any, fake_server: FakeOpenAIServer
) -> None:
    provider = OpenAIProvider(openai_client=openai_client, use_responses=True)
    assert provider.get_model(None).model_is_explicit is False
    assert provider.get_model("gpt-4o").model_is_explicit is True
    config = RunConfig(model_provider=provider, tracing_disabled=True)
    fake_server.script(Answer(text="p"), Answer(text="q"))
    await Runner.run(Agent(name="a", prompt={"id": "pmpt_1"}), "hi", run_config=config)
    assert "model" not in fake_server.requests[-1].body  # recorded
    await Runner.run(
        Agent(name="a", model="gpt-4o", prompt={"id": "pmpt_1"}), "hi", run_config=config
    )
    assert fake_server.requests[-1].body["model"] == "gpt-4o"  # recorded


# ----- request ids and raw usage ------------------------------------------------


async def test_chat_request_id_and_raw_usage(
    openai_client: Any, fake_server: FakeOpenAIServer
) -> None:
    fake_server.script(
        Raw(chat_json(Answer(text="u"), "gpt-4o", 12), headers={"x-request-id": "req_12"})
    )
    settings = ModelSettings(preserve_raw_usage=True)
    result = await Runner.run(
        Agent(name="a", model="gpt-4o", model_settings=settings),
        "hi",
        run_config=_config(openai_client, responses=False),
    )
    response = result.raw_responses[0]
    # recorded: no response id from Chat Completions; the usage in openai's field order
    assert json.dumps([response.request_id, response.response_id, response.raw_usage]) == (
        '["req_12", null, {"completion_tokens": 7, "prompt_tokens": 11, "total_tokens": 18, '
        '"completion_tokens_details": {"reasoning_tokens": 0}, '
        '"prompt_tokens_details": {"cached_tokens": 0}}]'
    )


async def test_responses_request_id(openai_client: Any, fake_server: FakeOpenAIServer) -> None:
    from support.fake_openai_server import responses_json

    fake_server.script(
        Raw(responses_json(Answer(text="hi"), "gpt-4o", 7), headers={"x-request-id": "req_abc"}),
        Answer(text="no header"),
    )
    config = _config(openai_client, responses=True)
    result = await Runner.run(Agent(name="a", model="gpt-4o"), "hello", run_config=config)
    response = result.raw_responses[0]
    assert (response.request_id, response.response_id, response.raw_usage) == (
        "req_abc",
        "resp_7",
        None,
    )
    result = await Runner.run(Agent(name="a", model="gpt-4o"), "hello", run_config=config)
    assert result.raw_responses[0].request_id is None


# ----- Chat Completions items as programs print them -------------------------------------


async def test_chat_items_dump_as_under_the_sdk(
    openai_client: Any, fake_server: FakeOpenAIServer
) -> None:
    config = _config(openai_client, responses=False)
    fake_server.script(Answer(text="Hello!", number=1))
    result = await Runner.run(Agent(name="a", model="gpt-4o"), "hi", run_config=config)
    # recorded from openai-agents 0.24.0
    assert json.dumps(result.to_input_list()) == (
        '[{"content": "hi", "role": "user"}, {"id": "__fake_id__", "content": [{"annotations": '
        '[], "text": "Hello!", "type": "output_text", "logprobs": []}], "role": "assistant", '
        '"status": "completed", "type": "message", "provider_data": {"model": "gpt-4o", '
        '"response_id": "chatcmpl-1"}}]'
    )

    fake_server.script(
        Answer(tool_calls=[ToolCall("add", '{"a": 1, "b": 2}', "call_1")], number=2),
        Answer(text="3", number=3),
    )
    result = await Runner.run(
        Agent(name="a", model="gpt-4o", tools=[add]), "add", run_config=config
    )
    # recorded from openai-agents 0.24.0
    assert json.dumps(result.to_input_list()) == (
        '[{"content": "add", "role": "user"}, {"arguments": "{\\"a\\": 1, \\"b\\": 2}", '
        '"call_id": "call_1", "name": "add", "type": "function_call", "id": "__fake_id__", '
        '"provider_data": {"model": "gpt-4o", "response_id": "chatcmpl-2"}}, {"call_id": '
        '"call_1", "output": "3", "type": "function_call_output"}, {"id": "__fake_id__", '
        '"content": [{"annotations": [], "text": "3", "type": "output_text", "logprobs": []}], '
        '"role": "assistant", "status": "completed", "type": "message", "provider_data": '
        '{"model": "gpt-4o", "response_id": "chatcmpl-3"}}]'
    )

    fake_server.script(
        Answer(tool_calls=[ToolCall("transfer_to_b", "{}", "call_h")], number=4),
        Answer(text="B here", number=5),
    )
    b = Agent(name="b", model="gpt-4o")
    result = await Runner.run(
        Agent(name="a", model="gpt-4o", handoffs=[b]), "go", run_config=config
    )
    # recorded from openai-agents 0.24.0
    assert json.dumps(result.to_input_list()) == (
        '[{"content": "go", "role": "user"}, {"arguments": "{}", "call_id": "call_h", "name": '
        '"transfer_to_b", "type": "function_call", "id": "__fake_id__", "provider_data": '
        '{"model": "gpt-4o", "response_id": "chatcmpl-4"}}, {"call_id": "call_h", "output": '
        '"{\\"assistant\\": \\"b\\"}", "type": "function_call_output"}, {"id": "__fake_id__", '
        '"content": [{"annotations": [], "text": "B here", "type": "output_text", "logprobs": '
        '[]}], "role": "assistant", "status": "completed", "type": "message", "provider_data": '
        '{"model": "gpt-4o", "response_id": "chatcmpl-5"}}]'
    )


async def test_chat_items_go_back_to_either_api(
    openai_client: Any, fake_server: FakeOpenAIServer
) -> None:
    chat = _config(openai_client, responses=False)
    fake_server.script(
        Answer(tool_calls=[ToolCall("add", '{"a": 1, "b": 2}', "call_1")], reasoning="hmm"),
        Answer(text="3"),
        Answer(text="again"),
        Answer(text="and again"),
    )
    agent = Agent(name="a", model="gpt-4o", tools=[add])
    result = await Runner.run(agent, "add", run_config=chat)
    history = [*result.to_input_list(), {"role": "user", "content": "more"}]
    await Runner.run(agent, history, run_config=chat)
    messages = fake_server.requests[-1].body["messages"]
    assert [m["role"] for m in messages] == ["user", "assistant", "tool", "assistant", "user"]
    assert messages[1]["tool_calls"][0]["id"] == "call_1"
    await Runner.run(agent, history, run_config=_config(openai_client, responses=True))
    sent = fake_server.requests[-1].body["input"]
    # the placeholder ids, provider data and another provider's reasoning stay behind
    assert all("provider_data" not in item and item.get("id") != "__fake_id__" for item in sent)
    assert [item.get("type") for item in sent] == [
        None,
        "function_call",
        "function_call_output",
        "message",
        None,
    ]


# ----- the run's input after a rewriting handoff ------------------------------------------


async def test_result_input_is_the_rewritten_history(
    openai_client: Any, fake_server: FakeOpenAIServer
) -> None:
    config = _config(openai_client, responses=True)
    b = Agent(name="b", model="gpt-4o")

    def rewrite(data: Any) -> Any:
        return data.clone(input_history=({"role": "user", "content": "rewritten"},))

    fake_server.script(
        Answer(tool_calls=[ToolCall("transfer_to_b", "{}", "call_h")], number=13),
        Answer(text="B2", number=14),
    )
    agent = Agent(name="a", model="gpt-4o", handoffs=[handoff(b, input_filter=rewrite)])
    result = await Runner.run(agent, "go", run_config=config)
    # recorded from openai-agents 0.24.0
    assert json.dumps(result.input) == '[{"role": "user", "content": "rewritten"}]'
    assert json.dumps(result.to_input_list()) == (
        '[{"role": "user", "content": "rewritten"}, {"arguments": "{}", "call_id": "call_h", '
        '"name": "transfer_to_b", "type": "function_call", "id": "fc_13_0", "status": '
        '"completed"}, {"call_id": "call_h", "output": "{\\"assistant\\": \\"b\\"}", "type": '
        '"function_call_output"}, {"id": "msg_14", "content": [{"annotations": [], "text": '
        '"B2", "type": "output_text"}], "role": "assistant", "status": "completed", "type": '
        '"message"}]'
    )

    fake_server.script(
        Answer(tool_calls=[ToolCall("transfer_to_b", "{}", "call_h")]), Answer(text="B3")
    )
    agent = Agent(name="a", model="gpt-4o", handoffs=[handoff(b, input_filter=remove_all_tools)])
    result = await Runner.run(agent, [{"role": "user", "content": "go"}], run_config=config)
    assert result.input == [{"role": "user", "content": "go"}]


async def test_result_input_is_the_nested_summary(
    openai_client: Any, fake_server: FakeOpenAIServer
) -> None:
    config = _config(openai_client, responses=True, nest_handoff_history=True)
    fake_server.script(
        Answer(tool_calls=[ToolCall("transfer_to_b", "{}", "call_h")], number=7),
        Answer(text="from b", number=8),
    )
    b = Agent(name="b", model="gpt-4o")
    result = await Runner.run(
        Agent(name="a", model="gpt-4o", handoffs=[b]), "go", run_config=config
    )
    summary = (
        '{"role": "assistant", "content": "For context, here is the conversation so far '
        "between the user and the previous agent:\\n<CONVERSATION HISTORY>\\n1. user: go\\n2. "
        '{\\"arguments\\": \\"{}\\", \\"call_id\\": \\"call_h\\", \\"name\\": \\"transfer_to_b\\", '
        '\\"type\\": \\"function_call\\", \\"id\\": \\"fc_7_0\\", '
        '\\"status\\": \\"completed\\"}\\n3. '
        '{\\"call_id\\": \\"call_h\\", '
        '\\"output\\": \\"{\\\\\\"assistant\\\\\\": \\\\\\"b\\\\\\"}\\", '
        '\\"type\\": \\"function_call_output\\"}\\n</CONVERSATION HISTORY>"}'
    )
    # recorded from openai-agents 0.24.0
    assert json.dumps(result.input) == f"[{summary}]"
    assert json.dumps(result.to_input_list()).startswith(f"[{summary}, ")
    assert len(result.to_input_list()) == 4


# ----- openai's typed items from direct model calls ---------------------------------------


@pytest.mark.parametrize("adapter", [OpenAIResponsesModel, OpenAIChatCompletionsModel])
async def test_direct_model_calls_return_openai_typed_items(
    adapter: Any, openai_client: Any, fake_server: FakeOpenAIServer
) -> None:
    from openai.types.responses import ResponseFunctionToolCall, ResponseOutputMessage

    fake_server.script(Answer(text="hi", tool_calls=[ToolCall("f", "{}", "c1")], number=9))
    model = adapter(model="gpt-4o", openai_client=openai_client)
    response = await model.get_response(
        system_instructions=None,
        input="hi",
        model_settings=ModelSettings(),
        tools=[],
        output_schema=None,
        handoffs=[],
        tracing=ModelTracing.DISABLED,
        previous_response_id=None,
        conversation_id=None,
        prompt=None,
    )
    message, call = response.output
    assert isinstance(message, ResponseOutputMessage)
    assert isinstance(call, ResponseFunctionToolCall)
    assert message.content[0].text == "hi"
    # the dicts stay available as input for a next call
    assert [item["type"] for item in response.to_input_items()] == ["message", "function_call"]
    if adapter is OpenAIChatCompletionsModel:
        # recorded from openai-agents 0.24.0
        assert call.model_dump() == {
            "arguments": "{}",
            "call_id": "c1",
            "name": "f",
            "type": "function_call",
            "id": "__fake_id__",
            "async_": None,
            "caller": None,
            "namespace": None,
            "status": None,
            "provider_data": {"model": "gpt-4o", "response_id": "chatcmpl-9"},
        }
    else:
        # recorded from openai-agents 0.24.0
        assert call.model_dump() == {
            "arguments": "{}",
            "call_id": "c1",
            "name": "f",
            "type": "function_call",
            "id": "fc_9_0",
            "async_": None,
            "caller": None,
            "namespace": None,
            "status": "completed",
        }


@pytest.mark.parametrize("responses", [True, False])
async def test_run_results_read_typed_items(
    responses: bool, openai_client: Any, fake_server: FakeOpenAIServer
) -> None:
    from openai.types.responses import ResponseFunctionToolCall, ResponseOutputMessage

    fake_server.script(
        Answer(tool_calls=[ToolCall("add", '{"a": 1, "b": 2}', "call_1")]), Answer(text="3")
    )
    config = _config(openai_client, responses=responses)
    result = await Runner.run(
        Agent(name="a", model="gpt-4o", tools=[add]), "add", run_config=config
    )
    assert isinstance(result.raw_responses[0].output[0], ResponseFunctionToolCall)
    assert isinstance(result.raw_responses[1].output[0], ResponseOutputMessage)
    assert result.final_output == "3"


async def test_streamed_chat_items_dump_as_under_the_sdk(
    openai_client: Any, fake_server: FakeOpenAIServer
) -> None:
    fake_server.script(
        Answer(tool_calls=[ToolCall("add", '{"a": 1, "b": 2}', "call_1")], number=2),
        Answer(text="3", number=3),
    )
    result = Runner.run_streamed(
        Agent(name="a", model="gpt-4o", tools=[add]),
        "add",
        run_config=_config(openai_client, responses=False),
    )
    added = []
    async for event in result.stream_events():
        if event.type == "raw_response_event" and event.data.type == "response.output_item.added":
            added.append(event.data.item)
    # recorded from openai-agents 0.24.0 (the same as without streaming)
    assert json.dumps(result.to_input_list()) == (
        '[{"content": "add", "role": "user"}, {"arguments": "{\\"a\\": 1, \\"b\\": 2}", '
        '"call_id": "call_1", "name": "add", "type": "function_call", "id": "__fake_id__", '
        '"provider_data": {"model": "gpt-4o", "response_id": "chatcmpl-2"}}, {"call_id": '
        '"call_1", "output": "3", "type": "function_call_output"}, {"id": "__fake_id__", '
        '"content": [{"annotations": [], "text": "3", "type": "output_text", "logprobs": []}], '
        '"role": "assistant", "status": "completed", "type": "message", "provider_data": '
        '{"model": "gpt-4o", "response_id": "chatcmpl-3"}}]'
    )
    # recorded: a streamed Chat Completions reply has the placeholder as its response id
    assert [r.response_id for r in result.raw_responses] == ["__fake_id__", "__fake_id__"]
    # recorded: the items announced while streaming carry the placeholder id and provider data
    assert added[0].model_dump(exclude_none=True) == {
        "arguments": "",
        "call_id": "call_1",
        "name": "add",
        "type": "function_call",
        "id": "__fake_id__",
        "provider_data": {"model": "gpt-4o", "response_id": "chatcmpl-2"},
    }


async def test_reasoning_field_items_and_their_replay(
    openai_client: Any, fake_server: FakeOpenAIServer
) -> None:
    body = chat_json(Answer(text="ok"), "m", 3)
    body["choices"][0]["message"]["reasoning"] = "thinking hard"  # Ollama / vLLM's field
    fake_server.script(Raw(body), Answer(text="two"), Answer(text="three"))
    config = _config(openai_client, responses=False)
    result = await Runner.run(Agent(name="a", model="gpt-4o"), "hi", run_config=config)
    # recorded from openai-agents 0.24.0
    assert json.dumps(result.to_input_list()) == (
        '[{"content": "hi", "role": "user"}, {"id": "__fake_id__", "summary": [], "type": '
        '"reasoning", "content": [{"text": "thinking hard", "type": "reasoning_text"}], '
        '"provider_data": {"model": "gpt-4o", "response_id": "chatcmpl-3", '
        '"_chat_completions_reasoning_field": "reasoning"}}, {"id": "__fake_id__", "content": '
        '[{"annotations": [], "text": "ok", "type": "output_text", "logprobs": []}], "role": '
        '"assistant", "status": "completed", "type": "message", "provider_data": {"model": '
        '"gpt-4o", "response_id": "chatcmpl-3"}}]'
    )
    history = result.to_input_list()
    await Runner.run(Agent(name="a", model="gpt-4o"), history, run_config=config)
    # recorded: the same model gets its reasoning back in the field it used
    assert fake_server.requests[-1].body["messages"] == [
        {"role": "user", "content": "hi"},
        {"role": "assistant", "content": "ok", "reasoning": "thinking hard"},
    ]
    await Runner.run(Agent(name="a", model="gpt-4.1"), history, run_config=config)
    assert fake_server.requests[-1].body["messages"][1] == {"role": "assistant", "content": "ok"}
