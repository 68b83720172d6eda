import asyncio
from typing import Any

from agents import Agent, RunContextWrapper, RunHooks, Runner, Tool, function_tool
from agents.run_context import AgentHookContext


@function_tool
def add(a: int, b: int) -> int:
    """Add two numbers."""
    return a + b


class PrintingHooks(RunHooks):
    def __init__(self) -> None:
        self.events = 0

    async def on_agent_start(self, context: AgentHookContext, agent: Agent) -> None:
        self.events += 1
        print(f"{self.events}: agent {agent.name} starts, input items: {len(context.turn_input)}")

    async def on_llm_start(self, context: RunContextWrapper, agent: Agent, system_prompt, input_items) -> None:
        self.events += 1
        print(f"{self.events}: llm start, prompt={system_prompt!r}, items={len(input_items)}")

    async def on_llm_end(self, context: RunContextWrapper, agent: Agent, response) -> None:
        self.events += 1
        print(f"{self.events}: llm end, usage requests={context.usage.requests}")

    async def on_tool_start(self, context: RunContextWrapper, agent: Agent, tool: Tool) -> None:
        self.events += 1
        print(f"{self.events}: tool {tool.name} starts ({context.tool_name}, {context.tool_arguments})")

    async def on_tool_end(self, context: RunContextWrapper, agent: Agent, tool: Tool, result: Any) -> None:
        self.events += 1
        print(f"{self.events}: tool {tool.name} ended with {result} (call {context.tool_call_id})")

    async def on_agent_end(self, context: RunContextWrapper, agent: Agent, output: Any) -> None:
        self.events += 1
        print(f"{self.events}: agent {agent.name} ends with {output!r}")


async def main() -> None:
    agent = Agent(name="Calculator", instructions="Add numbers.", tools=[add])
    result = await Runner.run(agent, "2+3?", hooks=PrintingHooks())
    print(result.final_output)
    print("total tokens:", result.context_wrapper.usage.total_tokens)


if __name__ == "__main__":
    asyncio.run(main())
