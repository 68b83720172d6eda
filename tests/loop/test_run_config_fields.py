"""RunConfig's SDK fields do what the SDK does: input filter, reasoning ids, tool name
collisions, tool execution, withheld tool outputs; and the run result's SDK extras."""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

import pytest

from runwright import (
    Agent,
    AgentToolInvocation,
    GuardrailFunctionOutput,
    OutputGuardrailTripwireTriggered,
    RunConfig,
    RunContextWrapper,
    Runner,
    ToolExecutionConfig,
    ToolGuardrailFunctionOutput,
    ToolsToFinalOutputResult,
    UserError,
    function_tool,
    handoff,
    output_guardrail,
    tool_input_guardrail,
)
from runwright.extensions import handoff_filters
from runwright.run_config import (
    CallModelData,
    ModelInputData,
    OutputGuardrailBlockedMessageArgs,
    _default_trace_include_sensitive_data,
)
from runwright.testing import message, reasoning, tool_call
from runwright.tool_context import ToolContext


@function_tool
def lookup() -> str:
    return "value"


# ----- RunConfig itself -----------------------------------------------------------


def test_new_fields_have_the_sdk_defaults() -> None:
    config = RunConfig()
    assert config.tracing is None
    assert config.reasoning_item_id_policy is None
    assert config.tool_execution is None
    assert config.tool_name_collision_policy == "warn"
    assert config.output_guardrail_blocked_message is None
    assert config.tool_not_found_behavior == "raise_error"


def test_trace_include_sensitive_data_defaults_from_the_environment(monkeypatch: Any) -> None:
    monkeypatch.setenv("OPENAI_AGENTS_TRACE_INCLUDE_SENSITIVE_DATA", "false")
    assert _default_trace_include_sensitive_data() is False
    assert RunConfig().trace_include_sensitive_data is False
    monkeypatch.setenv("OPENAI_AGENTS_TRACE_INCLUDE_SENSITIVE_DATA", " Yes ")
    assert RunConfig().trace_include_sensitive_data is True
    monkeypatch.delenv("OPENAI_AGENTS_TRACE_INCLUDE_SENSITIVE_DATA")
    assert RunConfig().trace_include_sensitive_data is True


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"tool_name_collision_policy": "ignore"}, "'warn' or 'error'"),
        ({"reasoning_item_id_policy": "drop"}, "'preserve' or 'omit'"),
        ({"output_guardrail_blocked_message": ""}, "must not be empty"),
        ({"output_guardrail_blocked_message": 42}, "string, a formatter"),
        ({"tool_execution": {"max_threads": 2}}, "no field(s) max_threads"),
        ({"tool_execution": 3}, "ToolExecutionConfig"),
    ],
)
def test_bad_values_are_user_errors(kwargs: dict[str, Any], words: str) -> None:
    with pytest.raises(UserError, match=words.replace("(", r"\(").replace(")", r"\)")):
        RunConfig(**kwargs)


def test_async_blocked_message_formatter_is_refused() -> None:
    async def formatter(args: Any) -> str:
        return "x"

    with pytest.raises(UserError, match="synchronous"):
        RunConfig(output_guardrail_blocked_message=formatter)


def test_tool_execution_config_checks_its_values() -> None:
    assert RunConfig(tool_execution={"max_function_tool_concurrency": 2}).tool_execution == (
        ToolExecutionConfig(max_function_tool_concurrency=2)
    )
    for bad in (0, -1, True, 1.5):
        with pytest.raises(UserError, match="at least 1"):
            ToolExecutionConfig(max_function_tool_concurrency=bad)  # type: ignore[arg-type]
    with pytest.raises(UserError, match="must be a bool"):
        ToolExecutionConfig(pre_approval_tool_input_guardrails="yes")  # type: ignore[arg-type]


# ----- call_model_input_filter ------------------------------------------------------


