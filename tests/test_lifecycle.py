"""Lifecycle hooks are awaited in the documented order with the documented arguments."""

from __future__ import annotations

from typing import Any

from runwright import (
    Agent,
    AgentHookContext,
    AgentHooks,
    RunContextWrapper,
    RunHooks,
    Runner,
    ToolContext,
    function_tool,
)
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


class SDKStyleHooks(RunHooks[Any]):
    """Hooks written as the SDK's examples write them, reading the SDK's context types."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, Any]] = []

    async def on_agent_start(self, context: AgentHookContext[Any], agent: Agent[Any]) -> None:
        assert isinstance(context, AgentHookContext)
        self.seen.append(("agent_start", [i["content"] for i in context.turn_input]))

    async def on_llm_start(
        self, context: RunContextWrapper[Any], agent: Agent[Any], system_prompt: Any, items: Any
    ) -> None:
        self.seen.append(("llm_start", (type(context).__name__, len(context.turn_input))))

    async def on_tool_start(self, context: RunContextWrapper[Any], agent: Any, tool: Any) -> None:
        assert isinstance(context, ToolContext)
        self.seen.append(
            ("tool_start", (context.tool_name, context.tool_call_id, context.tool_arguments))
        )

    async def on_tool_end(
        self, context: RunContextWrapper[Any], agent: Any, tool: Any, result: object
    ) -> None:
        assert isinstance(context, ToolContext)
        self.seen.append(("tool_end", (context.tool_call_id, result)))

    async def on_agent_end(
        self, context: AgentHookContext[Any], agent: Agent[Any], output: Any
    ) -> None:
        assert isinstance(context, AgentHookContext)
        self.seen.append(("agent_end", (context.context, context.usage.requests, output)))


@function_tool
def double(n: int) -> int:
    return n * 2


async def test_hooks_receive_the_sdk_context_types(scripted: Any) -> None:
    hooks = SDKStyleHooks()
    model = scripted([tool_call("double", {"n": 21}, call_id="call_1"), "42"])
    agent = Agent(name="a", model=model, tools=[double])
    result = await Runner.run(agent, "double 21", hooks=hooks, context={"user": "u1"})
    assert result.final_output == "42"
    assert hooks.seen == [
        ("agent_start", ["double 21"]),
        ("llm_start", ("RunContextWrapper", 1)),
        ("tool_start", ("double", "call_1", '{"n": 21}')),
        ("tool_end", ("call_1", 42)),  # the tool's value, not its text
        ("llm_start", ("RunContextWrapper", 1)),
        ("agent_end", ({"user": "u1"}, 2, "42")),
    ]


async def test_agent_hooks_get_the_same_contexts(scripted: Any) -> None:
    seen: list[str] = []

    class MyAgentHooks(AgentHooks[Any]):
        async def on_start(self, context: AgentHookContext[Any], agent: Any) -> None:
            seen.append(f"start {type(context).__name__} {len(context.turn_input)}")

        async def on_tool_start(self, context: Any, agent: Any, tool: Any) -> None:
            seen.append(f"tool {type(context).__name__} {context.tool_name}")

        async def on_end(self, context: AgentHookContext[Any], agent: Any, output: Any) -> None:
            seen.append(f"end {type(context).__name__}")

    model = scripted([tool_call("double", {"n": 1}), "2"])
    agent = Agent(name="a", model=model, tools=[double], hooks=MyAgentHooks())
    await Runner.run(agent, [{"role": "user", "content": "x"}, {"role": "user", "content": "y"}])
    assert seen == ["start AgentHookContext 2", "tool ToolContext double", "end AgentHookContext"]


async def test_turn_input_includes_session_history(scripted: Any) -> None:
    from runwright import InMemorySession

    session = InMemorySession("s")
    await session.add_items([{"role": "user", "content": "earlier"}])
    hooks = SDKStyleHooks()
    await Runner.run(Agent(name="a", model=scripted(["ok"])), "now", hooks=hooks, session=session)
    assert hooks.seen[0] == ("agent_start", ["earlier", "now"])


async def test_hooks_base_classes_with_two_type_parameters(scripted: Any) -> None:
    from runwright.lifecycle import AgentHooksBase, RunHooksBase

    log: list[str] = []

    class Typed(RunHooksBase[dict[str, str], Agent[Any]]):
        async def on_agent_end(self, context: Any, agent: Agent[Any], output: Any) -> None:
            log.append(f"run end {output}")

    class TypedAgent(AgentHooksBase[dict[str, str], Agent[Any]]):
        async def on_start(self, context: Any, agent: Agent[Any]) -> None:
            log.append("agent start")

    agent = Agent(name="a", model=scripted(["hi"]), hooks=TypedAgent())
    await Runner.run(agent, "x", hooks=Typed(), context={"k": "v"})
    assert log == ["agent start", "run end hi"]
    assert issubclass(RunHooks, RunHooksBase) and issubclass(AgentHooks, AgentHooksBase)
