"""Plain-JSON payloads of the model activity: what crosses from workflow to worker and back.

Only plain dicts and lists cross, so Temporal's default data converter is
enough and histories stay readable. Tools, handoffs and the output schema
cross as their descriptions (what the model is shown), never as code.
"""

from __future__ import annotations

from typing import Any

from runwright._agent.handoffs import Handoff
from runwright._agent.output_schema import AgentOutputSchemaBase
from runwright._core.config import ModelSettings
from runwright._core.items import ModelResponse, to_raw
from runwright._core.usage import Usage
from runwright._models.retry import RetrySettings
from runwright._tools.function_tool import FunctionTool

MODEL_ACTIVITY = "runwright_invoke_model"
TOOL_ACTIVITY = "runwright_invoke_tool"


def encode_model_call(
    model_name: str | None,
    system_instructions: str | None,
    input: Any,
    model_settings: ModelSettings,
    tools: list[FunctionTool],
    output_schema: AgentOutputSchemaBase | None,
    handoffs: list[Handoff[Any]],
    tracing: int,
    extra: dict[str, Any],
) -> dict[str, Any]:
    """The model activity's input."""
    return {
        "model_name": model_name,
        "system_instructions": system_instructions,
        "input": input if isinstance(input, str) else [dict(i) for i in input],
        "model_settings": model_settings.to_json_dict(),
        "tools": [
            {
                "name": t.name,
                "description": t.description,
                "params_json_schema": t.params_json_schema,
                "strict_json_schema": t.strict_json_schema,
            }
            for t in tools
        ],
        "handoffs": [
            {
                "tool_name": h.tool_name,
                "tool_description": h.tool_description,
                "input_json_schema": h.input_json_schema,
                "agent_name": h.agent_name,
                "strict_json_schema": h.strict_json_schema,
            }
            for h in handoffs
        ],
        "output_schema": None if output_schema is None else _encode_schema(output_schema),
        "tracing": tracing,
        **extra,
    }


def _encode_schema(schema: AgentOutputSchemaBase) -> dict[str, Any]:
    plain = schema.is_plain_text()
    return {
        "name": schema.name(),
        "plain_text": plain,
        "json_schema": None if plain else schema.json_schema(),
        "strict": schema.is_strict_json_schema(),
    }


async def _described_only(*_: Any) -> Any:
    raise RuntimeError("a model activity's tools and handoffs are descriptions; nothing runs here")


def decode_tools(data: list[dict[str, Any]]) -> list[FunctionTool]:
    """Stand-ins carrying what the model is shown of each tool."""
    return [
        FunctionTool(
            name=t["name"],
            description=t["description"],
            params_json_schema=t["params_json_schema"],
            on_invoke_tool=_described_only,
            strict_json_schema=t["strict_json_schema"],
        )
        for t in data
    ]


def decode_handoffs(data: list[dict[str, Any]]) -> list[Handoff[Any]]:
    """Stand-ins carrying what the model is shown of each handoff."""
    return [
        Handoff(
            tool_name=h["tool_name"],
            tool_description=h["tool_description"],
            input_json_schema=h["input_json_schema"],
            on_invoke_handoff=_described_only,
            agent_name=h["agent_name"],
            strict_json_schema=h["strict_json_schema"],
        )
        for h in data
    ]


class DescribedOutputSchema(AgentOutputSchemaBase):
    """An output schema known by its description (validation happens in the workflow)."""

    def __init__(self, data: dict[str, Any]) -> None:
        self._data = data

    def is_plain_text(self) -> bool:
        return bool(self._data["plain_text"])

    def name(self) -> str:
        return str(self._data["name"])

    def json_schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = self._data["json_schema"] or {}
        return schema

    def is_strict_json_schema(self) -> bool:
        return bool(self._data["strict"])

    def validate_json(self, json_str: str) -> Any:
        raise RuntimeError("the workflow validates the final output, not the model activity")


def decode_settings(data: dict[str, Any]) -> ModelSettings:
    """ModelSettings from :meth:`ModelSettings.to_json_dict` output."""
    values = dict(data)
    retry = values.get("retry")
    if isinstance(retry, dict):
        values["retry"] = RetrySettings(**retry)
    return ModelSettings(**values)


def encode_response(response: ModelResponse) -> dict[str, Any]:
    """The model activity's result."""
    return {
        "output": [dict(item) for item in response.output],
        "usage": response.usage.to_json_dict(),
        "response_id": response.response_id,
    }


def decode_response(data: dict[str, Any]) -> ModelResponse:
    """A ModelResponse from :func:`encode_response` output."""
    usage = data.get("usage") or {}
    return ModelResponse(
        output=to_raw(list(data.get("output") or [])),
        usage=Usage.from_wire(usage, requests=int(usage.get("requests", 1))),
        response_id=data.get("response_id"),
    )
