"""Paused runs cross between runwright and the OpenAI Agents SDK, both ways (sdk_interop.py).

The SDK is not a test dependency: ``sdk_interop.py check`` ran it on runwright's documents and
recorded what it did. These tests hold runwright to those documents (byte for byte, so the
record still applies) and resume the SDK's own paused documents under runwright.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

import runwright
from runwright import Runner, RunState
from runwright.testing import ScriptedModel

sys.path.insert(0, str(Path(__file__).parent))
import sdk_interop

FOLDER = sdk_interop.FOLDER
REMAKE = "the document changed: run sdk_interop.py write, then check under openai-agents 0.24"


def _recorded(name: str) -> Any:
    return json.loads((FOLDER / f"{name}.json").read_text())


async def test_runwright_writes_the_documents_the_sdk_was_seen_resuming() -> None:
    for name, document in (await sdk_interop.runwright_documents()).items():
        assert json.loads(json.dumps(document)) == _recorded(name), REMAKE


def test_the_sdk_resumed_runwrights_paused_run_approved_and_rejected() -> None:
    record = _recorded("sdk_outcomes")
    assert record["openai-agents"].startswith("0.24.")
    outcomes = record["outcomes"]
    pending = [["transfer", json.dumps(sdk_interop.TRANSFER_ARGS)]]
    approved = outcomes["runwright_paused+approve"]
    assert approved["pending"] == pending
    assert approved["transfers"] == [sdk_interop.TRANSFER_ARGS]  # once, with its arguments
    assert approved["tool_outputs_sent"] == ["100", "moved 5 to bob"]  # balance not re-run
    rejected = outcomes["runwright_paused+reject"]
    assert rejected["transfers"] == []
    assert rejected["tool_outputs_sent"] == ["100", sdk_interop.REJECTION]
    # Approved in runwright, then resumed by the SDK with no decision of its own.
    decided = outcomes["runwright_approved"]
    assert decided["transfers"] == [sdk_interop.TRANSFER_ARGS]
    assert decided["final_output"] == "done"


@pytest.mark.parametrize(
    ("name", "decision", "transfers", "last_output"),
    [
        ("sdk_paused", "approve", [sdk_interop.TRANSFER_ARGS], "moved 5 to bob"),
        ("sdk_paused", "reject", [], sdk_interop.REJECTION),
        ("sdk_approved", "none", [sdk_interop.TRANSFER_ARGS], "moved 5 to bob"),
    ],
)
async def test_runwright_resumes_the_sdks_paused_run(
    name: str, decision: str, transfers: list[Any], last_output: str
) -> None:
    done: list[dict[str, Any]] = []
    model = ScriptedModel(["done"])
    agent = sdk_interop.build(runwright, done, model)
    state = await RunState.from_string(agent, (FOLDER / f"{name}.json").read_text())
    [pending] = state.get_interruptions()
    assert (pending.tool_name, json.loads(pending.arguments)) == (
        "transfer",
        sdk_interop.TRANSFER_ARGS,
    )
    if decision == "approve":
        state.approve(pending)
    elif decision == "reject":
        state.reject(pending, rejection_message=sdk_interop.REJECTION)
    result = await Runner.run(agent, state)
    assert result.final_output == "done"
    assert done == transfers
    outputs = [i["output"] for i in model.calls[0].input if i.get("type") == "function_call_output"]
    assert outputs == ["100", last_output]  # balance ran once, under the SDK


async def test_an_sdk_state_resumed_by_runwright_is_written_back_for_the_sdk() -> None:
    """Load the SDK's document, approve in runwright, write: the SDK's fields stay, and
    runwright's decision is in the SDK's form (per agent, with the call's identity)."""
    model = ScriptedModel(["done"])
    agent = sdk_interop.build(runwright, [], model)
    original = _recorded("sdk_paused")
    state = await RunState.from_json(agent, original)
    state.approve(state.get_interruptions()[0])
    written = state.to_json()
    [entry] = written["context"]["function_tool_approvals"]
    assert entry == {
        "agent": {"name": "bank"},
        "decision": {"approved": ["call_transfer"], "rejected": []},
        "tool_key": "transfer",
    }
    assert written["context"]["tool_invocations"] == original["context"]["tool_invocations"]
    model.clear()


async def test_input_added_before_resuming_travels_in_the_sdks_field() -> None:
    model = ScriptedModel(sdk_interop.runwright_script())
    agent = sdk_interop.build(runwright, [], model)
    state = (await Runner.run(agent, "Pay bob 5.")).to_state()
    state.add_input("Also, make it quick.")
    written = state.to_json()
    assert written["pending_input"] == [{"content": "Also, make it quick.", "role": "user"}]
    assert "pending_input" not in written["runwright"]["state"]
    again = await RunState.from_json(agent, written)
    assert again.pending_input == written["pending_input"]
    model.clear()
