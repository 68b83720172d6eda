"""The SDK's sandbox API on runwright's confined client: sessions (create, resume,
delete, files, commands, events), path grants, snapshots, capabilities, entries and
mounts, and the scripted test session. The first tests are SDK example programs,
rewritten for this suite with only the import changed (``agents`` → ``runwright``)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import tarfile
import tempfile
from pathlib import Path
from typing import Any

import pytest
from _sandbox_support import exec_report, need_bwrap

from runwright import FunctionTool, RunConfig, Runner, RunState, UserError
from runwright.sandbox import (
    Capability,
    ExecResult,
    LocalSnapshotSpec,
    Manifest,
    RemoteSnapshotSpec,
    SandboxAgent,
    SandboxPathGrant,
    SandboxRunConfig,
    SandboxSessionState,
    WorkspaceArchiveWriteError,
    WorkspaceReadNotFoundError,
    resolve_snapshot,
)
from runwright.sandbox.capabilities import (
    Compaction,
    CompactionModelInfo,
    DynamicCompactionPolicy,
    Filesystem,
    Shell,
    StaticCompactionPolicy,
)
from runwright.sandbox.entries import (
    Dir,
    File,
    GCSMount,
    GitRepo,
    InContainerMountStrategy,
    MountpointMountPattern,
    R2Mount,
    RcloneMountPattern,
    S3Mount,
    resolve_workspace_path,
)
from runwright.sandbox.errors import SandboxError
from runwright.sandbox.sandboxes.unix_local import (
    UnixLocalSandboxClient,
    UnixLocalSandboxClientOptions,
)
from runwright.sandbox.session import (
    CallbackSink,
    Dependencies,
    EventPayloadPolicy,
    Instrumentation,
    JsonlOutboxSink,
    SandboxSessionFinishEvent,
    SandboxSessionStartEvent,
    event_to_json_line,
    validate_sandbox_session_event,
)
from runwright.sandbox.session.base_sandbox_session import BaseSandboxSession
from runwright.testing import ScriptedModel, tool_call
from runwright.testing.sandbox import (
    InvalidSandboxStep,
    SandboxCallMatcherError,
    UnconsumedSandboxSteps,
    UnexpectedSandboxCall,
    scripted_sandbox_session,
)


def _client(workspaces: Path, **kwargs: Any) -> UnixLocalSandboxClient:
    need_bwrap()
    options = UnixLocalSandboxClientOptions(workspace_base=str(workspaces), timeout=20)
    return UnixLocalSandboxClient(options, **kwargs)


def _outputs(result: Any) -> list[str]:
    return [str(i.output) for i in result.new_items if type(i).__name__ == "ToolCallOutputItem"]


# ----- the SDK's unix_local_runner example (its offline path-grant check) ---------


def _text_manifest(files: dict[str, str]) -> Manifest:
    return Manifest(entries={p: File(content=c.encode("utf-8")) for p, c in files.items()})


async def test_the_path_grant_example_runs(workspaces: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="agents-unix-local-extra-") as extra_root_text:
        extra_root = Path(extra_root_text)
        os.chmod(extra_root, 0o755)
        external_dir = extra_root / "external"
        scratch_dir = extra_root / "scratch"
        external_dir.mkdir()
        scratch_dir.mkdir()
        os.chmod(scratch_dir, 0o777)  # the sandbox's own uid writes here when we are root
        external_input = external_dir / "external_input.txt"
        read_only_output = external_dir / "blocked.txt"
        sdk_output = scratch_dir / "sdk_output.txt"
        exec_output = scratch_dir / "exec_output.txt"
        external_input.write_text("external grant input\n", encoding="utf-8")

        manifest = _text_manifest({"account_brief.md": "# Northwind\n"}).model_copy(
            update={
                "extra_path_grants": (
                    SandboxPathGrant(path=str(external_dir), read_only=True, description="notes"),
                    SandboxPathGrant(path=str(scratch_dir), description="scratch"),
                )
            },
            deep=True,
        )
        client = _client(workspaces)
        sandbox = await client.create(manifest=manifest)
        try:
            async with sandbox:
                payload = await sandbox.read(external_input)
                with pytest.raises(WorkspaceArchiveWriteError):
                    await sandbox.write(read_only_output, io.BytesIO(b"should fail\n"))
                await sandbox.write(sdk_output, io.BytesIO(b"sdk grant output\n"))
                exec_result = await sandbox.exec(
                    "sh",
                    "-c",
                    'cat "$1"; printf "%s\\n" "exec grant output" > "$2"',
                    "sh",
                    external_input,
                    exec_output,
                    shell=False,
                )
                assert payload.read() == b"external grant input\n"
                assert sdk_output.read_text(encoding="utf-8") == "sdk grant output\n"
                assert exec_result.stdout == b"external grant input\n"
                assert exec_result.exit_code == 0
                assert exec_output.read_text(encoding="utf-8") == "exec grant output\n"
                blocked = await sandbox.exec(f"echo x > {read_only_output}")
                assert blocked.exit_code != 0  # read-only inside the sandbox too
        finally:
            await client.delete(sandbox)
        assert not read_only_output.exists()
        assert not Path(sandbox.state.workspace).exists()


# ----- the SDK's workspace_apply_patch-style custom capability ---------------------


class _NotesCapability(Capability):
    """A custom capability in the SDK's style: bound to the run's session, its tool
    writes through the session API."""

    def __init__(self) -> None:
        super().__init__(type="notes")
        self._session: BaseSandboxSession | None = None

    def bind(self, session: BaseSandboxSession) -> None:
        self._session = session

    def tools(self) -> list[Any]:
        if self._session is None:
            return []
        session = self._session

        async def save(ctx: Any, arguments: str) -> str:
            args = json.loads(arguments)
            target = session.normalize_path(args["path"])
            await session.mkdir(target.parent, parents=True)
            await session.write(target, io.BytesIO(args["text"].encode()))
            handle = await session.read(target)
            return f"saved {handle.read().decode()!r}"

        schema = {
            "type": "object",
            "properties": {"path": {"type": "string"}, "text": {"type": "string"}},
            "required": ["path", "text"],
            "additionalProperties": False,
        }
        return [FunctionTool("save_note", "Save a note.", schema, save)]

    async def instructions(self, manifest: Manifest) -> str | None:
        return "Use save_note to keep notes."


async def test_a_custom_capability_is_bound_to_each_runs_session(workspaces: Path) -> None:
    client = _client(workspaces)
    model = ScriptedModel([tool_call("save_note", {"path": "n/a.txt", "text": "hi"}), "done"])
    agent = SandboxAgent(name="w", model=model, capabilities=[_NotesCapability(), Shell()])
    session = await client.create(manifest=Manifest())
    try:
        config = RunConfig(sandbox=SandboxRunConfig(session=session))
        result = await Runner.run(agent, "go", run_config=config)
        assert _outputs(result) == ["saved 'hi'"]
        assert (session.workspace / "n" / "a.txt").read_text() == "hi"
        prompt = model.calls[0].system_instructions if hasattr(model, "calls") else None
        assert prompt is None or "save_note" in prompt
    finally:
        await client.delete(session)
    assert agent.capabilities[0].session is None  # the agent's own copy stays unbound


# ----- the session API -----------------------------------------------------------


async def test_files_and_commands_through_the_session_api(workspaces: Path) -> None:
    client = _client(workspaces)
    session = await client.create(manifest=Manifest(entries={"a.txt": File(content="A")}))
    root = session.state.manifest.root  # as the SDK's client: the host directory
    assert root == str(session.workspace) and Path(root).parent == workspaces
    async with session:
        assert str(session.normalize_path("x/y")) == f"{root}/x/y"
        assert (await session.exec("pwd; echo $HOME")).stdout == f"{root}\n{root}\n".encode()
        with pytest.raises(SandboxError):
            session.normalize_path("../etc/passwd")
        with pytest.raises(SandboxError):
            session.normalize_path("/etc/passwd")
        await session.mkdir("d/e", parents=True)
        await session.write("d/e/f.txt", b"F")
        names = sorted(Path(e.path).name for e in await session.ls("d/e"))
        assert names == ["f.txt"]
        await session.mv("d/e/f.txt", "d/g.txt")
        assert (await session.read("d/g.txt")).read() == b"F"
        with pytest.raises(WorkspaceReadNotFoundError):
            await session.read("d/e/f.txt")
        await session.rm("d", recursive=True)
        assert [Path(e.path).name for e in await session.ls(".")] == ["a.txt"]
        result = await session.exec("printf", "%s|", "two words", "$HOME", shell=False)
        assert result.stdout == b"two words|$HOME|"
        assert (await session.exec("echo $((1+2))")).stdout == b"3\n"
        assert await session.same_file("a.txt", f"{root}/a.txt")
        tar = await session.persist_workspace()
        await session.write("a.txt", b"changed")
        await session.hydrate_workspace(tar)
        assert (await session.read("a.txt")).read() == b"A"
        with pytest.raises(UserError, match="user"):
            await session.exec("id", user="root")
    assert session.workspace.exists()  # as the SDK's: closing keeps the workspace...
    assert (await client.resume(session.state)).state.manifest.root == root  # ...to resume
    await client.delete(session)  # ...and the client removes it
    assert not session.workspace.exists()


async def test_events_reach_the_sinks(workspaces: Path, tmp_path: Path) -> None:
    seen: list[Any] = []
    outbox = tmp_path / "events.jsonl"
    instrumentation = Instrumentation(
        sinks=[CallbackSink(lambda event, session: seen.append(event)), JsonlOutboxSink(outbox)],
        payload_policy=EventPayloadPolicy(include_exec_output=True),
    )
    client = _client(workspaces, instrumentation=instrumentation)
    session = await client.create(manifest=Manifest())
    await session.exec("echo hello")
    await session.write("f.txt", b"x")
    with pytest.raises(WorkspaceReadNotFoundError):
        await session.read("missing.txt")
    await client.delete(session)
    ops = [(e.op, e.phase) for e in seen]
    assert ops[:6] == [
        ("exec", "start"),
        ("exec", "finish"),
        ("write", "start"),
        ("write", "finish"),
        ("read", "start"),
        ("read", "finish"),
    ]
    assert isinstance(seen[1], SandboxSessionFinishEvent) and seen[1].ok
    assert seen[1].stdout == "hello\n" and seen[1].data["exit_code"] == 0
    assert not seen[5].ok and seen[5].error_code == "workspace_read_not_found"
    lines = outbox.read_text().splitlines()
    assert len(lines) == len(seen)
    again = validate_sandbox_session_event(lines[0])
    assert isinstance(again, SandboxSessionStartEvent) and again.op == "exec"
    assert event_to_json_line(again).endswith("\n")
    with pytest.raises(UserError):
        validate_sandbox_session_event({"phase": "middle"})


async def test_state_round_trips_and_a_remote_snapshot_restores_elsewhere(
    workspaces: Path, tmp_path: Path
) -> None:
    store = tmp_path / "store"

    class DirectoryStore:
        """A remote-snapshot client backed by a local directory."""

        def upload(self, snapshot_id: str, data: io.IOBase) -> None:
            store.mkdir(exist_ok=True)
            (store / f"{snapshot_id}.tar").write_bytes(data.read())

        def download(self, snapshot_id: str) -> io.IOBase:
            return io.BytesIO((store / f"{snapshot_id}.tar").read_bytes())

        def exists(self, snapshot_id: str) -> bool:
            return (store / f"{snapshot_id}.tar").is_file()

    deps = Dependencies().bind_value("store", DirectoryStore())
    client = _client(workspaces, dependencies=deps)
    spec = RemoteSnapshotSpec(client_dependency_key="store")
    session = await client.create(
        manifest=Manifest(entries={"keep.txt": File(content="kept")}), snapshot=spec
    )
    snapshot = session.state.snapshot
    await snapshot.persist(await session.persist_workspace(), dependencies=deps)
    payload = client.serialize_session_state(session.state)
    json.dumps(payload)  # plain JSON
    await client.delete(session)  # the workspace is gone; the snapshot remains
    other = _client(workspaces, dependencies=deps)
    state = other.deserialize_session_state(payload)
    assert isinstance(state, SandboxSessionState)
    resumed = await other.resume(state)
    try:
        # as the SDK's client: the gone workspace is recreated at its path, restored
        assert resumed.workspace == session.workspace
        assert resumed.state.manifest.root == session.state.manifest.root
        assert (await resumed.read("keep.txt")).read() == b"kept"
    finally:
        await other.delete(resumed)


async def test_local_snapshot_specs_and_resolution(tmp_path: Path) -> None:
    spec = LocalSnapshotSpec(base_path=tmp_path)
    snap = spec.build("abc")
    await snap.persist(io.BytesIO(b"tar bytes"))
    assert await snap.restorable()
    assert (await snap.restore()).read() == b"tar bytes"
    assert resolve_snapshot(snap, "other") is snap
    assert not await resolve_snapshot(None, "x").restorable()
    with pytest.raises(UserError):
        spec.build("../escape")
    with pytest.raises(UserError):
        RemoteSnapshotSpec(client_dependency_key="")


async def test_a_run_with_a_remote_snapshot_resumes_after_its_workspace_is_gone(
    workspaces: Path, tmp_path: Path
) -> None:
    store = tmp_path / "remote"
    store.mkdir()

    class Store:
        def upload(self, snapshot_id: str, data: io.IOBase) -> None:
            (store / snapshot_id).write_bytes(data.read())

        def download(self, snapshot_id: str) -> bytes:
            return (store / snapshot_id).read_bytes()

        def exists(self, snapshot_id: str) -> bool:
            return (store / snapshot_id).exists()

    deps = Dependencies().bind_value("s", Store())
    client = _client(workspaces, dependencies=deps)
    write = tool_call("write_file", {"path": "n.txt", "content": "3\n"})
    show = tool_call("exec_command", {"cmd": "cat n.txt"})
    agent = SandboxAgent(
        name="a",
        model=ScriptedModel([write, show, "done"]),
        capabilities=[Filesystem(), Shell(needs_approval=True)],
    )
    config = RunConfig(
        sandbox=SandboxRunConfig(
            client=client, snapshot=RemoteSnapshotSpec(client_dependency_key="s")
        )
    )
    first = await Runner.run(agent, "go", run_config=config)
    assert first.interruptions
    text = first.to_state().to_string()
    assert list(store.iterdir())  # uploaded through the dependency
    for child in workspaces.iterdir():  # "another machine": no workspace here
        subprocess.run(["rm", "-rf", str(child)], check=True)
    state = await RunState.from_string(agent, text)
    state.approve(state.interruptions[0])
    result = await Runner.run(agent, state, run_config=config)
    assert result.final_output == "done"
    assert _outputs(result)[-1].endswith("3\n")


# ----- the scripted session (agents.testing.sandbox) ----------------------------


async def test_a_scripted_session_plays_its_steps_in_a_run() -> None:
    session = scripted_sandbox_session(
        [
            {
                "method": "exec",
                "match": lambda call: "pytest" in " ".join(map(str, call.args)),
                "result": ExecResult(stdout=b"3 passed\n", stderr=b"", exit_code=0),
            }
        ]
    )
    agent = SandboxAgent(
        name="t",
        model=ScriptedModel([tool_call("exec_command", {"cmd": "pytest -q"}), "ok"]),
        capabilities=[Shell()],
    )
    result = await Runner.run(
        agent, "test", run_config=RunConfig(sandbox=SandboxRunConfig(session=session))
    )
    assert result.final_output == "ok"
    assert "3 passed" in _outputs(result)[0]
    session.assert_complete()
    assert [c.method for c in session.calls] == ["exec"]


async def test_scripted_session_errors() -> None:
    with pytest.raises(InvalidSandboxStep) as bad:
        scripted_sandbox_session([{"method": "launch", "result": 1}])
    assert bad.value.reason == "unknown_method"
    with pytest.raises(InvalidSandboxStep):
        scripted_sandbox_session([{"method": "exec", "result": 1, "error": ValueError()}])
    session = scripted_sandbox_session(
        [
            {"method": "read", "result": io.BytesIO(b"x")},
            {"method": "write", "match": lambda call: False, "result": None},
            {"method": "rm", "error": PermissionError("no")},
        ]
    )
    with pytest.raises(UnexpectedSandboxCall) as unexpected:
        await session.exec("ls")
    assert unexpected.value.expected_method == "read"
    session = scripted_sandbox_session(
        [
            {"method": "read", "result": io.BytesIO(b"x")},
            {"method": "write", "match": lambda call: False, "result": None},
            {"method": "rm", "error": PermissionError("no")},
        ]
    )
    assert (await session.read("a")).read() == b"x"
    with pytest.raises(SandboxCallMatcherError):
        await session.write("a", io.BytesIO(b"y"))
    with pytest.raises(UnconsumedSandboxSteps) as left:
        session.assert_complete()
    assert left.value.pending_methods == ("rm",)
    with pytest.raises(PermissionError):
        await session.rm("a")
    session.assert_complete()


# ----- capabilities ----------------------------------------------------------------


def test_the_model_sees_the_sdks_shell_tool_schema() -> None:
    tools = Shell().tools()
    assert [t.name for t in tools] == ["exec_command", "write_stdin"]
    schema = tools[0].params_json_schema
    assert set(schema["properties"]) == {
        "cmd",
        "workdir",
        "shell",
        "login",
        "tty",
        "yield_time_ms",
        "max_output_tokens",
    }
    assert schema["required"] == ["cmd"]
    stdin = tools[1].params_json_schema  # as the SDK's WriteStdinArgs
    assert set(stdin["properties"]) == {"session_id", "chars", "yield_time_ms", "max_output_tokens"}
    assert stdin["required"] == ["session_id"]
    assert stdin["properties"]["yield_time_ms"]["default"] == 250
    assert stdin["properties"]["chars"]["default"] == ""
    by_name = {t.name: t for t in Filesystem().tools()}
    assert {"apply_patch", "view_image"} <= set(by_name)
    patch_tool = by_name["apply_patch"]
    assert patch_tool.type == "custom"  # free-form, as in the SDK
    assert patch_tool.tool_config["format"]["type"] == "grammar"
    assert by_name["view_image"].params_json_schema["required"] == ["path"]


async def test_exec_command_checks_its_numbers(workspaces: Path) -> None:
    client = _client(workspaces)
    calls = [
        tool_call("exec_command", {"cmd": "echo a", "yield_time_ms": -5}),
        tool_call("exec_command", {"cmd": "echo b", "max_output_tokens": 0}),
        tool_call("exec_command", {"cmd": "echo c", "tty": True}),
        tool_call("exec_command", {"cmd": "echo $0", "shell": "bash"}),
        "done",
    ]
    agent = SandboxAgent(name="n", model=ScriptedModel(calls), capabilities=[Shell()])
    config = RunConfig(sandbox=SandboxRunConfig(client=client))
    outputs = _outputs(await Runner.run(agent, "go", run_config=config))
    assert "yield_time_ms" in outputs[0]
    assert "max_output_tokens" in outputs[1]
    assert exec_report(outputs[2]) == (0, "c\r\n")  # on a terminal: CR LF line ends
    assert exec_report(outputs[3]) == (0, "/bin/bash\n")


def test_compaction_policies() -> None:
    assert Compaction().sampling_params({"model": "gpt-4o"}) == {
        "context_management": [{"type": "compaction", "compact_threshold": int(128_000 * 0.9)}]
    }
    static = Compaction(policy=StaticCompactionPolicy(threshold=1000))
    assert static.sampling_params({})["context_management"][0]["compact_threshold"] == 1000
    dynamic = Compaction(policy={"type": "dynamic", "model_info": {"context_window": 100}})
    assert dynamic.sampling_params({})["context_management"][0]["compact_threshold"] == 90
    context = [{"type": "message"}, {"type": "compaction"}, {"type": "message"}]
    assert Compaction().process_context(context) == context[1:]
    with pytest.raises(UserError):
        DynamicCompactionPolicy(model_info=CompactionModelInfo(context_window=10), threshold=2)
    with pytest.raises(UserError):
        CompactionModelInfo.for_model("my-local-model")


# ----- entries and mounts ----------------------------------------------------------


async def test_a_git_repo_entry_from_a_local_repository(workspaces: Path, tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "pkg").mkdir(parents=True)
    (repo / "pkg" / "mod.py").write_text("x = 1\n")
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@t",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@t",
    }
    for argv in (["init", "-q", "-b", "main"], ["add", "."], ["commit", "-q", "-m", "one"]):
        subprocess.run(["git", "-C", str(repo), *argv], check=True, env=env)
    client = _client(workspaces)
    manifest = Manifest(
        entries={
            "src": GitRepo(repo=str(repo), ref="main", subpath="pkg"),
            "cfg": Dir(children={"a.ini": File(content="[a]\n")}),
        }
    )
    session = await client.create(manifest=manifest)
    try:
        assert (await session.read("src/mod.py")).read() == b"x = 1\n"
        assert not (session.workspace / "src" / ".git").exists()
    finally:
        await client.delete(session)
    with pytest.raises(UserError, match="network"):
        GitRepo(repo="openai/openai-agents-python", ref="main").materialize(tmp_path / "x")


async def test_mounts_validate_and_are_refused_clearly(workspaces: Path) -> None:
    strategy = InContainerMountStrategy(pattern=MountpointMountPattern())
    mount = S3Mount(bucket="data", mount_strategy=strategy, region="us-east-1")
    assert mount.ephemeral and mount.read_only
    with pytest.raises(UserError, match="bucket"):
        S3Mount(bucket="", mount_strategy=strategy)
    with pytest.raises(UserError, match="account_id"):
        R2Mount(bucket="b", account_id="", mount_strategy=strategy)
    with pytest.raises(UserError, match="mode"):
        RcloneMountPattern(mode="smb")
    manifest = Manifest(entries={"data": mount})
    assert manifest.mount_targets() == ["data"]
    before = set(os.listdir(workspaces))
    # S3Mount is copied in (test_mounts.py): here it cannot reach its bucket, clearly
    with pytest.raises(UserError, match="S3Mount s3://data/"):
        await _client(workspaces).create(manifest=manifest)
    gcs = Manifest(entries={"data": GCSMount(bucket="data", mount_strategy=strategy)})
    with pytest.raises(UserError, match="needs HMAC keys"):  # GCS: copied only with HMAC keys
        await _client(workspaces).create(manifest=gcs)
    assert set(os.listdir(workspaces)) == before  # nothing left behind


def test_resolve_workspace_path() -> None:
    assert str(resolve_workspace_path("/workspace", "a/b")) == "/workspace/a/b"
    assert (
        str(resolve_workspace_path("/workspace", "/workspace/c", allow_absolute_within_root=True))
        == "/workspace/c"
    )
    for bad in ("../x", "/etc/passwd"):
        with pytest.raises(UserError):
            resolve_workspace_path("/workspace", bad)


# ----- skills and memory -------------------------------------------------------------


async def test_inline_skills_are_placed_and_listed(workspaces: Path) -> None:
    from runwright.sandbox.capabilities import Skill, Skills

    skill = Skill(
        name="greet",
        description="Greets people politely.",
        content="---\nname: greet\ndescription: Greets people politely.\n---\nSay hello.\n",
        scripts={"hello.sh": File(content="echo hello\n")},
    )
    model = ScriptedModel(
        [
            tool_call(
                "exec_command",
                {"cmd": "cat .agents/greet/SKILL.md; sh .agents/greet/scripts/hello.sh"},
            ),
            "done",
        ]
    )
    agent = SandboxAgent(name="s", model=model, capabilities=[Skills(skills=[skill]), Shell()])
    config = RunConfig(sandbox=SandboxRunConfig(client=_client(workspaces)))
    result = await Runner.run(agent, "greet", run_config=config)
    assert "Say hello." in _outputs(result)[0] and "hello\n" in _outputs(result)[0]
    prompt = model.calls[0].system_instructions or ""
    assert "greet: Greets people politely. (file: .agents/greet/SKILL.md)" in prompt
    with pytest.raises(UserError):
        Skills()
    with pytest.raises(UserError):
        Skills(skills=[skill], skills_path="../out")


async def test_lazy_skills_are_loaded_on_demand(workspaces: Path, tmp_path: Path) -> None:
    from runwright.sandbox.capabilities import LocalDirLazySkillSource, Skills
    from runwright.sandbox.entries import LocalDir

    source = tmp_path / "skills"
    (source / "pdf").mkdir(parents=True)
    (source / "pdf" / "SKILL.md").write_text(
        "---\nname: pdf\ndescription: Works with PDF files.\n---\nUse pdftotext.\n"
    )
    skills = Skills(lazy_from=LocalDirLazySkillSource(source=LocalDir(src=source)))
    model = ScriptedModel(
        [
            tool_call("load_skill", {"skill_name": "pdf"}),
            tool_call("exec_command", {"cmd": "cat .agents/pdf/SKILL.md"}),
            tool_call("load_skill", {"skill_name": "nope"}),
            tool_call("load_skill", {"skill_name": "pdf"}),
            "done",
        ]
    )
    agent = SandboxAgent(name="l", model=model, capabilities=[skills, Shell()])
    config = RunConfig(sandbox=SandboxRunConfig(client=_client(workspaces)))
    outputs = _outputs(await Runner.run(agent, "go", run_config=config))
    # the tool returns a dict (as the SDK's: hooks see it); the model reads its JSON
    sent = [i["output"] for i in model.calls[-1].input if i.get("type") == "function_call_output"]
    assert json.loads(sent[0]) == {"status": "loaded", "skill_name": "pdf", "path": ".agents/pdf"}
    assert json.loads(sent[3])["status"] == "already_loaded"
    assert "Use pdftotext." in outputs[1]
    assert "not one of the available skills" in outputs[2]
    assert "pdf: Works with PDF files." in (model.calls[0].system_instructions or "")


async def test_memory_is_read_into_the_instructions(workspaces: Path) -> None:
    from runwright.sandbox import MemoryLayoutConfig, MemoryReadConfig
    from runwright.sandbox.capabilities import Memory

    memory = Memory(
        layout=MemoryLayoutConfig(memories_dir="mem"),
        read=MemoryReadConfig(live_update=False),
        generate=None,
    )
    model = ScriptedModel(["ok"])
    agent = SandboxAgent(
        name="m",
        model=model,
        default_manifest=Manifest(
            entries={"mem/memory_summary.md": File(content="The user prefers tabs.\n")}
        ),
        capabilities=[memory, Shell()],
    )
    await Runner.run(
        agent, "hi", run_config=RunConfig(sandbox=SandboxRunConfig(client=_client(workspaces)))
    )
    prompt = model.calls[0].system_instructions or ""
    assert "The user prefers tabs." in prompt and "`mem/`" in prompt
    with pytest.raises(UserError, match="filesystem"):
        SandboxAgent(name="x", capabilities=[Memory(), Shell()])
    with pytest.raises(UserError):
        Memory(read=None, generate=None)


async def test_saved_path_grants_are_not_trusted_until_rebound(
    workspaces: Path, tmp_path: Path
) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    client = _client(workspaces)
    manifest = Manifest(extra_path_grants=(SandboxPathGrant(path=str(shared), read_only=True),))
    session = await client.create(manifest=manifest)
    data = client.serialize_session_state(session.state)
    data["extra_path_grants"].append({"path": "/root", "read_only": False})  # tampered
    state = client.deserialize_session_state(data)
    with pytest.raises(UserError, match="rebind_persisted_path_grants"):
        await client.resume(state)
    state.rebind_persisted_path_grants(manifest)
    assert [(g.path, g.read_only) for g in state.manifest.extra_path_grants] == [
        (str(shared), True)
    ]
    resumed = await client.resume(state)
    try:
        assert resumed.workspace == session.workspace
        assert (await resumed.exec("ls /root")).exit_code != 0
        with pytest.raises(SandboxError):
            resumed.normalize_path("/root/x")
        text = state.model_dump_json()
        assert SandboxSessionState.model_validate_json(text).persisted_path_grants
    finally:
        await client.delete(resumed)


async def test_mount_strategies_patterns_and_environment() -> None:
    from runwright.sandbox.entries import MountStrategyBase
    from runwright.sandbox.manifest import Environment

    with pytest.raises(UserError, match="cannot use the 'mountpoint' pattern"):
        R2Mount(
            bucket="b",
            account_id="a",
            mount_strategy=InContainerMountStrategy(pattern=MountpointMountPattern()),
        )
    strategy = MountStrategyBase.parse({"type": "in_container", "pattern": {"type": "rclone"}})
    assert isinstance(strategy, InContainerMountStrategy)
    mount = R2Mount(bucket="b", account_id="a", mount_strategy=strategy)
    assert mount.supported_in_container_patterns() == ("rclone",)
    with pytest.raises(UserError, match="cannot mount"):
        await strategy.activate(mount, None, Path("x"), Path("."))
    with pytest.raises(UserError, match="cannot mount"):
        mount.build_docker_volume_driver_config(strategy)
    assert RcloneMountPattern().resolve_remote_name(session_id="abc-def", remote_kind="r2") == (
        "r2-abcdef"
    )
    env = Environment(value={"A": "1"})
    assert env.normalized() == {"A": "1"} and await env.resolve() == {"A": "1"}
    assert Manifest(environment=env).environment == {"A": "1"}  # type: ignore[arg-type]
    with pytest.raises(UserError):
        Environment(value={"A": 1})  # type: ignore[dict-item]


# ----- the SDK's sandbox_agent_with_remote_snapshot example (object store → a directory) --


async def test_the_remote_snapshot_example_runs(workspaces: Path, tmp_path: Path) -> None:
    bucket = tmp_path / "bucket"

    class DirectorySnapshotClient:
        """The example's S3 adapter, with a directory standing in for the bucket."""

        def upload(self, snapshot_id: str, data: io.IOBase) -> None:
            bucket.mkdir(exist_ok=True)
            (bucket / f"{snapshot_id}.tar").write_bytes(data.read())

        def download(self, snapshot_id: str) -> io.IOBase:
            return io.BytesIO((bucket / f"{snapshot_id}.tar").read_bytes())

        def exists(self, snapshot_id: str) -> bool:
            return (bucket / f"{snapshot_id}.tar").exists()

    key = "examples.remote_snapshot.s3_client"
    check_path, check_content = Path("snapshot-check.txt"), "remote snapshot round-trip ok\n"
    dependencies = Dependencies().bind_value(key, DirectorySnapshotClient())
    client = _client(workspaces, dependencies=dependencies)
    sandbox = await client.create(
        manifest=_text_manifest({"README.md": "# Remote Snapshot Demo\n"}),
        snapshot=RemoteSnapshotSpec(client_dependency_key=key),
        options=None,
    )
    try:
        await sandbox.start()
        await sandbox.write(check_path, io.BytesIO(check_content.encode("utf-8")))
        await sandbox.stop()
    finally:
        await client.delete(sandbox)
    assert not sandbox.workspace.exists()
    resumed = await client.resume(sandbox.state)
    try:
        await resumed.start()
        restored = (await resumed.read(check_path)).read()
        assert restored.decode("utf-8") == check_content
    finally:
        await resumed.aclose()
    agent = SandboxAgent(
        name="Remote Snapshot Assistant",
        model=ScriptedModel([tool_call("exec_command", {"cmd": "ls"}), "README.md is there."]),
        default_manifest=_text_manifest({"README.md": "# Remote Snapshot Demo\n"}),
        capabilities=[Shell()],
    )
    result = await Runner.run(
        agent, "Summarize.", run_config=RunConfig(sandbox=SandboxRunConfig(client=client))
    )
    assert result.final_output == "README.md is there."
    assert "README.md" in _outputs(result)[0]


