import asyncio
import os
import sys

from agents import Agent, Runner
from agents.mcp import MCPServerStdio, create_static_tool_filter

SERVER_APP = os.environ["MCP_SERVER_APP"]


async def main() -> None:
    async with MCPServerStdio(
        name="calc",
        params={"command": sys.executable, "args": [SERVER_APP, "stdio"]},
        cache_tools_list=True,
        client_session_timeout_seconds=20,
        tool_filter=create_static_tool_filter(allowed_tool_names=["add", "echo"]),
        require_approval={"add": "always"},
    ) as server:
        print(sorted(tool.name for tool in await server.list_tools()))
        prompts = await server.list_prompts()
        print([prompt.name for prompt in prompts.prompts])
        agent = Agent(name="Calculator", instructions="Use the tools.", mcp_servers=[server])
        result = await Runner.run(agent, "What is 2 + 3? Then echo it.")
        print("interruptions:", [(i.name, i.arguments) for i in result.interruptions])
        state = result.to_state()
        for interruption in state.get_interruptions():
            state.approve(interruption)
        result = await Runner.run(agent, state)
        print(result.final_output)
        outputs = [item.output for item in result.new_items if item.type == "tool_call_output_item"]
        print(outputs)


if __name__ == "__main__":
    asyncio.run(main())
