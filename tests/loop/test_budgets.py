"""Run budgets: every limit stops the run cleanly, resumably, nested runs included;
cost from genai-prices or price_fn in usage and spans."""

from __future__ import annotations

import asyncio
from decimal import Decimal
from typing import Any

import pytest

from runwright import (
    Agent,
    BudgetExceeded,
    BudgetWarningEvent,
    RunBudget,
    RunConfig,
    RunHooks,
    Runner,
    Usage,
    UserError,
    function_tool,
)
from runwright.testing import ScriptedModel, tool_call

# Scripts are written long on purpose (a runaway model); the budget stops them early.
pytestmark = pytest.mark.filterwarnings("ignore::runwright.testing.UnconsumedScriptWarning")


def usage(inp: int = 100, out: int = 10, requests: int = 1) -> Usage:
    return Usage(requests=requests, input_tokens=inp, output_tokens=out)


def runaway(n: int = 50, **kwargs: Any) -> ScriptedModel:
    """A model that calls the ping tool forever (well, ``n`` times)."""
    return ScriptedModel([tool_call("ping", {"n": i}) for i in range(n)], usage=usage(), **kwargs)


PINGS: list[int] = []


@function_tool
def ping(n: int) -> str:
    """Ping the server.

    Args:
        n: The ping's number.
    """
    PINGS.append(n)
    return f"pong {n}"


@pytest.fixture(autouse=True)
def _fresh_pings() -> None:
    PINGS.clear()


def agent_with(model: ScriptedModel, name: str = "looper") -> Agent[Any]:
    return Agent(name=name, model=model, tools=[ping])


# ----- the limits ---------------------------------------------------------------


async def test_a_runaway_tool_loop_stops_at_exactly_n_requests() -> None:
    model = runaway()
    agent = agent_with(model)
    with pytest.raises(BudgetExceeded) as caught:
        await Runner.run(agent, "go", max_turns=100, budget=RunBudget(max_requests=7))
    error = caught.value
    assert len(model.calls) == 7
    assert error.limit == "max_requests" and error.limit_value == 7
    assert error.spent.requests == 7
    assert error.usage is not None and error.usage.requests == 7
    assert error.run_state is not None
    assert "max_requests=7" in str(error)
    assert list(range(7)) == PINGS  # every answered call's tools ran


async def test_resume_after_raising_the_limit_repeats_no_model_call() -> None:
    model = runaway(12)
    model.extend(["done"])
    agent = agent_with(model)
    with pytest.raises(BudgetExceeded) as caught:
        await Runner.run(agent, "go", max_turns=100, budget=RunBudget(max_requests=5))
    assert len(model.calls) == 5
    result = await Runner.run(
        agent, caught.value.run_state, max_turns=100, budget=RunBudget(max_requests=100)
    )
    assert result.final_output == "done"
    assert len(model.calls) == 13  # 5 before, 8 after: none repeated
    assert list(range(12)) == PINGS
    assert result.context_wrapper.usage.requests == 13


async def test_run_config_budget_and_a_dict_of_its_fields() -> None:
    agent = agent_with(runaway())
    config = RunConfig(budget={"max_requests": 2})
    assert isinstance(config.budget, RunBudget)
    with pytest.raises(BudgetExceeded) as caught:
        await Runner.run(agent, "go", run_config=config)
    assert caught.value.spent.requests == 2


async def test_runner_budget_wins_over_run_config() -> None:
    agent = agent_with(runaway())
    with pytest.raises(BudgetExceeded) as caught:
        await Runner.run(
            agent,
            "go",
            run_config=RunConfig(budget=RunBudget(max_requests=5)),
            budget=RunBudget(max_requests=3),
        )
    assert caught.value.spent.requests == 3


async def test_output_tokens_are_checked_before_the_call() -> None:
    model = runaway()
    with pytest.raises(BudgetExceeded) as caught:
        await Runner.run(agent_with(model), "go", budget=RunBudget(max_output_tokens=20))
    # 10 per call: after two calls the limit is reached; a third would start over it.
    assert len(model.calls) == 2
    assert caught.value.limit == "max_output_tokens"
    assert caught.value.spent.output_tokens == 20


