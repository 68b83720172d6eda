"""W2 over HTTP: runwright's model adapters beside the raw openai client.

    python bench/bench_http.py            # full run
    python bench/bench_http.py --quick    # CI smoke figures

Both sides make the same three requests of W2 (two tool calls; one tool call;
the final text) through the official ``openai.AsyncOpenAI`` client against
the scripted fake server (tests/support/fake_openai_server.py) on 127.0.0.1,
in the same process and event loop. The baseline builds the request bodies by
hand and calls the typed ``create`` methods, reading the answers off the
openai response objects; runwright goes through ``OpenAIChatCompletionsModel``
/ ``OpenAIResponsesModel.get_response`` (item conversion, request building,
retry wrapper, parsing into RawItems), which send through the client's
``post`` and so skip ``create``'s per-request parameter transformation.
Per-request µs = per-W2 µs / 3. A third figure runs the whole W2 agent with
``Runner.run`` over HTTP (run loop + adapter) against the same baseline.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))  # the fake server lives with the tests

from _harness import PairTiming, machine, time_pair_async, write_results  # noqa: E402
from runwright._core.config import ModelSettings  # noqa: E402
from runwright._models.openai_chat import OpenAIChatCompletionsModel  # noqa: E402
from runwright._tools.function_tool import FunctionTool  # noqa: E402
from runwright.items import function_output_raw  # noqa: E402
from runwright.models.interface import Model, ModelTracing  # noqa: E402
from runwright.models.openai_responses import OpenAIResponsesModel  # noqa: E402
from support.fake_openai_server import Answer, FakeOpenAIServer, ToolCall  # noqa: E402

INSTRUCTIONS = "You are a concise travel assistant."
PROMPT = "What is the weather and time in Paris, and the forecast?"
CITY = {
    "type": "object",
    "properties": {"city": {"type": "string"}},
    "required": ["city"],
    "additionalProperties": False,
}
FORECAST = {
    "type": "object",
    "properties": {"city": {"type": "string"}, "days": {"type": "integer"}},
    "required": ["city", "days"],
    "additionalProperties": False,
}
TOOL_SPECS = [
    ("get_weather", "Current weather in a city.", CITY),
    ("get_time", "Local time in a city.", CITY),
    ("get_forecast", "Weather forecast.", FORECAST),
]
TOOL_RESULTS = {"get_weather": "Sunny, 21 C", "get_time": "14:05", "get_forecast": "sun all week"}
ANSWERS = [
    Answer(
        tool_calls=[
            ToolCall("get_weather", '{"city": "Paris"}'),
            ToolCall("get_time", '{"city": "Paris"}'),
        ]
    ),
    Answer(tool_calls=[ToolCall("get_forecast", '{"city": "Paris", "days": 3}')]),
    Answer(text="Sunny, 21 C, 14:05 local time; sun all week."),
]


def w2_responder(kind: str, body: Any) -> Answer:
    """W2's answer as a function of how many tool results the request carries."""
    if kind == "chat":
        results = sum(1 for m in body["messages"] if m.get("role") == "tool")
    else:
        results = sum(1 for i in body["input"] if i.get("type") == "function_call_output")
    return ANSWERS[{0: 0, 2: 1}.get(results, 2)]


async def _tool(_: Any, arguments: str) -> str:
    return "unused"


TOOLS = [FunctionTool(name, desc, schema, _tool) for name, desc, schema in TOOL_SPECS]


# ----- runwright side -------------------------------------------------------------


async def runwright_w2(model: Model) -> str:
    """The three W2 requests through a runwright model adapter."""
    history: list[Any] = [{"role": "user", "content": PROMPT}]
    settings = ModelSettings()
    while True:
        response = await model.get_response(
            INSTRUCTIONS, history, settings, TOOLS, None, [], ModelTracing.DISABLED
        )
        history.extend(response.output)
        calls = [item for item in response.output if item["type"] == "function_call"]
        if not calls:
            return str(response.output[-1]["content"][0]["text"])
        history.extend(function_output_raw(c["call_id"], TOOL_RESULTS[c["name"]]) for c in calls)


# ----- baseline: the raw openai client ----------------------------------------------


CHAT_TOOLS = [
    {"type": "function", "function": {"name": n, "description": d, "parameters": p, "strict": True}}
    for n, d, p in TOOL_SPECS
]
RESPONSES_TOOLS = [
    {"type": "function", "name": n, "description": d, "parameters": p, "strict": True}
    for n, d, p in TOOL_SPECS
]


async def raw_chat_w2(client: Any) -> str:
    messages: list[dict[str, Any]] = [
        {"role": "system", "content": INSTRUCTIONS},
        {"role": "user", "content": PROMPT},
    ]
    while True:
        completion = await client.chat.completions.create(
            model="bench", messages=messages, tools=CHAT_TOOLS
        )
        message = completion.choices[0].message
        if not message.tool_calls:
            return str(message.content)
        calls = [
            {
                "id": c.id,
                "type": "function",
                "function": {"name": c.function.name, "arguments": c.function.arguments},
            }
            for c in message.tool_calls
        ]
        messages.append({"role": "assistant", "content": "", "tool_calls": calls})
        for c in message.tool_calls:
            result = TOOL_RESULTS[c.function.name]
            messages.append({"role": "tool", "tool_call_id": c.id, "content": result})


async def raw_responses_w2(client: Any) -> str:
    items: list[Any] = [{"role": "user", "content": PROMPT}]
    while True:
        response = await client.responses.create(
            model="bench", instructions=INSTRUCTIONS, input=items, tools=RESPONSES_TOOLS
        )
        calls = [o for o in response.output if o.type == "function_call"]
        if not calls:
            return str(response.output_text)
        items.extend(o.model_dump(exclude_unset=True) for o in response.output)
        items.extend(
            {"type": "function_call_output", "call_id": c.call_id, "output": TOOL_RESULTS[c.name]}
            for c in calls
        )


