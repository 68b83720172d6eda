import asyncio
import json

from agents import Agent, Runner, RunState, function_tool


@function_tool(needs_approval=True)
async def cancel_order(order_id: int) -> str:
    """Cancel an order.

    Args:
        order_id: The order to cancel.
    """
    return f"order {order_id} cancelled"


async def main() -> None:
    agent = Agent(name="Support", instructions="Help the customer.", tools=[cancel_order])
    result = await Runner.run(agent, "Please cancel order 42.")
    print("interruptions:", len(result.interruptions))
    state = result.to_state()
    serialized = state.to_string()
    restored = await RunState.from_string(agent, serialized)
    for interruption in restored.get_interruptions():
        print(interruption.name, json.loads(interruption.arguments), interruption.call_id)
        restored.approve(interruption)
    result = await Runner.run(agent, restored)
    print(result.final_output)
    print(result.interruptions)


if __name__ == "__main__":
    asyncio.run(main())