@pytest.mark.parametrize("is_async", [False, True])
async def test_input_filter_rewrites_what_the_model_gets(scripted: Any, is_async: bool) -> None:
    seen: list[tuple[str, Any, str | None, int]] = []

    def rewrite(data: CallModelData[Any]) -> ModelInputData:
        seen.append(
            (
                data.agent.name,
                data.context,
                data.model_data.instructions,
                len(data.model_data.input),
            )
        )
        data.model_data.input.append({"role": "user", "content": "be brief"})
        return ModelInputData(input=data.model_data.input, instructions="filtered")

    async def rewrite_async(data: CallModelData[Any]) -> ModelInputData:
        return rewrite(data)

    model = scripted([tool_call("lookup", call_id="c1"), "done"])
    agent = Agent(name="a", model=model, tools=[lookup], instructions="original")
    config = RunConfig(call_model_input_filter=rewrite_async if is_async else rewrite)
    result = await Runner.run(agent, "hi", context={"user": 1}, run_config=config)

    assert seen == [("a", {"user": 1}, "original", 1), ("a", {"user": 1}, "original", 3)]
    assert [c.system_instructions for c in model.calls] == ["filtered", "filtered"]
    assert model.calls[1].input[-1] == {"role": "user", "content": "be brief"}
    # The run's own record is untouched: the filter got a copy.
    assert {"role": "user", "content": "be brief"} not in result.to_input_list()


async def test_input_filter_must_return_model_input_data(scripted: Any) -> None:
    model = scripted([])
    config = RunConfig(call_model_input_filter=lambda data: data.model_data.input)
    with pytest.raises(UserError, match="must return a ModelInputData, got list"):
        await Runner.run(Agent(name="a", model=model), "hi", run_config=config)


# ----- reasoning_item_id_policy -----------------------------------------------------


def _reasoning_ids(items: list[Any]) -> list[Any]:
    return [i.get("id") for i in items if i.get("type") == "reasoning"]


@pytest.mark.parametrize("policy", [None, "preserve", "omit"])
async def test_reasoning_ids_follow_the_policy(scripted: Any, policy: Any) -> None:
    given = {"type": "reasoning", "id": "rs_input", "summary": []}
    model = scripted([[reasoning("thinking", id="rs_1"), tool_call("lookup", call_id="c1")], "ok"])
    agent = Agent(name="a", model=model, tools=[lookup])
    config = RunConfig(reasoning_item_id_policy=policy)
    result = await Runner.run(agent, [{"role": "user", "content": "hi"}, given], run_config=config)

    sent = model.calls[1].input
    expected = [None] if policy == "omit" else ["rs_1"]
    assert _reasoning_ids(sent) == ["rs_input", *expected]  # the caller's input stays as given
    assert _reasoning_ids(result.to_input_list()) == ["rs_input", *expected]
    assert result.new_items[0].raw_item["id"] == "rs_1"  # the record keeps the id


# ----- tool_name_collision_policy ---------------------------------------------------


@function_tool(name_override="dup")
def first() -> str:
    return "first"


@function_tool(name_override="dup")
def second() -> str:
    return "second"


async def test_duplicate_tool_names_warn_and_the_last_wins(scripted: Any, caplog: Any) -> None:
    model = scripted([tool_call("dup", call_id="c1"), "done"])
    agent = Agent(name="a", model=model, tools=[first, second])
    with caplog.at_level(logging.WARNING, logger="runwright"):
        result = await Runner.run(agent, "hi")
    assert model.calls[0].tool_names == ["dup"]
    assert result.new_items[1].output == "second"
    assert "'dup' is used by more than one function tool" in caplog.text


async def test_duplicate_tool_names_fail_under_error_policy(scripted: Any) -> None:
    model = scripted([])
    agent = Agent(name="a", model=model, tools=[first, second])
    with pytest.raises(UserError, match="'dup' is used by more than one function tool"):
        await Runner.run(agent, "hi", run_config=RunConfig(tool_name_collision_policy="error"))
    assert model.calls == []  # refused before the model was called


async def test_a_handoff_wins_over_a_tool_of_its_name(scripted: Any) -> None:
    target = Agent(name="other", model=scripted(["from other"]))
    route = handoff(target)

    @function_tool(name_override=route.tool_name)
    def impostor() -> str:
        return "tool"

    model = scripted([tool_call(route.tool_name, call_id="c1")])
    agent = Agent(name="a", model=model, tools=[impostor], handoffs=[route])
    result = await Runner.run(agent, "hi")
    assert result.last_agent is target
    assert model.calls[0].tool_names == [route.tool_name]

    agent = Agent(name="b", model=scripted([]), tools=[impostor], handoffs=[route])
    with pytest.raises(UserError, match="both a function tool and a handoff"):
        await Runner.run(agent, "hi", run_config=RunConfig(tool_name_collision_policy="error"))


# ----- tool_execution ---------------------------------------------------------------


