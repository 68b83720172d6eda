import asyncio

from pydantic import BaseModel

from agents import Agent, AgentToolStreamEvent, Runner


class TranslationRequest(BaseModel):
    text: str
    language: str


translator = Agent(name="Translator", instructions="Translate the text into the requested language.")

seen: list[str] = []


async def on_stream(event: AgentToolStreamEvent) -> None:
    seen.append(event["event"].type)


orchestrator = Agent(
    name="Orchestrator",
    instructions="Use the translate tool.",
    tools=[
        translator.as_tool(
            tool_name="translate",
            tool_description="Translate text.",
            parameters=TranslationRequest,
            on_stream=on_stream,
        )
    ],
)


async def main() -> None:
    result = await Runner.run(orchestrator, "Say hello in Spanish.")
    print(result.final_output)
    tools = await orchestrator.get_all_tools(result.context_wrapper)
    print([tool.name for tool in tools])
    print("nested events:", len(seen) > 0, "agent_updated_stream_event" in seen)


if __name__ == "__main__":
    asyncio.run(main())
