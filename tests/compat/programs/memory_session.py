import asyncio

from agents import Agent, Runner, SQLiteSession
from agents.memory import Session
from agents.memory.session_settings import SessionSettings


async def main() -> None:
    agent = Agent(name="Assistant", instructions="Reply very concisely.")
    session = SQLiteSession("conversation_123", session_settings=SessionSettings(limit=2))
    assert isinstance(session, Session)
    result = await Runner.run(agent, "What city is the Golden Gate Bridge in?", session=session)
    print(result.final_output)
    result = await Runner.run(agent, "What state is it in?", session=session)
    print(result.final_output)
    print("limited items:", len(await session.get_items()))
    print("all items:", len(await session.get_items(limit=100)))
    popped = await session.pop_item()
    print("popped role:", popped["role"] if isinstance(popped, dict) else popped)
    await session.clear_session()
    print("after clear:", len(await session.get_items()))


if __name__ == "__main__":
    asyncio.run(main())
