from pydantic import BaseModel

from agents import Agent, Runner, function_tool


class Weather(BaseModel):
    city: str
    conditions: str


@function_tool
def get_weather(city: str) -> Weather:
    """Get the current weather for a city.

    Args:
        city: The city to look up.
    """
    print(f"[tool] get_weather({city})")
    return Weather(city=city, conditions="sunny, 21C")


agent = Agent(name="Forecaster", instructions="Use your tools.", tools=[get_weather])
result = Runner.run_sync(agent, "What's the weather in Lisbon?")
print(result.final_output)
print(len(result.new_items), [item.type for item in result.new_items])