async def test_max_function_tool_concurrency_bounds_parallel_calls(scripted: Any) -> None:
    running = peak = 0

    @function_tool
    async def slow(i: int) -> str:
        nonlocal running, peak
        running += 1
        peak = max(peak, running)
        await asyncio.sleep(0.005)
        running -= 1
        return f"r{i}"

    for limit, expected in ((None, 5), (2, 2), (1, 1)):
        peak = 0
        calls = [tool_call("slow", {"i": i}, call_id=f"c{i}") for i in range(5)]
        model = scripted([calls, "done"])
        config = RunConfig(tool_execution=ToolExecutionConfig(max_function_tool_concurrency=limit))
        result = await Runner.run(
            Agent(name="a", model=model, tools=[slow]), "go", run_config=config
        )
        assert peak == expected
        outputs = [i.output for i in result.new_items if i.type == "tool_call_output_item"]
        assert outputs == [f"r{i}" for i in range(5)]  # still in call order


@tool_input_guardrail
def no_bad(data: Any) -> ToolGuardrailFunctionOutput:
    if "bad" in data.context.tool_arguments:
        return ToolGuardrailFunctionOutput.reject_content("refused by guardrail")
    return ToolGuardrailFunctionOutput.allow()


@function_tool(needs_approval=True, tool_input_guardrails=[no_bad])
def act(x: str) -> str:
    return f"acted {x}"


@pytest.mark.parametrize("first_guard", [False, True])
async def test_pre_approval_input_guardrails(scripted: Any, first_guard: bool) -> None:
    calls = [
        tool_call("act", {"x": "bad"}, call_id="c1"),
        tool_call("act", {"x": "ok"}, call_id="c2"),
    ]
    model = scripted([calls, "done"])
    agent = Agent(name="a", model=model, tools=[act])
    config = RunConfig(
        tool_execution=ToolExecutionConfig(pre_approval_tool_input_guardrails=first_guard)
    )
    result = await Runner.run(agent, "hi", run_config=config)
    if first_guard:  # the rejected call is answered without asking anyone
        assert [i.call_id for i in result.interruptions] == ["c2"]
        assert [i.type for i in result.new_items] == [
            "tool_call_item",
            "tool_call_item",
            "tool_call_output_item",
            "tool_approval_item",
        ]
        assert result.new_items[2].output == "refused by guardrail"
    else:
        assert [i.call_id for i in result.interruptions] == ["c1", "c2"]
    state = result.to_state()
    for item in result.interruptions:
        state.approve(item)
    resumed = await Runner.run(agent, state, run_config=config)
    outputs = [i.output for i in resumed.new_items if i.type == "tool_call_output_item"]
    assert outputs == ["refused by guardrail", "acted ok"]
    assert resumed.final_output == "done"


# ----- output_guardrail_blocked_message ---------------------------------------------


@function_tool
def secret() -> str:
    return "TOP-SECRET"


@output_guardrail
def no_secrets(ctx: Any, agent: Any, output: Any) -> GuardrailFunctionOutput:
    return GuardrailFunctionOutput(
        output_info={"found": str(output)}, tripwire_triggered="SECRET" in str(output)
    )


async def _blocked(scripted: Any, blocked: Any) -> OutputGuardrailTripwireTriggered:
    model = scripted([tool_call("secret", call_id="c1")])
    agent = Agent(
        name="a",
        model=model,
        tools=[secret],
        tool_use_behavior="stop_on_first_tool",
        output_guardrails=[no_secrets],
    )
    config = RunConfig(output_guardrail_blocked_message=blocked)
    with pytest.raises(OutputGuardrailTripwireTriggered) as caught:
        await Runner.run(agent, "hi", run_config=config)
    return caught.value


@pytest.mark.parametrize(
    ("blocked", "placeholder"),
    [
        (None, "Output withheld by an output guardrail."),
        ("[redacted]", "[redacted]"),
        (lambda args: f"withheld by {args.guardrail_name}", "withheld by no_secrets"),
        (lambda args: None, "Output withheld by an output guardrail."),
        (lambda args: 1 / 0, "Output withheld by an output guardrail."),
    ],
)
async def test_a_rejected_tool_output_is_withheld(
    scripted: Any, blocked: Any, placeholder: str
) -> None:
    error = await _blocked(scripted, blocked)
    result = error.guardrail_result
    assert result.agent_output == placeholder
    assert result.output.output_info is None
    assert result.output.tripwire_triggered is True
    assert error.run_data is not None
    dumped = json.dumps([i.raw_item for i in error.run_data.new_items])
    assert "TOP-SECRET" not in dumped
    assert error.run_data.new_items[-1].output == placeholder
    assert [r.agent_output for r in error.run_data.output_guardrail_results] == [placeholder]


