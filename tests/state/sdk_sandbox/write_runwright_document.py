"""Writes a paused runwright sandboxed run (rw_paused.json, its snapshot in the same folder)
for sdk_resumes_runwright.py. Run with runwright's Python:
.venv/bin/python write_runwright_document.py OUT_DIR"""

import asyncio
import json
import os
import pathlib
import sys
import tempfile

from runwright import RunConfig, Runner, function_tool
from runwright.sandbox import Filesystem, LocalSnapshotSpec, SandboxAgent, SandboxRunConfig, Shell
from runwright.sandbox.sandboxes import UnixLocalSandboxClient, UnixLocalSandboxClientOptions
from runwright.testing import ScriptedModel, tool_call


@function_tool(needs_approval=True)
def publish(note: str) -> str:
    """Publish the note."""
    return f"published {note}"


async def main():
    out = pathlib.Path(sys.argv[1])
    base = tempfile.mkdtemp(prefix="rw-ws-")
    os.chmod(base, 0o755)
    model = ScriptedModel(
        [
            tool_call("write_file", {"path": "made.txt", "content": "made-by-runwright\n"}),
            tool_call("publish", {"note": "n"}),
            "x",
        ]
    )
    agent = SandboxAgent(
        name="eng", model=model, tools=[publish], capabilities=[Filesystem(), Shell()]
    )
    cfg = RunConfig(
        sandbox=SandboxRunConfig(
            client=UnixLocalSandboxClient(UnixLocalSandboxClientOptions(workspace_base=base)),
            snapshot=LocalSnapshotSpec(base_path=out),
        )
    )
    r = await Runner.run(agent, "go", run_config=cfg)
    (out / "rw_paused.json").write_text(r.to_state().to_string())
    print(json.dumps(json.loads(r.to_state().to_string())["sandbox"], indent=1)[:600])


asyncio.run(main())