async def test_total_tokens_checked_after_the_call_then_resume_takes_its_tools() -> None:
    model = runaway(3)
    model.extend(["done"])
    agent = agent_with(model)
    with pytest.raises(BudgetExceeded) as caught:
        await Runner.run(agent, "go", budget=RunBudget(max_total_tokens=250))
    error = caught.value
    # 110 tokens per call: the third call goes over 250 once its usage is known.
    assert len(model.calls) == 3
    assert error.limit == "max_total_tokens" and error.spent.total_tokens == 330
    assert PINGS == [0, 1]  # the third response's tool call has not run
    result = await Runner.run(agent, error.run_state, budget=RunBudget(max_total_tokens=10_000))
    assert result.final_output == "done"
    assert PINGS == [0, 1, 2]
    assert len(model.calls) == 4  # the third response was not asked for again


async def test_input_tokens_limit() -> None:
    model = runaway()
    with pytest.raises(BudgetExceeded) as caught:
        await Runner.run(agent_with(model), "go", budget=RunBudget(max_input_tokens=150))
    assert caught.value.limit == "max_input_tokens"
    assert len(model.calls) == 2


async def test_a_final_answer_over_the_limit_is_kept_for_the_resume() -> None:
    model = ScriptedModel(["the answer"], usage=usage(100, 100))
    agent = Agent(name="a", model=model)
    with pytest.raises(BudgetExceeded) as caught:
        await Runner.run(agent, "q", budget=RunBudget(max_output_tokens=50))
    result = await Runner.run(agent, caught.value.run_state)
    assert result.final_output == "the answer"
    assert len(model.calls) == 1


async def test_tool_calls_limit_stops_before_the_batch_and_resumes_it() -> None:
    two = [tool_call("ping", {"n": 1}), tool_call("ping", {"n": 2})]
    more = [tool_call("ping", {"n": 3}), tool_call("ping", {"n": 4})]
    model = ScriptedModel([two, more, "done"])
    agent = agent_with(model)
    with pytest.raises(BudgetExceeded) as caught:
        await Runner.run(agent, "go", budget=RunBudget(max_tool_calls=3))
    assert caught.value.limit == "max_tool_calls"
    assert sorted(PINGS) == [1, 2]  # the second batch would go over: none of it ran
    assert len(model.calls) == 2
    result = await Runner.run(agent, caught.value.run_state, budget=RunBudget(max_tool_calls=4))
    assert result.final_output == "done"
    assert sorted(PINGS) == [1, 2, 3, 4]  # a batch's calls run concurrently
    assert len(model.calls) == 3


async def test_wall_seconds_cancel_a_model_call_in_flight() -> None:
    slow = ScriptedModel(["late"], delay=30)
    agent = Agent(name="a", model=slow)
    loop = asyncio.get_running_loop()
    started = loop.time()
    with pytest.raises(BudgetExceeded) as caught:
        await Runner.run(agent, "q", budget=RunBudget(max_wall_seconds=0.2))
    assert loop.time() - started < 20  # not the model's 30 s
    error = caught.value
    assert error.limit == "max_wall_seconds"
    assert error.run_state is not None and error.run_state.current_turn == 0
    agent.model = ScriptedModel(["on time"])
    result = await Runner.run(agent, error.run_state, budget=RunBudget(max_wall_seconds=60))
    assert result.final_output == "on time"


async def test_wall_seconds_cancel_tool_calls_in_flight() -> None:
    cancelled: list[bool] = []

    @function_tool
    async def slow_tool() -> str:
        """Takes its time (the first time)."""
        if cancelled:
            return "quick now"
        try:
            await asyncio.sleep(30)
        except asyncio.CancelledError:
            cancelled.append(True)
            raise
        return "finally"

    model = ScriptedModel([tool_call("slow_tool", {}), "done"])
    agent = Agent(name="a", model=model, tools=[slow_tool])
    with pytest.raises(BudgetExceeded) as caught:
        await Runner.run(agent, "q", budget=RunBudget(max_wall_seconds=0.2))
    assert caught.value.limit == "max_wall_seconds"
    assert cancelled == [True]
    assert len(model.calls) == 1
    result = await Runner.run(agent, caught.value.run_state, budget=RunBudget(max_wall_seconds=60))
    assert result.final_output == "done"
    assert len(model.calls) == 2  # the tool call ran again; the model was not asked again
    outputs = [
        i.output for i in result.new_items if getattr(i, "type", "") == "tool_call_output_item"
    ]
    assert outputs == ["quick now"]


