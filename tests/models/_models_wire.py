"""Helpers for wire tests: tools, handoffs, output schemas and one-line model calls."""

from __future__ import annotations

import json
from typing import Any

from runwright._agent.output_schema import AgentOutputSchemaBase
from runwright._core.config import ModelSettings
from runwright._tools.function_tool import FunctionTool
from runwright.exceptions import ModelBehaviorError
from runwright.handoffs import Handoff
from runwright.items import ModelResponse
from runwright.models.interface import Model, ModelTracing

WEATHER_SCHEMA = {
    "type": "object",
    "properties": {"city": {"type": "string"}},
    "required": ["city"],
    "additionalProperties": False,
}


async def _never(*_: Any) -> Any:
    raise AssertionError("not called in model tests")


def weather_tool() -> FunctionTool:
    return FunctionTool("get_weather", "Weather for a city.", WEATHER_SCHEMA, _never)


def billing_handoff() -> Handoff[Any]:
    return Handoff(
        tool_name="transfer_to_billing",
        tool_description="Hand off to the billing agent.",
        input_json_schema={"type": "object", "properties": {}, "additionalProperties": False},
        on_invoke_handoff=_never,
        agent_name="billing",
    )


class JsonSchemaOutput(AgentOutputSchemaBase):
    """A fixed JSON output schema."""

    SCHEMA = {
        "type": "object",
        "properties": {"answer": {"type": "integer"}},
        "required": ["answer"],
        "additionalProperties": False,
    }

    def is_plain_text(self) -> bool:
        return False

    def name(self) -> str:
        return "final_answer"

    def json_schema(self) -> dict[str, Any]:
        return self.SCHEMA

    def is_strict_json_schema(self) -> bool:
        return True

    def validate_json(self, json_str: str) -> Any:
        try:
            return json.loads(json_str)
        except ValueError as error:
            raise ModelBehaviorError(str(error)) from error


async def call(
    model: Model,
    input: Any = "hi",
    *,
    instructions: str | None = "Be brief.",
    settings: ModelSettings | None = None,
    tools: list[Any] | None = None,
    handoffs: list[Any] | None = None,
    output_schema: AgentOutputSchemaBase | None = None,
    **kwargs: Any,
) -> ModelResponse:
    return await model.get_response(
        instructions,
        input,
        settings or ModelSettings(),
        tools or [],
        output_schema,
        handoffs or [],
        ModelTracing.DISABLED,
        **kwargs,
    )


async def stream(
    model: Model,
    input: Any = "hi",
    *,
    instructions: str | None = "Be brief.",
    settings: ModelSettings | None = None,
    tools: list[Any] | None = None,
    handoffs: list[Any] | None = None,
    output_schema: AgentOutputSchemaBase | None = None,
    **kwargs: Any,
) -> list[Any]:
    events = model.stream_response(
        instructions,
        input,
        settings or ModelSettings(),
        tools or [],
        output_schema,
        handoffs or [],
        ModelTracing.DISABLED,
        **kwargs,
    )
    return [event async for event in events]


def completed_response(events: list[Any]) -> ModelResponse:
    """The ModelResponse a run loop builds from a stream's response.completed event."""
    from runwright.usage import Usage

    last = events[-1]
    assert last.type == "response.completed"
    response = last.response
    return ModelResponse(
        output=list(response.output), usage=Usage.from_wire(response.usage), response_id=response.id
    )
