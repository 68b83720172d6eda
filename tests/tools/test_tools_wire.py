"""What the model receives for each tool kind, through the real openai client and the
scripted OpenAI-compatible server: the OpenAI Agents SDK's request shapes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from _shell_executor import LocalExecutor

from runwright import (
    Agent,
    ApplyPatchTool,
    ComputerTool,
    CustomTool,
    LocalShellTool,
    OpenAIChatCompletionsModel,
    OpenAIResponsesModel,
    ProgrammaticToolCallingTool,
    Runner,
    ShellTool,
    ToolSearchTool,
    UserError,
    function_tool,
    tool_namespace,
)
from support.fake_openai_server import Answer, FakeOpenAIServer, Raw


class Editor:
    def create_file(self, op: Any) -> str:
        return "created"

    def update_file(self, op: Any) -> None:
        return None

    def delete_file(self, op: Any) -> None:
        return None


def response(*items: dict[str, Any], n: int = 1) -> Raw:
    return Raw(
        {
            "id": f"resp_{n}",
            "object": "response",
            "created_at": 1700000000,
            "model": "m",
            "status": "completed",
            "output": list(items),
            "usage": {"input_tokens": 1, "output_tokens": 1, "total_tokens": 2},
            "parallel_tool_calls": True,
            "tool_choice": "auto",
            "tools": [],
        }
    )


@function_tool(defer_loading=True)
def f1(x: int) -> int:
    """doc"""
    return x


@function_tool(allowed_callers=["programmatic"])
def f2(x: int) -> int:
    """doc2"""
    return x


def _computer() -> Any:
    from runwright import Computer

    class FakeScreen(Computer):
        environment = "linux"  # type: ignore[assignment]
        dimensions = (800, 600)  # type: ignore[assignment]

        def screenshot(self) -> str:
            return "AAA"

        def click(self, x: int, y: int, button: Any) -> None: ...
        def double_click(self, x: int, y: int) -> None: ...
        def scroll(self, x: int, y: int, scroll_x: int, scroll_y: int) -> None: ...
        def type(self, text: str) -> None: ...
        def wait(self) -> None: ...
        def move(self, x: int, y: int) -> None: ...
        def keypress(self, keys: list[str]) -> None: ...
        def drag(self, path: list[tuple[int, int]]) -> None: ...

    return FakeScreen()


SCHEMA = {
    "properties": {"x": {"title": "X", "type": "integer"}},
    "required": ["x"],
    "title": "{}_args",
    "type": "object",
    "additionalProperties": False,
}


@pytest.mark.parametrize(
    ("model_name", "computer_entry"),
    [
        ("gpt-5.4", {"type": "computer"}),
        (
            "computer-use-preview",
            {
                "type": "computer_use_preview",
                "environment": "linux",
                "display_width": 800,
                "display_height": 600,
            },
        ),
    ],
)
async def test_tool_declarations_as_the_sdk_sends_them(
    openai_client: Any, fake_server: FakeOpenAIServer, model_name: str, computer_entry: Any
) -> None:
    fake_server.script(Answer(text="ok"))
    tools: list[Any] = [
        ShellTool(executor=lambda r: "x"),
        ShellTool(environment={"type": "container_auto"}, name="remote_shell"),
        ApplyPatchTool(editor=Editor()),
        ComputerTool(computer=_computer()),
        LocalShellTool(executor=lambda r: "x"),
        CustomTool(name="ct", description="raw", on_invoke_tool=lambda c, i: i),
        ToolSearchTool(),
        ProgrammaticToolCallingTool(),
        *tool_namespace(name="crm", description="CRM tools", tools=[f1]),
        f2,
    ]
    model = OpenAIResponsesModel(model_name, openai_client)
    await Runner.run(Agent(name="a", model=model, tools=tools), "go")
    sent = fake_server.requests[0].body["tools"]
    function = {"strict": True, "type": "function"}
    assert sent == [
        {"type": "shell", "environment": {"type": "local"}},
        {"type": "shell", "environment": {"type": "container_auto"}},
        {"type": "apply_patch"},
        computer_entry,
        {"type": "local_shell"},
        {"type": "custom", "name": "ct", "description": "raw"},
        {"type": "tool_search"},
        {"type": "programmatic_tool_calling"},
        {
            "type": "namespace",
            "name": "crm",
            "description": "CRM tools",
            "tools": [
                {
                    **function,
                    "name": "f1",
                    "description": "doc",
                    "parameters": {**SCHEMA, "title": "f1_args"},
                    "defer_loading": True,
                }
            ],
        },
        {
            **function,
            "name": "f2",
            "description": "doc2",
            "parameters": {**SCHEMA, "title": "f2_args"},
            "allowed_callers": ["programmatic"],
        },
    ]


async def test_shell_call_round_trip(
    openai_client: Any, fake_server: FakeOpenAIServer, tmp_path: Path
) -> None:
    call = {
        "type": "shell_call",
        "id": "sh_1",
        "call_id": "call_1",
        "status": "completed",
        "action": {"commands": ["printf hi"], "timeout_ms": 5000, "max_output_length": None},
    }
    fake_server.script(response(call), Answer(text="done"))
    tool = ShellTool(executor=LocalExecutor(str(tmp_path)))
    agent = Agent(name="a", model=OpenAIResponsesModel("gpt-5.4", openai_client), tools=[tool])
    result = await Runner.run(agent, "go")
    assert result.final_output == "done"
    second = fake_server.requests[1].body["input"]
    assert second[-1] == {
        "type": "shell_call_output",
        "call_id": "call_1",
        "output": [{"stdout": "hi", "stderr": "", "outcome": {"type": "exit", "exit_code": 0}}],
    }
    assert second[-2]["type"] == "shell_call" and second[-2]["call_id"] == "call_1"


async def test_apply_patch_and_custom_outputs_on_the_wire(
    openai_client: Any, fake_server: FakeOpenAIServer
) -> None:
    patch = {
        "type": "apply_patch_call",
        "id": "ap_1",
        "call_id": "p1",
        "status": "completed",
        "operation": {"type": "create_file", "path": "x.txt", "diff": "+x\n"},
    }
    custom = {
        "type": "custom_tool_call",
        "id": "ct_1",
        "call_id": "u1",
        "name": "ct",
        "input": "abc",
    }
    fake_server.script(response(patch, custom), Answer(text="done"))
    tools: list[Any] = [
        ApplyPatchTool(editor=Editor()),
        CustomTool(name="ct", description="raw", on_invoke_tool=lambda c, i: i[::-1]),
    ]
    agent = Agent(name="a", model=OpenAIResponsesModel("m", openai_client), tools=tools)
    await Runner.run(agent, "go")
    second = fake_server.requests[1].body["input"]
    assert second[-2:] == [
        {
            "type": "apply_patch_call_output",
            "call_id": "p1",
            "status": "completed",
            "output": "created",
        },
        {"type": "custom_tool_call_output", "call_id": "u1", "output": "cba"},
    ]


@pytest.mark.parametrize(
    "tool",
    [
        ShellTool(executor=lambda r: "x"),
        ApplyPatchTool(editor=Editor()),
        CustomTool(name="ct", description="raw", on_invoke_tool=lambda c, i: i),
        ToolSearchTool(),
        f1,
        f2,
    ],
    ids=["shell", "apply_patch", "custom", "tool_search", "defer_loading", "allowed_callers"],
)
async def test_chat_completions_refuses_what_it_cannot_express(
    openai_client: Any, fake_server: FakeOpenAIServer, tool: Any
) -> None:
    agent = Agent(name="a", model=OpenAIChatCompletionsModel("m", openai_client), tools=[tool])
    with pytest.raises(UserError, match="Responses"):
        await Runner.run(agent, "go")
    assert fake_server.requests == []


@pytest.mark.parametrize(
    ("tools", "message"),
    [
        ([f1], "Deferred-loading Responses tools require ToolSearchTool()"),
        ([ToolSearchTool()], "requires at least one searchable Responses surface"),
        ([ToolSearchTool(), ToolSearchTool(), f1], "Only one ToolSearchTool()"),
        ([f2], "Tool `f2` only allows programmatic callers"),
        ([ProgrammaticToolCallingTool()], "requires at least one tool whose allowed_callers"),
    ],
    ids=["deferred", "no-surface", "two-searches", "programmatic-only", "nothing-to-call"],
)
async def test_responses_tool_setup_errors_match_the_sdk(
    openai_client: Any, fake_server: FakeOpenAIServer, tools: list[Any], message: str
) -> None:
    agent = Agent(name="a", model=OpenAIResponsesModel("m", openai_client), tools=tools)
    with pytest.raises(UserError, match=message.replace("(", r"\(").replace(")", r"\)")):
        await Runner.run(agent, "go")
    assert fake_server.requests == []
