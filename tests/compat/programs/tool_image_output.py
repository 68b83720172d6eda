import asyncio

from agents import Agent, Runner, ToolOutputImage, function_tool

PIXEL = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="


@function_tool
def take_photo() -> ToolOutputImage:
    """Take a photo."""
    return ToolOutputImage(image_url=PIXEL)


async def main() -> None:
    agent = Agent(name="Camera", instructions="Describe photos.", tools=[take_photo])
    result = await Runner.run(agent, "Take a photo and describe it.")
    print(result.final_output)


if __name__ == "__main__":
    asyncio.run(main())
