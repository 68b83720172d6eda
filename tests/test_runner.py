"""Behaviour of Runner.run / run_sync on ScriptedModel: the core loop end to end."""

from __future__ import annotations

import asyncio
import gc
import json
import threading
import weakref
from dataclasses import dataclass
from typing import Any

import pytest
from pydantic import BaseModel
from typing_extensions import TypedDict

from runwright import (
    Agent,
    MaxTurnsExceeded,
    MessageOutputItem,
    ModelBehaviorError,
    ModelSettings,
    RunConfig,
    RunContextWrapper,
    RunErrorHandlers,
    Runner,
    ToolCallItem,
    ToolCallOutputItem,
    ToolsToFinalOutputResult,
    Usage,
    UserError,
    function_tool,
)
from runwright.testing import ScriptedResponse, message, tool_call


@function_tool
async def add(a: int, b: int) -> int:
    """Add two integers."""
    return a + b


async def test_single_turn_text(scripted: Any) -> None:
    model = scripted(["Hello!"])
    result = await Runner.run(Agent(name="a", model=model, instructions="Be brief."), "Hi")
    assert result.final_output == "Hello!"
    assert [type(i) for i in result.new_items] == [MessageOutputItem]
    assert result.last_agent.name == "a"
    assert result.input == "Hi"
    assert model.calls[0].system_instructions == "Be brief."
    assert model.calls[0].input == [{"role": "user", "content": "Hi"}]
    assert result.to_input_list() == [
        {"role": "user", "content": "Hi"},
        result.new_items[0].raw_item,
    ]


async def test_tool_loop_records_calls_and_outputs_in_order(scripted: Any) -> None:
    model = scripted(
        [
            [tool_call("add", {"a": 1, "b": 2}), tool_call("add", {"a": 10, "b": 20})],
            tool_call("add", {"a": 3, "b": 4}),
            "done",
        ]
    )
    result = await Runner.run(Agent(name="calc", model=model, tools=[add]), "go")
    kinds = [type(i).__name__ for i in result.new_items]
    assert kinds == [
        "ToolCallItem",
        "ToolCallItem",
        "ToolCallOutputItem",
        "ToolCallOutputItem",
        "ToolCallItem",
        "ToolCallOutputItem",
        "MessageOutputItem",
    ]
    outputs = [i for i in result.new_items if isinstance(i, ToolCallOutputItem)]
    assert [o.output for o in outputs] == [3, 30, 7]
    calls = [i for i in result.new_items if isinstance(i, ToolCallItem)]
    assert [o.raw_item["call_id"] for o in outputs] == [c.raw_item.call_id for c in calls]
    # The model saw its own calls and the outputs on the next turn.
    second_input = model.calls[1].input
    assert second_input[1]["type"] == "function_call"
    assert second_input[3] == {
        "type": "function_call_output",
        "call_id": calls[0].raw_item.call_id,
        "output": "3",
    }
    assert len(result.raw_responses) == 3
    assert result.final_output == "done"


async def test_tools_of_one_response_run_concurrently(scripted: Any) -> None:
    started = {"x": asyncio.Event(), "y": asyncio.Event()}

    @function_tool
    async def wait_for_other(me: str, other: str) -> str:
        started[me].set()
        await asyncio.wait_for(started[other].wait(), timeout=2)
        return me

    model = scripted(
        [
            [
                tool_call("wait_for_other", {"me": "x", "other": "y"}),
                tool_call("wait_for_other", {"me": "y", "other": "x"}),
            ],
            "ok",
        ]
    )
    result = await Runner.run(Agent(name="a", model=model, tools=[wait_for_other]), "go")
    assert [i.output for i in result.new_items if isinstance(i, ToolCallOutputItem)] == ["x", "y"]


async def test_sync_tools_run_off_the_event_loop_thread(scripted: Any) -> None:
    loop_thread = threading.get_ident()
    seen: list[int] = []

    @function_tool
    def where() -> str:
        seen.append(threading.get_ident())
        return "here"

    model = scripted([tool_call("where"), "ok"])
    await Runner.run(Agent(name="a", model=model, tools=[where]), "go")
    assert seen and seen[0] != loop_thread


