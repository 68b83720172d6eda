import asyncio

from agents import (
    Agent,
    RunErrorHandlerInput,
    RunErrorHandlerResult,
    Runner,
    function_tool,
)


@function_tool
def lookup(topic: str) -> str:
    """Look a topic up."""
    return f"notes on {topic}"


def on_max_turns(data: RunErrorHandlerInput) -> RunErrorHandlerResult:
    print("handler got:", type(data.error).__name__, data.run_data.last_agent.name)
    print("items so far:", len(data.run_data.new_items))
    return RunErrorHandlerResult(
        final_output="I ran out of steps; here is what I found.",
        include_in_history=False,
    )


async def main() -> None:
    agent = Agent(name="Researcher", instructions="Research.", tools=[lookup])
    result = await Runner.run(
        agent,
        "Research tides.",
        max_turns=1,
        error_handlers={"max_turns": on_max_turns},
    )
    print(result.final_output)


if __name__ == "__main__":
    asyncio.run(main())
