"""ComputerTool: actions reach a fake computer that records them; screenshots go back."""

from __future__ import annotations

from typing import Any

import pytest

from runwright import (
    Agent,
    AsyncComputer,
    Computer,
    ComputerProvider,
    ComputerTool,
    RunContextWrapper,
    Runner,
    UserError,
    dispose_resolved_computers,
    resolve_computer,
)
from runwright.testing import ScriptedModel


class FakeComputer(Computer):
    """Records each action; every screenshot is a new base64 string."""

    def __init__(self) -> None:
        self.actions: list[tuple[Any, ...]] = []

    @property
    def environment(self) -> Any:
        return "ubuntu"

    @property
    def dimensions(self) -> tuple[int, int]:
        return (1024, 768)

    def screenshot(self) -> str:
        self.actions.append(("screenshot",))
        return f"PNG{len(self.actions)}"

    def click(self, x: int, y: int, button: Any, *, keys: list[str] | None = None) -> None:
        self.actions.append(("click", x, y, button, keys))

    def double_click(self, x: int, y: int) -> None:
        self.actions.append(("double_click", x, y))

    def scroll(self, x: int, y: int, scroll_x: int, scroll_y: int) -> None:
        self.actions.append(("scroll", x, y, scroll_x, scroll_y))

    def type(self, text: str) -> None:
        self.actions.append(("type", text))

    def wait(self) -> None:
        self.actions.append(("wait",))

    def move(self, x: int, y: int) -> None:
        self.actions.append(("move", x, y))

    def keypress(self, keys: list[str]) -> None:
        self.actions.append(("keypress", keys))

    def drag(self, path: list[tuple[int, int]]) -> None:
        self.actions.append(("drag", path))


class FakeAsyncComputer(AsyncComputer):
    def __init__(self) -> None:
        self.actions: list[str] = []

    async def screenshot(self) -> str:
        return "ASYNC"

    async def click(self, x: int, y: int, button: Any) -> None:
        self.actions.append(f"click {x},{y}")

    async def double_click(self, x: int, y: int) -> None: ...

    async def scroll(self, x: int, y: int, scroll_x: int, scroll_y: int) -> None: ...

    async def type(self, text: str) -> None:
        self.actions.append(f"type {text}")

    async def wait(self) -> None: ...

    async def move(self, x: int, y: int) -> None: ...

    async def keypress(self, keys: list[str]) -> None: ...

    async def drag(self, path: list[tuple[int, int]]) -> None: ...


def computer_call(call_id: str, **fields: Any) -> dict[str, Any]:
    return {
        "type": "computer_call",
        "id": f"cu_{call_id}",
        "call_id": call_id,
        "status": "completed",
        "pending_safety_checks": [],
        **fields,
    }


async def test_actions_run_in_order_and_a_screenshot_returns() -> None:
    computer = FakeComputer()
    model = ScriptedModel(
        [
            [computer_call("a", action={"type": "click", "x": 5, "y": 6, "button": "left"})],
            [
                computer_call(
                    "b",
                    actions=[
                        {"type": "type", "text": "hello"},
                        {"type": "keypress", "keys": ["ctrl", "s"]},
                        {"type": "scroll", "x": 1, "y": 2, "scroll_x": 0, "scroll_y": 9},
                        {"type": "drag", "path": [{"x": 1, "y": 1}, {"x": 4, "y": 4}]},
                        {"type": "double_click", "x": 3, "y": 3},
                        {"type": "move", "x": 7, "y": 8},
                        {"type": "wait"},
                    ],
                )
            ],
            "done",
        ]
    )
    agent = Agent(name="pilot", model=model, tools=[ComputerTool(computer=computer)])
    result = await Runner.run(agent, "save the file")
    assert result.final_output == "done"
    assert computer.actions == [
        ("click", 5, 6, "left", None),
        ("screenshot",),
        ("type", "hello"),
        ("keypress", ["ctrl", "s"]),
        ("scroll", 1, 2, 0, 9),
        ("drag", [(1, 1), (4, 4)]),
        ("double_click", 3, 3),
        ("move", 7, 8),
        ("wait",),
        ("screenshot",),
    ]
    sent = [i for i in model.calls[-1].input if i.get("type") == "computer_call_output"]
    assert dict(sent[1]) == {
        "type": "computer_call_output",
        "call_id": "b",
        "output": {"type": "computer_screenshot", "image_url": "data:image/png;base64,PNG10"},
        "acknowledged_safety_checks": None,
    }


