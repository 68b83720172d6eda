import asyncio

from agents import Agent, Runner


async def main() -> None:
    agent = Agent(name="Poet", instructions="Answer in one short haiku.")
    result = await Runner.run(agent, "Write about the sea.")
    print(result.final_output)
    print(result.last_agent.name)


if __name__ == "__main__":
    asyncio.run(main())
