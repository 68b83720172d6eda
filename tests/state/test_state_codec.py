"""RunState to and from plain JSON: round trips, resumes, golden fixtures, bad input."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from runwright import (
    Agent,
    MaxTurnsExceeded,
    Runner,
    RunState,
    Usage,
    UserError,
    function_tool,
)
from runwright.testing import ScriptedModel, ScriptedResponse, tool_call

sys.path.insert(0, str(Path(__file__).parent))
import scenario

GOLDEN = Path(__file__).parent / "golden"


async def _interrupted(context: Any = None) -> tuple[Any, Any, Any]:
    triage, admin, _t, admin_model = scenario.build_agents()
    result = await Runner.run(triage, "Please delete a.txt", context=context or {"user": "ann"})
    return triage, admin_model, result


async def test_round_trip_then_resume_in_a_fresh_agent_graph() -> None:
    scenario.deleted.clear()
    _triage, old_model, result = await _interrupted()
    text = result.to_state().to_string()
    old_model.clear()
    # A "new process": fresh agents with the same names, and the model's remaining script.
    triage, admin, triage_model, admin_model = scenario.build_agents()
    triage_model.clear()
    admin_model._steps.popleft()
    admin_model._steps.popleft()
    state = await RunState.from_string(triage, text)
    assert state.current_agent is admin
    assert state.context.context == {"user": "ann"}
    [approval] = state.get_interruptions()
    assert (approval.tool_name, approval.agent) == ("delete_file", admin)
    state.approve(approval)
    resumed = await Runner.run(triage, state)
    assert resumed.final_output == "Deleted a.txt."
    assert scenario.deleted == ["a.txt"]
    assert resumed.last_agent is admin
    assert resumed.usage.requests == 4
    admin_model.assert_consumed()


async def test_json_round_trip_is_stable() -> None:
    _triage, model, result = await _interrupted()
    data = result.to_state().to_json()
    triage, *_ = scenario.build_agents(scripted=False)
    again = (await RunState.from_json(triage, json.loads(json.dumps(data)))).to_json()
    assert again == data
    model.clear()


@pytest.mark.parametrize("fixture", ["v1_interrupted.json", "v2_approved.json", "v3_approved.json"])
async def test_golden_fixtures_load_and_resume(fixture: str) -> None:
    scenario.deleted.clear()
    data = json.loads((GOLDEN / fixture).read_text())
    triage, _, triage_model, admin_model = scenario.build_agents()
    triage_model.clear()
    admin_model._steps.popleft()
    admin_model._steps.popleft()
    state = await RunState.from_json(triage, data)
    if fixture.startswith("v1"):
        state.approve(state.get_interruptions()[0])
    result = await Runner.run(triage, state)
    assert result.final_output == "Deleted a.txt."
    assert scenario.deleted == ["a.txt"]


async def test_v1_approvals_are_bound_to_their_calls_when_migrated() -> None:
    scenario.deleted.clear()
    data = json.loads((GOLDEN / "v1_interrupted.json").read_text())
    data["approvals"] = {"delete_file": {"approved": ["call_admin_3"], "rejected": []}}
    triage, _, triage_model, admin_model = scenario.build_agents()
    triage_model.clear()
    admin_model._steps.popleft()
    admin_model._steps.popleft()
    result = await Runner.run(triage, await RunState.from_json(triage, data))
    assert result.final_output == "Deleted a.txt."
    assert scenario.deleted == ["a.txt"]
    # The same v1 state naming a call the model never made is refused.
    data["approvals"]["delete_file"]["approved"] = ["call_forged"]
    with pytest.raises(UserError, match="never made"):
        await RunState.from_json(triage, data)


async def test_current_writer_matches_the_golden_fixture() -> None:
    """The format changed without a new schema version if this fails: runwright's own
    layout (durable checkpoints) and the SDK's document that ``to_json()`` writes."""
    _triage, model, result = await _interrupted()
    state = result.to_state()
    state.approve(state.get_interruptions()[0])
    current = json.loads(json.dumps(scenario.native(state)))
    assert current == json.loads((GOLDEN / "v3_approved.json").read_text())
    document = json.loads(json.dumps(state.to_json()))
    assert document == json.loads((GOLDEN / "sdk_1_21_approved.json").read_text())
    model.clear()


async def test_max_turns_state_survives_serialisation(scripted: Any) -> None:
    @function_tool
    def step() -> str:
        return "more"

    model = scripted([tool_call("step"), tool_call("step"), "done"])
    agent = Agent(name="a", model=model, tools=[step])
    with pytest.raises(MaxTurnsExceeded) as info:
        await Runner.run(agent, "go", max_turns=2)
    assert info.value.run_state is not None
    state = await RunState.from_string(agent, info.value.run_state.to_string())
    result = await Runner.run(agent, state, max_turns=5)
    assert result.final_output == "done"


