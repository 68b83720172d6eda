"""Whatever RunState text or data is loaded: a UserError, or a state that runs.

Valid states (paused on an approval, and with the decision made; in the SDK's layout
and in runwright's own) are cut,
spliced with junk, and mutated in one to three places; each result either
fails to load with a UserError or loads — and then runs to its end, or to a
library error, with a fresh agent graph.
"""

from __future__ import annotations

import asyncio
import copy
import json
import sys
from pathlib import Path
from typing import Any

from _payloads import as_json_text, mutated, with_deep_values
from hypothesis import given
from hypothesis import strategies as st

from conftest import CASE_TIMEOUT, fuzz_settings
from runwright import AgentsException, RunConfig, Runner, RunState, UserError
from runwright.testing import ScriptedModel, tool_call

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "state"))
import scenario

CONFIG = RunConfig(tracing_disabled=True)


def _valid_states() -> list[dict[str, Any]]:
    async def make() -> list[dict[str, Any]]:
        triage, *_ = scenario.build_agents()
        paused = await Runner.run(triage, "Please delete a.txt", context={"user": "ann"})
        state = paused.to_state()
        # The OpenAI Agents SDK's document (what to_json writes) and runwright's own layout
        # (durable checkpoints, states written before), each paused and decided.
        before = [state.to_json(), scenario.native(state)]
        state.approve(state.get_interruptions()[0])
        return [*before, state.to_json(), scenario.native(state)]

    return asyncio.run(make())


VALID = _valid_states()


def _fresh_agents() -> tuple[Any, list[ScriptedModel]]:
    """The scenario's agents, whose models answer whatever they are asked."""
    triage, admin, triage_model, admin_model = scenario.build_agents(scripted=False)
    for model in (triage_model, admin_model):
        model._steps.extend([tool_call("list_files"), "Done.", "Done.", "Done."])
    return triage, [triage_model, admin_model]


OUTCOMES: dict[str, int] = {}


def _load_and_run(load: Any) -> None:
    triage, models = _fresh_agents()
    try:
        state = load(triage)
        OUTCOMES["ran"] = OUTCOMES.get("ran", 0) + 1
        asyncio.run(asyncio.wait_for(_run(triage, state), CASE_TIMEOUT))
    except UserError:
        OUTCOMES["refused"] = OUTCOMES.get("refused", 0) + 1
    finally:
        for model in models:
            model.clear()  # what a case leaves unasked is no finding


async def _run(triage: Any, state: RunState[Any]) -> None:
    for approval in state.get_interruptions():
        state.approve(approval)
    try:
        await Runner.run(triage, state, run_config=CONFIG)
    except AgentsException as error:
        key = type(error).__name__
        OUTCOMES[key] = OUTCOMES.get(key, 0) + 1


@fuzz_settings(ci_examples=600)
@given(
    base=st.sampled_from(VALID),
    cut=st.integers(0, 20_000),
    at=st.integers(0, 20_000),
    junk=st.text(max_size=8) | st.sampled_from(["[" * 100_000, "\udcff", '"', "}", "\\u0000"]),
)
def test_state_strings_load_with_user_errors_or_run(
    base: dict[str, Any], cut: int, at: int, junk: str
) -> None:
    text = json.dumps(base)
    cut, at = cut % (len(text) + 1), at % (len(text) + 1)
    edited = text[:at] + junk + text[at:cut] if cut > at else text[:at] + junk + text[at:]
    _load_and_run(lambda agent: RunState.from_string_sync(agent, edited))


@fuzz_settings(ci_examples=900)
@given(data=st.data(), base=st.sampled_from(VALID), as_text=st.booleans())
def test_state_data_loads_with_user_errors_or_runs(
    data: st.DataObject, base: dict[str, Any], as_text: bool
) -> None:
    state = data.draw(mutated(copy.deepcopy(base)))
    if as_text:
        text = as_json_text(state)
        _load_and_run(lambda agent: RunState.from_string_sync(agent, text))
    else:
        _load_and_run(lambda agent: RunState.from_json_sync(agent, with_deep_values(state)))


def test_some_fuzzed_states_loaded_and_ran() -> None:
    """The fuzzing reached the runner, not only the loader (runs after the tests above)."""
    if OUTCOMES:
        assert OUTCOMES.get("ran", 0) > 0 and OUTCOMES.get("refused", 0) > 0, OUTCOMES
