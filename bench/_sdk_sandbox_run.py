"""The scripted sandbox run of bench_sandbox.py, under openai-agents' own unix-local sandbox.

Run with the bench-only venv's Python (bench/sandbox_sdk_venv.sh makes it); prints
one JSON object: median ms per whole run and per shell call. Not part of runwright:
it imports only the SDK (``agents``), never runwright.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import sys
import time
from typing import Any

from agents import Runner
from agents.items import ModelResponse
from agents.models.interface import Model
from agents.run import RunConfig
from agents.sandbox import SandboxAgent, SandboxRunConfig
from agents.sandbox.capabilities import Shell
from agents.sandbox.sandboxes.unix_local import UnixLocalSandboxClient
from agents.usage import Usage
from openai.types.responses import (
    ResponseFunctionToolCall,
    ResponseOutputMessage,
    ResponseOutputText,
)

COMMANDS = json.loads(sys.argv[1])
RUNS = int(sys.argv[2])


class Scripted(Model):
    """Answers with one exec_command call per command, then a final message."""

    def __init__(self) -> None:
        self.step = 0

    async def get_response(self, *args: Any, **kwargs: Any) -> ModelResponse:
        step = self.step
        self.step += 1
        if step < len(COMMANDS):
            call = ResponseFunctionToolCall(
                type="function_call",
                call_id=f"c{step}",
                name="exec_command",
                arguments=json.dumps({"cmd": COMMANDS[step]}),
                id=f"fc{step}",
                status="completed",
            )
            return ModelResponse(output=[call], usage=Usage(), response_id=None)
        text = ResponseOutputText(type="output_text", text="done", annotations=[])
        msg = ResponseOutputMessage(
            type="message", id="m", role="assistant", status="completed", content=[text]
        )
        return ModelResponse(output=[msg], usage=Usage(), response_id=None)

    def stream_response(self, *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError


async def one_run(client: UnixLocalSandboxClient) -> tuple[float, str]:
    agent = SandboxAgent(name="calc", model=Scripted(), capabilities=[Shell()])
    config = RunConfig(sandbox=SandboxRunConfig(client=client), tracing_disabled=True)
    start = time.perf_counter()
    result = await Runner.run(agent, "go", run_config=config)
    elapsed = time.perf_counter() - start
    outputs = [str(getattr(i, "output", "")) for i in result.new_items]
    return elapsed, outputs[-2] if len(outputs) > 1 else ""


async def main() -> None:
    client = UnixLocalSandboxClient()
    await one_run(client)  # warm-up
    times = []
    last = ""
    for _ in range(RUNS):
        elapsed, last = await one_run(client)
        times.append(elapsed)
    print(json.dumps({"run_ms": statistics.median(times) * 1000, "last_output": last[-200:]}))


asyncio.run(main())
