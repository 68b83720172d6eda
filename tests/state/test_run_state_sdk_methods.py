"""RunState's SDK methods: staged input, the SDK's from_json/from_string parameters,
strict contexts, and the bookkeeping setters."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pytest

from runwright import Agent, RunConfig, Runner, RunState, UserError, function_tool
from runwright.sessions import InMemorySession
from runwright.testing import ScriptedModel, reasoning, tool_call


@function_tool(needs_approval=True)
def act() -> str:
    return "acted"


async def _paused(
    model: ScriptedModel, context: Any = None, **agent_options: Any
) -> tuple[Agent[Any], Any]:
    agent = Agent(name="a", model=model, tools=[act], **agent_options)
    result = await Runner.run(agent, "hi", context=context)
    assert result.interruptions
    return agent, result


async def test_added_input_joins_the_resumed_run_before_its_next_model_call() -> None:
    model = ScriptedModel([tool_call("act", call_id="c1"), "done"])
    agent, result = await _paused(model)
    state = result.to_state()
    state.add_input("also this")
    state.add_input([{"role": "user", "content": "and that"}])
    assert state.pending_input == [
        {"content": "also this", "role": "user"},
        {"role": "user", "content": "and that"},
    ]
    state.pending_input.clear()  # a copy: the staged input is not changed
    assert len(state.pending_input) == 2
    state.approve(result.interruptions[0])
    resumed = await Runner.run(agent, state)

    assert model.calls[1].input[-2:] == [
        {"content": "also this", "role": "user"},
        {"role": "user", "content": "and that"},
    ]
    assert [i.type for i in resumed.new_items] == [
        "tool_call_item",
        "tool_approval_item",
        "tool_call_output_item",
        "input_item",
        "input_item",
        "message_output_item",
    ]
    assert resumed.to_input_list()[-3]["content"] == "also this"
    assert state.pending_input == []


async def test_added_input_is_saved_to_the_session_once() -> None:
    session = InMemorySession("s")
    model = ScriptedModel([tool_call("act", call_id="c1"), "done"])
    agent = Agent(name="a", model=model, tools=[act])
    result = await Runner.run(agent, "hi", session=session)
    state = result.to_state()
    state.add_input("extra")
    state.approve(result.interruptions[0])
    await Runner.run(agent, state, session=session)
    saved = await session.get_items()
    assert [i.get("type") or i.get("role") for i in saved] == [
        "user",
        "function_call",
        "function_call_output",
        "user",
        "message",
    ]
    assert saved[3] == {"content": "extra", "role": "user"}


async def test_cleared_input_is_not_sent() -> None:
    model = ScriptedModel([tool_call("act", call_id="c1"), "done"])
    agent, result = await _paused(model)
    state = result.to_state()
    state.add_input("forget me")
    state.clear_pending_input()
    assert state.pending_input == []
    state.approve(result.interruptions[0])
    await Runner.run(agent, state)
    assert all(i.get("content") != "forget me" for i in model.calls[1].input)


async def test_staged_input_survives_serialisation() -> None:
    model = ScriptedModel([tool_call("act", call_id="c1"), "done"])
    agent, result = await _paused(model)
    state = result.to_state()
    state.add_input("kept")
    loaded = await RunState.from_string(agent, state.to_string())
    assert loaded.pending_input == [{"content": "kept", "role": "user"}]
    loaded.approve(loaded.get_interruptions()[0])
    await Runner.run(agent, loaded)
    assert model.calls[1].input[-1] == {"content": "kept", "role": "user"}


async def test_add_input_refuses_states_where_no_model_call_follows() -> None:
    finished = await Runner.run(Agent(name="f", model=ScriptedModel(["x"])), "hi")
    with pytest.raises(UserError, match="finished"):
        finished.to_state().add_input("more")

    model = ScriptedModel([tool_call("act", call_id="c1")])
    _, result = await _paused(model, tool_use_behavior="stop_on_first_tool")
    with pytest.raises(UserError, match="may end the run"):
        result.to_state().add_input("more")

    model = ScriptedModel([tool_call("act", call_id="c1")])
    _, result = await _paused(model, tool_use_behavior={"stop_at_tool_names": ["act"]})
    with pytest.raises(UserError, match="may end the run"):
        result.to_state().add_input("more")

    agent = Agent(name="t", model=ScriptedModel([tool_call("act", call_id="c1")]), tools=[act])
    result = await Runner.run(agent, "hi", max_turns=1)
    with pytest.raises(UserError, match="no model turn left"):
        result.to_state().add_input("more")

    model = ScriptedModel([tool_call("act", call_id="c1")])
    _, result = await _paused(model)
    with pytest.raises(UserError, match="string or a list"):
        result.to_state().add_input(42)  # type: ignore[arg-type]
    with pytest.raises(UserError, match="item 0"):
        result.to_state().add_input(["text"])  # type: ignore[list-item]


# ----- from_json / from_string ------------------------------------------------------


@dataclass
class Profile:
    name: str = "ann"


async def test_from_json_takes_the_sdk_parameters() -> None:
    model = ScriptedModel([tool_call("act", call_id="c1")])
    agent, result = await _paused(model, context={"user": "ann"})
    data = result.to_state().to_json()
    loaded = await RunState.from_json(initial_agent=agent, state_json=data)
    assert loaded.context.context == {"user": "ann"}
    overridden = await RunState.from_json(agent, data, context_override={"user": "bob"})
    assert overridden.context.context == {"user": "bob"}
    text = result.to_state().to_string()
    loaded = await RunState.from_string(initial_agent=agent, state_string=text)
    assert loaded.current_agent is agent


async def test_strict_context_on_save_and_load() -> None:
    model = ScriptedModel([tool_call("act", call_id="c1")])
    agent, result = await _paused(model, context=Profile())
    state = result.to_state()
    with pytest.raises(UserError, match="not a mapping"):
        state.to_json(strict_context=True)
    with pytest.raises(UserError, match="not a mapping"):
        state.to_string(strict_context=True)
    data = state.to_json(context_serializer=lambda p: {"name": p.name}, strict_context=True)

    with pytest.raises(UserError, match="context_deserializer"):
        await RunState.from_json(agent, data, strict_context=True)
    rebuilt = await RunState.from_json(
        agent, data, strict_context=True, context_deserializer=lambda v: Profile(**v)
    )
    assert rebuilt.context.context == Profile()
    given = await RunState.from_json(
        agent, data, strict_context=True, context_override=Profile("z")
    )
    assert given.context.context == Profile("z")
    loose = await RunState.from_json(agent, data)  # not strict: the stored mapping
    assert loose.context.context == {"name": "ann"}

    model = ScriptedModel([tool_call("act", call_id="c1")])
    agent, result = await _paused(model, context={"plain": True})
    data = result.to_state().to_json(strict_context=True)
    assert (await RunState.from_json(agent, data, strict_context=True)).context.context == {
        "plain": True
    }


# ----- bookkeeping ------------------------------------------------------------------


async def test_tool_use_tracker_snapshot_and_reset_tool_choice() -> None:
    model = ScriptedModel([tool_call("act", call_id="c1")])
    agent, result = await _paused(model)
    state = result.to_state()
    assert state.get_tool_use_tracker_snapshot() == {}
    state.set_tool_use_tracker_snapshot({"a": ["act", 3], 7: ["x"]})  # type: ignore[dict-item]
    assert state.get_tool_use_tracker_snapshot() == {"a": ["act"]}
    assert state.agents_that_used_tools == {"a"}
    snapshot = state.get_tool_use_tracker_snapshot()
    snapshot["a"].append("changed")  # a copy
    assert state.get_tool_use_tracker_snapshot() == {"a": ["act"]}
    loaded = await RunState.from_string(agent, state.to_string())
    assert loaded.get_tool_use_tracker_snapshot() == {"a": ["act"]}
    state.set_tool_use_tracker_snapshot(None)
    assert state.get_tool_use_tracker_snapshot() == {}


async def test_tracker_reports_tools_the_run_used() -> None:
    @function_tool
    def free() -> str:
        return "ok"

    model = ScriptedModel([tool_call("free", call_id="c1"), "done"])
    result = await Runner.run(Agent(name="u", model=model, tools=[free]), "hi")
    assert result.to_state().get_tool_use_tracker_snapshot() == {"u": ["free"]}


async def test_reasoning_policy_travels_with_the_state() -> None:
    model = ScriptedModel([[reasoning("r", id="rs_1"), tool_call("act", call_id="c1")], "done"])
    agent, result = await _paused(model)
    state = result.to_state()
    state.set_reasoning_item_id_policy("omit")
    with pytest.raises(UserError, match="'preserve' or 'omit'"):
        state.set_reasoning_item_id_policy("strip")  # type: ignore[arg-type]
    loaded = await RunState.from_string(agent, state.to_string())
    assert loaded.reasoning_item_id_policy == "omit"
    loaded.approve(loaded.get_interruptions()[0])
    await Runner.run(agent, loaded)
    sent = [i for i in model.calls[1].input if i.get("type") == "reasoning"]
    assert sent and "id" not in sent[0]


async def test_run_config_policy_wins_over_the_states() -> None:
    model = ScriptedModel([[reasoning("r", id="rs_1"), tool_call("act", call_id="c1")], "done"])
    agent, result = await _paused(model)
    state = result.to_state()
    state.set_reasoning_item_id_policy("omit")
    state.approve(result.interruptions[0])
    await Runner.run(agent, state, run_config=RunConfig(reasoning_item_id_policy="preserve"))
    sent = [i for i in model.calls[1].input if i.get("type") == "reasoning"]
    assert sent[0]["id"] == "rs_1"


async def test_set_trace_keeps_the_trace() -> None:
    model = ScriptedModel([tool_call("act", call_id="c1")])
    _, result = await _paused(model)
    state = result.to_state()
    marker = object()
    state.set_trace(marker)
    assert state.trace is marker
    state.set_trace(None)
    assert state.trace is None
    assert json.loads(state.to_string(include_tracing_api_key=True))