async def test_default_capabilities_attach_compaction_to_model_requests(workspaces: Path) -> None:
    from runwright import ModelSettings
    from runwright.sandbox.capabilities import Capabilities

    assert [c.type for c in Capabilities.default()] == ["filesystem", "shell", "compaction"]
    model = ScriptedModel(["ok"])
    agent = SandboxAgent(
        name="c",
        model=model,
        capabilities=Capabilities.default(),
        model_settings=ModelSettings(extra_args={"user": "u1"}),
    )
    await Runner.run(
        agent, "hi", run_config=RunConfig(sandbox=SandboxRunConfig(client=_client(workspaces)))
    )
    extra = model.calls[0].model_settings.extra_args or {}
    assert extra["user"] == "u1"
    assert extra["context_management"] == [{"type": "compaction", "compact_threshold": 240_000}]


async def test_view_image_gives_the_model_an_image(workspaces: Path) -> None:
    import base64

    from runwright import ToolOutputImage

    png = base64.b64decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
    )
    model = ScriptedModel(
        [
            tool_call("view_image", {"path": "img/dot.png"}),
            tool_call("view_image", {"path": "notes.txt"}),
            "seen",
        ]
    )
    agent = SandboxAgent(
        name="v",
        model=model,
        default_manifest=Manifest(
            entries={"img/dot.png": File(content=png), "notes.txt": File(content="text")}
        ),
    )
    config = RunConfig(sandbox=SandboxRunConfig(client=_client(workspaces)))
    result = await Runner.run(agent, "look", run_config=config)
    outputs = [i.output for i in result.new_items if type(i).__name__ == "ToolCallOutputItem"]
    assert isinstance(outputs[0], ToolOutputImage)
    assert outputs[0].image_url is not None
    assert outputs[0].image_url.startswith("data:image/png;base64,")
    assert "not a PNG, JPEG, GIF or WebP image" in str(outputs[1])


