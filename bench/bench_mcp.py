"""MCP tools: runwright's call path beside the raw `mcp` client, and beside openai-agents.

    python bench/bench_mcp.py            # full run
    python bench/bench_mcp.py --quick    # CI smoke figures
    python bench/bench_mcp.py --peer     # also openai-agents (needs scripts/bench_sdk_venv)

M1, one MCP tool call, in one process and event loop against the test server
(tests/mcp/server_app.py) over stdio, each side on its own connection to its
own server process:
  runwright  the FunctionTool runwright offers the model for the server's
             ``echo`` tool, invoked as a run invokes it (JSON arguments parsed,
             ``MCPServerStdio.call_tool``, result turned into the tool output and
             that into the input parts sent to the model);
  baseline   ``mcp.ClientSession.call_tool`` on a session opened by hand,
             reading the text of the result.
M2, one agent run with one MCP tool call (``Runner.run``: list tools (cached),
model asks for ``echo``, call, model answers), each framework in a fresh
process with the same fake model script and the same server, tracing off:
runwright beside openai-agents 0.24 (``agents.Runner.run`` with
``agents.mcp.MCPServerStdio``). The openai-agents side runs in the venv made
by ``scripts/bench_sdk_venv`` (bench/.sdk-venv); it is never a dependency of
runwright or of its tests.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SERVER = str(ROOT / "tests" / "mcp" / "server_app.py")
SDK_PYTHON = HERE / ".sdk-venv" / "bin" / "python"

from _harness import PairTiming, machine, time_pair_async, write_results  # noqa: E402

PARAMS = {"command": sys.executable, "args": [SERVER, "stdio"]}


async def m1(iterations: int, repeats: int) -> PairTiming:
    from mcp import ClientSession, StdioServerParameters, stdio_client
    from runwright._core.context import RunContextWrapper
    from runwright._tools.context import ToolContext
    from runwright._tools.output_parts import tool_output_for_model as model_output
    from runwright.mcp import MCPServerStdio, MCPUtil

    server = MCPServerStdio(params=PARAMS, cache_tools_list=True)  # type: ignore[arg-type]
    params = StdioServerParameters(command=sys.executable, args=[SERVER, "stdio"])
    async with server, stdio_client(params) as streams, ClientSession(*streams[:2]) as session:
        await session.initialize()
        ctx = RunContextWrapper(context=None)
        tools = await MCPUtil.get_function_tools(server, False, ctx, None)
        [echo] = [t for t in tools if t.name == "echo"]
        tool_ctx = ToolContext.for_call(ctx, "echo", "call_1", '{"text": "hi"}')

        async def runwright() -> Any:
            out = model_output(await echo.invoke(tool_ctx, '{"text": "hi"}'))
            assert out == [{"type": "input_text", "text": "echo: hi"}], out

        async def baseline() -> Any:
            result = await session.call_tool("echo", {"text": "hi"})
            assert result.content[0].text == "echo: hi"

        return await time_pair_async(
            runwright, baseline, iterations=iterations, repeats=repeats, warmup=iterations
        )


def peer_run(python: str, framework: str, runs: int) -> dict[str, Any]:
    """M2 for one framework in a fresh process; returns its JSON figures."""
    script = str(HERE / "_mcp_peer.py")
    out = subprocess.run(
        [python, script, framework, str(runs), sys.executable, SERVER],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def m2_rounds(sides: dict[str, str], runs: int, rounds: int) -> dict[str, Any]:
    """M2 for each side, the sides alternating round by round (load drifts hit both)."""
    per_side: dict[str, list[float]] = {name: [] for name in sides}
    for index in range(rounds):
        order = list(sides.items())
        for name, python in order if index % 2 == 0 else reversed(order):
            framework = "runwright" if name == "runwright" else "agents"
            per_side[name].append(peer_run(python, framework, runs)["us_per_run"])
    return {
        name: {"us_per_run": statistics.median(values), "rounds": values, "runs": runs}
        for name, values in per_side.items()
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--peer", action="store_true", help="also run openai-agents")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    iterations, repeats, runs = (50, 5, 100) if args.quick else (300, 15, 500)
    timing = asyncio.run(m1(iterations, repeats))
    print("M1 one MCP tool call (stdio)      µs/call   ratio")
    print(f"  runwright FunctionTool.invoke  {timing.runwright_us:8.1f}   {timing.ratio:.2f}x")
    print(f"  mcp ClientSession.call_tool    {timing.baseline_us:8.1f}")
    print(f"  framework time                 {timing.overhead_us:8.1f}")
    data: dict[str, Any] = {"machine": machine(), "m1_tool_call": timing.as_dict()}
    sides = {"runwright": sys.executable}
    if args.peer or SDK_PYTHON.exists():
        if not SDK_PYTHON.exists():
            sys.exit("openai-agents venv missing: run scripts/bench_sdk_venv first")
        sides["openai-agents"] = str(SDK_PYTHON)
    m2 = m2_rounds(sides, runs, rounds=1 if args.quick else 3)
    print("M2 agent run with one MCP call     µs/run (median of rounds)")
    for name, figures in m2.items():
        print(f"  {name:<32} {figures['us_per_run']:8.1f}")
    if "openai-agents" in m2:
        ratios = [
            sdk / rw
            for sdk, rw in zip(
                m2["openai-agents"]["rounds"], m2["runwright"]["rounds"], strict=True
            )
        ]
        ratio = statistics.median(ratios)
        print(f"  openai-agents / runwright        {ratio:8.2f}x (median of per-round ratios)")
        data["m2_sdk_over_runwright"] = round(ratio, 3)
    data["m2_agent_run"] = m2
    path = write_results("mcp", data, args.json) if args.json else write_results("mcp", data)
    print(f"results: {path}")


if __name__ == "__main__":
    main()
