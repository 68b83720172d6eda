import asyncio

from openai.types.responses import ResponseTextDeltaEvent

from agents import Agent, Runner


async def main() -> None:
    agent = Agent(name="Joker", instructions="You tell jokes.")
    result = Runner.run_streamed(agent, input="Tell me a joke.")
    pieces = 0
    async for event in result.stream_events():
        if event.type == "raw_response_event" and isinstance(event.data, ResponseTextDeltaEvent):
            print(event.data.delta, end="", flush=True)
            pieces += 1
    print()
    print("deltas seen:", pieces > 1)
    print("final:", result.final_output)


if __name__ == "__main__":
    asyncio.run(main())
