import asyncio

from openai.types.responses import ResponseOutputMessage, ResponseReasoningItem

from agents import Agent, Runner


async def main() -> None:
    agent = Agent(name="Thinker", instructions="Think, then answer.")
    result = await Runner.run(agent, "Why is the sky blue?")
    for response in result.raw_responses:
        for item in response.output:
            if isinstance(item, ResponseReasoningItem):
                print("reasoning:", " ".join(part.text for part in item.summary))
            elif isinstance(item, ResponseOutputMessage):
                print("message:", item.content[0].text)
    print([item.type for item in result.new_items])


if __name__ == "__main__":
    asyncio.run(main())