async def test_retries_inside_a_model_call_count_as_requests() -> None:
    model = ScriptedModel(
        [tool_call("ping", {"n": i}) for i in range(10)], default_usage=usage(requests=2)
    )
    with pytest.raises(BudgetExceeded) as caught:
        await Runner.run(agent_with(model), "go", budget=RunBudget(max_requests=5))
    # 2 requests per call: the third call went over (6 > 5) once it reported them.
    assert len(model.calls) == 3
    assert caught.value.spent.requests == 6


# ----- nested runs (agents as tools) --------------------------------------------


async def test_nested_agent_tools_count_against_the_parents_budget_and_resume() -> None:
    inner_model = runaway(6)
    inner_model.extend(["inner done"])
    inner = agent_with(inner_model, "inner")
    outer_model = ScriptedModel([tool_call("ask_inner", {"input": "work"}), "outer done"])
    outer = Agent(
        name="outer",
        model=outer_model,
        tools=[inner.as_tool(tool_name="ask_inner", tool_description="Ask inner.")],
    )
    with pytest.raises(BudgetExceeded) as caught:
        await Runner.run(outer, "go", budget=RunBudget(max_requests=4))
    error = caught.value
    assert error.spent.requests == 4  # 1 outer + 3 inner
    assert len(outer_model.calls) == 1 and len(inner_model.calls) == 3
    assert error.run_state is not None
    assert error.run_state.current_agent is outer
    result = await Runner.run(outer, error.run_state, budget=RunBudget(max_requests=50))
    assert result.final_output == "outer done"
    # The nested run went on where it stopped: 7 inner calls in all, none repeated.
    assert len(inner_model.calls) == 7
    assert list(range(6)) == PINGS
    assert len(outer_model.calls) == 2


async def test_nested_tool_calls_count_too() -> None:
    inner = agent_with(runaway(10), "inner")
    outer = Agent(
        name="outer",
        model=ScriptedModel([tool_call("ask_inner", {"input": "x"}), "never"]),
        tools=[inner.as_tool(tool_name="ask_inner", tool_description="Ask inner.")],
    )
    with pytest.raises(BudgetExceeded) as caught:
        await Runner.run(outer, "go", budget=RunBudget(max_tool_calls=4))
    # the agent tool call itself, then three pings inside it
    assert caught.value.limit == "max_tool_calls"
    assert caught.value.spent.tool_calls == 4
    assert PINGS == [0, 1, 2]


# ----- error handlers, streaming, soft limits ------------------------------------


async def test_an_error_handler_turns_the_breach_into_a_final_output() -> None:
    seen: list[Any] = []

    def handler(data: Any) -> str:
        seen.append(data.error)
        return "stopped: budget"

    result = await Runner.run(
        agent_with(runaway()),
        "go",
        budget=RunBudget(max_requests=2),
        error_handlers={"budget_exceeded": handler},
    )
    assert result.final_output == "stopped: budget"
    assert isinstance(seen[0], BudgetExceeded) and seen[0].limit == "max_requests"


async def test_a_streamed_run_ends_with_the_error_after_its_last_event() -> None:
    model = runaway()
    streamed = Runner.run_streamed(
        agent_with(model), "go", max_turns=100, run_config=RunConfig(budget={"max_requests": 3})
    )
    events: list[Any] = []
    with pytest.raises(BudgetExceeded) as caught:
        async for event in streamed.stream_events():
            events.append(event)
    assert caught.value.spent.requests == 3
    names = [getattr(e, "name", None) for e in events]
    assert names.count("tool_output") == 3


async def test_warn_at_streams_one_warning_per_limit_and_calls_the_hook() -> None:
    warnings: list[Any] = []

    class Hooks(RunHooks[Any]):
        async def on_budget_warning(self, context: Any, warning: Any) -> None:
            warnings.append(warning)

    model = runaway(20)
    streamed = Runner.run_streamed(
        agent_with(model),
        "go",
        max_turns=100,
        hooks=Hooks(),
        budget=RunBudget(max_requests=10, max_tool_calls=100, warn_at=0.8),
    )
    events: list[Any] = []
    with pytest.raises(BudgetExceeded):
        async for event in streamed.stream_events():
            events.append(event)
    budget_events = [e for e in events if isinstance(e, BudgetWarningEvent)]
    assert [e.warning.limit for e in budget_events] == ["max_requests"]
    assert budget_events[0].type == "budget_warning_event"
    assert budget_events[0].warning.spent == 8 and budget_events[0].warning.fraction == 0.8
    assert [w.limit for w in warnings] == ["max_requests"]


# ----- cost -------------------------------------------------------------------