async def test_tool_error_goes_to_the_model(scripted: Any) -> None:
    @function_tool
    def boom() -> str:
        raise RuntimeError("disk on fire")

    model = scripted([tool_call("boom"), "sorry"])
    result = await Runner.run(Agent(name="a", model=model, tools=[boom]), "go")
    sent = model.calls[1].input[-1]
    assert sent["type"] == "function_call_output"
    assert "disk on fire" in sent["output"]
    assert result.final_output == "sorry"


async def test_tool_error_raises_without_failure_function(scripted: Any) -> None:
    @function_tool(failure_error_function=None)
    def boom() -> str:
        raise RuntimeError("disk on fire")

    model = scripted([tool_call("boom")])
    with pytest.raises(RuntimeError, match="disk on fire"):
        await Runner.run(Agent(name="a", model=model, tools=[boom]), "go")


@pytest.mark.parametrize("arguments", ["{not json", '{"a": "x", "b": 2}', '{"a": 1}', "[1, 2]"])
async def test_bad_arguments_are_reported_to_the_model(scripted: Any, arguments: str) -> None:
    model = scripted([tool_call("add", arguments), "fixed"])
    result = await Runner.run(Agent(name="a", model=model, tools=[add]), "go")
    output = model.calls[1].input[-1]["output"]
    assert "Invalid arguments for tool 'add'" in output
    assert result.final_output == "fixed"


async def test_unknown_tool_fails_the_run(scripted: Any) -> None:
    model = scripted([tool_call("nope")])
    with pytest.raises(ModelBehaviorError, match="nope") as info:
        await Runner.run(Agent(name="a", model=model, tools=[add]), "go")
    assert info.value.run_data is not None
    assert info.value.run_data.last_agent.name == "a"


async def test_max_turns_exceeded_then_resumed_from_its_state(scripted: Any) -> None:
    model = scripted([tool_call("add", {"a": 1, "b": 1})] * 2 + ["finally"])
    agent = Agent(name="a", model=model, tools=[add])
    with pytest.raises(MaxTurnsExceeded) as info:
        await Runner.run(agent, "go", max_turns=2)
    state = info.value.run_state
    assert state is not None and state.current_turn == 2
    result = await Runner.run(agent, state, max_turns=5)
    assert result.final_output == "finally"
    assert len(result.raw_responses) == 3
    assert sum(isinstance(i, ToolCallOutputItem) for i in result.new_items) == 2


@pytest.mark.parametrize("two_args", [True, False])
async def test_max_turns_error_handler_gives_final_output(scripted: Any, two_args: bool) -> None:
    model = scripted([tool_call("add", {"a": 1, "b": 1})])
    handler: Any = (
        (lambda ctx, error: "gave up") if two_args else (lambda data: f"gave up: {data.error}")
    )
    result = await Runner.run(
        Agent(name="a", model=model, tools=[add]),
        "go",
        max_turns=1,
        error_handlers=RunErrorHandlers(max_turns=handler),
    )
    assert str(result.final_output).startswith("gave up")


async def test_error_handler_returning_none_reraises(scripted: Any) -> None:
    model = scripted([tool_call("add", {"a": 1, "b": 1})])
    with pytest.raises(MaxTurnsExceeded):
        await Runner.run(
            Agent(name="a", model=model, tools=[add]),
            "go",
            max_turns=1,
            error_handlers=RunErrorHandlers(max_turns=lambda ctx, e: None),
        )


class Weather(BaseModel):
    city: str
    celsius: float


@dataclass
class Pair:
    left: int
    right: int


class Movie(TypedDict):
    title: str
    year: int