async def test_workspace_chained_and_http_sinks(workspaces: Path, tmp_path: Path) -> None:
    import http.server
    import threading

    from runwright.sandbox.session import ChainedSink, HttpProxySink, WorkspaceJsonlSink

    received: list[bytes] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            received.append(self.rfile.read(int(self.headers["Content-Length"])))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            return

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/events"
        workspace_sink = WorkspaceJsonlSink(workspace_relpath="logs/events.jsonl")
        chained = ChainedSink(workspace_sink, HttpProxySink(url, mode="sync"))
        client = _client(workspaces, instrumentation=Instrumentation(sinks=[chained]))
        session = await client.create(manifest=Manifest())
        await session.exec("true")
        lines = (session.workspace / "logs" / "events.jsonl").read_text().splitlines()
        assert [json.loads(line)["op"] for line in lines][:2] == ["exec", "exec"]
        await client.delete(session)
    finally:
        server.shutdown()
    ops = [json.loads(body)["op"] for body in received]
    assert ops[:2] == ["exec", "exec"] and "shutdown" in ops
    with pytest.raises(UserError):
        HttpProxySink("ftp://nowhere")
    with pytest.raises(UserError):
        WorkspaceJsonlSink(workspace_relpath="../out.jsonl")


def test_a_sandbox_agent_applies_its_capabilities_to_the_model_input() -> None:
    from runwright.sandbox.capabilities import Capabilities

    agent = SandboxAgent(name="c", capabilities=Capabilities.default())
    items = [{"type": "message"}, {"type": "compaction", "encrypted_content": "x"}, {"x": 1}]
    assert agent.sandbox_model_input(items) == items[1:]
    plain = SandboxAgent(name="p", capabilities=[Shell()])
    assert plain.sandbox_model_input(items) == items