async def test_known_model_is_priced_from_genai_prices() -> None:
    model = ScriptedModel(["hi"], name="gpt-4o", usage=usage(1000, 500))
    result = await Runner.run(Agent(name="a", model=model), "x")
    run_usage = result.context_wrapper.usage
    # gpt-4o: $2.50 / M input tokens, $10 / M output tokens
    assert run_usage.cost_usd == Decimal("0.0075")
    entry = run_usage.request_usage_entries[0]
    assert entry.model == "gpt-4o" and entry.cost_usd == Decimal("0.0075")


async def test_provider_prefixed_names_are_priced() -> None:
    model = ScriptedModel(["hi"], name="openai/gpt-4o", usage=usage(1000, 500))
    result = await Runner.run(Agent(name="a", model=model), "x")
    assert result.context_wrapper.usage.cost_usd == Decimal("0.0075")


async def test_unknown_model_costs_none() -> None:
    model = ScriptedModel(["hi"], name="my-private-model", usage=usage(1000, 500))
    result = await Runner.run(Agent(name="a", model=model), "x")
    assert result.context_wrapper.usage.cost_usd is None


async def test_price_fn_prices_private_models_and_none_falls_back() -> None:
    def price_fn(model: str | None, call_usage: Any) -> Decimal | None:
        if model == "my-private-model":
            return Decimal("0.001") * call_usage.output_tokens
        return None

    config = RunConfig(price_fn=price_fn)
    private = ScriptedModel(["hi"], name="my-private-model", usage=usage(1000, 500))
    result = await Runner.run(Agent(name="a", model=private), "x", run_config=config)
    assert result.context_wrapper.usage.cost_usd == Decimal("0.5")
    known = ScriptedModel(["hi"], name="gpt-4o", usage=usage(1000, 500))
    result = await Runner.run(Agent(name="a", model=known), "x", run_config=config)
    assert result.context_wrapper.usage.cost_usd == Decimal("0.0075")


async def test_max_cost_usd_stops_the_run() -> None:
    model = runaway(name="my-private-model")
    config = RunConfig(price_fn=lambda model, call_usage: Decimal("0.01"))
    with pytest.raises(BudgetExceeded) as caught:
        await Runner.run(
            agent_with(model), "go", run_config=config, budget=RunBudget(max_cost_usd="0.025")
        )
    error = caught.value
    assert error.limit == "max_cost_usd" and error.limit_value == Decimal("0.025")
    assert error.spent.cost_usd == Decimal("0.03")
    assert len(model.calls) == 3


async def test_max_cost_usd_with_an_unknown_price_is_a_user_error_at_run_start() -> None:
    model = runaway(name="my-private-model")
    with pytest.raises(UserError, match="no price is known for model 'my-private-model'"):
        await Runner.run(agent_with(model), "go", budget=RunBudget(max_cost_usd=1))
    assert len(model.calls) == 0


async def test_unknown_cost_allow_runs_and_counts_nothing() -> None:
    model = ScriptedModel(["hi"], name="my-private-model", usage=usage(1000, 500))
    result = await Runner.run(
        Agent(name="a", model=model),
        "x",
        budget=RunBudget(max_cost_usd=1, unknown_cost="allow"),
    )
    assert result.final_output == "hi"


# ----- validation and zero cost ---------------------------------------------------


@pytest.mark.parametrize(
    "kwargs",
    [
        {"max_requests": -1},
        {"max_requests": 1.5},
        {"max_cost_usd": "lots"},
        {"max_cost_usd": -1},
        {"max_wall_seconds": 0},
        {"warn_at": 1.5},
        {"unknown_cost": "ignore"},
    ],
)
def test_bad_budgets_are_user_errors(kwargs: dict[str, Any]) -> None:
    with pytest.raises(UserError, match="RunBudget"):
        RunBudget(**kwargs)


def test_bad_budget_arguments_are_user_errors() -> None:
    with pytest.raises(UserError, match="budget"):
        RunConfig(budget=5)  # type: ignore[arg-type]
    with pytest.raises(UserError, match="no field"):
        RunConfig(budget={"max_reqs": 5})
    with pytest.raises(UserError, match="price_fn"):
        RunConfig(price_fn="cheap")  # type: ignore[arg-type]