@pytest.mark.parametrize(
    ("output_type", "text", "expected"),
    [
        (Weather, '{"city": "Oslo", "celsius": -3.5}', Weather(city="Oslo", celsius=-3.5)),
        (Pair, '{"left": 1, "right": 2}', Pair(1, 2)),
        (Movie, '{"title": "Heat", "year": 1995}', {"title": "Heat", "year": 1995}),
        (list[int], '{"response": [1, 2, 3]}', [1, 2, 3]),
        (str, "plain", "plain"),
    ],
)
async def test_output_types(scripted: Any, output_type: Any, text: str, expected: Any) -> None:
    model = scripted([text])
    result = await Runner.run(Agent(name="a", model=model, output_type=output_type), "go")
    assert result.final_output == expected
    schema = model.calls[0].output_schema
    assert (schema is None) == (output_type is str)


async def test_invalid_structured_output_is_model_behavior_error(scripted: Any) -> None:
    model = scripted(['{"city": 3}'])
    with pytest.raises(ModelBehaviorError):
        await Runner.run(Agent(name="a", model=model, output_type=Weather), "go")


async def test_invalid_output_is_reasked_when_configured(scripted: Any) -> None:
    model = scripted(['{"city": 3}', '{"city": "Oslo", "celsius": 1}'])
    result = await Runner.run(
        Agent(name="a", model=model, output_type=Weather),
        "go",
        run_config=RunConfig(output_retries=1),
    )
    assert result.final_output == Weather(city="Oslo", celsius=1)
    reask = model.calls[1].input[-1]
    assert reask["role"] == "user" and "did not match" in reask["content"]


async def test_reasks_are_bounded(scripted: Any) -> None:
    model = scripted(["not json", "still not json"])
    with pytest.raises(ModelBehaviorError):
        await Runner.run(
            Agent(name="a", model=model, output_type=Weather),
            "go",
            run_config=RunConfig(output_retries=1),
        )


async def test_dynamic_instructions_sync_and_async(scripted: Any) -> None:
    def sync_instructions(ctx: RunContextWrapper[dict[str, str]], agent: Agent[Any]) -> str:
        return f"{agent.name} helps {ctx.context['user']}"

    async def async_instructions(ctx: RunContextWrapper[dict[str, str]], agent: Agent[Any]) -> str:
        return f"async {ctx.context['user']}"

    for instructions, expected in [
        (sync_instructions, "a helps Ann"),
        (async_instructions, "async Ann"),
    ]:
        model = scripted(["ok"])
        await Runner.run(
            Agent(name="a", model=model, instructions=instructions), "hi", context={"user": "Ann"}
        )
        assert model.calls[0].system_instructions == expected


async def test_context_reaches_tools(scripted: Any) -> None:
    @dataclass
    class Ctx:
        user: str

    @function_tool
    def whoami(ctx: RunContextWrapper[Ctx]) -> str:
        return ctx.context.user

    model = scripted([tool_call("whoami"), "ok"])
    result = await Runner.run(Agent(name="a", model=model, tools=[whoami]), "go", context=Ctx("bo"))
    assert [i.output for i in result.new_items if isinstance(i, ToolCallOutputItem)] == ["bo"]


@pytest.mark.parametrize(
    ("behavior", "final"),
    [
        ("stop_on_first_tool", 3),
        ({"stop_at_tool_names": ["add"]}, 3),
    ],
)
async def test_tool_use_behavior_stops(scripted: Any, behavior: Any, final: Any) -> None:
    model = scripted([tool_call("add", {"a": 1, "b": 2})])
    result = await Runner.run(
        Agent(name="a", model=model, tools=[add], tool_use_behavior=behavior), "go"
    )
    assert result.final_output == final


async def test_custom_tool_use_function(scripted: Any) -> None:
    async def decide(ctx: Any, results: list[Any]) -> ToolsToFinalOutputResult:
        total = sum(r.output for r in results)
        return ToolsToFinalOutputResult(is_final_output=total > 5, final_output=f"total {total}")

    model = scripted([tool_call("add", {"a": 1, "b": 2}), tool_call("add", {"a": 3, "b": 4})])
    result = await Runner.run(
        Agent(name="a", model=model, tools=[add], tool_use_behavior=decide), "go"
    )
    assert result.final_output == "total 7"


