"""The OpenAI Agents SDK's own RunState corpus (openai-agents 0.24.0, ``sdk_corpus/``):
runwright loads what the SDK loads, refuses what it refuses, keeps every field when it
writes a state back, and resumes the SDK's paused run."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from runwright import Agent, Runner, RunState, UserError, function_tool
from runwright.testing import ScriptedModel, message

CORPUS = Path(__file__).parent / "sdk_corpus"
SENTINEL = "SENTINEL_42"
REFUSED_BY_THE_SDK = {
    # Its current agent is the second of two same-named agents; this graph has one.
    "features/v1_7_duplicate_agent_identity_and_sandbox.json": "identity 'compat-agent#2'",
}
CREDENTIALS = ("access_key_id", "secret_access_key", "session_token")


def _fixtures(*folders: str) -> list[str]:
    return sorted(
        str(path.relative_to(CORPUS)) for folder in folders for path in (CORPUS / folder).glob("*")
    )


LOADABLE = [
    f for f in _fixtures("minimal", "features", "resume", "security") if f not in REFUSED_BY_THE_SDK
]


def _agent(calls: list[str] | None = None, model: Any = None) -> Agent[Any]:
    @function_tool(needs_approval=True)
    def historical_approval(account_id: str) -> str:
        """Looks an account up (after a human approves)."""
        if calls is not None:
            calls.append(account_id)
        return f"balance of {account_id}: 12"

    return Agent(name="compat-agent", tools=[historical_approval], model=model)


def _read(name: str) -> dict[str, Any]:
    return json.loads((CORPUS / name).read_text())  # type: ignore[no-any-return]


def _leaves(value: Any, path: str = "") -> dict[str, Any]:
    if isinstance(value, dict) and value:
        out: dict[str, Any] = {}
        for key, inner in value.items():
            out.update(_leaves(inner, f"{path}.{key}"))
        return out
    if isinstance(value, list) and value:
        out = {}
        for index, inner in enumerate(value):
            out.update(_leaves(inner, f"{path}[{index}]"))
        return out
    return {path: value}


def _is_authority(path: str) -> bool:
    """What the SDK's migration strips from a sandbox state: mount credentials and opaque
    mount driver options (the corpus's one allowed normalization)."""
    return path.endswith(CREDENTIALS) or ".mount_strategy.driver_options." in path


def test_the_corpus_is_the_sdks_whole_corpus() -> None:
    sources = json.loads((CORPUS / "sources.json").read_text())
    recorded = {entry["fixture"] for entry in sources["features"]}
    assert recorded <= set(_fixtures("features"))
    assert [f"minimal/v1_{n}.json" for n in range(21)] == sorted(
        _fixtures("minimal"), key=lambda f: int(f.split("_")[-1].split(".")[0])
    )
    assert len(LOADABLE) + len(REFUSED_BY_THE_SDK) + len(_fixtures("negative")) == 46


@pytest.mark.parametrize("name", LOADABLE)
async def test_runwright_loads_what_the_sdk_loads(name: str) -> None:
    data = _read(name)
    state = await RunState.from_json(_agent(), data)
    assert state.current_agent.name == "compat-agent"
    assert state.current_turn == data.get("current_turn", 0)
    assert len(state.generated_items) == len(data["generated_items"])
    assert _read(name) == data  # loading does not change the caller's data


@pytest.mark.parametrize("name", sorted(REFUSED_BY_THE_SDK))
async def test_runwright_refuses_what_the_sdk_refuses(name: str) -> None:
    with pytest.raises(UserError, match=REFUSED_BY_THE_SDK[name]):
        await RunState.from_json(_agent(), _read(name))


@pytest.mark.parametrize("name", _fixtures("negative"))
async def test_bad_states_are_refused_without_echoing_their_content(name: str) -> None:
    with pytest.raises(UserError) as caught:
        await RunState.from_string(_agent(), (CORPUS / name).read_text())
    assert SENTINEL not in str(caught.value)
    assert "RunState" in str(caught.value)


@pytest.mark.parametrize("name", LOADABLE)
async def test_every_field_survives_a_rewrite_to_the_current_schema(name: str) -> None:
    original = _read(name)
    rewritten = (await RunState.from_json(_agent(), copy.deepcopy(original))).to_json()
    assert rewritten["$schemaVersion"] == "1.21"
    before, after = _leaves(original), _leaves(rewritten)
    lost = {
        path: value
        for path, value in before.items()
        if path != ".$schemaVersion"
        and after.get(path, "<missing>") != value
        and not (name.startswith("security/") and _is_authority(path))
    }
    assert not lost, f"fields lost or changed by the rewrite: {lost}"


@pytest.mark.parametrize("name", LOADABLE)
async def test_the_rewrite_is_idempotent(name: str) -> None:
    once = (await RunState.from_json(_agent(), _read(name))).to_json()
    twice = (await RunState.from_json(_agent(), copy.deepcopy(once))).to_json()
    assert twice == once


async def test_persisted_mount_credentials_are_stripped_on_load() -> None:
    name = "security/v1_13_legacy_mount_credentials.json"
    assert SENTINEL in json.dumps(_read(name))
    state = await RunState.from_json(_agent(), _read(name))
    text = state.to_string()
    assert SENTINEL not in text
    sandbox = json.loads(text)["sandbox"]
    remote = sandbox["session_state"]["manifest"]["entries"]["remote"]
    assert {key: remote[key] for key in CREDENTIALS} == dict.fromkeys(CREDENTIALS)
    assert "driver_options" not in remote["mount_strategy"]
    assert remote["bucket"] == "compat-bucket"  # what is not authority stays
    assert sandbox["session_state"]["mount_authority_redacted"] is True


async def test_the_sdks_paused_run_resumes_approved() -> None:
    calls: list[str] = []
    model = ScriptedModel([message("Your balance is 12.")])
    agent = _agent(calls, model)
    state = await RunState.from_json(agent, _read("resume/v1_13_pending_tool_approval.json"))
    [pending] = state.get_interruptions()
    assert (pending.tool_name, pending.arguments) == (
        "historical_approval",
        '{"account_id":"account-1"}',
    )
    state.approve(pending)
    result = await Runner.run(agent, state)
    assert calls == ["account-1"]
    assert result.final_output == "Your balance is 12."
    [call] = model.calls
    outputs = [i for i in call.input if i.get("type") == "function_call_output"]
    assert [(o["call_id"], o["output"]) for o in outputs] == [
        ("historical-approval-1", "balance of account-1: 12")
    ]


async def test_the_sdks_paused_run_resumes_rejected() -> None:
    calls: list[str] = []
    model = ScriptedModel([message("I may not look that up.")])
    agent = _agent(calls, model)
    state = await RunState.from_json(agent, _read("resume/v1_13_pending_tool_approval.json"))
    state.reject(state.get_interruptions()[0], rejection_message="Not for this account.")
    result = await Runner.run(agent, state)
    assert calls == []
    assert result.final_output == "I may not look that up."
    outputs = [i for i in model.calls[0].input if i.get("type") == "function_call_output"]
    assert [o["output"] for o in outputs] == ["Not for this account."]


async def test_a_state_written_by_runwright_resumes_after_passing_through_sdk_json() -> None:
    """runwright's own fields ride along under "runwright"; drop them (as the SDK's writer
    does) and the SDK part alone still resumes the run."""
    calls: list[str] = []
    agent = _agent(calls, ScriptedModel([message("done")]))
    state = await RunState.from_json(agent, _read("resume/v1_13_pending_tool_approval.json"))
    written = state.to_json()
    assert written["runwright"]["state"]["approval_digests"] == {}
    del written["runwright"]
    again = await RunState.from_json(agent, written)
    again.approve(again.get_interruptions()[0])
    assert (await Runner.run(agent, again)).final_output == "done"
    assert calls == ["account-1"]
