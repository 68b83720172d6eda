"""One side of bench_litellm.py, run in its own process: ``python _litellm_peer.py
<runwright|agents> <runs>`` prints JSON with the median µs per agent turn.

The same program for both frameworks (only the package name differs): an agent whose
model is ``LitellmModel("openai/m", base_url=<scripted server>)`` runs ``runs`` times,
one tool call then a final text per run (two model turns), against the scripted
OpenAI-compatible server started in this process.
"""

from __future__ import annotations

import asyncio
import importlib
import json
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
os.environ["OPENAI_AGENTS_DISABLE_TRACING"] = "1"
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from support.fake_openai_server import Answer, FakeOpenAIServer, ToolCall


async def main(framework: str, runs: int) -> None:
    sdk = importlib.import_module(framework)
    litellm_model = importlib.import_module(f"{framework}.extensions.models.litellm_model")
    if framework == "agents":
        sdk.set_tracing_disabled(True)

    @sdk.function_tool
    def get_weather(city: str) -> str:
        """Current weather in a city."""
        return f"Sunny in {city}"

    answers = [
        Answer(tool_calls=[ToolCall("get_weather", '{"city": "Paris"}')]),
        Answer(text="Sunny."),
    ]
    async with FakeOpenAIServer(record=False) as server:
        turn = iter(range(10**9))
        server.responder = lambda kind, body: answers[next(turn) % 2]
        model = litellm_model.LitellmModel("openai/m", base_url=server.base_url, api_key="k")
        agent = sdk.Agent(name="a", instructions="Be brief.", model=model, tools=[get_weather])
        config = sdk.RunConfig(tracing_disabled=True)
        for _ in range(20):  # warm up: imports, connection pool, caches
            await sdk.Runner.run(agent, "Weather in Paris?", run_config=config)
        samples = []
        for _ in range(runs):
            start = time.perf_counter_ns()
            result = await sdk.Runner.run(agent, "Weather in Paris?", run_config=config)
            samples.append((time.perf_counter_ns() - start) / 1000)
            assert result.final_output == "Sunny."
    print(
        json.dumps(
            {
                "framework": framework,
                "us_per_run": statistics.median(samples),
                "us_per_turn": statistics.median(samples) / 2,
                "runs": runs,
            }
        )
    )


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], int(sys.argv[2])))