async def test_the_formatter_gets_data_free_arguments(scripted: Any) -> None:
    got: list[OutputGuardrailBlockedMessageArgs[Any]] = []

    def formatter(args: OutputGuardrailBlockedMessageArgs[Any]) -> str:
        got.append(args)
        return "custom"

    await _blocked(scripted, formatter)
    (args,) = got
    assert args.default_message == "Output withheld by an output guardrail."
    assert args.guardrail_name == "no_secrets"
    assert args.agent.name == "a"
    assert isinstance(args.run_context, RunContextWrapper)


async def test_a_rejected_message_output_is_left_as_it_was(scripted: Any) -> None:
    agent = Agent(name="a", model=scripted(["SECRET plan"]), output_guardrails=[no_secrets])
    config = RunConfig(output_guardrail_blocked_message="[redacted]")
    with pytest.raises(OutputGuardrailTripwireTriggered) as caught:
        await Runner.run(agent, "hi", run_config=config)
    assert caught.value.guardrail_result.agent_output == "SECRET plan"
    assert caught.value.guardrail_result.output.output_info == {"found": "SECRET plan"}


# ----- results ----------------------------------------------------------------------


async def test_result_max_turns_and_release_agents(scripted: Any) -> None:
    agent = Agent(name="a", model=scripted(["hi"]))
    result = await Runner.run(agent, "hello", max_turns=7)
    assert result.max_turns == 7
    assert result.agent_tool_invocation is None
    result.release_agents()
    assert result.last_agent is agent
    assert result.new_items[0].agent is agent  # still alive: the test holds it
    assert result.to_state().max_turns == 7


async def test_to_input_list_modes(scripted: Any) -> None:
    target = Agent(name="other", model=scripted(["from other"]))
    route = handoff(target, input_filter=handoff_filters.remove_all_tools)
    model = scripted(
        [tool_call("lookup", call_id="c0"), [message("passing on"), tool_call(route.tool_name)]]
    )
    agent = Agent(name="a", model=model, tools=[lookup], handoffs=[route])
    result = await Runner.run(agent, "hi")
    normalized = result.to_input_list(mode="normalized")
    assert normalized == target.model.calls[0].input + [result.new_items[-1].raw_item]
    assert [i.get("type") for i in normalized] == [None, "message", "message"]
    assert result.to_input_list() == result.to_input_list(mode="preserve_all")
    with pytest.raises(UserError, match="'preserve_all' or 'normalized'"):
        result.to_input_list(mode="everything")  # type: ignore[arg-type]

    plain = await Runner.run(Agent(name="p", model=scripted(["x"])), "hi")
    assert plain.to_input_list(mode="normalized") == plain.to_input_list()


async def test_agent_tool_results_carry_their_invocation(scripted: Any) -> None:
    seen: list[Any] = []

    def extract(result: Any) -> str:
        seen.append(result.agent_tool_invocation)
        return str(result.final_output)

    inner = Agent(name="inner", model=scripted(["inner says hi"]))
    tool = inner.as_tool(
        tool_name="ask_inner", tool_description="ask", custom_output_extractor=extract
    )
    nested_results: list[Any] = []

    def stop(ctx: Any, results: list[Any]) -> ToolsToFinalOutputResult:
        nested_results.extend(results)
        return ToolsToFinalOutputResult(is_final_output=True, final_output=results[0].output)

    model = scripted([tool_call("ask_inner", {"input": "hello"}, call_id="t1")])
    outer = Agent(name="outer", model=model, tools=[tool], tool_use_behavior=stop)
    result = await Runner.run(outer, "go")
    assert result.final_output == "inner says hi"
    assert seen == [AgentToolInvocation("ask_inner", "t1", '{"input": "hello"}')]
    (function_result,) = nested_results
    assert function_result.agent_run_result.final_output == "inner says hi"
    assert function_result.agent_run_result.agent_tool_invocation == seen[0]
    assert function_result.interruptions == []


# ----- contexts ---------------------------------------------------------------------