async def test_per_request_usage_survives_serialisation() -> None:
    """usage.request_usage_entries (one per model request) travels with the state."""

    @function_tool(needs_approval=True)
    def charge(amount: int) -> str:
        return "charged"

    model = ScriptedModel(
        [
            ScriptedResponse(
                tool_call("charge", {"amount": 5}),
                usage=Usage(requests=1, input_tokens=30, output_tokens=4),
            ),
            ScriptedResponse("Charged.", usage=Usage(requests=1, input_tokens=50, output_tokens=6)),
        ]
    )
    agent = Agent(name="a", model=model, tools=[charge])
    first = await Runner.run(agent, "charge me")
    state = await RunState.from_string(agent, first.to_state().to_string())
    entries = state.context_wrapper.usage.request_usage_entries
    assert [(e.input_tokens, e.output_tokens) for e in entries] == [(30, 4)]
    state.approve(state.get_interruptions()[0])
    done = await Runner.run(agent, state)
    usage = done.context_wrapper.usage
    assert [(e.input_tokens, e.total_tokens) for e in usage.request_usage_entries] == [
        (30, 34),
        (50, 56),
    ]
    assert (usage.requests, usage.input_tokens) == (2, 80)
    bad = scenario.native(first.to_state())
    bad["usage"]["request_usage_entries"] = [{"input_tokens": -1}]
    with pytest.raises(UserError, match="non-negative integer"):
        await RunState.from_json(agent, bad)


class Profile(BaseModel):
    user: str
    tier: int


@dataclass
class Session:
    user: str


async def test_context_kinds(scripted: Any) -> None:
    for context, options, expected in [
        (Profile(user="a", tier=2), {"context_type": Profile}, Profile(user="a", tier=2)),
        (Session("b"), {"context_deserializer": lambda v: Session(**v)}, Session("b")),
        ([1, 2], {}, [1, 2]),
        (None, {}, None),
        (object(), {"context": "given"}, "given"),
    ]:
        model = scripted([tool_call("step"), "never"])

        @function_tool(needs_approval=True)
        def step() -> str:
            return "x"

        agent = Agent(name="a", model=model, tools=[step])
        result = await Runner.run(agent, "go", context=context)
        serializer = (lambda c: "opaque") if options.get("context") == "given" else None
        text = result.to_state().to_string(context_serializer=serializer)
        state = await RunState.from_string(agent, text, **options)
        assert state.context.context == expected
        model.clear()


async def test_unserialisable_context_is_user_error(scripted: Any) -> None:
    model = scripted(["x"])
    result = await Runner.run(Agent(name="a", model=model), "go", context=object())
    with pytest.raises(UserError, match="context_serializer"):
        result.to_state().to_json()


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d.update(schema_version=99), "newer runwright"),
        (lambda d: d.update(schema_version=0), "not a known version"),
        (lambda d: d.pop("schema_version"), "schema_version"),
        (lambda d: d.update(current_agent="Ghost"), "'Ghost'.*not reachable"),
        (lambda d: d.update(starting_agent="Other"), "started by agent 'Other'"),
        (lambda d: d.pop("transcript"), "missing 'transcript'"),
        (lambda d: d.update(current_turn=-1), "current_turn"),
        (lambda d: d.update(turn_start_index=10_000), "turn_start_index"),
        (lambda d: d["generated_items"].append({"kind": "bogus"}), "unknown kind"),
        (lambda d: d["generated_items"][0].update(agent=3), "agent names are strings"),
        (lambda d: d.update(usage={"requests": "many"}), "usage field 'requests'"),
        (lambda d: d.update(approvals={"t": {"approved": "yes"}}), "approvals"),
        (lambda d: d.update(model_responses=[], awaiting_tools=True), "no model response"),
    ],
)
async def test_bad_state_data_is_user_error(mutate: Any, message: str) -> None:
    _triage, model, result = await _interrupted()
    data = scenario.native(result.to_state())
    mutate(data)
    triage, *_ = scenario.build_agents(scripted=False)
    with pytest.raises(UserError, match=message):
        await RunState.from_json(triage, data)
    model.clear()


@pytest.mark.parametrize("text", ["", "{", "[]", "null", '{"schema_version": 1}', "\x00"])
def test_garbage_strings_are_user_errors(text: str) -> None:
    with pytest.raises(UserError):
        RunState.from_string_sync(Agent(name="a"), text)


def _golden_text() -> str:
    return (GOLDEN / "v1_interrupted.json").read_text()


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    cut=st.integers(min_value=0, max_value=6000),
    position=st.integers(min_value=0, max_value=6000),
    junk=st.text(max_size=8),
)
def test_fuzzed_state_strings_only_raise_user_error(cut: int, position: int, junk: str) -> None:
    text = _golden_text()
    mutated = text[:position] + junk + text[position + len(junk) :]
    mutated = mutated[: max(cut, 1)] if cut < len(mutated) else mutated
    triage, *_ = scenario.build_agents(scripted=False)
    try:
        RunState.from_string_sync(triage, mutated)
    except UserError:
        pass


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_fuzzed_state_values_only_raise_user_error(data: Any) -> None:
    state = json.loads(_golden_text())
    paths = list(_paths(state))
    path = data.draw(st.sampled_from(paths))
    value = data.draw(
        st.one_of(
            st.none(),
            st.booleans(),
            st.integers(-5, 10**6),
            st.text(max_size=5),
            st.lists(st.integers(), max_size=2),
            st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
        )
    )
    _set(state, path, value)
    triage, *_ = scenario.build_agents(scripted=False)
    try:
        RunState.from_json_sync(triage, state)
    except UserError:
        pass


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> Any:
    yield prefix
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from _paths(inner, (*prefix, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield from _paths(inner, (*prefix, index))


def _set(root: Any, path: tuple[Any, ...], value: Any) -> None:
    if not path:
        return
    target = root
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
