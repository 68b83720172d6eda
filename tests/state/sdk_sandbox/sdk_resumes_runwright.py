"""Resumes runwright's paused sandboxed run (write_runwright_document.py) under the SDK
(openai-agents 0.24): bench/.sdk-venv/bin/python sdk_resumes_runwright.py OUT_DIR live|gone.
"live": the SDK continues in runwright's workspace; "gone": the workspace is removed first
and the SDK restores runwright's snapshot. Both print the file runwright wrote."""

import asyncio
import json
import pathlib
import shutil
import sys

from agents import RunConfig, Runner, RunState, function_tool
from agents.sandbox import SandboxAgent, SandboxRunConfig
from agents.sandbox.capabilities import Filesystem, Shell
from agents.sandbox.sandboxes import UnixLocalSandboxClient
from agents.testing import ScriptedModel, assistant_message, function_call


@function_tool(needs_approval=True)
def publish(note: str) -> str:
    """Publish the note."""
    return f"published {note}"


async def main():
    out = pathlib.Path(sys.argv[1])
    mode = sys.argv[2]
    text = (out / "rw_paused.json").read_text()
    if mode == "gone":  # the workspace is gone: the SDK must restore the snapshot
        ws = json.loads(text)["sandbox"]["session_state"]["manifest"]["root"]
        shutil.rmtree(ws)
    model = ScriptedModel(
        [
            [function_call("exec_command", {"cmd": "cat made.txt"}, call_id="c9")],
            [assistant_message("fin")],
        ]
    )
    agent = SandboxAgent(
        name="eng", model=model, tools=[publish], capabilities=[Filesystem(), Shell()]
    )
    state = await RunState.from_string(agent, text)
    state.approve(state.get_interruptions()[0])
    r = await Runner.run(
        agent,
        state,
        run_config=RunConfig(sandbox=SandboxRunConfig(client=UnixLocalSandboxClient())),
    )
    print("final", r.final_output)
    for i in r.new_items:
        if type(i).__name__ == "ToolCallOutputItem":
            print("out:", repr(str(i.output))[:200])


asyncio.run(main())