async def test_a_run_cwd_is_the_base_of_every_model_path(workspaces: Path) -> None:
    manifest = Manifest(entries={"sub": Dir(children={"a.txt": File(content=b"in sub\n")})})
    model = ScriptedModel(
        [
            tool_call("read_file", {"path": "a.txt"}),
            tool_call("list_files", {}),
            tool_call("exec_command", {"cmd": "pwd"}),
            tool_call("exec_command", {"cmd": "pwd", "workdir": "inner"}),
            "done",
        ]
    )
    agent = SandboxAgent(
        name="c", model=model, default_manifest=manifest, capabilities=[Filesystem(), Shell()]
    )
    config = RunConfig(sandbox=SandboxRunConfig(client=_client(workspaces), cwd="sub"))
    result = await Runner.run(agent, "go", run_config=config)
    outputs = _outputs(result)
    root = result.to_state().sandbox.state.manifest.root
    assert outputs[0] == "in sub\n"
    assert "a.txt" in outputs[1]
    assert exec_report(outputs[2]) == (0, f"{root}/sub\n")
    assert exec_report(outputs[3])[0] == 1  # sub/inner does not exist


async def test_a_failing_pre_stop_hook_still_ends_processes_and_saves_the_workspace(
    workspaces: Path, tmp_path: Path
) -> None:
    client = _client(workspaces)
    session = await client.create(
        manifest=Manifest(entries={"keep.txt": File(content="kept")}),
        snapshot=LocalSnapshotSpec(base_path=tmp_path),
    )
    try:
        await session.exec("echo changed > keep.txt")
        calls: list[str] = []

        async def broken() -> None:
            calls.append("broken")
            raise RuntimeError("sync conflict")

        async def after() -> None:
            calls.append("after")

        session.register_pre_stop_hook(broken)
        session.register_pre_stop_hook(after)
        with pytest.raises(RuntimeError, match="sync conflict"):
            await session.stop()
        assert calls == ["broken", "after"]  # every hook ran
        snapshot = session.state.snapshot
        assert await snapshot.restorable()  # the workspace was saved all the same
        with tarfile.open(fileobj=await snapshot.restore()) as archive:
            (name,) = [n for n in archive.getnames() if n.lstrip("./") == "keep.txt"]
            member = archive.extractfile(name)
            assert member is not None and member.read() == b"changed\n"
    finally:
        await client.delete(session)
