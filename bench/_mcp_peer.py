"""M2 of bench_mcp.py for one framework, in its own process (run by bench_mcp.py).

    python _mcp_peer.py runwright|agents RUNS SERVER_PYTHON SERVER_SCRIPT

The same agent (no instructions, the server's tools, tracing off) against the
same stdio MCP server (``cache_tools_list=True``): the fake model asks for
``echo`` and then answers with the tool's output. Prints one JSON line.
"""

from __future__ import annotations

import asyncio
import gc
import json
import statistics
import sys
import time
from typing import Any

FRAMEWORK, RUNS, SERVER_PY, SERVER_SCRIPT = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
PARAMS = {"command": SERVER_PY, "args": [SERVER_SCRIPT, "stdio"]}
BLOCKS = 10


def runwright_side() -> tuple[Any, Any]:
    from runwright import Agent, RunConfig, Runner
    from runwright.mcp import MCPServerStdio
    from runwright.testing import ScriptedModel, tool_call

    server = MCPServerStdio(params=PARAMS, cache_tools_list=True)  # type: ignore[arg-type]
    model = ScriptedModel()
    model.calls = _NoLog()  # type: ignore[assignment]
    agent = Agent(name="a", model=model, mcp_servers=[server])
    config = RunConfig(tracing_disabled=True)

    async def one() -> None:
        model.add(tool_call("echo", {"text": "hi"}), "done")
        result = await Runner.run(agent, "go", run_config=config)
        assert result.final_output == "done", result.final_output

    return server, one


class _NoLog(list):  # type: ignore[type-arg]
    def append(self, _: Any) -> None:
        pass


def agents_side() -> tuple[Any, Any]:
    from agents import Agent, ModelResponse, RunConfig, Runner, Usage
    from agents.mcp import MCPServerStdio
    from agents.models.interface import Model
    from openai.types.responses import (
        ResponseFunctionToolCall,
        ResponseOutputMessage,
        ResponseOutputText,
    )

    class FakeModel(Model):
        """Asks for echo, then answers "done" (the minimum a Model must do)."""

        def __init__(self) -> None:
            self.turn = 0

        async def get_response(self, *args: Any, **kwargs: Any) -> Any:
            self.turn += 1
            if self.turn % 2 == 1:
                item: Any = ResponseFunctionToolCall(
                    type="function_call",
                    name="echo",
                    arguments='{"text": "hi"}',
                    call_id=f"call_{self.turn}",
                )
            else:
                text = ResponseOutputText(type="output_text", text="done", annotations=[])
                item = ResponseOutputMessage(
                    type="message",
                    id="msg",
                    role="assistant",
                    status="completed",
                    content=[text],
                )
            return ModelResponse(output=[item], usage=Usage(requests=1), response_id=None)

        def stream_response(self, *args: Any, **kwargs: Any) -> Any:
            raise NotImplementedError

    server = MCPServerStdio(params=PARAMS, cache_tools_list=True)  # type: ignore[arg-type]
    agent = Agent(name="a", model=FakeModel(), mcp_servers=[server])
    config = RunConfig(tracing_disabled=True)

    async def one() -> None:
        result = await Runner.run(agent, "go", run_config=config)
        assert result.final_output == "done", result.final_output

    return server, one


async def main() -> None:
    server, one = runwright_side() if FRAMEWORK == "runwright" else agents_side()
    per_run: list[float] = []
    async with server:
        for _ in range(20):
            await one()
        block = max(1, RUNS // BLOCKS)
        for _ in range(BLOCKS):
            gc.collect()
            start = time.perf_counter_ns()
            for _ in range(block):
                await one()
            per_run.append((time.perf_counter_ns() - start) / block / 1000)
    print(json.dumps({"us_per_run": statistics.median(per_run), "runs": block * BLOCKS}))


asyncio.run(main())
