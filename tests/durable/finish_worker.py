"""A durable run killed right after its final checkpoint, or resumed in a new process.

    python finish_worker.py run|resume STORE LOG

"run" runs to the end; its store SIGKILLs the process as soon as the final
checkpoint (the one holding the final output) is saved, before Runner.run
returns. "resume" resumes the run with a model that has nothing scripted (any
call would fail) and prints the result as JSON. STORE is a SQLite file or
``pg:DSN#PREFIX``. Tool executions are appended to LOG.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
from pathlib import Path
from typing import Any

from runwright import Agent, Runner, function_tool
from runwright.durable import PostgresCheckpointStore, SQLiteCheckpointStore
from runwright.testing import ScriptedModel, tool_call

mode, db, log = sys.argv[1:4]
LOG = Path(log)


def note(text: str) -> None:
    with LOG.open("a") as f:
        f.write(text + "\n")


@function_tool
async def add(a: int, b: int) -> str:
    note(f"add:{a}+{b}")
    return str(a + b)


class KilledAfterFinalSave:
    """Saves through ``inner``; dies (SIGKILL) right after saving a finished run."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner

    async def save(self, state: Any) -> None:
        await self.inner.save(state)
        if state.is_finished:
            note("final-checkpoint-saved")
            os.kill(os.getpid(), signal.SIGKILL)

    async def load(self, run_id: str) -> Any:
        return await self.inner.load(run_id)

    async def delete(self, run_id: str) -> None:
        await self.inner.delete(run_id)


async def main() -> None:
    store: Any
    if db.startswith("pg:"):
        dsn, prefix = db.removeprefix("pg:").split("#")
        store = PostgresCheckpointStore(dsn, table_prefix=prefix)
    else:
        store = SQLiteCheckpointStore(db)
    if mode == "run":
        model = ScriptedModel([tool_call("add", {"a": 2, "b": 3}, call_id="c1"), "It is 5."])
        agent = Agent(name="worker", model=model, tools=[add])
        await Runner.run(agent, "add 2 and 3", durable=KilledAfterFinalSave(store), run_id="r1")
        note("run-returned")  # never reached: the process dies at the final save
        return
    agent = Agent(name="worker", model=ScriptedModel([]), tools=[add])
    if mode == "resume-streamed":
        result: Any = Runner.resume_streamed("r1", agent, store)
        events = [event async for event in result]
        note(f"events:{len(events)}")
    else:
        result = await Runner.resume("r1", agent, store)
    usage = result.context_wrapper.usage
    print(
        json.dumps(
            {
                "final": result.final_output,
                "items": [dict(i.raw_item) for i in result.new_items],
                "responses": len(result.raw_responses),
                "usage": [usage.requests, usage.input_tokens, usage.output_tokens],
                "model_calls": len(agent.model.calls),  # type: ignore[union-attr]
            }
        )
    )
    closed = store.close()
    if closed is not None:
        await closed


asyncio.run(main())
