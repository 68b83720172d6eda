"""ApplyPatchTool: the model edits real files through an editor built on apply_diff."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from runwright import (
    Agent,
    ApplyPatchOperation,
    ApplyPatchResult,
    ApplyPatchTool,
    ApplyPatchToolCustomDataContext,
    Runner,
    RunState,
    apply_diff,
)
from runwright.editor import ApplyPatchEditor
from runwright.testing import ScriptedModel


class WorkspaceEditor:
    """Applies operations to files under ``root`` (as the SDK's examples do)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, relative: str) -> Path:
        target = (self.root / relative).resolve()
        if not target.is_relative_to(self.root.resolve()):
            raise ValueError(f"{relative} is outside the workspace")
        return target

    def create_file(self, operation: ApplyPatchOperation) -> ApplyPatchResult:
        target = self._path(operation.path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(apply_diff("", operation.diff or "", mode="create"))
        return ApplyPatchResult(output=f"Created {operation.path}")

    def update_file(self, operation: ApplyPatchOperation) -> ApplyPatchResult:
        source = self._path(operation.path)
        new_text = apply_diff(source.read_text(), operation.diff or "")
        target = self._path(operation.move_to) if operation.move_to else source
        target.write_text(new_text)
        if target != source:
            source.unlink()
        return ApplyPatchResult(output=f"Updated {operation.path}")

    async def delete_file(self, operation: ApplyPatchOperation) -> str:
        self._path(operation.path).unlink()
        return f"Deleted {operation.path}"


def patch_call(call_id: str, *operations: dict[str, Any]) -> dict[str, Any]:
    call: dict[str, Any] = {"type": "apply_patch_call", "id": f"ap_{call_id}", "call_id": call_id}
    call["status"] = "completed"
    if len(operations) == 1:
        call["operation"] = operations[0]
    else:
        call["operations"] = list(operations)
    return call


def outputs(model: ScriptedModel) -> list[dict[str, Any]]:
    return [dict(i) for i in model.calls[-1].input if i.get("type") == "apply_patch_call_output"]


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    (tmp_path / "app.py").write_text("def main():\n    print('hi')\n")
    (tmp_path / "old.txt").write_text("bye\n")
    return tmp_path


def test_the_editor_protocol_is_checkable(workspace: Path) -> None:
    assert isinstance(WorkspaceEditor(workspace), ApplyPatchEditor)
    assert not isinstance(object(), ApplyPatchEditor)


async def test_create_update_delete_on_real_files(workspace: Path) -> None:
    model = ScriptedModel(
        [
            [
                patch_call("c1", {"type": "create_file", "path": "docs/new.md", "diff": "+# T\n"}),
                patch_call(
                    "c2",
                    {
                        "type": "update_file",
                        "path": "app.py",
                        "diff": "@@ def main():\n-    print('hi')\n+    print('hello')\n",
                    },
                    {"type": "delete_file", "path": "old.txt"},
                ),
            ],
            "edited",
        ]
    )
    agent = Agent(
        name="dev", model=model, tools=[ApplyPatchTool(editor=WorkspaceEditor(workspace))]
    )
    result = await Runner.run(agent, "edit")
    assert result.final_output == "edited"
    assert (workspace / "docs" / "new.md").read_text() == "# T"
    assert (workspace / "app.py").read_text() == "def main():\n    print('hello')\n"
    assert not (workspace / "old.txt").exists()
    assert outputs(model) == [
        {
            "type": "apply_patch_call_output",
            "call_id": "c1",
            "status": "completed",
            "output": "Created docs/new.md",
        },
        {
            "type": "apply_patch_call_output",
            "call_id": "c2",
            "status": "completed",
            "output": "Updated app.py\nDeleted old.txt",
        },
    ]


async def test_update_with_move_to(workspace: Path) -> None:
    op = {
        "type": "update_file",
        "path": "app.py",
        "move_to": "main.py",
        "diff": "@@\n-def main():\n+def run():\n",
    }
    model = ScriptedModel([[patch_call("m", op)], "ok"])
    agent = Agent(
        name="dev", model=model, tools=[ApplyPatchTool(editor=WorkspaceEditor(workspace))]
    )
    await Runner.run(agent, "move")
    assert (workspace / "main.py").read_text().startswith("def run():")
    assert not (workspace / "app.py").exists()


async def test_a_bad_patch_fails_clearly_and_leaves_the_file_untouched(workspace: Path) -> None:
    before = (workspace / "app.py").read_text()
    op = {"type": "update_file", "path": "app.py", "diff": "@@\n-print('absent')\n+x\n"}
    model = ScriptedModel([[patch_call("bad", op)], "sorry"])
    agent = Agent(
        name="dev", model=model, tools=[ApplyPatchTool(editor=WorkspaceEditor(workspace))]
    )
    result = await Runner.run(agent, "edit")
    assert (workspace / "app.py").read_text() == before
    [sent] = outputs(model)
    assert sent["status"] == "failed"
    assert sent["output"] == "Invalid Context 0:\nprint('absent')"
    assert result.final_output == "sorry"


async def test_paths_outside_the_workspace_are_refused(workspace: Path) -> None:
    op = {"type": "create_file", "path": "../escape.txt", "diff": "+x\n"}
    model = ScriptedModel([[patch_call("esc", op)], "ok"])
    agent = Agent(
        name="dev", model=model, tools=[ApplyPatchTool(editor=WorkspaceEditor(workspace))]
    )
    await Runner.run(agent, "edit")
    assert not (workspace.parent / "escape.txt").exists()
    assert outputs(model)[0]["status"] == "failed"
    assert "outside the workspace" in outputs(model)[0]["output"]


async def test_approval_per_operation_and_resume(workspace: Path) -> None:
    asked: list[str] = []

    def deletes_need_approval(ctx: Any, operation: ApplyPatchOperation, call_id: str) -> bool:
        asked.append(operation.type)
        return operation.type == "delete_file"

    tool = ApplyPatchTool(editor=WorkspaceEditor(workspace), needs_approval=deletes_need_approval)
    model = ScriptedModel(
        [
            [
                patch_call("keep", {"type": "create_file", "path": "a.txt", "diff": "+a\n"}),
                patch_call("del", {"type": "delete_file", "path": "old.txt"}),
            ],
            "ok",
        ]
    )
    agent = Agent(name="dev", model=model, tools=[tool])
    paused = await Runner.run(agent, "go")
    assert asked == ["create_file", "delete_file"]
    assert (workspace / "a.txt").exists() and (workspace / "old.txt").exists()
    [waiting] = paused.interruptions
    assert waiting.tool_name == "apply_patch"
    state = await RunState.from_string(agent, paused.to_state().to_string())
    state.reject(state.get_interruptions()[0], rejection_message="keep old.txt")
    await Runner.run(agent, state)
    assert (workspace / "old.txt").exists()
    assert outputs(model)[-1] == {
        "type": "apply_patch_call_output",
        "call_id": "del",
        "output": "keep old.txt",
        "status": "failed",
    }


async def test_on_approval_and_custom_data(workspace: Path) -> None:
    seen: list[ApplyPatchToolCustomDataContext] = []

    def extract(data: ApplyPatchToolCustomDataContext) -> dict[str, Any]:
        seen.append(data)
        return {"paths": [op.path for op in data.operations], "status": data.status}

    tool = ApplyPatchTool(
        editor=WorkspaceEditor(workspace),
        needs_approval=True,
        on_approval=lambda ctx, item: {"approve": True},
        custom_data_extractor=extract,
    )
    model = ScriptedModel(
        [[patch_call("c", {"type": "create_file", "path": "b.txt", "diff": "+b\n"})], "ok"]
    )
    result = await Runner.run(Agent(name="dev", model=model, tools=[tool]), "go")
    assert (workspace / "b.txt").read_text() == "b"
    [item] = [i for i in result.new_items if i.type == "tool_call_output_item"]
    assert item.custom_data == {"paths": ["b.txt"], "status": "completed"}
    assert "custom_data" not in outputs(model)[0]
    assert seen[0].tool is tool


async def test_malformed_operations_are_model_errors(workspace: Path) -> None:
    from runwright import ModelBehaviorError

    model = ScriptedModel([[patch_call("x", {"type": "rename_file", "path": "a"})]])
    agent = Agent(
        name="dev", model=model, tools=[ApplyPatchTool(editor=WorkspaceEditor(workspace))]
    )
    with pytest.raises(ModelBehaviorError, match="Unknown apply_patch operation: rename_file"):
        await Runner.run(agent, "go")


async def test_older_models_custom_apply_patch_calls_become_apply_patch_calls(
    workspace: Path,
) -> None:
    import json

    legacy = {
        "type": "custom_tool_call",
        "id": "ct_1",
        "call_id": "old",
        "name": "apply_patch",
        "input": json.dumps({"type": "create_file", "path": "legacy.txt", "diff": "+hi\n"}),
    }
    model = ScriptedModel([[legacy], "ok"])
    agent = Agent(
        name="dev", model=model, tools=[ApplyPatchTool(editor=WorkspaceEditor(workspace))]
    )
    result = await Runner.run(agent, "go")
    assert (workspace / "legacy.txt").read_text() == "hi"
    assert result.new_items[0].raw_item["type"] == "apply_patch_call"
    assert outputs(model) == [
        {
            "type": "apply_patch_call_output",
            "call_id": "old",
            "status": "completed",
            "output": "Created legacy.txt",
        }
    ]
