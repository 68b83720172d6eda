"""A durable run in its own process, for the crash tests (tests/durable/test_crash.py).

    python crash_worker.py run|victim|resume SCENARIO STORE LOG

"victim" is "run" with slow streaming (the run the test kills mid-stream); the
baseline and the resumed run stream at full speed: the delay changes no output.

STORE is a SQLite file, or ``pg:PREFIX``: PostgreSQL tables PREFIX_* on the server
in $RUNWRIGHT_TEST_POSTGRES_DSN (all a process on another host would need).
Tool executions are appended to LOG; the final transcript is printed as JSON.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
from pathlib import Path
from typing import Any

from runwright import Agent, RawResponsesStreamEvent, Runner, function_tool
from runwright.durable import PostgresCheckpointStore, SQLiteCheckpointStore
from runwright.testing import ScriptedModel, tool_call

mode, scenario, db, log = sys.argv[1:5]
LOG = Path(log)


def note(text: str) -> None:
    with LOG.open("a") as f:
        f.write(text + "\n")
        f.flush()


@function_tool
async def fast(n: int) -> str:
    note(f"fast:{n}")
    return f"fast {n}"


@function_tool
async def slow(n: int) -> str:
    note(f"slow-start:{n}")
    await asyncio.sleep(1.5 if scenario == "tools" else 0)
    note(f"slow-end:{n}")
    return f"slow {n}"


STEPS: list[Any] = [
    [tool_call("fast", {"n": 1}, call_id="c1"), tool_call("slow", {"n": 2}, call_id="c2")],
    [tool_call("fast", {"n": 3}, call_id="c3")],
    "All done: 1, 2 and 3.",
]


def agent(skip: int) -> Agent[Any]:
    slow_stream = scenario == "stream" and mode == "victim"
    model = ScriptedModel(STEPS[skip:], event_delay=0.2 if slow_stream else 0.0, chunk_size=2)
    return Agent(name="worker", model=model, tools=[fast, slow])


async def consume(result: Any) -> None:
    async for event in result:
        if (
            isinstance(event, RawResponsesStreamEvent)
            and len(result.raw_responses) >= 1
            and event.data.get("type") == "response.output_item.added"
        ):
            note("streaming-turn-2")


async def main() -> None:
    store: Any
    if db.startswith("pg:"):
        dsn = os.environ["RUNWRIGHT_TEST_POSTGRES_DSN"]
        store = PostgresCheckpointStore(dsn, table_prefix=db.removeprefix("pg:"))
    else:
        store = SQLiteCheckpointStore(db, durability="relaxed")
    if mode in ("run", "victim"):
        if scenario == "stream":
            result: Any = Runner.run_streamed(agent(0), "go", durable=store, run_id="r1")
            await consume(result)
        else:
            result = await Runner.run(agent(0), "go", durable=store, run_id="r1")
    else:
        checkpoint = await store.load("r1")
        assert checkpoint is not None
        worker = agent(len(checkpoint.model_responses))
        if scenario == "stream":
            result = Runner.resume_streamed("r1", worker, store)
            await consume(result)
        else:
            result = await Runner.resume("r1", worker, store)
    print(
        json.dumps(
            {"final": result.final_output, "items": [dict(i.raw_item) for i in result.new_items]}
        )
    )
    closed = store.close()
    if closed is not None:
        await closed


asyncio.run(main())
