"""Durable runs in one process: checkpoints, resume, non-idempotent tools, store errors."""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest

from runwright import Agent, RunConfig, Runner, UserError, function_tool
from runwright.durable import SQLiteCheckpointStore
from runwright.testing import ScriptedModel, tool_call

log: list[str] = []


class Crash(BaseException):
    """Stands in for the process dying mid-tool."""


@function_tool
def record(n: int) -> str:
    log.append(f"record:{n}")
    return f"ok {n}"


@function_tool(idempotent=False)
def charge(amount: int) -> str:
    log.append(f"charge:{amount}")
    if len([x for x in log if x.startswith("charge")]) == 1 and "crash" in log:
        time.sleep(0.2)  # let the sibling call finish and be checkpointed first
        raise Crash
    return f"charged {amount}"


STEPS: list[Any] = [
    [tool_call("record", {"n": 1}, call_id="a"), tool_call("charge", {"amount": 5}, call_id="b")],
    "paid",
]


@pytest.fixture(autouse=True)
def _clear() -> None:
    log.clear()


async def test_checkpoints_every_step_and_finishes(store: Any) -> None:
    result = await Runner.run(
        Agent(name="a", model=ScriptedModel(STEPS), tools=[record, charge]),
        "go",
        run_config=RunConfig(durable=store),
    )
    assert result.final_output == "paid"
    assert result.run_id and result.run_id.startswith("run_")
    checkpoint = await store.load(result.run_id)
    assert checkpoint.header["final_output"] == {"present": True, "value": "paid"}
    assert len(checkpoint.generated_items) == len(result.new_items)


async def test_in_flight_non_idempotent_tool_pauses_for_a_human(store: Any) -> None:
    log.append("crash")
    agent = Agent(name="a", model=ScriptedModel(STEPS[:1]), tools=[record, charge])
    with pytest.raises(Crash):
        await Runner.run(agent, "go", durable=store, run_id="r")
    assert log == ["crash", "record:1", "charge:5"]
    # A new "process": the model has the rest of its script.
    agent = Agent(name="a", model=ScriptedModel(STEPS[1:]), tools=[record, charge])
    paused = await Runner.resume("r", agent, store)
    assert [i.tool_name for i in paused.interruptions] == ["charge"]
    assert log == ["crash", "record:1", "charge:5"]  # nothing ran again by itself
    state = paused.to_state()
    state.approve(paused.interruptions[0])
    done = await Runner.run(agent, state, durable=store)
    assert done.final_output == "paid"
    assert log == ["crash", "record:1", "charge:5", "charge:5"]
    assert done.run_id == "r"


async def test_in_flight_idempotent_tool_is_rerun(store: Any) -> None:
    calls: list[int] = []

    @function_tool
    def flaky(n: int) -> str:
        calls.append(n)
        if len(calls) == 1:
            raise Crash
        return "fine"

    steps: list[Any] = [[tool_call("record", {"n": 1}), tool_call("flaky", {"n": 2})], "end"]
    original = flaky.on_invoke_tool

    async def slower(ctx: Any, args: str) -> Any:
        import asyncio

        await asyncio.sleep(0.2)  # the sibling call finishes and is checkpointed first
        return await original(ctx, args)

    flaky.on_invoke_tool = slower
    agent = Agent(name="a", model=ScriptedModel(steps[:1]), tools=[record, flaky])
    with pytest.raises(Crash):
        await Runner.run(agent, "go", durable=store, run_id="r2")
    agent = Agent(name="a", model=ScriptedModel(steps[1:]), tools=[record, flaky])
    result = await Runner.resume("r2", agent, store)
    assert result.final_output == "end"
    assert calls == [2, 2]
    assert log == ["record:1"]


async def test_resume_of_unknown_run_is_user_error(store: Any) -> None:
    with pytest.raises(UserError, match="No durable run 'nope'"):
        await Runner.resume("nope", Agent(name="a"), store)


async def test_durable_must_be_a_store() -> None:
    with pytest.raises(UserError, match="checkpoint store"):
        await Runner.run(Agent(name="a"), "go", durable="runs.db")


def test_foreign_and_corrupt_files_are_user_errors(tmp_path: Path) -> None:
    import asyncio

    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"this is not sqlite" * 100)
    foreign = tmp_path / "foreign.db"
    with sqlite3.connect(foreign) as conn:
        conn.execute("PRAGMA user_version = 7")
        conn.execute("CREATE TABLE t (x)")
    for path, message in [(garbage, "not a usable"), (foreign, "schema version 7")]:
        store = SQLiteCheckpointStore(path)
        with pytest.raises(UserError, match=message):
            asyncio.run(store.load("x"))
        store.close()