async def test_held_keys_reach_drivers_that_accept_them() -> None:
    computer = FakeComputer()
    action = {"type": "click", "x": 1, "y": 1, "button": "left", "keys": ["shift"]}
    model = ScriptedModel([[computer_call("k", action=action)], "ok"])
    await Runner.run(Agent(name="p", model=model, tools=[ComputerTool(computer=computer)]), "go")
    assert computer.actions[0] == ("click", 1, 1, "left", ["shift"])


async def test_async_computer_and_a_final_screenshot_action() -> None:
    computer = FakeAsyncComputer()
    call = computer_call("s", actions=[{"type": "type", "text": "x"}, {"type": "screenshot"}])
    model = ScriptedModel([[call], "ok"])
    await Runner.run(Agent(name="p", model=model, tools=[ComputerTool(computer=computer)]), "go")
    assert computer.actions == ["type x"]
    [sent] = [i for i in model.calls[-1].input if i.get("type") == "computer_call_output"]
    assert sent["output"]["image_url"] == "data:image/png;base64,ASYNC"


async def test_safety_checks_are_acknowledged_or_refused() -> None:
    check = {"id": "sc1", "code": "malicious_instructions", "message": "careful"}
    call = computer_call("c", action={"type": "wait"}, pending_safety_checks=[check])
    model = ScriptedModel([[call], "ok"])
    tool = ComputerTool(computer=FakeComputer(), on_safety_check=lambda data: True)
    await Runner.run(Agent(name="p", model=model, tools=[tool]), "go")
    [sent] = [i for i in model.calls[-1].input if i.get("type") == "computer_call_output"]
    assert sent["acknowledged_safety_checks"] == [check]

    refusing = ComputerTool(computer=FakeComputer(), on_safety_check=lambda data: False)
    agent = Agent(name="p", model=ScriptedModel([[call]]), tools=[refusing])
    with pytest.raises(UserError, match="safety check was not acknowledged"):
        await Runner.run(agent, "go")


async def test_a_provider_creates_one_computer_per_run_and_disposes_it() -> None:
    created: list[FakeComputer] = []
    disposed: list[FakeComputer] = []

    def create(*, run_context: RunContextWrapper[Any]) -> FakeComputer:
        created.append(FakeComputer())
        return created[-1]

    def dispose(*, run_context: RunContextWrapper[Any], computer: FakeComputer) -> None:
        disposed.append(computer)

    tool = ComputerTool(computer=ComputerProvider(create=create, dispose=dispose))
    for _ in range(2):
        model = ScriptedModel([[computer_call("w", action={"type": "wait"})], "ok"])
        await Runner.run(Agent(name="p", model=model, tools=[tool]), "go")
    assert len(created) == 2 and disposed == created
    assert created[0].actions == [("wait",), ("screenshot",)]
    assert isinstance(tool.computer, ComputerProvider)  # back to the provider after the run


async def test_resolve_and_dispose_by_hand() -> None:
    made: list[FakeComputer] = []

    async def create(*, run_context: Any) -> FakeComputer:
        made.append(FakeComputer())
        return made[-1]

    tool = ComputerTool(computer=create)
    ctx = RunContextWrapper(context=None)
    first = await resolve_computer(tool=tool, run_context=ctx)
    assert await resolve_computer(tool=tool, run_context=ctx) is first
    assert tool.computer is first
    await dispose_resolved_computers(run_context=ctx)
    assert tool.computer is create and len(made) == 1
    with pytest.raises(UserError, match="did not provide a computer"):
        await resolve_computer(tool=ComputerTool(computer=lambda **_: "nope"), run_context=ctx)


def test_wire_shape_depends_on_the_model() -> None:
    tool = ComputerTool(computer=FakeComputer())
    assert tool.responses_tool_for("gpt-5.4") == {"type": "computer"}
    assert tool.responses_tool_for("computer-use-preview") == {
        "type": "computer_use_preview",
        "environment": "ubuntu",
        "display_width": 1024,
        "display_height": 768,
    }
    assert tool.name == "computer_use_preview" and tool.trace_name == "computer"
    with pytest.raises(UserError, match="environment"):
        ComputerTool(computer=FakeAsyncComputer()).responses_tool_for("computer-use-preview")