async def test_reset_tool_choice_after_tool_use(scripted: Any) -> None:
    model = scripted([tool_call("add", {"a": 1, "b": 2}), "done"])
    agent = Agent(
        name="a", model=model, tools=[add], model_settings=ModelSettings(tool_choice="required")
    )
    await Runner.run(agent, "go")
    assert [c.model_settings.tool_choice for c in model.calls] == ["required", None]


async def test_forced_tool_choice_kept_without_reset(scripted: Any) -> None:
    model = scripted([tool_call("add", {"a": 1, "b": 2}), "done"])
    agent = Agent(
        name="a",
        model=model,
        tools=[add],
        reset_tool_choice=False,
        model_settings=ModelSettings(tool_choice="required"),
    )
    await Runner.run(agent, "go")
    assert [c.model_settings.tool_choice for c in model.calls] == ["required", "required"]


async def test_run_config_model_and_settings_override_agent(scripted: Any) -> None:
    agent_model, config_model = scripted([]), scripted(["from config"])
    agent = Agent(
        name="a", model=agent_model, model_settings=ModelSettings(temperature=0.1, top_p=0.5)
    )
    result = await Runner.run(
        agent,
        "go",
        run_config=RunConfig(model=config_model, model_settings=ModelSettings(temperature=0.9)),
    )
    assert result.final_output == "from config"
    settings = config_model.calls[0].model_settings
    assert (settings.temperature, settings.top_p) == (0.9, 0.5)


async def test_disabled_tools_are_not_offered(scripted: Any) -> None:
    @function_tool(is_enabled=False)
    def hidden() -> str:
        return "no"

    @function_tool(is_enabled=lambda ctx, agent: ctx.context == "admin")
    async def admin_only() -> str:
        return "yes"

    for context, names in [("user", ["add"]), ("admin", ["add", "admin_only"])]:
        model = scripted(["ok"])
        await Runner.run(
            Agent(name="a", model=model, tools=[add, hidden, admin_only]), "go", context=context
        )
        assert model.calls[0].tool_names == names


async def test_usage_is_aggregated(scripted: Any) -> None:
    model = scripted(
        [
            ScriptedResponse(
                [tool_call("add", {"a": 1, "b": 1})], usage=Usage(input_tokens=10, output_tokens=5)
            ),
            ScriptedResponse([message("ok")], usage=Usage(input_tokens=20, output_tokens=7)),
        ]
    )
    result = await Runner.run(Agent(name="a", model=model, tools=[add]), "go")
    usage = result.usage
    assert (usage.requests, usage.input_tokens, usage.output_tokens, usage.total_tokens) == (
        2,
        30,
        12,
        42,
    )
    assert (usage.request_tokens, usage.response_tokens) == (30, 12)
    assert [r.usage.total_tokens for r in result.raw_responses] == [15, 27]


async def test_list_input_and_final_output_as(scripted: Any) -> None:
    model = scripted(["ok"])
    history = [
        {"role": "user", "content": "first"},
        {"role": "assistant", "content": "reply"},
        {"role": "user", "content": "second"},
    ]
    result = await Runner.run(Agent(name="a", model=model), history)
    assert model.calls[0].input == history
    assert result.final_output_as(str, raise_if_incorrect_type=True) == "ok"
    with pytest.raises(TypeError):
        result.final_output_as(int, raise_if_incorrect_type=True)
    assert result.to_input_list()[:3] == history


@pytest.mark.parametrize(
    ("input", "kwargs", "message"),
    [
        (42, {}, "Run input must be a string"),
        ([{"content": "no role"}], {}, "Input item 0"),
        (["text"], {}, "Input item 0"),
        ("hi", {"max_turns": 0}, "max_turns"),
        ("hi", {"run_config": "fast"}, "run_config must be a RunConfig"),
        ("hi", {"run_config": {"modle": "x"}}, "RunConfig has no field"),
    ],
)
async def test_bad_input_is_user_error(input: Any, kwargs: Any, message: str) -> None:
    with pytest.raises(UserError, match=message):
        await Runner.run(Agent(name="a"), input, **kwargs)