def test_tool_context_from_agent_context() -> None:
    wrapper = RunContextWrapper(context={"k": 1})
    call = {"type": "function_call", "name": "lookup", "arguments": "{}", "call_id": "c1",
            "namespace": "crm"}  # fmt: skip
    ctx = ToolContext.from_agent_context(wrapper, "c1", tool_call=call, agent=None)
    assert (ctx.tool_name, ctx.tool_call_id, ctx.tool_arguments) == ("lookup", "c1", "{}")
    assert ctx.tool_namespace == "crm"
    assert ctx.context == {"k": 1} and ctx.usage is wrapper.usage
    named = ToolContext.from_agent_context(wrapper, "c2", tool_name="x", tool_arguments='{"a":1}')
    assert (named.tool_name, named.tool_arguments, named.tool_namespace) == ("x", '{"a":1}', None)
    with pytest.raises(UserError, match="tool_name="):
        ToolContext.from_agent_context(wrapper, "c3")


async def test_tool_context_sees_the_call_namespace(scripted: Any) -> None:
    seen: list[Any] = []

    @function_tool
    def probe(ctx: ToolContext[Any]) -> str:
        seen.append(ctx.tool_namespace)
        return "ok"

    call = tool_call("probe", call_id="c1")
    call["namespace"] = "crm"
    model = scripted([[tool_call("probe", call_id="c0"), call], "done"])
    await Runner.run(Agent(name="a", model=model, tools=[probe]), "hi")
    assert seen == [None, "crm"]


async def test_approval_status_and_rejection_message(scripted: Any) -> None:
    @function_tool(needs_approval=True)
    def wire(amount: int) -> str:
        return "sent"

    model = scripted([[tool_call("wire", {"amount": 1}, call_id="c1"),
                       tool_call("wire", {"amount": 2}, call_id="c2")]])  # fmt: skip
    result = await Runner.run(Agent(name="a", model=model, tools=[wire]), "pay")
    ctx = result.context_wrapper
    first_item, second_item = result.interruptions
    assert ctx.get_approval_status("wire", "c1") is None
    ctx.approve_tool(first_item)
    ctx.reject_tool(second_item, rejection_message="too much")
    assert ctx.get_approval_status("wire", "c1") is True
    assert ctx.get_approval_status("wire", "c2") is False
    assert ctx.get_rejection_message("wire", "c2") == "too much"
    assert ctx.get_rejection_message("wire", "c1") is None
    assert ctx.get_approval_status("wire", "c1", existing_pending=second_item) is None
    assert ctx.get_approval_status("wire", "c1", tool_namespace="ns") is True
    with pytest.raises(Exception, match="non-empty call id"):
        ctx.get_approval_status("wire", "")


async def test_max_turns_none_means_no_limit(scripted: Any) -> None:
    steps = [tool_call("lookup", call_id=f"c{i}") for i in range(12)] + ["done"]
    agent = Agent(name="a", model=scripted(steps), tools=[lookup])
    result = await Runner.run(agent, "hi", max_turns=None)
    assert result.final_output == "done"
    assert result.max_turns is None
    with pytest.raises(UserError, match="positive integer or None"):
        await Runner.run(agent, "hi", max_turns=0)


async def test_streamed_result_exposes_its_task(scripted: Any) -> None:
    streamed = Runner.run_streamed(Agent(name="a", model=scripted(["hi"])), "hi", max_turns=None)
    task = streamed.run_loop_task
    assert task is not None
    async for _ in streamed.stream_events():
        pass
    assert task.done() and streamed.max_turns is None
    streamed.ensure_sandbox_cleanup_on_completion()  # nothing to register
    assert streamed.to_input_list(mode="normalized") == streamed.to_input_list()


async def test_printing_a_result_shows_the_sdks_summary(scripted: Any) -> None:
    result = await Runner.run(Agent(name="x", model=scripted(["one\ntwo\x1b[0m"])), "hi")
    assert str(result) == (
        "RunResult:\n"
        '- Last agent: Agent(name="x", ...)\n'
        "- Final output (str):\n"
        "    one\n"
        "    two\\x1b[0m\n"
        "- 1 new item(s)\n"
        "- 1 raw response(s)\n"
        "- 0 input guardrail result(s)\n"
        "- 0 output guardrail result(s)\n"
        "(See `RunResult` for more details)"
    )
    streamed = Runner.run_streamed(Agent(name="s", model=scripted(["hello"])), "hi", max_turns=3)
    async for _ in streamed.stream_events():
        pass
    assert str(streamed).splitlines()[:5] == [
        "RunResultStreaming:",
        '- Current agent: Agent(name="s", ...)',
        "- Current turn: 1",
        "- Max turns: 3",
        "- Is complete: True",
    ]


