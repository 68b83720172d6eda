"""Agent(prompt=...): a stored prompt, sent as the Responses API request's ``prompt``."""

from __future__ import annotations

import json
from typing import Any

import pytest

import runwright
from runwright import (
    Agent,
    GenerateDynamicPromptData,
    OpenAIResponsesModel,
    Prompt,
    RunContextWrapper,
    Runner,
    UserError,
)
from runwright.prompts import PromptUtil
from runwright.testing import ScriptedModel
from support.fake_openai_server import Answer, FakeOpenAIServer

PROMPT: Prompt = {"id": "pmpt_123", "version": "2", "variables": {"city": "Oslo"}}


def responses_model(server: FakeOpenAIServer, openai_client: Any) -> OpenAIResponsesModel:
    """A model the user chose (sent with the prompt)."""
    return OpenAIResponsesModel("gpt-test", openai_client)


async def test_a_static_prompt_is_in_the_request_body(
    fake_server: FakeOpenAIServer, openai_client: Any
) -> None:
    fake_server.script(Answer(text="hi"), Answer(text="again"))
    agent = Agent(name="a", prompt=PROMPT, model=responses_model(fake_server, openai_client))
    result = await Runner.run(agent, "hello")
    assert result.final_output == "hi"
    body = fake_server.requests[0].body
    assert body["prompt"] == {"id": "pmpt_123", "version": "2", "variables": {"city": "Oslo"}}
    assert body["model"] == "gpt-test"  # a model the user chose is still sent
    streamed = Runner.run_streamed(agent, "hello")
    async for _ in streamed.stream_events():
        pass
    assert fake_server.requests[1].body["prompt"]["id"] == "pmpt_123"


async def test_a_prompt_without_version_sends_nulls_as_the_sdk(
    fake_server: FakeOpenAIServer, openai_client: Any
) -> None:
    fake_server.script(Answer(text="hi"))
    agent = Agent(
        name="a", prompt={"id": "pmpt_1"}, model=responses_model(fake_server, openai_client)
    )
    await Runner.run(agent, "hello")
    sent = fake_server.requests[0].body["prompt"]
    assert sent["id"] == "pmpt_1"
    assert sent.get("version") is None and sent.get("variables") is None


@pytest.mark.parametrize("is_async", [False, True])
async def test_a_dynamic_prompt_is_chosen_per_call(
    fake_server: FakeOpenAIServer, openai_client: Any, is_async: bool
) -> None:
    seen: list[GenerateDynamicPromptData] = []

    def choose(data: GenerateDynamicPromptData) -> Prompt:
        seen.append(data)
        return {"id": f"pmpt_{data.context.context['tier']}", "variables": {"n": str(len(seen))}}

    async def choose_async(data: GenerateDynamicPromptData) -> Prompt:
        return choose(data)

    fake_server.script(Answer(text="hi"))
    agent = Agent(
        name="a",
        prompt=choose_async if is_async else choose,
        model=responses_model(fake_server, openai_client),
    )
    await Runner.run(agent, "hello", context={"tier": "gold"})
    assert fake_server.requests[0].body["prompt"]["id"] == "pmpt_gold"
    assert fake_server.requests[0].body["prompt"]["variables"] == {"n": "1"}
    assert seen[0].agent is agent and isinstance(seen[0].context, RunContextWrapper)


async def test_a_default_model_is_left_to_the_prompt(
    fake_server: FakeOpenAIServer, openai_client: Any
) -> None:
    """A model that is only the default (not chosen) is not sent with a stored prompt:
    the prompt's own model applies."""
    fake_server.script(Answer(text="hi"), Answer(text="hi"))
    model = OpenAIResponsesModel("gpt-default", openai_client, model_is_explicit=False)
    await Runner.run(Agent(name="a", prompt=PROMPT, model=model), "hello")
    assert "model" not in fake_server.requests[0].body
    await Runner.run(Agent(name="a", model=model), "hello")
    assert "prompt" not in fake_server.requests[1].body
    assert fake_server.requests[1].body["model"] == "gpt-default"


async def test_get_prompt() -> None:
    ctx = RunContextWrapper(context=None)
    assert await Agent(name="a").get_prompt(ctx) is None
    assert await Agent(name="a", prompt=PROMPT).get_prompt(ctx) == {
        "id": "pmpt_123",
        "version": "2",
        "variables": {"city": "Oslo"},
    }
    assert await PromptUtil.to_model_input({"id": "p"}, ctx, Agent(name="a")) == {
        "id": "p",
        "version": None,
        "variables": None,
    }


async def test_bad_prompts_are_user_errors() -> None:
    ctx = RunContextWrapper(context=None)
    with pytest.raises(UserError, match="must return a Prompt"):
        await Agent(name="a", prompt=lambda data: "pmpt_1").get_prompt(ctx)  # type: ignore[arg-type,return-value]
    with pytest.raises(UserError, match="needs an 'id'"):
        await Agent(name="a", prompt={"version": "1"}).get_prompt(ctx)  # type: ignore[typeddict-item]
    with pytest.raises(UserError, match="prompt must be a Prompt dict"):
        Agent(name="a", prompt="pmpt_1")  # type: ignore[arg-type]


async def test_a_custom_model_gets_the_prompt_only_when_set() -> None:
    model = ScriptedModel(["one", "two"])
    await Runner.run(Agent(name="a", model=model, prompt=PROMPT), "hi")
    await Runner.run(Agent(name="a", model=model), "hi")
    assert model.calls[0].prompt == {
        "id": "pmpt_123",
        "version": "2",
        "variables": {"city": "Oslo"},
    }
    assert model.calls[1].prompt is None


def test_prompt_names_are_where_the_sdk_has_them() -> None:
    assert runwright.Prompt is runwright.prompts.Prompt
    assert runwright.DynamicPromptFunction is runwright.prompts.DynamicPromptFunction
    assert json.dumps(Prompt(id="x", version="1")) == '{"id": "x", "version": "1"}'
