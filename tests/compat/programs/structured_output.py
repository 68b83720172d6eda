import asyncio

from pydantic import BaseModel

from agents import Agent, Runner


class CalendarEvent(BaseModel):
    name: str
    date: str
    participants: list[str]


async def main() -> None:
    agent = Agent(name="Calendar extractor", instructions="Extract calendar events.", output_type=CalendarEvent)
    result = await Runner.run(agent, "Alice and Bob go to a science fair on Friday.")
    event = result.final_output_as(CalendarEvent)
    print(type(event).__name__, event.name, event.date, event.participants)


if __name__ == "__main__":
    asyncio.run(main())
