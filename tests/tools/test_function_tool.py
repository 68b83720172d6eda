"""function_tool: decorator forms, invocation, errors, timeouts, context."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest

from runwright import FunctionTool, RunContextWrapper, ToolContext, UserError, function_tool
from runwright._tools.function_tool import tool_output_text


def _ctx(name: str = "t", arguments: str = "{}") -> ToolContext[Any]:
    return ToolContext.for_call(RunContextWrapper(context={"k": 1}), name, "call_1", arguments)


async def test_bare_decorator_builds_a_strict_tool() -> None:
    @function_tool
    def greet(name: str, excited: bool = False) -> str:
        """Greets someone.

        Args:
            name: Who to greet.
            excited: Add an exclamation mark.
        """
        return f"hi {name}" + ("!" if excited else "")

    assert isinstance(greet, FunctionTool)
    assert greet.name == "greet"
    assert greet.description.startswith("Greets someone.")
    schema = greet.params_json_schema
    assert schema["additionalProperties"] is False
    assert set(schema["required"]) == {"name", "excited"}
    assert schema["properties"]["name"]["description"] == "Who to greet."
    assert await greet.invoke(_ctx(), '{"name": "Bo", "excited": true}') == "hi Bo!"


async def test_decorator_with_arguments() -> None:
    @function_tool(name_override="lookup_order", description_override="Find an order.")
    async def find(order_id: int) -> dict[str, int]:
        return {"id": order_id}

    assert (find.name, find.description) == ("lookup_order", "Find an order.")
    assert await find.invoke(_ctx(), '{"order_id": 5}') == {"id": 5}


async def test_tool_context_parameter() -> None:
    @function_tool
    def info(ctx: ToolContext[dict[str, int]], x: int) -> str:
        return f"{ctx.tool_name}/{ctx.tool_call_id}/{ctx.context['k']}/{x}/{ctx.tool_arguments}"

    assert "ctx" not in info.params_json_schema["properties"]
    assert await info.invoke(_ctx("info", '{"x": 2}'), '{"x": 2}') == 'info/call_1/1/2/{"x": 2}'


async def test_timeout_is_reported_to_the_model() -> None:
    @function_tool(timeout=0.05)
    async def slow() -> str:
        await asyncio.sleep(5)
        return "late"

    output = await slow.invoke(_ctx(), "{}")
    assert "timed out after 0.05 seconds" in output


async def test_custom_failure_error_function() -> None:
    @function_tool(failure_error_function=lambda ctx, e: f"custom: {type(e).__name__}")
    def broken() -> str:
        raise KeyError("x")

    assert await broken.invoke(_ctx(), "{}") == "custom: KeyError"


async def test_async_failure_error_function() -> None:
    async def report(ctx: Any, error: Exception) -> str:
        return f"async: {error}"

    @function_tool(failure_error_function=report)
    def broken() -> str:
        raise ValueError("bad")

    assert await broken.invoke(_ctx(), "{}") == "async: bad"


async def test_empty_arguments_mean_no_arguments() -> None:
    @function_tool
    def ping() -> str:
        return "pong"

    assert await ping.invoke(_ctx(), "") == "pong"


def test_invalid_names_and_timeouts_are_user_errors() -> None:
    async def run(ctx: Any, args: str) -> str:
        return ""

    with pytest.raises(UserError, match="not valid"):
        FunctionTool("has space", "", {}, run)
    with pytest.raises(UserError, match="timeout"):
        FunctionTool("ok", "", {}, run, timeout=0)


def test_decorating_a_non_function_is_user_error() -> None:
    with pytest.raises(UserError):
        function_tool(42)  # type: ignore[call-overload]


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("s", "s"),
        (3, "3"),
        ({"a": [1]}, '{"a": [1]}'),
        (None, "null"),
        (object, str(object)),
    ],
)
def test_tool_output_text(value: Any, text: str) -> None:
    assert tool_output_text(value) == text


def test_tool_output_text_pydantic() -> None:
    from pydantic import BaseModel

    class Out(BaseModel):
        a: int

    assert json.loads(tool_output_text(Out(a=1))) == {"a": 1}
