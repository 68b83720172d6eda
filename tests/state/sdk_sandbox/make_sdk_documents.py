"""Writes the SDK's paused sandboxed RunState and its snapshot tar (sdk_paused.json,
sdk_snapshot.tar) for test_sdk_sandbox_state.py. Run with the SDK's Python (openai-agents
0.24): bench/.sdk-venv/bin/python make_sdk_documents.py tests/state/sdk_sandbox"""

import asyncio
import json
import pathlib
import shutil
import sys
import tempfile

from agents import RunConfig, Runner, function_tool
from agents.sandbox import LocalSnapshotSpec, Manifest, SandboxAgent, SandboxRunConfig
from agents.sandbox.capabilities import Filesystem, Shell
from agents.sandbox.entries import File
from agents.sandbox.sandboxes import UnixLocalSandboxClient
from agents.testing import ScriptedModel, function_call


@function_tool(needs_approval=True)
def publish(note: str) -> str:
    """Publish the note."""
    return f"published {note}"


async def main(out: pathlib.Path):
    snap = pathlib.Path(tempfile.mkdtemp())
    model = ScriptedModel(
        [
            [
                function_call(
                    "exec_command", {"cmd": "echo made-by-the-sdk > made.txt"}, call_id="c1"
                )
            ],
            [function_call("publish", {"note": "n"}, call_id="c2")],
        ]
    )
    agent = SandboxAgent(
        name="eng",
        model=model,
        tools=[publish],
        default_manifest=Manifest(entries={"a.txt": File(content=b"A")}),
        capabilities=[Filesystem(), Shell()],
    )
    cfg = RunConfig(
        sandbox=SandboxRunConfig(
            client=UnixLocalSandboxClient(), snapshot=LocalSnapshotSpec(base_path=snap)
        )
    )
    r = await Runner.run(agent, "go", run_config=cfg)
    assert r.interruptions, "expected a pause"
    text = r.to_state().to_string()
    doc = json.loads(text)
    sid = doc["sandbox"]["session_state"]["session_id"]
    tar = snap / f"{sid}.tar"
    shutil.copy(tar, out / "sdk_snapshot.tar")
    (out / "sdk_paused.json").write_text(text.replace(str(snap), "@SNAPSHOT_DIR@"))
    print(json.dumps(doc["sandbox"]["session_state"]["manifest"]["root"]))


asyncio.run(main(pathlib.Path(sys.argv[1])))
