"""Lifecycle hooks are awaited in the documented order with the documented arguments."""

from __future__ import annotations

from typing import Any

from runwright import Agent, AgentHooks, RunHooks, Runner, function_tool
from runwright.testing import handoff_call, tool_call


class Recorder(RunHooks[Any]):
    def __init__(self) -> None:
        self.events: list[str] = []

    async def on_agent_start(self, context: Any, agent: Any) -> None:
        self.events.append(f"agent_start:{agent.name}")

    async def on_agent_end(self, context: Any, agent: Any, output: Any) -> None:
        self.events.append(f"agent_end:{agent.name}:{output}")

    async def on_llm_start(
        self, context: Any, agent: Any, system_prompt: Any, input_items: Any
    ) -> None:
        self.events.append(f"llm_start:{agent.name}:{len(input_items)}")

    async def on_llm_end(self, context: Any, agent: Any, response: Any) -> None:
        self.events.append(f"llm_end:{agent.name}")

    async def on_tool_start(self, context: Any, agent: Any, tool: Any) -> None:
        self.events.append(f"tool_start:{tool.name}")

    async def on_tool_end(self, context: Any, agent: Any, tool: Any, result: str) -> None:
        self.events.append(f"tool_end:{tool.name}:{result}")

    async def on_handoff(self, context: Any, from_agent: Any, to_agent: Any) -> None:
        self.events.append(f"handoff:{from_agent.name}->{to_agent.name}")


class AgentRecorder(AgentHooks[Any]):
    def __init__(self, log: list[str]) -> None:
        self.log = log

    async def on_start(self, context: Any, agent: Any) -> None:
        self.log.append(f"A.start:{agent.name}")

    async def on_end(self, context: Any, agent: Any, output: Any) -> None:
        self.log.append(f"A.end:{agent.name}")

    async def on_handoff(self, context: Any, agent: Any, source: Any) -> None:
        self.log.append(f"A.handoff:{source.name}->{agent.name}")


@function_tool
def ping() -> str:
    return "pong"


async def test_hook_order_with_a_tool_and_a_handoff(scripted: Any) -> None:
    hooks = Recorder()
    specialist = Agent(name="S", model=scripted(["done"]), hooks=AgentRecorder(hooks.events))
    triage = Agent(
        name="T",
        model=scripted([tool_call("ping"), handoff_call("S")]),
        tools=[ping],
        handoffs=[specialist],
    )
    await Runner.run(triage, "hi", hooks=hooks)
    assert hooks.events == [
        "agent_start:T",
        "llm_start:T:1",
        "llm_end:T",
        "tool_start:ping",
        "tool_end:ping:pong",
        "llm_start:T:3",
        "llm_end:T",
        "handoff:T->S",
        "A.handoff:T->S",
        "agent_start:S",
        "A.start:S",
        "llm_start:S:5",
        "llm_end:S",
        "agent_end:S:done",
        "A.end:S",
    ]


async def test_same_hooks_in_a_streamed_run(scripted: Any) -> None:
    hooks = Recorder()
    agent = Agent(name="T", model=scripted([tool_call("ping"), "ok"]), tools=[ping])
    result = Runner.run_streamed(agent, "hi", hooks=hooks)
    async for _ in result:
        pass
    assert hooks.events == [
        "agent_start:T",
        "llm_start:T:1",
        "llm_end:T",
        "tool_start:ping",
        "tool_end:ping:pong",
        "llm_start:T:3",
        "llm_end:T",
        "agent_end:T:ok",
    ]
