"""ShellTool: the model's shell calls run for real here, with approvals, resume and tracing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from _shell_executor import LocalExecutor

from runwright import (
    Agent,
    LocalShellCommandRequest,
    LocalShellTool,
    RunHooks,
    Runner,
    RunState,
    ShellActionRequest,
    ShellCommandRequest,
    ShellTool,
    UserError,
)
from runwright.testing import ScriptedModel, assistant_message
from runwright.tool import ShellOnApprovalFunctionResult


def shell_call(*commands: str, call_id: str = "call_1", **action: Any) -> dict[str, Any]:
    return {
        "type": "shell_call",
        "id": f"sh_{call_id}",
        "call_id": call_id,
        "status": "completed",
        "action": {"commands": list(commands), **action},
    }


def agent_with(tool: Any, *steps: Any) -> tuple[Agent[Any], ScriptedModel]:
    model = ScriptedModel(list(steps))
    return Agent(name="ops", model=model, tools=[tool]), model


def last_output(model: ScriptedModel) -> dict[str, Any]:
    return dict(model.calls[-1].input[-1])


async def test_commands_run_and_the_model_gets_each_output(tmp_path: Path) -> None:
    executor = LocalExecutor(str(tmp_path))
    agent, model = agent_with(
        ShellTool(executor=executor),
        [shell_call("echo hello > note.txt && cat note.txt", "echo oops >&2; exit 3")],
        "done",
    )
    result = await Runner.run(agent, "write a note")
    assert result.final_output == "done"
    assert (tmp_path / "note.txt").read_text() == "hello\n"
    sent = last_output(model)
    assert sent == {
        "type": "shell_call_output",
        "call_id": "call_1",
        "output": [
            {"stdout": "hello\n", "stderr": "", "outcome": {"type": "exit", "exit_code": 0}},
            {"stdout": "", "stderr": "oops\n", "outcome": {"type": "exit", "exit_code": 3}},
        ],
    }
    [item] = [i for i in result.new_items if i.type == "tool_call_output_item"]
    assert item.raw_item["status"] == "completed"
    assert item.raw_item["provider_data"] == {"cwd": str(tmp_path)}
    assert item.raw_item["shell_output"][1]["command"] == "echo oops >&2; exit 3"
    assert item.output == (
        "$ echo hello > note.txt && cat note.txt\nhello\n\n"
        "$ echo oops >&2; exit 3\nstderr:\noops\nexit code: 3"
    )


async def test_text_results_errors_and_output_limits(tmp_path: Path) -> None:
    def text_executor(request: ShellCommandRequest) -> str:
        return "0123456789"

    agent, model = agent_with(
        ShellTool(executor=text_executor), [shell_call("x", max_output_length=4)], "ok"
    )
    await Runner.run(agent, "go")
    assert last_output(model)["output"] == [
        {"stdout": "0123", "stderr": "", "outcome": {"type": "exit", "exit_code": 0}}
    ]
    assert last_output(model)["max_output_length"] == 4

    def failing(request: ShellCommandRequest) -> str:
        raise RuntimeError("disk full")

    agent, model = agent_with(ShellTool(executor=failing), [shell_call("x")], "ok")
    result = await Runner.run(agent, "go")
    assert last_output(model)["output"] == [
        {"stdout": "disk full", "stderr": "", "outcome": {"type": "exit", "exit_code": 1}}
    ]
    [item] = [i for i in result.new_items if i.type == "tool_call_output_item"]
    assert item.raw_item["status"] == "failed"


async def test_timeouts_are_reported(tmp_path: Path) -> None:
    agent, model = agent_with(
        ShellTool(executor=LocalExecutor(str(tmp_path))),
        [shell_call("sleep 5", timeout_ms=100)],
        "ok",
    )
    await Runner.run(agent, "go")
    assert last_output(model)["output"] == [
        {"stdout": "", "stderr": "", "outcome": {"type": "timeout"}}
    ]


async def test_approval_pauses_and_resumes_from_a_saved_state(tmp_path: Path) -> None:
    executor = LocalExecutor(str(tmp_path))
    tool = ShellTool(executor=executor, needs_approval=True)
    agent, model = agent_with(tool, [shell_call("touch approved.txt")], "created")
    paused = await Runner.run(agent, "make the file")
    [waiting] = paused.interruptions
    assert waiting.tool_name == "shell" and waiting.call_id == "call_1"
    assert executor.ran == [] and not (tmp_path / "approved.txt").exists()

    saved = paused.to_state().to_string()
    state = await RunState.from_string(agent, saved)
    [restored] = state.get_interruptions()
    assert restored.tool_name == "shell"
    state.approve(restored)
    result = await Runner.run(agent, state)
    assert result.final_output == "created"
    assert (tmp_path / "approved.txt").exists()


async def test_rejection_tells_the_model_and_runs_nothing(tmp_path: Path) -> None:
    executor = LocalExecutor(str(tmp_path))
    agent, model = agent_with(
        ShellTool(executor=executor, needs_approval=True), [shell_call("rm -rf x")], "ok"
    )
    paused = await Runner.run(agent, "go")
    state = paused.to_state()
    state.reject(paused.interruptions[0], rejection_message="not on my machine")
    await Runner.run(agent, state)
    assert executor.ran == []
    assert last_output(model)["output"] == [
        {
            "stdout": "",
            "stderr": "not on my machine",
            "outcome": {"type": "exit", "exit_code": 1},
        }
    ]


async def test_needs_approval_function_sees_the_action(tmp_path: Path) -> None:
    seen: list[tuple[list[str], str]] = []

    def risky(ctx: Any, action: ShellActionRequest, call_id: str) -> bool:
        seen.append((action.commands, call_id))
        return any("rm" in c for c in action.commands)

    executor = LocalExecutor(str(tmp_path))
    agent, _ = agent_with(
        ShellTool(executor=executor, needs_approval=risky),
        [shell_call("echo safe", call_id="a"), shell_call("rm nothing", call_id="b")],
    )
    paused = await Runner.run(agent, "go")
    assert seen == [(["echo safe"], "a"), (["rm nothing"], "b")]
    assert executor.ran == ["echo safe"]
    assert [i.call_id for i in paused.interruptions] == ["b"]


async def test_on_approval_decides_without_pausing(tmp_path: Path) -> None:
    asked: list[str] = []

    def decide(ctx: Any, item: Any) -> ShellOnApprovalFunctionResult:
        asked.append(item.call_id)
        if "ls" in item.raw_item["action"]["commands"][0]:
            return {"approve": True}
        return {"approve": False, "reason": "only listing is allowed"}

    executor = LocalExecutor(str(tmp_path))
    agent, model = agent_with(
        ShellTool(executor=executor, needs_approval=True, on_approval=decide),
        [shell_call("ls", call_id="a"), shell_call("touch x", call_id="b")],
        "ok",
    )
    result = await Runner.run(agent, "go")
    assert result.interruptions == [] and result.final_output == "ok"
    assert asked == ["a", "b"] and executor.ran == ["ls"]
    assert last_output(model)["output"][0]["stderr"] == "only listing is allowed"


async def test_hooks_see_the_shell_tool(tmp_path: Path) -> None:
    events: list[tuple[str, str, Any]] = []

    class Hooks(RunHooks[Any]):
        async def on_tool_start(self, context: Any, agent: Any, tool: Any) -> None:
            events.append(("start", tool.name, None))

        async def on_tool_end(self, context: Any, agent: Any, tool: Any, result: Any) -> None:
            events.append(("end", tool.name, result))

    agent, _ = agent_with(
        ShellTool(executor=LocalExecutor(str(tmp_path))), [shell_call("echo hi")], "ok"
    )
    await Runner.run(agent, "go", hooks=Hooks())
    assert events == [("start", "shell", None), ("end", "shell", "$ echo hi\nhi")]


async def test_a_shell_call_without_a_shell_tool_is_a_model_error() -> None:
    from runwright import ModelBehaviorError

    agent = Agent(name="a", model=ScriptedModel([[shell_call("ls")]]))
    with pytest.raises(ModelBehaviorError, match="shell_call"):
        await Runner.run(agent, "go")


async def test_hosted_environment_calls_are_recorded_not_run() -> None:
    tool = ShellTool(environment={"type": "container_auto", "file_ids": ["f1"]})
    server_output = {
        "type": "shell_call_output",
        "call_id": "call_1",
        "output": [{"stdout": "ran remotely", "stderr": "", "outcome": {"type": "exit"}}],
    }
    agent, model = agent_with(tool, [shell_call("ls"), server_output, assistant_message("done")])
    result = await Runner.run(agent, "go")
    assert result.final_output == "done"
    assert [i.type for i in result.new_items] == [
        "tool_call_item",
        "tool_call_item",
        "message_output_item",
    ]
    model.assert_complete()
    assert tool.to_responses_tool() == (
        {"type": "shell", "environment": {"type": "container_auto", "file_ids": ["f1"]}},
        None,
    )


def test_configuration_errors_are_clear() -> None:
    with pytest.raises(UserError, match="requires an executor"):
        ShellTool()
    with pytest.raises(UserError, match="does not accept an executor"):
        ShellTool(executor=lambda r: "", environment={"type": "container_reference"})
    with pytest.raises(UserError, match="does not support needs_approval"):
        ShellTool(environment={"type": "container_auto"}, needs_approval=True)
    with pytest.raises(UserError, match="must be a mapping"):
        ShellTool(executor=lambda r: "", environment="local")  # type: ignore[arg-type]
    with pytest.raises(UserError, match="allowed_callers"):
        ShellTool(executor=lambda r: "", allowed_callers=["robot"])
    local = ShellTool(
        executor=lambda r: "",
        environment={"type": "local", "skills": [{"name": "s", "description": "d", "path": "/x"}]},
    )
    assert local.to_responses_tool()[0]["environment"]["skills"][0]["name"] == "s"


async def test_local_shell_tool_runs_its_executor() -> None:
    def run(request: LocalShellCommandRequest) -> str:
        return "ran " + " ".join(request.data["action"]["command"])

    call = {
        "type": "local_shell_call",
        "id": "ls_1",
        "call_id": "l1",
        "status": "completed",
        "action": {"type": "exec", "command": ["ls", "-l"], "env": {}},
    }
    agent, model = agent_with(LocalShellTool(executor=run), [call], "ok")
    await Runner.run(agent, "go")
    assert last_output(model) == {
        "type": "local_shell_call_output",
        "call_id": "l1",
        "output": "ran ls -l",
    }


async def test_shell_calls_are_traced_as_function_spans(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from runwright._tracing import provider as provider_module
    from runwright.tracing import TracingProcessor
    from runwright.tracing.provider import TraceProvider, set_trace_provider

    class Spans(TracingProcessor):
        def __init__(self) -> None:
            self.ended: list[Any] = []

        def on_trace_start(self, trace: Any) -> None: ...
        def on_trace_end(self, trace: Any) -> None: ...
        def on_span_start(self, span: Any) -> None: ...
        def on_span_end(self, span: Any) -> None:
            self.ended.append(span)

        def shutdown(self) -> None: ...
        def force_flush(self) -> None: ...

    monkeypatch.setenv("RUNWRIGHT_TRACE_DB", str(tmp_path / "traces.db"))
    old = provider_module._provider
    fresh = TraceProvider(local_store=False)
    spans = Spans()
    fresh.register_processor(spans)
    set_trace_provider(fresh)
    try:

        def failing(request: ShellCommandRequest) -> str:
            raise RuntimeError("no shell here")

        agent, _ = agent_with(ShellTool(executor=failing), [shell_call("echo hi")], "ok")
        await Runner.run(agent, "go")
    finally:
        fresh.shutdown()
        provider_module._provider = old
    [span] = [s for s in spans.ended if s.span_data.type == "function"]
    assert span.span_data.name == "shell"
    assert span.span_data.output == "no shell here"
    assert span.error is not None


async def test_an_approval_stays_bound_to_the_approved_commands(tmp_path: Path) -> None:
    executor = LocalExecutor(str(tmp_path))
    agent, _ = agent_with(
        ShellTool(executor=executor, needs_approval=True), [shell_call("echo harmless")]
    )
    paused = await Runner.run(agent, "go")
    state = paused.to_state()
    state.approve(paused.interruptions[0])
    edited = state.to_string().replace("echo harmless", "rm -rf ~")
    with pytest.raises(UserError, match="state was edited"):
        await RunState.from_string(agent, edited)
    assert executor.ran == []
