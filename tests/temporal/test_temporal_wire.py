"""What crosses to the model activity and back is plain JSON and loses nothing the model uses."""

from __future__ import annotations

import json

from pydantic import BaseModel

from runwright import Agent, ModelSettings, function_tool, handoff
from runwright._agent.output_schema import output_schema_for
from runwright._models.retry import RetrySettings
from runwright._temporal import wire as _wire
from runwright.items import ModelResponse, function_call_raw, message_raw
from runwright.usage import Usage


class Answer(BaseModel):
    city: str
    degrees: int


@function_tool
def forecast(city: str, days: int = 3) -> str:
    """Forecast for a city."""
    return city


def test_a_model_call_round_trips_through_json() -> None:
    target = Agent(name="Weather desk", handoff_description="Weather questions.")
    h = handoff(target)
    schema = output_schema_for(Answer)
    settings = ModelSettings(temperature=0.2, retry=RetrySettings(max_attempts=2))
    call = _wire.encode_model_call(
        "gpt-x", "Be brief.", [{"role": "user", "content": "hi"}], settings,
        [forecast], schema, [h], 1, {"previous_response_id": "resp_1"},
    )  # fmt: skip
    call = json.loads(json.dumps(call))  # what the data converter does

    [tool] = _wire.decode_tools(call["tools"])
    assert (tool.name, tool.description) == ("forecast", "Forecast for a city.")
    assert tool.params_json_schema == forecast.params_json_schema
    [back] = _wire.decode_handoffs(call["handoffs"])
    assert (back.tool_name, back.agent_name) == (h.tool_name, "Weather desk")
    assert back.input_json_schema == h.input_json_schema
    described = _wire.DescribedOutputSchema(call["output_schema"])
    assert described.json_schema() == schema.json_schema()
    assert described.name() == schema.name() and not described.is_plain_text()
    decoded = _wire.decode_settings(call["model_settings"])
    assert decoded.temperature == 0.2 and decoded.retry == RetrySettings(max_attempts=2)
    assert call["previous_response_id"] == "resp_1"


def test_a_response_round_trips_through_json() -> None:
    response = ModelResponse(
        output=[function_call_raw("forecast", '{"city": "Oslo"}', "call_1"), message_raw("ok")],
        usage=Usage(requests=1, input_tokens=12, output_tokens=3),
        response_id="resp_9",
    )
    back = _wire.decode_response(json.loads(json.dumps(_wire.encode_response(response))))
    assert back.output == response.output
    assert back.output[0].call_id == "call_1"  # attribute access, as the loop reads items
    assert back.usage == response.usage
    assert back.response_id == "resp_9"
