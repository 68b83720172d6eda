"""Paused runs crossing between runwright and the OpenAI Agents SDK, both ways.

One scenario, written the same way for both libraries: a bank agent calls ``balance`` (no
approval needed) and ``transfer`` (needs approval) in one turn, and the run pauses.

    .venv/bin/python tests/state/sdk_interop.py write      # runwright writes its documents
    <sdk-venv>/bin/python tests/state/sdk_interop.py check  # the SDK loads and resumes them,
                                                            # and writes paused runs of its own

``check`` needs openai-agents 0.24 (``scripts/bench_sdk_venv`` makes bench/.sdk-venv). It
records what the SDK did with each runwright document in ``sdk_interop/sdk_outcomes.json``
and the SDK's own paused documents in ``sdk_interop/sdk_*.json``. test_sdk_interop.py checks
that runwright still writes exactly the documents the SDK was seen resuming, and resumes the
SDK's documents itself.
"""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path
from typing import Any

FOLDER = Path(__file__).parent / "sdk_interop"
TRANSFER_ARGS = {"amount": 5, "to": "bob"}
REJECTION = "Transfers to bob need a second signature."


def _using_sdk() -> bool:
    return sys.argv[1:2] == ["check"]


def build(lib: Any, transfers: list[dict[str, Any]], model: Any) -> Any:
    """The bank agent, from ``lib`` (the ``agents`` or the ``runwright`` package)."""

    @lib.function_tool
    def balance() -> str:
        """The account's balance."""
        return "100"

    @lib.function_tool(needs_approval=True)
    def transfer(amount: int, to: str) -> str:
        """Moves money to someone."""
        transfers.append({"amount": amount, "to": to})
        return f"moved {amount} to {to}"

    return lib.Agent(name="bank", instructions="Pay.", tools=[balance, transfer], model=model)


# ----- runwright's side --------------------------------------------------------------------


def runwright_script() -> list[Any]:
    from runwright.testing import tool_call

    return [
        [
            tool_call("balance", call_id="call_balance"),
            tool_call("transfer", TRANSFER_ARGS, call_id="call_transfer"),
        ],
        "done",
    ]


async def runwright_documents() -> dict[str, dict[str, Any]]:
    """What runwright writes: the paused run, and the same run after a human approved."""
    import runwright
    from runwright.testing import ScriptedModel

    model = ScriptedModel(runwright_script())
    agent = build(runwright, [], model)
    result = await runwright.Runner.run(agent, "Pay bob 5.")
    paused = result.to_state()
    documents = {"runwright_paused": paused.to_json()}
    paused.approve(paused.get_interruptions()[0])
    documents["runwright_approved"] = paused.to_json()
    model.clear()
    return documents


async def write() -> None:
    FOLDER.mkdir(exist_ok=True)
    for name, document in (await runwright_documents()).items():
        (FOLDER / f"{name}.json").write_text(json.dumps(document, indent=1, sort_keys=True) + "\n")
        print(f"wrote {name}.json")


# ----- the SDK's side (run with openai-agents installed) -----------------------------------


def sdk_model(transcripts: list[list[Any]]) -> Any:
    """An SDK Model that answers "done" and records the input of each call."""
    from agents.items import ModelResponse
    from agents.models.interface import Model
    from agents.usage import Usage
    from openai.types.responses import ResponseOutputMessage, ResponseOutputText

    class Recorder(Model):  # type: ignore[misc]
        async def get_response(self, *args: Any, **kwargs: Any) -> Any:
            given = kwargs["input"] if "input" in kwargs else args[1]
            transcripts.append(json.loads(json.dumps(given, default=str)))
            text = ResponseOutputText(annotations=[], text="done", type="output_text")
            message = ResponseOutputMessage(
                id="msg_done",
                content=[text],
                role="assistant",
                status="completed",
                type="message",
            )
            return ModelResponse(output=[message], usage=Usage(), response_id="resp_done")

        def stream_response(self, *args: Any, **kwargs: Any) -> Any:
            raise NotImplementedError

    return Recorder()


async def sdk_resume(name: str, decision: str) -> dict[str, Any]:
    """The SDK loads document ``name``, decides (approve, reject or none) and resumes it."""
    import agents
    from agents.run_state import RunState

    transfers: list[dict[str, Any]] = []
    transcripts: list[list[Any]] = []
    agent = build(agents, transfers, sdk_model(transcripts))
    text = (FOLDER / f"{name}.json").read_text()
    state = await RunState.from_string(agent, text)
    pending = state.get_interruptions()
    if decision == "approve":
        state.approve(pending[0])
    elif decision == "reject":
        state.reject(pending[0], rejection_message=REJECTION)
    result = await agents.Runner.run(agent, state)
    outputs = [
        item.get("output")
        for item in (transcripts[0] if transcripts else [])
        if isinstance(item, dict) and item.get("type") == "function_call_output"
    ]
    return {
        "pending": [(p.name, p.arguments) for p in pending],
        "transfers": transfers,
        "tool_outputs_sent": outputs,
        "final_output": result.final_output,
    }


async def sdk_documents() -> None:
    """The SDK pauses the scenario and writes its documents, before and after approving."""
    import agents
    from agents.items import ModelResponse
    from agents.models.interface import Model
    from agents.usage import Usage
    from openai.types.responses import ResponseFunctionToolCall

    class Caller(Model):  # type: ignore[misc]
        async def get_response(self, *args: Any, **kwargs: Any) -> Any:
            calls = [
                ResponseFunctionToolCall(
                    arguments=json.dumps(arguments),
                    call_id=call_id,
                    name=name,
                    type="function_call",
                    id=f"fc_{call_id}",
                )
                for name, arguments, call_id in [
                    ("balance", {}, "call_balance"),
                    ("transfer", TRANSFER_ARGS, "call_transfer"),
                ]
            ]
            return ModelResponse(output=calls, usage=Usage(), response_id="resp_calls")

        def stream_response(self, *args: Any, **kwargs: Any) -> Any:
            raise NotImplementedError

    agent = build(agents, [], Caller())
    result = await agents.Runner.run(agent, "Pay bob 5.")
    state = result.to_state()
    documents = {"sdk_paused": state.to_json()}
    state.approve(result.interruptions[0])
    documents["sdk_approved"] = state.to_json()
    for name, document in documents.items():
        document.pop("trace", None)  # a random id, of no use to the test
        (FOLDER / f"{name}.json").write_text(json.dumps(document, indent=1, sort_keys=True) + "\n")


async def check() -> None:
    outcomes = {
        "runwright_paused+approve": await sdk_resume("runwright_paused", "approve"),
        "runwright_paused+reject": await sdk_resume("runwright_paused", "reject"),
        "runwright_approved": await sdk_resume("runwright_approved", "none"),
    }
    import importlib.metadata

    record = {"openai-agents": importlib.metadata.version("openai-agents"), "outcomes": outcomes}
    (FOLDER / "sdk_outcomes.json").write_text(json.dumps(record, indent=1, sort_keys=True) + "\n")
    await sdk_documents()
    print(json.dumps(record, indent=1))


if __name__ == "__main__":
    asyncio.run(check() if _using_sdk() else write())
