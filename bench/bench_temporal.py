"""W2 as a Temporal workflow: runwright's plugin beside openai-agents + Temporal's plugin.

    eval "$(scripts/temporal_server start)"      # the dev server both sides use
    bench/temporal_sdk_venv                      # once: the peer's bench-only venv
    .venv/bin/python bench/bench_temporal.py [--quick] [--runs N]

The workflow is W2-shaped: model call → two tools at once → model call → one
tool → model call → final text, with a scripted model behind the model
activity (stateless: it answers from the conversation, so a retried call
gets the same answer). Each side runs in its own process — runwright from the
project's .venv, the peer from its bench-only venv (openai-agents is never a
dependency of the project) — with an in-process worker and client on the
same dev server, and starts N workflows at once; runs/s is N ÷ the wall time
from the first start to the last result. Sides alternate, repeats take the
median.

Two shapes: "tools as activities" (runwright's default: plain function tools
run in the generic tool activity; the peer uses ``activity_as_tool`` on
activities doing the same thing) and "tools in workflow" (runwright with
``tools_as_activities=False``; the peer's default for ``@function_tool``).

Without RUNWRIGHT_TEMPORAL_ADDRESS the script says so and exits 0; without the
peer venv it measures runwright alone.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

from temporalio import activity, workflow

TIMEOUT = timedelta(seconds=30)


def _sdk_python() -> Path:
    """The peer venv's interpreter (paths are computed here: the workflow sandbox imports this
    module and forbids filesystem calls at import time)."""
    cache = os.environ.get("RUNWRIGHT_CACHE") or str(Path.home() / ".cache" / "runwright-dev")
    return Path(cache) / "bench-temporal-sdk-venv" / "bin" / "python"


def _input_of(args: tuple[Any, ...], kwargs: dict[str, Any]) -> list[Any]:
    """The ``input`` argument of a Model.get_response call, passed by position or by name."""
    value = kwargs["input"] if "input" in kwargs else args[1]
    return [{"role": "user", "content": value}] if isinstance(value, str) else list(value)


def _w2_turn(items: list[Any]) -> int:
    """Tool-calling responses so far (runs of function calls): picks the scripted answer."""
    turns, previous = 0, None
    for item in items:
        kind = item.get("type") if isinstance(item, dict) else getattr(item, "type", None)
        if kind == "function_call" and previous != "function_call":
            turns += 1
        previous = kind
    return turns


W2_CALLS = [
    [("get_weather", {"city": "Paris"}), ("get_time", {"city": "Paris"})],
    [("get_forecast", {"city": "Paris", "days": 3})],
]
FINAL = "Sunny, 14:00, and a dry week ahead in Paris."

# ----- runwright side ------------------------------------------------------------------------

try:
    with workflow.unsafe.imports_passed_through():
        from runwright import Agent, Runner, function_tool
        from runwright.items import ModelResponse, function_call_raw, message_raw
        from runwright.models.interface import Model, ModelProvider
        from runwright.usage import Usage
except ImportError:  # the peer's venv
    function_tool = None

if function_tool is not None:

    @function_tool
    async def get_weather(city: str) -> str:
        """Weather now."""
        return f"Sunny in {city}."

    @function_tool
    async def get_time(city: str) -> str:
        """Local time."""
        return f"14:00 in {city}."

    @function_tool
    async def get_forecast(city: str, days: int) -> str:
        """Forecast."""
        return f"Dry for {days} days in {city}."

    class W2Model(Model):
        async def get_response(self, *a: Any, **k: Any) -> Any:
            turn = _w2_turn(_input_of(a, k))
            if turn < len(W2_CALLS):
                output = [
                    function_call_raw(name, json.dumps(args), f"call_{turn}_{i}")
                    for i, (name, args) in enumerate(W2_CALLS[turn])
                ]
            else:
                output = [message_raw(FINAL)]
            return ModelResponse(output=output, usage=Usage(requests=1))

        def stream_response(self, *a: Any, **k: Any) -> Any:
            raise NotImplementedError

    class W2Provider(ModelProvider):
        def get_model(self, model_name: str | None) -> Model:
            return W2Model()

    rw_agent = Agent(
        name="Assistant",
        instructions="Answer briefly.",
        model="w2",
        tools=[get_weather, get_time, get_forecast],
    )

    @workflow.defn(name="W2Runwright")
    class W2Runwright:
        @workflow.run
        async def run(self, prompt: str) -> str:
            result = await Runner.run(rw_agent, prompt)
            return str(result.final_output)


async def _runwright_side(address: str, runs: int, inline_tools: bool) -> float:
    from temporalio.client import Client
    from temporalio.worker import Worker

    from runwright.temporal import ModelActivityParameters, RunwrightPlugin

    plugin = RunwrightPlugin(
        ModelActivityParameters(start_to_close_timeout=TIMEOUT),
        model_provider=W2Provider(),
        tools_as_activities=not inline_tools,
    )
    client = await Client.connect(address, plugins=[plugin])
    return await _drive(client, Worker, [W2Runwright], [], "W2Runwright", runs)


# ----- the peer: openai-agents with temporalio's openai_agents plugin ------------------------

try:
    with workflow.unsafe.imports_passed_through():
        import agents as sdk
        from openai.types.responses import (
            ResponseFunctionToolCall,
            ResponseOutputMessage,
            ResponseOutputText,
        )
        from temporalio.openai_agents import workflow as sdk_workflow
except ImportError:  # the project's venv
    sdk = None

if sdk is not None:

    @activity.defn
    async def weather_activity(city: str) -> str:
        """Weather now."""
        return f"Sunny in {city}."

    @activity.defn
    async def time_activity(city: str) -> str:
        """Local time."""
        return f"14:00 in {city}."

    @activity.defn
    async def forecast_activity(city: str, days: int) -> str:
        """Forecast."""
        return f"Dry for {days} days in {city}."

    @sdk.function_tool
    async def sdk_get_weather(city: str) -> str:
        """Weather now."""
        return f"Sunny in {city}."

    @sdk.function_tool
    async def sdk_get_time(city: str) -> str:
        """Local time."""
        return f"14:00 in {city}."

    @sdk.function_tool
    async def sdk_get_forecast(city: str, days: int) -> str:
        """Forecast."""
        return f"Dry for {days} days in {city}."

    class SdkW2Model(sdk.Model):
        async def get_response(self, *a: Any, **k: Any) -> Any:
            turn = _w2_turn(_input_of(a, k))
            if turn < len(W2_CALLS):
                output: list[Any] = [
                    ResponseFunctionToolCall(
                        type="function_call",
                        name=("get_" + name.split("_", 1)[1]),
                        arguments=json.dumps(args),
                        call_id=f"call_{turn}_{i}",
                        id=f"fc_{turn}_{i}",
                    )
                    for i, (name, args) in enumerate(W2_CALLS[turn])
                ]
            else:
                text = ResponseOutputText(type="output_text", text=FINAL, annotations=[])
                output = [
                    ResponseOutputMessage(
                        type="message",
                        id="msg_final",
                        role="assistant",
                        status="completed",
                        content=[text],
                    )
                ]
            return sdk.ModelResponse(output=output, usage=sdk.Usage(requests=1), response_id=None)

        def stream_response(self, *a: Any, **k: Any) -> Any:
            raise NotImplementedError

    class SdkW2Provider(sdk.ModelProvider):
        def get_model(self, model_name: str | None) -> sdk.Model:
            return SdkW2Model()

    def _sdk_agent(inline_tools: bool) -> Any:
        if inline_tools:
            tools = [sdk_get_weather, sdk_get_time, sdk_get_forecast]
        else:
            tools = [
                sdk_workflow.activity_as_tool(fn, start_to_close_timeout=TIMEOUT)
                for fn in (weather_activity, time_activity, forecast_activity)
            ]
        for tool, name in zip(tools, ("get_weather", "get_time", "get_forecast"), strict=True):
            tool.name = name
        return sdk.Agent(name="Assistant", instructions="Answer briefly.", model="w2", tools=tools)

    @workflow.defn(name="W2Sdk")
    class W2Sdk:
        @workflow.run
        async def run(self, prompt: str, inline_tools: bool) -> str:
            result = await sdk.Runner.run(_sdk_agent(inline_tools), prompt)
            return str(result.final_output)


async def _sdk_side(address: str, runs: int, inline_tools: bool) -> float:
    from temporalio.client import Client
    from temporalio.openai_agents import ModelActivityParameters, OpenAIAgentsPlugin
    from temporalio.worker import Worker

    plugin = OpenAIAgentsPlugin(
        model_params=ModelActivityParameters(start_to_close_timeout=TIMEOUT),
        model_provider=SdkW2Provider(),
    )
    client = await Client.connect(address, plugins=[plugin])
    activities = [weather_activity, time_activity, forecast_activity]
    return await _drive(client, Worker, [W2Sdk], activities, "W2Sdk", runs, inline_tools)


# ----- driving a side ------------------------------------------------------------------------


async def _drive(
    client: Any,
    worker_class: Any,
    workflows: list[Any],
    activities: list[Any],
    name: str,
    runs: int,
    *extra: Any,
) -> float:
    """Runs/s of ``runs`` workflows started at once (after a few warm-up runs)."""
    queue = f"bench-{uuid.uuid4().hex[:10]}"
    async with worker_class(client, task_queue=queue, workflows=workflows, activities=activities):

        async def one() -> str:
            args = ["What about Paris?", *extra]
            result: str = await client.execute_workflow(
                name, args=args, id=f"{name}-{uuid.uuid4()}", task_queue=queue
            )
            return result

        assert await one() == FINAL, "the workflow did not give W2's answer"
        await asyncio.gather(*(one() for _ in range(5)))
        start = time.perf_counter()
        results = await asyncio.gather(*(one() for _ in range(runs)))
        elapsed = time.perf_counter() - start
    assert all(r == FINAL for r in results)
    return runs / elapsed


def _side_main(side: str, address: str, runs: int, inline_tools: bool) -> None:
    fn = _runwright_side if side == "runwright" else _sdk_side
    rate = asyncio.run(fn(address, runs, inline_tools))
    print(json.dumps({"runs_per_s": rate}))


# ----- orchestration -------------------------------------------------------------------------


def _measure(side: str, address: str, runs: int, inline_tools: bool) -> float:
    python = sys.executable if side == "runwright" else str(_sdk_python())
    cmd = [python, __file__, "--side", side, "--address", address, "--runs", str(runs)]
    if inline_tools:
        cmd.append("--inline-tools")
    env = {**os.environ, "RUNWRIGHT_TRACING": "off", "OPENAI_AGENTS_DISABLE_TRACING": "1"}
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=600)
    if proc.returncode != 0:
        raise RuntimeError(f"{side} side failed:\n{proc.stderr[-3000:]}")
    return float(json.loads(proc.stdout.strip().splitlines()[-1])["runs_per_s"])


def _sdk_version() -> str | None:
    if not _sdk_python().exists():
        return None
    code = (
        "import importlib.metadata as m; "
        "print(m.version('openai-agents'), m.version('temporalio-openai-agents'), "
        "m.version('temporalio'))"
    )
    out = subprocess.run([str(_sdk_python()), "-c", code], capture_output=True, text=True)
    return out.stdout.strip() or None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--runs", type=int, default=None)
    parser.add_argument("--repeats", type=int, default=None)
    parser.add_argument("--side", choices=["runwright", "sdk"])
    parser.add_argument("--address", default=os.environ.get("RUNWRIGHT_TEMPORAL_ADDRESS"))
    parser.add_argument("--inline-tools", action="store_true")
    args = parser.parse_args()
    if not args.address:
        print("bench_temporal: skipped: no RUNWRIGHT_TEMPORAL_ADDRESS (scripts/temporal_server)")
        return
    runs = args.runs or (40 if args.quick else 200)
    if args.side:
        _side_main(args.side, args.address, runs, args.inline_tools)
        return
    repeats = args.repeats or (1 if args.quick else 3)
    peer = _sdk_version()
    sides = ["runwright", "sdk"] if peer else ["runwright"]
    if not peer:
        print("bench_temporal: peer venv missing (bench/temporal_sdk_venv): runwright only")
    report: dict[str, Any] = {"runs": runs, "repeats": repeats, "peer_versions": peer}
    for shape, inline in (("tools as activities", False), ("tools in workflow", True)):
        rates: dict[str, list[float]] = {s: [] for s in sides}
        for repeat in range(repeats):
            for side in sides if repeat % 2 == 0 else sides[::-1]:
                rates[side].append(_measure(side, args.address, runs, inline))
        medians = {s: statistics.median(r) for s, r in rates.items()}
        report[shape] = {"runs_per_s": medians, "samples": rates}
        line = f"{shape:<22} runwright {medians['runwright']:7.1f} runs/s"
        if "sdk" in medians:
            ratio = medians["runwright"] / medians["sdk"]
            report[shape]["ratio"] = ratio
            line += f"   openai-agents {medians['sdk']:7.1f} runs/s   ratio {ratio:.2f}x"
        print(line)
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from _harness import machine, write_results

    report["machine"] = machine()
    write_results("temporal", report)


if __name__ == "__main__":
    main()
