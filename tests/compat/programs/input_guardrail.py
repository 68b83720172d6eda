import asyncio

from agents import (
    Agent,
    GuardrailFunctionOutput,
    InputGuardrailTripwireTriggered,
    RunContextWrapper,
    Runner,
    TResponseInputItem,
    input_guardrail,
)


@input_guardrail
async def no_homework(
    ctx: RunContextWrapper[None], agent: Agent, input: str | list[TResponseInputItem]
) -> GuardrailFunctionOutput:
    text = input if isinstance(input, str) else str(input)
    return GuardrailFunctionOutput(output_info={"checked": True}, tripwire_triggered="homework" in text)


async def main() -> None:
    agent = Agent(name="Support", instructions="Help.", input_guardrails=[no_homework])
    result = await Runner.run(agent, "Hello there")
    print(result.final_output)
    try:
        await Runner.run(agent, "Do my homework")
        print("guardrail did not trip")
    except InputGuardrailTripwireTriggered as error:
        print("tripped:", error.guardrail_result.output.output_info)


if __name__ == "__main__":
    asyncio.run(main())