# ----- running ------------------------------------------------------------------------


async def measure(iterations: int, repeats: int, warmup: int) -> dict[str, PairTiming]:
    import openai

    async with FakeOpenAIServer(responder=w2_responder, record=False) as server:
        client = openai.AsyncOpenAI(base_url=server.base_url, api_key="bench", max_retries=0)
        chat_model = OpenAIChatCompletionsModel("bench", client)
        responses_model = OpenAIResponsesModel("bench", client)
        expected = ANSWERS[-1].text
        for check in (
            await runwright_w2(chat_model),
            await raw_chat_w2(client),
            await runwright_w2(responses_model),
            await raw_responses_w2(client),
        ):
            assert check == expected, check
        pairs = {
            "chat": (lambda: runwright_w2(chat_model), lambda: raw_chat_w2(client)),
            "responses": (lambda: runwright_w2(responses_model), lambda: raw_responses_w2(client)),
        }
        runner = _runner_side(chat_model)
        if runner is not None:
            pairs["runner_chat"] = (runner, lambda: raw_chat_w2(client))
        return {
            name: await time_pair_async(
                rw, base, iterations=iterations, repeats=repeats, warmup=warmup
            )
            for name, (rw, base) in pairs.items()
        }


def _runner_side(model: Model) -> Any:
    """``Runner.run`` of the W2 agent over HTTP, when the run loop is available."""
    try:
        from runwright import Agent, Runner
    except ImportError:
        return None
    agent = Agent(name="bench", instructions=INSTRUCTIONS, model=model, tools=TOOLS)
    tools = {t.name: t for t in TOOLS}

    async def fixed_result(_: Any, arguments: str, name: str) -> str:
        return TOOL_RESULTS[name]

    for name, tool in tools.items():
        tool.on_invoke_tool = lambda ctx, args, n=name: fixed_result(ctx, args, n)

    async def run() -> Any:
        return await Runner.run(agent, PROMPT)

    return run


def conversion_us(iterations: int) -> dict[str, float]:
    """µs per request of the adapters' own work: build the request, parse the reply.

    The HTTP figures above are dominated by the openai client and httpx; this
    isolates what runwright adds, without network noise.
    """
    import time

    from runwright._models.chat_convert import ChatCompatibility
    from runwright._models.openai_chat import build_chat_request, parse_completion
    from runwright.models.openai_responses import build_request, parse_response
    from support.fake_openai_server import chat_json, responses_json

    history: list[Any] = [{"role": "user", "content": PROMPT}]
    # The adapters receive replies as plain dicts (decoded JSON).
    chat_replies = [chat_json(a, "b", 1) for a in ANSWERS]
    resp_replies = [responses_json(a, "b", 1) for a in ANSWERS]
    settings, compat = ModelSettings(), ChatCompatibility()
    for answer in ANSWERS[:2]:  # the history the third request carries
        for c in answer.tool_calls:
            call = {"type": "function_call", "call_id": "c", "name": c.name}
            history += [call, function_output_raw("c", TOOL_RESULTS[c.name])]

    def chat_once() -> None:
        for reply in chat_replies:
            build_chat_request("bench", INSTRUCTIONS, history, settings, TOOLS, None, [], compat)
            parse_completion(reply)

    def responses_once() -> None:
        for reply in resp_replies:
            build_request("bench", INSTRUCTIONS, history, settings, TOOLS, None, [])
            parse_response(reply)

    out = {}
    for name, fn in (("chat", chat_once), ("responses", responses_once)):
        for _ in range(iterations // 10):
            fn()
        start = time.perf_counter()
        for _ in range(iterations):
            fn()
        out[name] = (time.perf_counter() - start) / iterations / 3 * 1e6
    return out


def report(timings: dict[str, PairTiming], conversion: dict[str, float]) -> dict[str, Any]:
    out: dict[str, Any] = {"machine": machine()}
    print(f"{'W2 over HTTP':<14}{'runwright':>14}{'raw openai':>14}{'overhead':>14}{'ratio':>8}")
    for name, t in timings.items():
        per_request = {
            "runwright_us_per_request": t.runwright_us / 3,
            "baseline_us_per_request": t.baseline_us / 3,
            "overhead_us_per_request": t.overhead_us / 3,
        }
        out[name] = {**t.as_dict(), **{k: round(v, 1) for k, v in per_request.items()}}
        print(
            f"{name:<14}{t.runwright_us / 3:>11.1f} µs{t.baseline_us / 3:>11.1f} µs"
            f"{t.overhead_us / 3:>11.1f} µs{t.ratio:>8.2f}"
        )
    print("(per request; W2 = 3 requests; ratio = runwright / raw client)")
    for name, us in conversion.items():
        print(f"adapter work alone ({name}): {us:.1f} µs per request (build request + parse reply)")
    out["adapter_conversion_us_per_request"] = {k: round(v, 1) for k, v in conversion.items()}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer iterations (CI smoke)")
    parser.add_argument("--no-save", action="store_true", help="do not write bench/results")
    args = parser.parse_args()
    iterations, repeats, warmup = (20, 5, 10) if args.quick else (100, 9, 30)
    timings = asyncio.run(measure(iterations, repeats, warmup))
    data = report(timings, conversion_us(200 if args.quick else 2000))
    if not args.no_save:
        path = write_results("http_W2", data)
        print(f"saved to {path}")
    else:
        print(json.dumps(data, indent=2))


if __name__ == "__main__":
    main()
