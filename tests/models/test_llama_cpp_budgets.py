"""Integration: run budgets against a real llama.cpp server (real usage, real latency).

Start one with ``scripts/llama_server start`` and set RUNWRIGHT_LLAMA_URL to the
URL it prints. Without it these tests are skipped, unless RUNWRIGHT_REQUIRE_LLAMA=1
(CI), which makes a missing server a failure. A forced ``tool_choice`` (never
reset) makes the small model a runaway tool loop, which each limit must stop.
"""

from __future__ import annotations

import os
from decimal import Decimal
from typing import Any

import pytest

from runwright import (
    Agent,
    BudgetExceeded,
    ModelSettings,
    RunBudget,
    RunConfig,
    Runner,
    UserError,
    function_tool,
)
from runwright._models.chat_convert import ChatCompatibility
from runwright._models.openai_chat import OpenAIChatCompletionsModel

LLAMA_URL = os.environ.get("RUNWRIGHT_LLAMA_URL")
REQUIRED = os.environ.get("RUNWRIGHT_REQUIRE_LLAMA") == "1"

CALLS: list[int] = []


@function_tool
def add(a: int, b: int) -> int:
    """Add two integers a and b."""
    CALLS.append(a + b)
    return a + b


@pytest.fixture
def looper() -> Agent[Any]:
    """An agent forced to call ``add`` on every turn: it never stops by itself."""
    if not LLAMA_URL:
        if REQUIRED:
            pytest.fail("RUNWRIGHT_REQUIRE_LLAMA=1 but RUNWRIGHT_LLAMA_URL is not set")
        pytest.skip("no llama.cpp server (set RUNWRIGHT_LLAMA_URL; see scripts/llama_server)")
    import openai

    CALLS.clear()
    client = openai.AsyncOpenAI(base_url=LLAMA_URL, api_key="not-needed", timeout=120)
    model = OpenAIChatCompletionsModel(
        "smollm2", client, compatibility=ChatCompatibility.llama_cpp()
    )
    return Agent(
        name="looper",
        instructions="Use the add tool.",
        model=model,
        tools=[add],
        model_settings=ModelSettings(temperature=0, max_tokens=48, tool_choice="add"),
        reset_tool_choice=False,
    )


PROMPT = "What is 2 plus 3? Use the add tool."


async def test_max_requests_stops_the_loop_and_resumes(looper: Agent[Any]) -> None:
    with pytest.raises(BudgetExceeded) as caught:
        await Runner.run(looper, PROMPT, max_turns=50, budget=RunBudget(max_requests=3))
    error = caught.value
    assert error.limit == "max_requests"
    assert error.spent.requests == 3
    assert error.usage is not None and error.usage.requests == 3
    assert error.spent.input_tokens > 0 and error.spent.output_tokens > 0  # real usage
    assert len(CALLS) == 3
    with pytest.raises(BudgetExceeded) as again:
        await Runner.run(looper, error.run_state, max_turns=50, budget=RunBudget(max_requests=5))
    assert again.value.spent.requests == 5
    assert again.value.usage is not None and again.value.usage.requests == 5
    assert len(CALLS) == 5


@pytest.mark.parametrize("limit", ["max_input_tokens", "max_output_tokens", "max_total_tokens"])
async def test_token_limits(looper: Agent[Any], limit: str) -> None:
    budget = RunBudget(**{limit: 1})
    with pytest.raises(BudgetExceeded) as caught:
        await Runner.run(looper, PROMPT, max_turns=50, budget=budget)
    # The first call's real usage is over a one-token limit: the run stops after it.
    assert caught.value.limit == limit
    assert caught.value.spent.requests == 1
    assert caught.value.spent.of(limit) > 1


async def test_max_tool_calls(looper: Agent[Any]) -> None:
    with pytest.raises(BudgetExceeded) as caught:
        await Runner.run(looper, PROMPT, max_turns=50, budget=RunBudget(max_tool_calls=2))
    assert caught.value.limit == "max_tool_calls"
    assert len(CALLS) == 2


async def test_max_cost_usd_with_a_price_fn(looper: Agent[Any]) -> None:
    with pytest.raises(UserError, match="no price is known for model 'smollm2'"):
        await Runner.run(looper, PROMPT, budget=RunBudget(max_cost_usd=1))

    def price_fn(model: str | None, usage: Any) -> Decimal:
        return Decimal("0.000001") * usage.total_tokens

    with pytest.raises(BudgetExceeded) as caught:
        await Runner.run(
            looper,
            PROMPT,
            max_turns=50,
            run_config=RunConfig(price_fn=price_fn),
            budget=RunBudget(max_cost_usd="0.0005"),
        )
    error = caught.value
    assert error.limit == "max_cost_usd"
    assert error.spent.cost_usd is not None and error.spent.cost_usd > Decimal("0.0005")
    assert error.usage is not None and error.usage.cost_usd == error.spent.cost_usd


async def test_max_wall_seconds_cancels_the_call_in_flight(looper: Agent[Any]) -> None:
    with pytest.raises(BudgetExceeded) as caught:
        await Runner.run(looper, PROMPT, max_turns=50, budget=RunBudget(max_wall_seconds=0.001))
    assert caught.value.limit == "max_wall_seconds"
    assert caught.value.spent.requests <= 1
    assert caught.value.usage is not None and caught.value.usage.requests == 0


async def test_a_nested_agent_tool_spends_the_callers_budget(looper: Agent[Any]) -> None:
    outer = Agent(
        name="outer",
        instructions="Use the ask_adder tool.",
        model=looper.model,
        tools=[looper.as_tool(tool_name="ask_adder", tool_description="Ask the adder.")],
        model_settings=ModelSettings(temperature=0, max_tokens=48, tool_choice="ask_adder"),
        reset_tool_choice=False,
    )
    with pytest.raises(BudgetExceeded) as caught:
        await Runner.run(outer, PROMPT, max_turns=50, budget=RunBudget(max_requests=4))
    error = caught.value
    assert error.spent.requests == 4  # one outer call, three inside the agent tool
    assert len(CALLS) == 3
    assert error.spent.tool_calls == 4  # the agent tool call, three adds inside it
    with pytest.raises(BudgetExceeded) as again:
        await Runner.run(outer, error.run_state, max_turns=50, budget=RunBudget(max_requests=6))
    assert again.value.spent.requests == 6  # the nested run went on where it stopped
    assert len(CALLS) == 5
