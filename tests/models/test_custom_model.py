"""A user's own Model, written as for the OpenAI Agents SDK: its ModelResponse may hold
openai's typed output items; what it gets wrong is a UserError naming it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from openai.types.responses import (
    ResponseFunctionToolCall,
    ResponseOutputMessage,
    ResponseOutputText,
)

from runwright import Agent, ModelResponse, Runner, Usage, UserError, function_tool
from runwright.models.interface import Model


class TypedItemsModel(Model):
    """Answers with openai's pydantic items, as SDK custom models do."""

    def __init__(self, answers: list[Any]) -> None:
        self.answers = answers
        self.inputs: list[Any] = []

    async def get_response(self, *args: Any, **kwargs: Any) -> Any:
        self.inputs.append(args[1])
        return self.answers.pop(0)

    async def stream_response(self, *args: Any, **kwargs: Any) -> AsyncIterator[Any]:
        raise NotImplementedError
        yield


def _message(text: str) -> ResponseOutputMessage:
    part = ResponseOutputText(type="output_text", text=text, annotations=[])
    return ResponseOutputMessage(
        id="msg_1", type="message", role="assistant", status="completed", content=[part]
    )


@function_tool
def add(a: int, b: int) -> int:
    return a + b


async def test_typed_output_items_from_a_custom_model_run_tools_and_finish() -> None:
    call = ResponseFunctionToolCall(
        type="function_call", call_id="c1", name="add", arguments='{"a": 2, "b": 3}', id="fc_1"
    )
    model = TypedItemsModel(
        [
            ModelResponse(output=[call], usage=Usage(requests=1), response_id="r1"),
            ModelResponse(output=[_message("5")], usage=Usage(requests=1), response_id="r2"),
        ]
    )
    result = await Runner.run(Agent(name="calc", model=model, tools=[add]), "2 + 3?")

    assert result.final_output == "5"
    replayed = model.inputs[1]
    assert [i.get("type") for i in replayed[1:]] == ["function_call", "function_call_output"]
    assert replayed[1]["call_id"] == "c1" and replayed[2]["output"] == "5"
    assert result.context_wrapper.usage.requests == 2


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        (
            {"output": []},
            "TypedItemsModel.get_response\\(\\) must return a ModelResponse, got dict",
        ),
        (ModelResponse(output=None), "whose output is a NoneType, not a list"),  # type: ignore[arg-type]
        (ModelResponse(output=[object()]), "neither a dict nor an openai output item"),
    ],
)
async def test_a_malformed_answer_is_a_user_error_naming_the_model(
    answer: Any, message: str
) -> None:
    model = TypedItemsModel([answer])
    with pytest.raises(UserError, match=message):
        await Runner.run(Agent(name="calc", model=model), "hi")
