import asyncio
import json

from agents import Agent, HostedMCPTool, MCPToolApprovalFunctionResult, MCPToolApprovalRequest
from agents import Runner, RunState

CONFIG = {
    "type": "mcp",
    "server_label": "gitmcp",
    "server_url": "https://gitmcp.io/openai/codex",
    "require_approval": "always",
}


def approve(request: MCPToolApprovalRequest) -> MCPToolApprovalFunctionResult:
    print("asked:", request.data.server_label, request.data.name, request.data.arguments)
    if request.data.name == "fetch_docs":
        return {"approve": True}
    return {"approve": False, "reason": "only documentation"}


async def main() -> None:
    agent = Agent(
        name="Assistant",
        instructions="Answer from the repository.",
        tools=[HostedMCPTool(tool_config=CONFIG, on_approval_request=approve)],
    )
    result = await Runner.run(agent, "Which language is this repo written in?")
    print(result.final_output)
    print([item.type for item in result.new_items])

    asking = Agent(name="Assistant", tools=[HostedMCPTool(tool_config=CONFIG)])
    result = await Runner.run(asking, "And its license?")
    print([item.type for item in result.new_items])
    state = await RunState.from_string(asking, result.to_state().to_string())
    for interruption in state.get_interruptions():
        print("pending:", interruption.name, json.loads(interruption.arguments), interruption.call_id)
        state.reject(interruption)
    result = await Runner.run(asking, state)
    print(result.final_output)
    print([item.type for item in result.new_items])


if __name__ == "__main__":
    asyncio.run(main())