async def test_a_failing_price_fn_is_a_clear_error() -> None:
    def broken(model: Any, call_usage: Any) -> Any:
        raise ValueError("no rates")

    model = ScriptedModel(["hi"], name="x", usage=usage())
    with pytest.raises(UserError, match="price_fn failed"):
        await Runner.run(
            Agent(name="a", model=model),
            "x",
            run_config=RunConfig(price_fn=broken),
            budget=RunBudget(max_cost_usd=1),
        )


async def test_a_run_without_a_budget_has_no_meter() -> None:
    result = await Runner.run(
        agent_with(runaway(2)), "go", max_turns=2, error_handlers={"max_turns": lambda data: "ok"}
    )
    assert result.final_output == "ok"
    assert result.to_state().budget_meter is None


async def test_an_agent_tool_with_its_own_budget_fails_the_tool_call_only() -> None:
    inner = agent_with(runaway(10), "inner")
    tool = inner.as_tool(
        tool_name="ask_inner",
        tool_description="Ask inner.",
        run_config=RunConfig(budget=RunBudget(max_requests=2)),
    )
    outer_model = ScriptedModel([tool_call("ask_inner", {"input": "x"}), "outer done"])
    outer = Agent(name="outer", model=outer_model, tools=[tool])
    result = await Runner.run(outer, "go", budget=RunBudget(max_requests=10))
    assert result.final_output == "outer done"
    assert PINGS == [0, 1]  # the nested run stopped at its own limit
    told = [i.output for i in result.new_items if i.type == "tool_call_output_item"]
    assert len(told) == 1 and "max_requests=2" in str(told[0])


async def test_concurrent_runs_share_one_watchdog_each_with_its_own_deadline() -> None:
    patient = Agent(name="patient", model=ScriptedModel(["made it"], delay=0.3))
    hasty = Agent(name="hasty", model=ScriptedModel(["never"], delay=30))
    # The patient run arms first with a later deadline; the hasty one's is earlier.
    first = asyncio.ensure_future(Runner.run(patient, "q", budget=RunBudget(max_wall_seconds=20)))
    await asyncio.sleep(0)
    second = asyncio.ensure_future(Runner.run(hasty, "q", budget=RunBudget(max_wall_seconds=0.1)))
    done = await asyncio.gather(first, second, return_exceptions=True)
    assert done[0].final_output == "made it"  # type: ignore[union-attr]
    assert isinstance(done[1], BudgetExceeded) and done[1].limit == "max_wall_seconds"


async def test_what_a_run_spent_survives_its_state_as_json() -> None:
    """Tool calls, cost and warnings are not in the usage: they travel in the state, so a
    run resumed from JSON (another process, a queue) cannot spend its budget twice."""
    from runwright import RunState

    two = [tool_call("ping", {"n": 1}), tool_call("ping", {"n": 2})]
    more = [tool_call("ping", {"n": 3}), tool_call("ping", {"n": 4})]
    model = ScriptedModel([two, more, "done"])
    agent = agent_with(model)
    with pytest.raises(BudgetExceeded) as caught:
        await Runner.run(agent, "go", budget=RunBudget(max_tool_calls=3))
    assert caught.value.run_state is not None
    text = caught.value.run_state.to_string()
    state = await RunState.from_string(agent, text)
    with pytest.raises(BudgetExceeded) as again:  # the same limit: still 2 spent, 2 more due
        await Runner.run(agent, state, budget=RunBudget(max_tool_calls=3))
    assert again.value.spent.tool_calls == 2
    assert sorted(PINGS) == [1, 2]
    state = await RunState.from_string(agent, text)
    result = await Runner.run(agent, state, budget=RunBudget(max_tool_calls=4))
    assert result.final_output == "done"
    assert sorted(PINGS) == [1, 2, 3, 4]  # a batch's calls run concurrently


async def test_a_bad_saved_spend_is_a_user_error() -> None:
    from runwright import RunState

    model = ScriptedModel([[tool_call("ping", {"n": 1})], "done"])
    agent = agent_with(model)
    with pytest.raises(BudgetExceeded) as caught:
        await Runner.run(agent, "go", budget=RunBudget(max_requests=1))
    assert caught.value.run_state is not None
    data = caught.value.run_state.to_json()
    assert data["runwright"]["state"]["budget_spent"]["requests"] == 1
    data["runwright"]["state"]["budget_spent"] = {"tool_calls": -1}
    with pytest.raises(UserError, match="budget_spent.tool_calls"):
        RunState.from_json_sync(agent, data)


# ----- a batch resumed after an approval pause ------------------------------------

APPROVED: list[int] = []


