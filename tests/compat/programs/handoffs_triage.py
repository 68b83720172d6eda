import asyncio

from agents import Agent, HandoffInputData, Runner, handoff
from agents.extensions import handoff_filters
from agents.extensions.handoff_prompt import (
    RECOMMENDED_PROMPT_PREFIX,
    prompt_with_handoff_instructions,
)

faq_agent = Agent(
    name="FAQ-bot",
    handoff_description="Answers frequently asked questions.",
    instructions=f"{RECOMMENDED_PROMPT_PREFIX}\nAnswer questions about the airline.",
)


def keep_last_message(data: HandoffInputData) -> HandoffInputData:
    data = handoff_filters.remove_all_tools(data)
    return data


triage_agent = Agent(
    name="Triage Agent",
    instructions=prompt_with_handoff_instructions("Route the customer to the right agent."),
    handoffs=[handoff(faq_agent, input_filter=keep_last_message)],
)


async def main() -> None:
    assert RECOMMENDED_PROMPT_PREFIX in triage_agent.instructions
    result = await Runner.run(triage_agent, "How many bags can I bring?")
    print(result.last_agent.name)
    print(result.final_output)
    for item in result.new_items:
        print(item.type, getattr(item, "source_agent", None) and item.source_agent.name)


if __name__ == "__main__":
    asyncio.run(main())
