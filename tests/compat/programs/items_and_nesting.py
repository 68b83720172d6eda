import asyncio
import json

from agents import Agent, RunConfig, Runner, function_tool


@function_tool
def lookup(order: int) -> str:
    """Look up an order."""
    return f"order {order}: shipped"


def shown(text: str, *agents: Agent) -> str:
    for agent in agents:  # agent reprs hold tool objects whose addresses vary per run
        text = text.replace(repr(agent), f"<{agent.name}>")
    return text


async def main() -> None:
    billing = Agent(name="Billing", instructions="Refunds.")
    triage = Agent(name="Triage", instructions="Route.", tools=[lookup], handoffs=[billing])
    history = [
        {"role": "user", "content": "earlier question"},
        {"role": "assistant", "content": "earlier answer"},
        {"role": "user", "content": "Refund order 7"},
    ]
    config = RunConfig(nest_handoff_history=True)
    streamed = Runner.run_streamed(triage, history, run_config=config)
    async for event in streamed.stream_events():
        if event.type == "run_item_stream_event":
            print(shown(repr(event), triage, billing))
    print(json.dumps([item.to_input_item() for item in streamed.new_items]))
    print(streamed.final_output)
    result = await Runner.run(triage, "What is order 3?")
    print(json.dumps(result.to_input_list()))


if __name__ == "__main__":
    asyncio.run(main())
