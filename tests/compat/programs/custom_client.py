import asyncio
import os

from openai import AsyncOpenAI

from agents import Agent, OpenAIChatCompletionsModel, Runner, function_tool, set_tracing_disabled

client = AsyncOpenAI(base_url=os.environ["EXAMPLE_BASE_URL"], api_key="local-key")
set_tracing_disabled(disabled=True)


@function_tool
def get_time(zone: str) -> str:
    """Current time in a zone."""
    return f"12:00 in {zone}"


async def main() -> None:
    agent = Agent(
        name="Clock",
        instructions="Tell the time.",
        model=OpenAIChatCompletionsModel(model="local-model", openai_client=client),
        tools=[get_time],
    )
    result = await Runner.run(agent, "What time is it in UTC?")
    print(result.final_output)
    print(result.context_wrapper.usage.requests)


if __name__ == "__main__":
    asyncio.run(main())
