"""What the model is told when tools fail, time out or are rejected: the SDK's knobs."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from runwright import (
    Agent,
    FunctionToolResult,
    RunConfig,
    RunContextWrapper,
    Runner,
    ToolErrorFormatterArgs,
    ToolsToFinalOutputFunction,
    ToolsToFinalOutputResult,
    ToolTimeoutError,
    function_tool,
)
from runwright.testing import tool_call


@function_tool
def explode(reason: str) -> str:
    """Always fails."""
    raise ValueError(f"secret detail: {reason}")


@function_tool(needs_approval=True)
def wire_money(amount: int) -> str:
    return f"sent {amount}"


def tool_output(model: Any, call: int = 1) -> str:
    return str(model.calls[call].input[-1]["output"])


async def test_formatter_rewrites_tool_exceptions(scripted: Any) -> None:
    seen: list[ToolErrorFormatterArgs[Any]] = []

    def formatter(args: ToolErrorFormatterArgs[Any]) -> str | None:
        seen.append(args)
        return f"The {args.tool_name} tool failed; try something else."

    model = scripted([tool_call("explode", {"reason": "x"}, call_id="call_1"), "ok"])
    await Runner.run(
        Agent(name="a", model=model, tools=[explode]),
        "go",
        context="ctx",
        run_config=RunConfig(tool_error_formatter=formatter),
    )
    assert tool_output(model) == "The explode tool failed; try something else."
    (args,) = seen
    assert (args.kind, args.tool_type, args.tool_name, args.call_id) == (
        "tool_exception",
        "function",
        "explode",
        "call_1",
    )
    assert "secret detail: x" in args.default_message
    assert isinstance(args.error, ValueError)
    assert args.run_context.context == "ctx"


@pytest.mark.parametrize("answer", ["none", "raise", "not a string"])
async def test_formatter_that_declines_or_fails_keeps_the_default(
    scripted: Any, answer: str
) -> None:
    async def formatter(args: ToolErrorFormatterArgs[Any]) -> Any:
        if answer == "raise":
            raise RuntimeError("formatter bug")
        return None if answer == "none" else 42

    model = scripted([tool_call("explode", {"reason": "y"}), "ok"])
    await Runner.run(
        Agent(name="a", model=model, tools=[explode]),
        "go",
        run_config=RunConfig(tool_error_formatter=formatter),
    )
    assert tool_output(model).startswith("An error occurred while running the tool.")


async def test_explicit_failure_function_is_not_formatted(scripted: Any) -> None:
    @function_tool(failure_error_function=lambda ctx, error: "own message")
    def fragile() -> str:
        raise ValueError("boom")

    model = scripted([tool_call("fragile"), "ok"])
    await Runner.run(
        Agent(name="a", model=model, tools=[fragile]),
        "go",
        run_config=RunConfig(tool_error_formatter=lambda args: "formatted"),
    )
    assert tool_output(model) == "own message"


async def test_formatter_words_rejections_without_a_message(scripted: Any) -> None:
    model = scripted([tool_call("wire_money", {"amount": 5}), "ok"])
    agent = Agent(name="a", model=model, tools=[wire_money])
    config = RunConfig(
        tool_error_formatter=lambda args: f"{args.kind}: {args.tool_name} was declined"
    )
    paused = await Runner.run(agent, "pay", run_config=config)
    state = paused.to_state()
    state.reject(paused.interruptions[0])
    await Runner.run(agent, state, run_config=config)
    assert tool_output(model) == "approval_rejected: wire_money was declined"


@function_tool(timeout=0.01)
async def slow() -> str:
    await asyncio.sleep(5)
    return "late"


async def test_timeout_is_reported_to_the_model_by_default(scripted: Any) -> None:
    model = scripted([tool_call("slow"), "ok"])
    result = await Runner.run(Agent(name="a", model=model, tools=[slow]), "go")
    assert result.final_output == "ok"
    assert tool_output(model) == "Tool 'slow' timed out after 0.01 seconds."
    assert slow.timeout_seconds == 0.01


async def test_timeout_error_function_words_the_timeout(scripted: Any) -> None:
    def say(ctx: RunContextWrapper[Any], error: Exception) -> str:
        assert isinstance(error, ToolTimeoutError)
        return f"{error.tool_name} took longer than {error.timeout_seconds}s"

    @function_tool(timeout=0.01, timeout_error_function=say)
    async def sleepy() -> str:
        await asyncio.sleep(5)
        return "late"

    model = scripted([tool_call("sleepy"), "ok"])
    await Runner.run(Agent(name="a", model=model, tools=[sleepy]), "go")
    assert tool_output(model) == "sleepy took longer than 0.01s"


async def test_timeout_can_end_the_run(scripted: Any) -> None:
    @function_tool(timeout=0.01, timeout_behavior="raise_exception")
    async def strict() -> str:
        await asyncio.sleep(5)
        return "late"

    model = scripted([tool_call("strict")])
    with pytest.raises(ToolTimeoutError) as info:
        await Runner.run(Agent(name="a", model=model, tools=[strict]), "go")
    assert (info.value.tool_name, info.value.timeout_seconds) == ("strict", 0.01)


async def test_a_tool_raising_timeout_error_itself_is_a_tool_error(scripted: Any) -> None:
    @function_tool(timeout=5)
    async def own_timeout() -> str:
        raise TimeoutError("upstream API timed out")

    model = scripted([tool_call("own_timeout"), "ok"])
    await Runner.run(Agent(name="a", model=model, tools=[own_timeout]), "go")
    assert "upstream API timed out" in tool_output(model)


def test_bad_timeout_behavior_is_a_user_error() -> None:
    from runwright import UserError

    with pytest.raises(UserError, match="timeout_behavior"):

        @function_tool(timeout=1, timeout_behavior="ignore")
        async def nope() -> str:
            return ""


async def test_tools_to_final_output_function_type(scripted: Any) -> None:
    async def stop_on_big(
        ctx: RunContextWrapper[Any], results: list[FunctionToolResult]
    ) -> ToolsToFinalOutputResult:
        big = [r.output for r in results if r.output > 10]
        return ToolsToFinalOutputResult(
            is_final_output=bool(big), final_output=big[0] if big else None
        )

    behavior: ToolsToFinalOutputFunction = stop_on_big

    @function_tool
    def number(n: int) -> int:
        return n

    model = scripted([tool_call("number", {"n": 3}), tool_call("number", {"n": 30})])
    result = await Runner.run(
        Agent(name="a", model=model, tools=[number], tool_use_behavior=behavior), "go"
    )
    assert result.final_output == 30


async def test_unknown_tool_fails_the_run_by_default(scripted: Any) -> None:
    from runwright import ModelBehaviorError

    model = scripted([tool_call("made_up")])
    with pytest.raises(ModelBehaviorError, match="made_up"):
        await Runner.run(Agent(name="a", model=model, tools=[explode]), "go")


async def test_unknown_tool_can_be_reported_to_the_model(scripted: Any) -> None:
    @function_tool
    def real() -> str:
        return "real output"

    model = scripted(
        [[tool_call("made_up", call_id="c1"), tool_call("real", call_id="c2")], "recovered"]
    )
    config = RunConfig(tool_not_found_behavior="return_error_to_model")
    result = await Runner.run(Agent(name="a", model=model, tools=[real]), "go", run_config=config)
    assert result.final_output == "recovered"
    outputs = {i["call_id"]: i["output"] for i in model.calls[1].input if "output" in i}
    assert outputs == {"c1": "Tool 'made_up' not found.", "c2": "real output"}


async def test_formatter_words_unknown_tools(scripted: Any) -> None:
    model = scripted([tool_call("made_up", call_id="c1"), "ok"])
    config = RunConfig(
        tool_not_found_behavior="return_error_to_model",
        tool_error_formatter=lambda a: f"{a.kind}: no tool {a.tool_name} ({a.call_id})",
    )
    await Runner.run(Agent(name="a", model=model), "go", run_config=config)
    assert tool_output(model) == "tool_not_found: no tool made_up (c1)"


def test_bad_tool_not_found_behavior_is_a_user_error() -> None:
    from runwright import UserError

    with pytest.raises(UserError, match="tool_not_found_behavior"):
        RunConfig(tool_not_found_behavior="ignore")  # type: ignore[arg-type]