@pytest.mark.parametrize("kind", ["sqlite", "postgres"])
async def test_list_and_delete(make_store: Any, kind: str) -> None:
    store = make_store(kind)
    for run_id in ("one", "two"):
        await Runner.run(
            Agent(name="a", model=ScriptedModel(["x"])), "go", durable=store, run_id=run_id
        )
    assert set(await store.list_runs()) == {"one", "two"}
    await store.delete("one")
    assert await store.list_runs() == ["two"]
    assert await store.load("one") is None
    assert (await store.load("two")).header["final_output"]["value"] == "x"


@pytest.mark.parametrize("kind", ["sqlite", "postgres"])
async def test_long_run_checkpoints_append_only(make_store: Any, kind: str) -> None:
    """A checkpoint writes only what the step added: rows grow linearly, headers stay small."""
    store = make_store(kind)
    steps: list[Any] = [tool_call("record", {"n": i}) for i in range(20)] + ["end"]
    history = [{"role": "user", "content": f"m{i}"} for i in range(500)]
    writes = _count_row_writes(store)
    result = await Runner.run(
        Agent(name="a", model=ScriptedModel(steps), tools=[record]),
        history,
        durable=store,
        max_turns=30,
    )
    checkpoint = await store.load(result.run_id or "")
    assert checkpoint is not None
    assert len(checkpoint.transcript) == 500 + len(result.new_items)
    assert len(checkpoint.input_items) == 500
    stored = len(checkpoint.transcript) + len(checkpoint.generated_items)
    stored += len(checkpoint.model_responses)
    assert writes() == stored  # every row written once, however many checkpoints
    assert len(json.dumps(checkpoint.header)) < 4000


def _count_row_writes(store: Any) -> Any:
    """Counts the bulk rows a store sends to its database (wraps its write path)."""
    sent: list[int] = []
    if isinstance(store, SQLiteCheckpointStore):
        inner = store._write_locked

        def spy(conn: Any, *args: Any, **kw: Any) -> None:
            sent.append(len(args[4]))
            inner(conn, *args, **kw)

        store._write_locked = spy  # type: ignore[method-assign]
    else:
        inner_pool = store._ready_pool

        async def pool() -> Any:
            real = await inner_pool()

            class Counting:
                async def execute(self, sql: str, *args: Any) -> Any:
                    if args and len(args) == 9:
                        sent.append(len(args[8]))
                    return await real.execute(sql, *args)

                def __getattr__(self, name: str) -> Any:
                    return getattr(real, name)

            return Counting()

        store._ready_pool = pool
    return lambda: sum(sent)


@pytest.mark.parametrize("kind", ["sqlite", "postgres"])
async def test_two_store_objects_share_runs_like_two_processes(make_store: Any, kind: str) -> None:
    """A run started through one store object is resumed through another on the same data."""
    log.append("crash")
    first, second = make_store(kind), make_store(kind)
    agent = Agent(name="a", model=ScriptedModel(STEPS[:1]), tools=[record, charge])
    with pytest.raises(Crash):
        await Runner.run(agent, "go", durable=first, run_id="shared")
    agent = Agent(name="a", model=ScriptedModel(STEPS[1:]), tools=[record, charge])
    paused = await Runner.resume("shared", agent, second)
    assert [i.tool_name for i in paused.interruptions] == ["charge"]
    state = paused.to_state()
    state.reject(paused.interruptions[0])
    done = await Runner.run(agent, state, durable=second)
    assert done.final_output == "paid"
    assert log == ["crash", "record:1", "charge:5"]
    reread = await make_store(kind).load("shared")
    assert reread.header["final_output"] == {"present": True, "value": "paid"}
    assert len(reread.generated_items) == len(done.new_items)


async def test_a_rewritten_transcript_is_stored_as_rewritten(store: Any) -> None:
    """A handoff input filter replaces the transcript mid-run; the checkpoint follows it."""
    from runwright import handoff
    from runwright._state.codec import state_to_json
    from runwright.handoffs import HandoffInputData
    from runwright.testing import handoff_call

    def keep_last_user_message(data: HandoffInputData) -> HandoffInputData:
        return HandoffInputData(
            input_history=(data.input_history[-1],),
            pre_handoff_items=(),
            new_items=(),
            run_context=data.run_context,
        )

    billing = Agent(name="billing", model=ScriptedModel([tool_call("record", {"n": 2}), "done"]))
    billing.tools = [record]
    triage = Agent(
        name="triage",
        model=ScriptedModel([tool_call("record", {"n": 1}), handoff_call("billing")]),
        tools=[record],
        handoffs=[handoff(billing, input_filter=keep_last_user_message)],
    )
    history = [{"role": "user", "content": f"m{i}"} for i in range(5)]
    result = await Runner.run(triage, history, durable=store, run_id="rewrite")
    assert result.final_output == "done"
    checkpoint = await store.load("rewrite")
    expected = state_to_json(result.to_state())
    assert checkpoint.transcript == expected["transcript"]
    assert checkpoint.transcript[0] == {"role": "user", "content": "m4"}
    assert checkpoint.header["transcript_epoch"] == 1
    assert len(checkpoint.generated_items) == len(result.new_items)
