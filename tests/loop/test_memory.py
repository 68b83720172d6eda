"""Sessions in runs: history loaded first, each complete turn saved, nothing lost or doubled."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from runwright import (
    Agent,
    GuardrailFunctionOutput,
    InputGuardrailTripwireTriggered,
    RunConfig,
    Runner,
    function_tool,
    input_guardrail,
)
from runwright.durable import InMemoryCheckpointStore
from runwright.sessions import InMemorySession, SessionSettings, SQLiteSession
from runwright.testing import ScriptedModel, tool_call


@function_tool
def add(a: int, b: int) -> int:
    return a + b


def _roles(items: list[dict[str, Any]]) -> list[str]:
    return [i.get("type") or i.get("role", "") for i in items]


@pytest.fixture(params=["memory", "sqlite"])
def session(request: Any, tmp_path: Path) -> Any:
    if request.param == "memory":
        return InMemorySession("s1")
    return SQLiteSession("s1", tmp_path / "conversations.db")


async def test_second_run_remembers_the_first(session: Any) -> None:
    model = ScriptedModel([tool_call("add", {"a": 2, "b": 3}), "It is 5.", "You asked about 2+3."])
    agent = Agent(name="a", model=model, tools=[add])
    await Runner.run(agent, "What is 2+3?", session=session)
    stored = await session.get_items()
    assert _roles(stored) == ["user", "function_call", "function_call_output", "message"]
    second = await Runner.run(agent, "What did I ask?", session=session)
    assert model.calls[2].input[:4] == stored
    assert model.calls[2].input[4] == {"role": "user", "content": "What did I ask?"}
    assert second.to_input_list()[:4] == stored
    assert len(await session.get_items()) == 6


async def test_each_turn_is_saved_as_it_completes(session: Any) -> None:
    model = ScriptedModel([tool_call("add", {"a": 1, "b": 1}), RuntimeError("model down")])
    with pytest.raises(RuntimeError):
        await Runner.run(Agent(name="a", model=model, tools=[add]), "go", session=session)
    # The first turn (with the input) survived; the failed turn left nothing behind.
    assert _roles(await session.get_items()) == ["user", "function_call", "function_call_output"]


async def test_tripwire_saves_only_the_input(session: Any) -> None:
    @input_guardrail
    def block(ctx: Any, agent: Any, input: Any) -> GuardrailFunctionOutput:
        return GuardrailFunctionOutput(None, True)

    model = ScriptedModel(["never"], delay=1)
    with pytest.raises(InputGuardrailTripwireTriggered):
        await Runner.run(
            Agent(name="a", model=model, input_guardrails=[block]), "hi", session=session
        )
    assert await session.get_items() == [{"role": "user", "content": "hi"}]
    model.clear()


async def test_streamed_run_saves_the_same(session: Any) -> None:
    model = ScriptedModel([tool_call("add", {"a": 1, "b": 2}), "3"])
    result = Runner.run_streamed(Agent(name="a", model=model, tools=[add]), "sum", session=session)
    async for _ in result:
        pass
    assert _roles(await session.get_items()) == [
        "user",
        "function_call",
        "function_call_output",
        "message",
    ]


async def test_immediate_cancel_keeps_the_input_only(session: Any) -> None:
    model = ScriptedModel(["slow answer"], delay=5)
    result = Runner.run_streamed(Agent(name="a", model=model), "hello", session=session)
    async for _ in result:
        result.cancel()
    assert await session.get_items() == [{"role": "user", "content": "hello"}]
    model.clear()


async def test_cancel_after_turn_saves_the_turn(session: Any) -> None:
    model = ScriptedModel([tool_call("add", {"a": 1, "b": 2}), "unused"], delay=0.01)
    result = Runner.run_streamed(Agent(name="a", model=model, tools=[add]), "sum", session=session)
    async for _ in result:
        result.cancel(mode="after_turn")
    assert _roles(await session.get_items()) == ["user", "function_call", "function_call_output"]
    model.clear()


@pytest.mark.parametrize(
    "how",
    [
        {"session_settings": SessionSettings(max_items=2)},
        {"run_config": RunConfig(session_settings=SessionSettings(limit=2))},
    ],
)
async def test_session_settings_cap_history(session: Any, how: dict[str, Any]) -> None:
    await session.add_items([{"role": "user", "content": f"m{i}"} for i in range(5)])
    model = ScriptedModel(["ok"])
    await Runner.run(Agent(name="a", model=model), "new", session=session, **how)
    assert [i["content"] for i in model.calls[0].input] == ["m3", "m4", "new"]


async def test_session_input_callback(session: Any) -> None:
    await session.add_items([{"role": "user", "content": "old"}])

    async def newest_first(history: list[Any], new: list[Any]) -> list[Any]:
        return [*new, *history]

    model = ScriptedModel(["ok"])
    await Runner.run(
        Agent(name="a", model=model), "new", session=session,
        run_config=RunConfig(session_input_callback=newest_first),
    )  # fmt: skip
    assert [i["content"] for i in model.calls[0].input] == ["new", "old"]
    assert [i.get("content") for i in await session.get_items()][:2] == ["old", "new"]


async def test_paused_turn_is_saved_once_when_completed(session: Any) -> None:
    @function_tool(needs_approval=True)
    def wipe() -> str:
        return "wiped"

    model = ScriptedModel([tool_call("wipe"), "done"])
    agent = Agent(name="a", model=model, tools=[wipe])
    paused = await Runner.run(agent, "wipe it", session=session)
    assert await session.get_items() == []  # an incomplete turn is not written
    state = paused.to_state()
    state.approve(paused.interruptions[0])
    await Runner.run(agent, state, session=session)
    assert _roles(await session.get_items()) == [
        "user",
        "function_call",
        "function_call_output",
        "message",
    ]


class Crash(BaseException):
    pass


class CrashAfterWrite(InMemorySession):
    """Writes, then 'dies' before the run can checkpoint that the write happened."""

    crash = True

    async def add_items(self, items: list[Any]) -> None:
        await super().add_items(items)
        if self.crash:
            self.crash = False
            raise Crash


async def test_durable_resume_does_not_write_a_turn_twice() -> None:
    session, store = CrashAfterWrite("s"), InMemoryCheckpointStore()
    steps: list[Any] = [tool_call("add", {"a": 1, "b": 2}), "3"]
    with pytest.raises(Crash):
        await Runner.run(
            Agent(name="a", model=ScriptedModel(steps[:1]), tools=[add]),
            "sum", session=session, durable=store, run_id="r",
        )  # fmt: skip
    agent = Agent(name="a", model=ScriptedModel(steps[1:]), tools=[add])
    result = await Runner.resume("r", agent, store, session=session)
    assert result.final_output == "3"
    assert _roles(await session.get_items()) == [
        "user",
        "function_call",
        "function_call_output",
        "message",
    ]