@function_tool(needs_approval=True)
def transfer(amount: int) -> str:
    """Move money (a human approves each call).

    Args:
        amount: How much.
    """
    APPROVED.append(amount)
    return f"moved {amount}"


def paying_agent(model: ScriptedModel) -> Agent[Any]:
    return Agent(name="payer", model=model, tools=[ping, transfer])


def batch_with_approval() -> ScriptedModel:
    calls = [tool_call("ping", {"n": 1}), tool_call("transfer", {"amount": 5})]
    calls.append(tool_call("ping", {"n": 2}))
    return ScriptedModel([calls, "done"])


async def test_a_batch_resumed_after_an_approval_counts_its_tool_calls_once() -> None:
    APPROVED.clear()
    agent = paying_agent(batch_with_approval())
    budget = RunBudget(max_tool_calls=3)
    first = await Runner.run(agent, "go", budget=budget)
    assert [i.name for i in first.interruptions] == ["transfer"]
    assert sorted(PINGS) == [1, 2]  # the calls without approval ran before the pause
    state = first.to_state()
    assert state.budget_meter.spent.tool_calls == 3
    state.approve(first.interruptions[0])
    # Three calls in all, each counted once: the resumed batch fits max_tool_calls=3.
    result = await Runner.run(agent, state, budget=budget)
    assert result.final_output == "done"
    assert APPROVED == [5] and sorted(PINGS) == [1, 2]
    assert state.budget_meter.spent.tool_calls == 3


async def test_an_approval_resume_from_json_counts_the_batch_once() -> None:
    from runwright import RunState

    APPROVED.clear()
    agent = paying_agent(batch_with_approval())
    first = await Runner.run(agent, "go", budget=RunBudget(max_tool_calls=3))
    state = await RunState.from_string(agent, first.to_state().to_string())
    state.approve(state.get_interruptions()[0])
    result = await Runner.run(agent, state, budget=RunBudget(max_tool_calls=3))
    assert result.final_output == "done" and APPROVED == [5]


async def test_a_still_pending_approval_pauses_again_without_counting_again() -> None:
    APPROVED.clear()
    calls = [tool_call("transfer", {"amount": 1}), tool_call("transfer", {"amount": 2})]
    agent = paying_agent(ScriptedModel([calls, "done"]))
    budget = RunBudget(max_tool_calls=2)
    first = await Runner.run(agent, "go", budget=budget)
    state = first.to_state()
    state.approve(first.interruptions[0])  # the second one stays undecided
    second = await Runner.run(agent, state, budget=budget)
    assert [i.name for i in second.interruptions] == ["transfer"]
    state = second.to_state()
    state.approve(second.interruptions[0])
    result = await Runner.run(agent, state, budget=budget)
    assert result.final_output == "done" and APPROVED == [1, 2]
    assert state.budget_meter.spent.tool_calls == 2


async def test_a_batch_resumed_after_a_nested_stop_counts_its_tool_calls_once() -> None:
    inner_model = runaway(3)
    inner_model.extend(["inner done"])
    inner = agent_with(inner_model, "inner")
    both = [tool_call("ask_inner", {"input": "work"}), tool_call("ping", {"n": 100})]
    outer = Agent(
        name="outer",
        model=ScriptedModel([both, "outer done"]),
        tools=[inner.as_tool(tool_name="ask_inner", tool_description="Ask inner."), ping],
    )
    with pytest.raises(BudgetExceeded) as caught:
        await Runner.run(outer, "go", budget=RunBudget(max_requests=3))
    state = caught.value.run_state
    assert state is not None
    assert caught.value.spent.tool_calls == 4  # the outer batch (2), two pings inside
    result = await Runner.run(outer, state, budget=RunBudget(max_requests=50))
    assert result.final_output == "outer done"
    assert sorted(PINGS) == [0, 1, 2, 100]
    assert state.budget_meter.spent.tool_calls == 5  # the outer batch is not counted again


async def test_the_counted_batch_travels_in_the_json_and_bad_values_are_user_errors() -> None:
    from runwright import RunState

    APPROVED.clear()
    agent = paying_agent(batch_with_approval())
    first = await Runner.run(agent, "go", budget=RunBudget(max_tool_calls=3))
    data = first.to_state().to_json()
    assert data["runwright"]["state"]["budget_tools_turn"] == 1
    data["runwright"]["state"]["budget_tools_turn"] = "one"
    with pytest.raises(UserError, match="budget_tools_turn"):
        RunState.from_json_sync(agent, data)
