"""Memory(generate=...): runs are recorded, turned into memory at the session's stop,
and read back into a later run's instructions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from runwright import RunConfig, Runner, UserError
from runwright.sandbox import (
    Filesystem,
    Manifest,
    MemoryGenerateConfig,
    MemoryLayoutConfig,
    SandboxAgent,
    SandboxRunConfig,
    Shell,
)
from runwright.sandbox.capabilities import Memory
from runwright.sandbox.entries import File
from runwright.sandbox.sandboxes import UnixLocalSandboxClient
from runwright.testing import ScriptedModel, tool_call

EXTRACTED = json.dumps(
    {
        "rollout_slug": "fix-off-by-one",
        "rollout_summary": "The user asked to fix calc.py; the loop bound was off by one.",
        "raw_memory": "- calc.py loops use inclusive bounds\n- run `python calc.py` to check",
    }
)
SUMMARY = "calc.py uses inclusive loop bounds; check with `python calc.py`."


def _generating(phase_one: ScriptedModel, phase_two: ScriptedModel, **layout: str) -> Memory:
    return Memory(
        layout=MemoryLayoutConfig(**layout),
        generate=MemoryGenerateConfig(
            phase_one_model=phase_one,
            phase_one_model_settings=None,
            phase_two_model=phase_two,
            phase_two_model_settings=None,
        ),
    )


def _consolidation(memories_dir: str = "memories") -> ScriptedModel:
    return ScriptedModel(
        [
            tool_call(
                "write_file",
                {"path": f"{memories_dir}/memory_summary.md", "content": SUMMARY + "\n"},
            ),
            tool_call(
                "write_file",
                {"path": f"{memories_dir}/MEMORY.md", "content": "# Memory\n\n" + SUMMARY},
            ),
            "Memory consolidated.",
        ]
    )


async def test_generated_memory_is_read_by_a_later_run(confined: UnixLocalSandboxClient) -> None:
    session = await confined.create(manifest=Manifest(entries={"calc.py": File(content=b"x")}))
    try:
        phase_one = ScriptedModel([EXTRACTED])
        phase_two = _consolidation()
        worker = SandboxAgent(
            name="worker",
            instructions="Fix calc.py.",
            model=ScriptedModel(["Fixed the loop bound."]),
            capabilities=[Filesystem(), Shell(), _generating(phase_one, phase_two)],
        )
        config = RunConfig(sandbox=SandboxRunConfig(session=session), group_id="task-42")
        result = await Runner.run(worker, "Please fix calc.py", run_config=config)
        assert result.final_output == "Fixed the loop bound."

        workspace = Path(session.state.workspace)
        rollout = workspace / "sessions" / "task-42.jsonl"
        line = json.loads(rollout.read_text())
        assert line["rollout_id"] == "task-42"
        assert line["input"] == [{"role": "user", "content": "Please fix calc.py"}]
        assert line["terminal_metadata"]["terminal_state"] == "completed"
        assert line["final_output"] == "Fixed the loop bound."
        assert not phase_one.calls  # nothing is generated before the session stops

        await session.stop()  # the pre-stop hook: extraction, then consolidation

        assert len(phase_one.calls) == 1
        assert "Please fix calc.py" in (phase_one.calls[0].last_user_text or "")
        memories = workspace / "memories"
        raw = (memories / "raw_memories" / "task-42.md").read_text()
        assert raw.startswith("rollout_id: task-42\n")
        assert "rollout_summary_file: rollout_summaries/task-42_fix-off-by-one.md" in raw
        assert "calc.py loops use inclusive bounds" in raw
        summary_file = memories / "rollout_summaries" / "task-42_fix-off-by-one.md"
        assert "loop bound was off by one" in summary_file.read_text()
        assert "calc.py loops use inclusive bounds" in (memories / "raw_memories.md").read_text()
        assert "raw_memories.md" in (phase_two.calls[0].last_user_text or "")
        assert "write_file" in phase_two.calls[0].tool_names
        assert (memories / "memory_summary.md").read_text() == SUMMARY + "\n"
        selection = json.loads((memories / "phase_two_selection.json").read_text())
        assert [x["rollout_id"] for x in selection["selected"]] == ["task-42"]

        reader_model = ScriptedModel(["I remember."])
        reader = SandboxAgent(
            name="reader",
            instructions="Check calc.py.",
            model=reader_model,
            capabilities=[Filesystem(), Shell(), Memory(generate=None)],
        )
        await Runner.run(
            reader, "Check it", run_config=RunConfig(sandbox=SandboxRunConfig(session=session))
        )
        assert SUMMARY in (reader_model.calls[0].system_instructions or "")
    finally:
        await confined.delete(session)


async def test_nothing_recorded_without_generate(confined: UnixLocalSandboxClient) -> None:
    session = await confined.create(manifest=Manifest())
    try:
        agent = SandboxAgent(
            name="reader",
            model=ScriptedModel(["ok"]),
            capabilities=[Filesystem(), Shell(), Memory(generate=None)],
        )
        await Runner.run(
            agent, "hi", run_config=RunConfig(sandbox=SandboxRunConfig(session=session))
        )
        await session.stop()
        assert not (Path(session.state.workspace) / "sessions").exists()
    finally:
        await confined.delete(session)


async def test_a_bad_extraction_answer_is_logged_not_raised(
    confined: UnixLocalSandboxClient, caplog: pytest.LogCaptureFixture
) -> None:
    session = await confined.create(manifest=Manifest())
    try:
        phase_two = ScriptedModel([])
        agent = SandboxAgent(
            name="worker",
            model=ScriptedModel(["done"]),
            capabilities=[
                Filesystem(),
                Shell(),
                _generating(ScriptedModel(["not json"]), phase_two, memories_dir="mem"),
            ],
        )
        config = RunConfig(sandbox=SandboxRunConfig(session=session))
        await Runner.run(agent, "go", run_config=config)
        await session.stop()
        assert "extraction" in caplog.text
        assert not phase_two.calls  # nothing extracted: no consolidation
        assert not list((Path(session.state.workspace) / "mem" / "raw_memories").iterdir())
    finally:
        await confined.delete(session)


async def test_an_empty_extraction_keeps_no_memory(confined: UnixLocalSandboxClient) -> None:
    session = await confined.create(manifest=Manifest())
    try:
        empty = json.dumps({"rollout_slug": "", "rollout_summary": "", "raw_memory": ""})
        phase_two = ScriptedModel([])
        agent = SandboxAgent(
            name="worker",
            model=ScriptedModel(["done"]),
            capabilities=[Filesystem(), Shell(), _generating(ScriptedModel([empty]), phase_two)],
        )
        await Runner.run(
            agent, "go", run_config=RunConfig(sandbox=SandboxRunConfig(session=session))
        )
        await session.stop()
        assert not phase_two.calls
    finally:
        await confined.delete(session)


async def test_conflicting_layouts_in_one_session_are_refused(
    confined: UnixLocalSandboxClient,
) -> None:
    from runwright._sandbox.memory import memory_generator

    session = await confined.create(manifest=Manifest())
    try:
        first = _generating(ScriptedModel([]), ScriptedModel([]))
        memory_generator(session, first)
        assert memory_generator(session, first) is memory_generator(session, first)
        half = _generating(ScriptedModel([]), ScriptedModel([]), sessions_dir="other")
        with pytest.raises(UserError, match="already generates memory"):
            memory_generator(session, half)
    finally:
        await confined.delete(session)


async def test_a_paused_run_generates_memory_its_resumed_run_reads(
    confined: UnixLocalSandboxClient,
) -> None:
    step = tool_call("exec_command", {"cmd": "true", "workdir": None, "timeout_seconds": None})
    model = ScriptedModel([step, "All done."])
    phase_two = _consolidation()
    agent = SandboxAgent(
        name="worker",
        model=model,
        capabilities=[
            Filesystem(),
            Shell(needs_approval=True),
            _generating(ScriptedModel([EXTRACTED]), phase_two),
        ],
    )
    config = RunConfig(sandbox=SandboxRunConfig(client=confined))
    first = await Runner.run(agent, "Run true", run_config=config)
    assert first.interruptions  # paused: the runner stopped its session, generating memory
    assert phase_two.calls
    state = first.to_state()
    state.approve(state.interruptions[0])
    result = await Runner.run(agent, state, run_config=config)
    assert result.final_output == "All done."
    assert SUMMARY in (model.calls[-1].system_instructions or "")