def test_agent_validation() -> None:
    with pytest.raises(UserError, match="name"):
        Agent(name="")
    with pytest.raises(UserError, match="function_tool"):
        Agent(name="a", tools=[lambda: 1])  # type: ignore[list-item]
    with pytest.raises(UserError, match="tool_use_behavior"):
        Agent(name="a", tool_use_behavior="sometimes")  # type: ignore[arg-type]


def test_agent_clone_changes_only_given_fields() -> None:
    agent = Agent(name="a", instructions="x", tools=[add])
    copy = agent.clone(name="b")
    assert (copy.name, copy.instructions, copy.tools) == ("b", "x", [add])
    assert agent.name == "a"


def test_run_sync(scripted: Any) -> None:
    model = scripted(["one", "two"])
    agent = Agent(name="a", model=model)
    assert Runner.run_sync(agent, "hi").final_output == "one"
    assert Runner.run_sync(agent, "again").final_output == "two"


async def test_run_sync_inside_event_loop_is_user_error() -> None:
    with pytest.raises(UserError, match="running event loop"):
        Runner.run_sync(Agent(name="a"), "hi")


async def test_run_sync_inside_event_loop_is_a_runtime_error_as_in_the_sdk() -> None:
    # What programs written for the SDK catch (e.g. to fall back to `await Runner.run`).
    try:
        Runner.run_sync(Agent(name="a"), "hi")
    except RuntimeError as error:
        assert "Runner.run_sync()" in str(error)
    else:
        pytest.fail("run_sync inside a running loop must raise")


async def test_one_agent_serves_concurrent_runs() -> None:
    def echo(call: Any) -> Any:
        return (
            [tool_call("add", {"a": len(call.input), "b": 0})]
            if len(call.input) == 1
            else message(f"echo {call.input[0]['content']}")
        )

    from runwright.testing import ScriptedModel

    model = ScriptedModel([echo] * 200, delay=0.001)
    agent = Agent(name="a", model=model, tools=[add])
    results = await asyncio.gather(*(Runner.run(agent, f"n{i}") for i in range(100)))
    assert [r.final_output for r in results] == [f"echo n{i}" for i in range(100)]
    model.assert_consumed()


async def test_no_agent_or_result_outlives_the_run() -> None:
    from runwright.testing import ScriptedModel

    model = ScriptedModel([tool_call("add", {"a": 1, "b": 2}), "ok"])
    agent = Agent(name="a", model=model, tools=[add])
    result = await Runner.run(agent, "go")
    state = result.to_state()
    refs = [weakref.ref(agent), weakref.ref(result), weakref.ref(model)]
    del agent, result, state, model
    gc.collect()
    assert [r() for r in refs] == [None, None, None]


async def test_instructions_callable_must_return_a_string(scripted: Any) -> None:
    model = scripted([])
    with pytest.raises(UserError, match="must return a string"):
        await Runner.run(Agent(name="a", model=model, instructions=lambda c, a: 3), "hi")  # type: ignore[arg-type,return-value]


async def test_tool_output_text_is_json_for_structures(scripted: Any) -> None:
    @function_tool
    def lookup() -> dict[str, Any]:
        return {"id": 7, "tags": ["a"]}

    model = scripted([tool_call("lookup"), "ok"])
    await Runner.run(Agent(name="a", model=model, tools=[lookup]), "go")
    assert json.loads(model.calls[1].input[-1]["output"]) == {"id": 7, "tags": ["a"]}


async def test_agent_changes_between_runs_are_seen(scripted: Any) -> None:
    @function_tool
    def extra() -> str:
        return "x"

    model = scripted(["one", "two", "three"])
    agent = Agent(name="a", model=model, tools=[add])
    await Runner.run(agent, "go")
    agent.tools.append(extra)
    await Runner.run(agent, "go")
    agent.model_settings.temperature = 0.3
    await Runner.run(agent, "go")
    assert [c.tool_names for c in model.calls] == [["add"], ["add", "extra"], ["add", "extra"]]
    assert model.calls[2].model_settings.temperature == 0.3
