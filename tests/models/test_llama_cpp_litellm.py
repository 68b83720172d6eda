"""LitellmModel against a real llama.cpp server (LiteLLM's ``openai/`` route).

Start one with ``scripts/llama_server start`` and set RUNWRIGHT_LLAMA_URL to the URL it
prints. Without it these tests are skipped, unless RUNWRIGHT_REQUIRE_LLAMA=1 (CI),
when they fail instead.
"""

from __future__ import annotations

import os

import pytest

from runwright import Agent, ModelSettings, Runner, function_tool
from runwright.extensions.models.litellm_model import LitellmModel

LLAMA_URL = os.environ.get("RUNWRIGHT_LLAMA_URL")
REQUIRED = os.environ.get("RUNWRIGHT_REQUIRE_LLAMA") == "1"
os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")

SETTINGS = ModelSettings(temperature=0, max_tokens=48)


@pytest.fixture
def model() -> LitellmModel:
    if not LLAMA_URL:
        if REQUIRED:
            pytest.fail("RUNWRIGHT_REQUIRE_LLAMA=1 but RUNWRIGHT_LLAMA_URL is not set")
        pytest.skip("no llama.cpp server (set RUNWRIGHT_LLAMA_URL; see scripts/llama_server)")
    return LitellmModel("openai/smollm2", base_url=LLAMA_URL, api_key="not-needed")


async def test_plain_chat_and_usage(model: LitellmModel) -> None:
    agent = Agent(name="a", model=model, model_settings=SETTINGS)
    result = await Runner.run(agent, "Say hello.")
    assert isinstance(result.final_output, str) and result.final_output.strip()
    usage = result.context_wrapper.usage
    assert usage.requests == 1 and usage.input_tokens > 0 and usage.output_tokens > 0


async def test_streaming(model: LitellmModel) -> None:
    agent = Agent(name="a", model=model, model_settings=SETTINGS)
    result = Runner.run_streamed(agent, "Count to three.")
    deltas = [
        e.data.delta
        async for e in result.stream_events()
        if e.type == "raw_response_event" and e.data.type == "response.output_text.delta"
    ]
    assert len(deltas) > 1
    assert result.final_output == "".join(deltas)


@function_tool
def add(a: int, b: int) -> int:
    """Add two integers a and b."""
    return a + b


async def test_forced_tool_call(model: LitellmModel) -> None:
    settings = SETTINGS.resolve(ModelSettings(tool_choice="add"))
    agent = Agent(
        name="a",
        model=model,
        model_settings=settings,
        tools=[add],
        tool_use_behavior="stop_on_first_tool",
    )
    result = await Runner.run(agent, "What is 2 plus 3? Use the add tool.")
    # stop_on_first_tool: the final output is the tool's own result, an int.
    assert isinstance(result.final_output, int)
    assert result.new_items[0].raw_item.name == "add"
