"""error_handlers= in the SDK's forms: max_turns, invalid_final_output, model_refusal."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import BaseModel

from runwright import (
    Agent,
    InMemorySession,
    MaxTurnsExceeded,
    MessageOutputItem,
    ModelBehaviorError,
    ModelRefusalError,
    OutputGuardrailTripwireTriggered,
    RunErrorData,
    RunErrorHandlerInput,
    RunErrorHandlerResult,
    RunErrorHandlers,
    Runner,
    ToolCallItem,
    ToolCallOutputItem,
    UserError,
    function_tool,
)
from runwright._agent.guardrails import GuardrailFunctionOutput, output_guardrail
from runwright.testing import refusal, tool_call


@function_tool
def add(a: int, b: int) -> int:
    """Add two integers."""
    return a + b


class Weather(BaseModel):
    city: str
    celsius: float


def looping_agent(scripted: Any, turns: int) -> Agent[Any]:
    model = scripted([tool_call("add", {"a": 1, "b": 2})] * turns)
    return Agent(name="looper", model=model, tools=[add])


def texts(items: list[Any]) -> list[str]:
    return [
        part["text"]
        for i in items
        if isinstance(i, MessageOutputItem)
        for part in i.raw_item["content"]
        if part["type"] == "output_text"
    ]


async def test_plain_dict_max_turns_handler_gets_the_sdk_input(scripted: Any) -> None:
    seen: list[RunErrorHandlerInput[Any]] = []

    def on_max_turns(data: RunErrorHandlerInput[Any]) -> str:
        seen.append(data)
        return "I ran out of steps."

    result = await Runner.run(
        looping_agent(scripted, 2),
        "add things",
        max_turns=2,
        context={"user": 7},
        error_handlers={"max_turns": on_max_turns},
    )
    assert result.final_output == "I ran out of steps."
    (data,) = seen
    assert isinstance(data.error, MaxTurnsExceeded)
    assert data.context.context == {"user": 7}
    run_data = data.run_data
    assert isinstance(run_data, RunErrorData)
    assert run_data.input == "add things"
    assert [type(i) for i in run_data.new_items] == [ToolCallItem, ToolCallOutputItem] * 2
    assert run_data.output == [i.to_input_item() for i in run_data.new_items]
    assert run_data.history == [{"role": "user", "content": "add things"}, *run_data.output]
    assert len(run_data.raw_responses) == 2
    assert run_data.last_agent.name == "looper"
    # include_in_history defaults to True: the fallback is the model's last message.
    assert isinstance(result.new_items[-1], MessageOutputItem)
    assert texts(result.new_items) == ["I ran out of steps."]
    assert result.to_input_list()[-1]["content"][0]["text"] == "I ran out of steps."
    assert result.to_input_list()[-1]["role"] == "assistant"


async def test_result_object_without_history(scripted: Any) -> None:
    result = await Runner.run(
        looping_agent(scripted, 1),
        "go",
        max_turns=1,
        error_handlers=RunErrorHandlers(
            max_turns=lambda data: RunErrorHandlerResult("quiet", include_in_history=False)
        ),
    )
    assert result.final_output == "quiet"
    assert [type(i) for i in result.new_items] == [ToolCallItem, ToolCallOutputItem]


@pytest.mark.parametrize(
    ("answer", "expected", "in_history"),
    [
        ({"final_output": "from dict"}, "from dict", True),
        ({"final_output": "hidden", "include_in_history": False}, "hidden", False),
        ({"note": 1}, {"note": 1}, True),  # a dict without final_output is the output itself
        (42, 42, True),
    ],
)
async def test_handler_answers_in_every_sdk_shape(
    scripted: Any, answer: Any, expected: Any, in_history: bool
) -> None:
    result = await Runner.run(
        looping_agent(scripted, 1),
        "go",
        max_turns=1,
        error_handlers={"max_turns": lambda d: answer},
    )
    assert result.final_output == expected
    assert isinstance(result.new_items[-1], MessageOutputItem) is in_history


async def test_dict_answer_with_unknown_keys_is_a_user_error(scripted: Any) -> None:
    with pytest.raises(UserError, match="unknown keys"):
        await Runner.run(
            looping_agent(scripted, 1),
            "go",
            max_turns=1,
            error_handlers={"max_turns": lambda d: {"final_output": "x", "extra": 1}},
        )


async def test_async_handler_and_none_reraises(scripted: Any) -> None:
    async def give_up(data: RunErrorHandlerInput[Any]) -> None:
        return None

    with pytest.raises(MaxTurnsExceeded) as info:
        await Runner.run(
            looping_agent(scripted, 1), "go", max_turns=1, error_handlers={"max_turns": give_up}
        )
    assert info.value.run_data is not None


async def test_design_note_two_argument_form_still_works(scripted: Any) -> None:
    seen: list[Any] = []

    def handler(ctx: Any, error: Any) -> str:
        seen.append((ctx.context, type(error).__name__))
        return "stopped"

    result = await Runner.run(
        looping_agent(scripted, 1),
        "go",
        context="ctx",
        max_turns=1,
        error_handlers=RunErrorHandlers(max_turns=handler),
    )
    assert result.final_output == "stopped"
    assert seen == [("ctx", "MaxTurnsExceeded")]


async def test_streamed_max_turns_handler_streams_the_fallback(scripted: Any) -> None:
    result = Runner.run_streamed(
        looping_agent(scripted, 1),
        "go",
        max_turns=1,
        error_handlers={"max_turns": lambda d: "streamed fallback"},
    )
    names = [getattr(e, "name", e.type) async for e in result.stream_events()]
    assert result.final_output == "streamed fallback"
    assert names[-1] == "message_output_created"
    assert texts(result.new_items) == ["streamed fallback"]


async def test_fallback_is_saved_to_the_session(scripted: Any) -> None:
    session = InMemorySession("s")
    await Runner.run(
        looping_agent(scripted, 1),
        "go",
        max_turns=1,
        session=session,
        error_handlers={"max_turns": lambda d: "saved"},
    )
    stored = await session.get_items()
    assert stored[0] == {"role": "user", "content": "go"}
    assert stored[-1]["content"][0]["text"] == "saved"


async def test_refusal_raises_model_refusal_error(scripted: Any) -> None:
    agent = Agent(name="a", model=scripted([refusal("I can't help with that.")]))
    with pytest.raises(ModelRefusalError) as info:
        await Runner.run(agent, "do something bad")
    assert info.value.refusal == "I can't help with that."
    assert info.value.run_data is not None


@pytest.mark.parametrize("streamed", [False, True])
async def test_model_refusal_handler(scripted: Any, streamed: bool) -> None:
    agent = Agent(name="a", model=scripted([refusal("no")]))
    seen: list[Any] = []

    async def on_refusal(data: RunErrorHandlerInput[Any]) -> RunErrorHandlerResult:
        seen.append(data.error)
        return RunErrorHandlerResult(final_output="Sorry, I can't do that.")

    handlers = {"model_refusal": on_refusal}
    if streamed:
        result: Any = Runner.run_streamed(agent, "hi", error_handlers=handlers)
        async for _ in result.stream_events():
            pass
    else:
        result = await Runner.run(agent, "hi", error_handlers=handlers)
    assert result.final_output == "Sorry, I can't do that."
    assert isinstance(seen[0], ModelRefusalError) and seen[0].refusal == "no"
    refused, fallback = result.new_items
    assert refused.raw_item["content"][0]["type"] == "refusal"
    assert texts([fallback]) == ["Sorry, I can't do that."]


async def test_refusal_handler_output_is_validated_into_the_output_type(scripted: Any) -> None:
    agent = Agent(name="a", model=scripted([refusal("no")]), output_type=Weather)
    result = await Runner.run(
        agent,
        "hi",
        error_handlers={"model_refusal": lambda d: Weather(city="-", celsius=0)},
    )
    assert result.final_output == Weather(city="-", celsius=0)
    assert Weather.model_validate_json(texts(result.new_items)[-1]) == result.final_output


async def test_invalid_final_output_without_handler_raises(scripted: Any) -> None:
    agent = Agent(name="a", model=scripted(['{"town": 1}']), output_type=Weather)
    with pytest.raises(ModelBehaviorError):
        await Runner.run(agent, "weather?")


async def test_invalid_final_output_handler_dict_becomes_the_model(scripted: Any) -> None:
    agent = Agent(name="a", model=scripted(['{"town": 1}']), output_type=Weather)
    seen: list[Any] = []

    def fallback(data: RunErrorHandlerInput[Any]) -> dict[str, Any]:
        seen.append(data)
        return {"city": "Paris", "celsius": 20}

    result = await Runner.run(agent, "weather?", error_handlers={"invalid_final_output": fallback})
    assert result.final_output == Weather(city="Paris", celsius=20)
    assert isinstance(seen[0].error, ModelBehaviorError)
    assert len(seen[0].run_data.raw_responses) == 1
    assert Weather.model_validate_json(texts(result.new_items)[-1]) == result.final_output


async def test_invalid_final_output_for_a_wrapped_type(scripted: Any) -> None:
    agent = Agent(name="a", model=scripted(["not json"]), output_type=list[int])
    result = await Runner.run(
        agent, "numbers", error_handlers={"invalid_final_output": lambda d: [1, 2]}
    )
    assert result.final_output == [1, 2]
    assert texts(result.new_items)[-1] == '{"response":[1,2]}'


async def test_fallback_that_does_not_fit_the_output_type_is_a_user_error(scripted: Any) -> None:
    agent = Agent(name="a", model=scripted(['{"town": 1}']), output_type=Weather)
    with pytest.raises(UserError, match="does not fit the agent's output type Weather"):
        await Runner.run(
            agent, "weather?", error_handlers={"invalid_final_output": lambda d: {"bad": 1}}
        )


async def test_missing_structured_output_asks_the_handler_then_runs_again(scripted: Any) -> None:
    model = scripted(["", '{"city": "Rome", "celsius": 18}'])
    agent = Agent(name="a", model=model, output_type=Weather)
    result = await Runner.run(agent, "weather?")  # no handler: the model is asked again
    assert result.final_output == Weather(city="Rome", celsius=18)
    agent2 = Agent(name="b", model=scripted([""]), output_type=Weather)
    result = await Runner.run(
        agent2,
        "weather?",
        error_handlers={"invalid_final_output": lambda d: Weather(city="?", celsius=0)},
    )
    assert result.final_output == Weather(city="?", celsius=0)


async def test_output_retries_are_used_before_the_handler(scripted: Any) -> None:
    from runwright import RunConfig

    model = scripted(['{"town": 1}', '{"city": "Oslo", "celsius": -3}'])
    agent = Agent(name="a", model=model, output_type=Weather)
    result = await Runner.run(
        agent,
        "weather?",
        run_config=RunConfig(output_retries=1),
        error_handlers={"invalid_final_output": lambda d: pytest.fail("handler not expected")},
    )
    assert result.final_output == Weather(city="Oslo", celsius=-3)


async def test_output_guardrails_check_the_fallback(scripted: Any) -> None:
    @output_guardrail
    async def no_giving_up(ctx: Any, agent: Any, output: Any) -> GuardrailFunctionOutput:
        return GuardrailFunctionOutput(output_info=None, tripwire_triggered="gave up" in output)

    model = scripted([tool_call("add", {"a": 1, "b": 2})])
    agent = Agent(name="a", model=model, tools=[add], output_guardrails=[no_giving_up])
    with pytest.raises(OutputGuardrailTripwireTriggered):
        await Runner.run(
            agent, "go", max_turns=1, error_handlers={"max_turns": lambda d: "gave up"}
        )


@pytest.mark.parametrize(
    ("handlers", "message"),
    [
        ({"max_turn": lambda d: "x"}, "unknown error kind 'max_turn'"),
        ({"max_turns": "not callable"}, "must be a function"),
        (["max_turns"], "must be a dict"),
    ],
)
async def test_bad_error_handlers_are_user_errors(
    scripted: Any, handlers: Any, message: str
) -> None:
    agent = Agent(name="a", model=scripted([]))
    with pytest.raises(UserError, match=message):
        await Runner.run(agent, "go", error_handlers=handlers)


def test_run_error_handlers_is_the_sdk_dict() -> None:
    def handler(data: Any) -> str:
        return "x"

    handlers = RunErrorHandlers(max_turns=handler, model_refusal=handler)
    assert handlers == {"max_turns": handler, "model_refusal": handler}
    assert handlers.max_turns is handler and handlers.invalid_final_output is None
