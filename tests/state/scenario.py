"""A deterministic interrupted run, shared by the RunState tests and the golden fixtures."""

from __future__ import annotations

from typing import Any

from runwright import Agent, function_tool
from runwright.testing import ScriptedModel, handoff_call, reasoning, tool_call

deleted: list[str] = []


@function_tool
def list_files() -> list[str]:
    return ["a.txt", "b.txt"]


@function_tool(needs_approval=True)
def delete_file(path: str) -> str:
    deleted.append(path)
    return f"deleted {path}"


def build_agents(
    scripted: bool = True,
) -> tuple[Agent[Any], Agent[Any], ScriptedModel, ScriptedModel]:
    """Triage hands off to Admin, which lists files then asks to delete one.

    ``scripted=False`` gives the same agent graph with empty scripts (for decoding only).
    """
    triage_model = ScriptedModel([handoff_call("Admin")] if scripted else [], name="triage")
    admin_steps: list[Any] = [
        [reasoning("look first"), tool_call("list_files")],
        [tool_call("list_files"), tool_call("delete_file", {"path": "a.txt"})],
        "Deleted a.txt.",
    ]
    admin_model = ScriptedModel(admin_steps if scripted else [], name="admin")
    admin = Agent(name="Admin", model=admin_model, tools=[list_files, delete_file])
    translator = Agent(name="Translator", model=ScriptedModel([], name="tr"))
    triage = Agent(
        name="Triage",
        model=triage_model,
        handoffs=[admin],
        tools=[translator.as_tool(tool_name="translate", tool_description="Translate.")],
    )
    return triage, admin, triage_model, admin_model


def native(state: Any, **options: Any) -> dict[str, Any]:
    """The state in runwright's own layout (schema 3: what durable checkpoints hold, and what
    runwright wrote before it wrote the SDK's document); ``signing_key=`` signs it."""
    from runwright._state.codec import state_to_json
    from runwright._state.integrity import resolve_key, sign

    data = state_to_json(state)
    key = resolve_key(options.get("signing_key"))
    return sign(data, key) if key is not None else data