async def test_run_config_and_its_settings_may_be_dicts(scripted: Any) -> None:
    assert RunConfig(model_settings={"temperature": 0.3}).model_settings.temperature == 0.3
    with pytest.raises(UserError, match="no field"):
        RunConfig(model_settings={"bogus": 1})
    model = scripted(["hi"])
    config = {"workflow_name": "w", "model_settings": {"temperature": 0.1}}
    result = await Runner.run(Agent(name="a", model=model), "hi", run_config=config)
    assert result.final_output == "hi"
    assert model.calls[0].model_settings.temperature == 0.1
    with pytest.raises(UserError, match="RunConfig has no field"):
        await Runner.run(Agent(name="a", model=scripted([])), "hi", run_config={"nope": 1})


async def test_run_streamed_takes_the_sdks_positional_parameters(scripted: Any) -> None:
    model = scripted([tool_call("lookup", call_id="c1"), "done"])
    agent = Agent(name="a", model=model, tools=[lookup])
    streamed = Runner.run_streamed(agent, "hi", {"user": 1}, 5, None, None, None, True)
    async for _ in streamed.stream_events():
        pass
    assert streamed.context_wrapper.context == {"user": 1}
    assert streamed.max_turns == 5
    # auto_previous_response_id: the second call chains on the first response
    assert [c.previous_response_id for c in model.calls] == [None, "resp_scripted_1"]
    assert [len(c.input) for c in model.calls] == [1, 1]


@pytest.mark.parametrize("auto", [False, True])
async def test_auto_previous_response_id(scripted: Any, auto: bool) -> None:
    model = scripted([tool_call("lookup", call_id="c1"), "done"])
    agent = Agent(name="a", model=model, tools=[lookup])
    await Runner.run(agent, "hi", auto_previous_response_id=auto)
    if auto:
        assert [c.previous_response_id for c in model.calls] == [None, "resp_scripted_1"]
        assert [len(c.input) for c in model.calls] == [1, 1]
    else:
        assert [c.previous_response_id for c in model.calls] == [None, None]
        assert [len(c.input) for c in model.calls] == [1, 3]
    with pytest.raises(UserError, match="True or False"):
        await Runner.run(agent, "hi", auto_previous_response_id="yes")  # type: ignore[typeddict-item]


async def test_printing_run_data_shows_the_sdks_summary(scripted: Any) -> None:
    from runwright import MaxTurnsExceeded

    agent = Agent(name="a", model=scripted([tool_call("lookup", call_id="c1")]), tools=[lookup])
    with pytest.raises(MaxTurnsExceeded) as caught:
        await Runner.run(agent, "hi", max_turns=1)
    assert str(caught.value.run_data).splitlines() == [
        "RunErrorDetails:",
        '- Last agent: Agent(name="a", ...)',
        "- 2 new item(s)",
        "- 1 raw response(s)",
        "- 0 input guardrail result(s)",
        "- 0 output guardrail result(s)",
        "- 0 tool input guardrail result(s)",
        "- 0 tool output guardrail result(s)",
        "(See `RunErrorDetails` for more details)",
    ]


@pytest.mark.parametrize("from_tool", [True, False])
async def test_session_after_an_output_guardrail_trip(scripted: Any, from_tool: bool) -> None:
    from runwright.durable import InMemoryCheckpointStore
    from runwright.sessions import InMemorySession

    session, store = InMemorySession("s"), InMemoryCheckpointStore()
    step = tool_call("secret", call_id="c1") if from_tool else "SECRET answer"
    agent = Agent(
        name="a",
        model=scripted([step]),
        tools=[secret],
        tool_use_behavior="stop_on_first_tool",
        output_guardrails=[no_secrets],
    )
    with pytest.raises(OutputGuardrailTripwireTriggered):
        await Runner.run(agent, "hi", session=session, durable=store, run_id="r1")
    saved = await session.get_items()
    assert saved[0] == {"content": "hi", "role": "user"}
    if from_tool:  # the turn is kept, its tool output withheld
        assert [i.get("type") for i in saved[1:]] == ["function_call", "function_call_output"]
        assert saved[2]["output"] == "Output withheld by an output guardrail."
    else:  # only the input: the rejected answer is not kept
        assert len(saved) == 1
    assert "TOP-SECRET" not in json.dumps(saved)
    checkpoint = await store.load("r1")
    assert checkpoint is not None
    if from_tool:
        assert "TOP-SECRET" not in json.dumps(checkpoint.to_state_json())
