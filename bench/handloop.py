"""The baseline: a minimal hand-written asyncio agent loop.

It does the work runwright's loop does for the benchmark workloads and no
more: call the model with the conversation so far, append the output, run the
tool calls of one response concurrently with ``asyncio.gather`` (arguments
parsed with ``json.loads``), append their outputs in call order, sum usage,
stop at the first response without tool calls. No validation, hooks, events
beyond the raw ones, plans or error handling: what someone would hand-roll.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from runwright._core.config import ModelSettings
from runwright.items import ModelResponse
from runwright.models.interface import Model, ModelTracing
from runwright.usage import Usage

ToolFn = Callable[..., Awaitable[Any]]


@dataclass
class HandResult:
    """What the hand-written loop hands back (the fields a caller would use)."""

    final_output: Any = None
    new_items: list[dict[str, Any]] = field(default_factory=list)
    raw_responses: list[ModelResponse] = field(default_factory=list)
    usage: Usage = field(default_factory=Usage)


class HandLoop:
    """A hand-rolled agent loop over a runwright ``Model`` and plain async functions."""

    def __init__(
        self,
        model: Model,
        tools: dict[str, ToolFn],
        tool_specs: list[Any],
        instructions: str | None,
        max_turns: int = 10,
    ) -> None:
        self.model = model
        self.tools = tools
        self.tool_specs = tool_specs
        self.instructions = instructions
        self.settings = ModelSettings()
        self.max_turns = max_turns

    async def run(self, input: str | list[dict[str, Any]]) -> HandResult:
        """Runs to the first response without tool calls."""
        messages = _start(input)
        result = HandResult()
        for _turn in range(self.max_turns):
            response = await self.model.get_response(
                self.instructions,
                messages,
                self.settings,
                self.tool_specs,
                None,
                [],
                ModelTracing.DISABLED,
            )
            calls = _take_response(response, messages, result)
            if not calls:
                return result
            outputs = await self._call_tools(calls)
            messages.extend(outputs)
            result.new_items.extend(outputs)
        raise RuntimeError("max turns exceeded")

    async def stream(self, input: str | list[dict[str, Any]]) -> AsyncIterator[Any]:
        """The same loop, yielding the model's raw events and each new item."""
        messages = _start(input)
        result = HandResult()
        for _turn in range(self.max_turns):
            completed: Any = None
            async for event in self.model.stream_response(
                self.instructions,
                messages,
                self.settings,
                self.tool_specs,
                None,
                [],
                ModelTracing.DISABLED,
            ):
                yield event
                if event["type"] == "response.completed":
                    completed = event["response"]
            response = ModelResponse(
                output=completed["output"],
                usage=Usage.from_wire(completed.get("usage")),
                response_id=completed["id"],
            )
            calls = _take_response(response, messages, result)
            for item in response.output:
                yield ("item", item)
            if not calls:
                return
            outputs = await self._call_tools(calls)
            messages.extend(outputs)
            result.new_items.extend(outputs)
            for output in outputs:
                yield ("item", output)
        raise RuntimeError("max turns exceeded")

    async def _call_tools(self, calls: list[dict[str, Any]]) -> list[dict[str, Any]]:
        tools = self.tools
        results = await asyncio.gather(
            *[tools[call["name"]](**json.loads(call["arguments"])) for call in calls]
        )
        return [
            {"type": "function_call_output", "call_id": call["call_id"], "output": str(value)}
            for call, value in zip(calls, results, strict=True)
        ]


def _start(input: str | list[dict[str, Any]]) -> list[dict[str, Any]]:
    if isinstance(input, str):
        return [{"role": "user", "content": input}]
    return list(input)


def _take_response(
    response: ModelResponse, messages: list[dict[str, Any]], result: HandResult
) -> list[dict[str, Any]]:
    """Records a response; returns its function calls (final text goes on ``result``)."""
    result.raw_responses.append(response)
    result.usage.add(response.usage)
    calls: list[dict[str, Any]] = []
    for item in response.output:
        kind = item["type"]
        if kind == "function_call":
            calls.append(item)
        elif kind == "message":
            result.final_output = item["content"][-1]["text"]
    messages.extend(response.output)
    result.new_items.extend(response.output)
    return calls
