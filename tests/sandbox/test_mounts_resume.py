"""A read-write object-store mount copy keeps syncing back after its session is
resumed in another process (through Runner, and through client.resume), with its
conflicts still detected; the saved state never holds the credentials."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from _mount_support import SECRET, body, bucket_name, make_bucket, moto_server

from runwright import RunConfig, Runner, UserError
from runwright._sandbox import s3 as s3_copy
from runwright.sandbox import (
    LocalSnapshotSpec,
    Manifest,
    SandboxAgent,
    SandboxRunConfig,
    SandboxSessionState,
    Shell,
)
from runwright.sandbox.entries import InContainerMountStrategy, RcloneMountPattern, S3Mount
from runwright.sandbox.errors import WorkspaceArchiveWriteError
from runwright.sandbox.sandboxes import UnixLocalSandboxClient
from runwright.testing import ScriptedModel, tool_call

# What both processes build: the same mount, with its credentials (the manifest is
# the user's code, trusted; the saved state is not and holds no credentials).
MOUNT_CODE = textwrap.dedent(
    """
    from runwright.sandbox.entries import InContainerMountStrategy, RcloneMountPattern, S3Mount

    def the_mount(endpoint, bucket, **kw):
        return S3Mount(bucket=bucket, prefix="data", endpoint_url=endpoint, region="us-east-1",
                       access_key_id="test", secret_access_key=SECRET, read_only=False,
                       mount_strategy=InContainerMountStrategy(pattern=RcloneMountPattern()),
                       **kw)
    """
)


def _mount(endpoint: str, bucket: str, **kw: Any) -> S3Mount:
    return S3Mount(
        bucket=bucket,
        prefix="data",
        endpoint_url=endpoint,
        region="us-east-1",
        access_key_id="test",
        secret_access_key=SECRET,
        mount_strategy=InContainerMountStrategy(pattern=RcloneMountPattern()),
        **{"read_only": False, **kw},
    )


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    with moto_server() as url:
        yield url


@pytest.fixture
def bucket(s3_endpoint: str, request: pytest.FixtureRequest) -> Any:
    return make_bucket(
        s3_endpoint,
        bucket_name(request.node.name),
        {"data/a.txt": b"alpha\n", "data/c.txt": b"gamma\n", "other/x.txt": b"outside\n"},
    )


def _run(script: str, tmp_path: Path, *args: str) -> dict[str, Any]:
    path = tmp_path / "other_process.py"
    path.write_text(f"SECRET = {SECRET!r}\n" + MOUNT_CODE + textwrap.dedent(script))
    done = subprocess.run(
        [sys.executable, str(path), *args], capture_output=True, text=True, timeout=180
    )
    assert done.returncode == 0, done.stderr
    report: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return report


RUNNER_SCRIPT = """
import asyncio, json, logging, sys
import boto3
from runwright import RunConfig, Runner, RunHooks, RunState
from runwright.sandbox import LocalSnapshotSpec, Manifest, SandboxAgent, SandboxRunConfig, Shell
from runwright.sandbox.sandboxes import UnixLocalSandboxClient, UnixLocalSandboxClientOptions
from runwright.testing import ScriptedModel

endpoint, bucket, base, state_file, snapshots = sys.argv[1:6]
warnings = []

class Keep(logging.Handler):
    def emit(self, record):
        warnings.append(record.getMessage())

logging.getLogger("runwright").addHandler(Keep(level=logging.WARNING))
agent = SandboxAgent(name="worker", model=ScriptedModel(["done"]),
                     capabilities=[Shell(needs_approval=True)],
                     default_manifest=Manifest(entries={"out": the_mount(endpoint, bucket)}))
client = UnixLocalSandboxClient(UnixLocalSandboxClientOptions(workspace_base=base))
config = RunConfig(sandbox=SandboxRunConfig(client=client,
                                            snapshot=LocalSnapshotSpec(snapshots)))

class Meanwhile(RunHooks):
    async def on_tool_end(self, context, agent, tool, result):
        # someone else changes c.txt in the bucket while the resumed run works on it
        s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1",
                          aws_access_key_id="test", aws_secret_access_key=SECRET)
        s3.put_object(Bucket=bucket, Key="data/c.txt", Body=b"theirs\\n")

async def main():
    state = await RunState.from_string(agent, open(state_file).read())
    state.approve(state.interruptions[0])
    result = await Runner.run(agent, state, run_config=config, hooks=Meanwhile())
    print(json.dumps({"final_output": result.final_output, "warnings": warnings}))

asyncio.run(main())
"""


async def test_a_run_resumed_in_another_process_syncs_back_and_keeps_conflicts(
    confined: UnixLocalSandboxClient,
    bucket: Any,
    s3_endpoint: str,
    workspaces: Path,
    tmp_path: Path,
) -> None:
    step = tool_call(
        "exec_command",
        {
            "cmd": "cat out/fresh.txt > out/result.txt; echo mine > out/c.txt; rm out/a.txt",
            "workdir": None,
            "timeout_seconds": None,
        },
    )
    agent = SandboxAgent(
        name="worker",
        model=ScriptedModel([step]),
        capabilities=[Shell(needs_approval=True)],
        default_manifest=Manifest(entries={"out": _mount(s3_endpoint, bucket.name)}),
    )
    snapshots = tmp_path / "snapshots"
    config = RunConfig(
        sandbox=SandboxRunConfig(client=confined, snapshot=LocalSnapshotSpec(snapshots))
    )
    paused = await Runner.run(agent, "go", run_config=config)
    assert paused.interruptions
    text = paused.to_state().to_string()
    assert SECRET not in text
    saved = json.loads(text)["runwright"]["state"]["sandbox"]  # runwright's own record
    [record] = saved["mount_copies"]
    assert record["path"] == "out" and set(record["objects"]) == {"a.txt", "c.txt"}
    assert "secret_access_key" not in record["mount"]
    shutil.rmtree(saved["workspace"])  # this machine's copy is gone: the snapshot has it
    state_file = tmp_path / "state.json"
    state_file.write_text(text)
    bucket.put_object(Bucket=bucket.name, Key="data/fresh.txt", Body=b"fresh\n")  # meanwhile

    report = _run(
        RUNNER_SCRIPT,
        tmp_path,
        s3_endpoint,
        bucket.name,
        str(workspaces),
        str(state_file),
        str(snapshots),
    )
    assert report["final_output"] == "done"
    assert body(bucket, "data/result.txt") == b"fresh\n"  # the copy was refreshed; uploaded
    assert body(bucket, "data/a.txt") is None  # deleted there
    assert body(bucket, "data/c.txt") == b"theirs\n"  # the conflict: never overwritten
    conflict = f"data/c.txt.conflict-{saved['session_id'][:12]}"
    assert body(bucket, conflict) == b"mine\n"  # and the run's version is kept beside it
    assert body(bucket, "other/x.txt") == b"outside\n"
    assert any("data/c.txt" in w for w in report["warnings"])
    assert SECRET not in json.dumps(report)


CLIENT_SCRIPT = """
import asyncio, json, sys
import boto3
from runwright import UserError
from runwright.sandbox import Manifest, SandboxSessionState
from runwright.sandbox.errors import WorkspaceArchiveWriteError
from runwright.sandbox.sandboxes import UnixLocalSandboxClient, UnixLocalSandboxClientOptions

endpoint, bucket, base, state_file = sys.argv[1:5]
client = UnixLocalSandboxClient(UnixLocalSandboxClientOptions(workspace_base=base))
report = {}

async def main():
    data = json.load(open(state_file))
    state = client.deserialize_session_state(data)
    try:
        await client.resume(state)
    except UserError as error:
        report["unbound"] = str(error)
    other = Manifest(entries={"store": the_mount(endpoint, "another-bucket")})
    try:
        state.rebind_persisted_mount_authority(other, provider_backend_id="unix_local")
    except UserError as error:
        report["mismatch"] = str(error)
    trusted = Manifest(entries={"store": the_mount(endpoint, bucket)})
    state = state.rebind_persisted_mount_authority(trusted, provider_backend_id="unix_local")
    session = await client.resume(state)
    report["c"] = (await session.exec("cat store/c.txt")).stdout.decode()
    s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1",
                      aws_access_key_id="test", aws_secret_access_key=SECRET)
    s3.put_object(Bucket=bucket, Key="data/a.txt", Body=b"theirs\\n")  # meanwhile
    result = await session.exec("echo b > store/fromb.txt; echo mine > store/a.txt")
    report["exit"] = result.exit_code
    try:
        await session.stop()
    except WorkspaceArchiveWriteError as error:
        report["conflicts"] = error.context["keys"]
    report["objects"] = sorted(session.state.to_json_dict()["mount_copies"][0]["objects"])
    report["session_id"] = session.state.session_id
    await client.delete(session)
    print(json.dumps(report))

asyncio.run(main())
"""


async def test_client_resume_in_another_process_needs_the_trusted_manifest(
    confined: UnixLocalSandboxClient,
    bucket: Any,
    s3_endpoint: str,
    workspaces: Path,
    tmp_path: Path,
) -> None:
    session = await confined.create(
        manifest=Manifest(entries={"store": _mount(s3_endpoint, bucket.name)})
    )
    local = Path(session.state.workspace) / "store"
    (local / "first.txt").write_text("first\n")
    await session.stop()  # synced here; the workspace stays
    assert body(bucket, "data/first.txt") == b"first\n"
    data = session.state.to_json_dict()
    assert SECRET not in json.dumps(data)
    state_file = tmp_path / "state.json"
    state_file.write_text(json.dumps(data))
    bucket.put_object(Bucket=bucket.name, Key="data/c.txt", Body=b"c2\n")  # refreshed

    report = _run(
        CLIENT_SCRIPT, tmp_path, s3_endpoint, bucket.name, str(workspaces), str(state_file)
    )
    assert "rebind_persisted_mount_authority" in report["unbound"]
    assert "s3_mount at 'store'" in report["mismatch"]
    assert report["exit"] == 0
    assert report["c"] == "c2\n"
    assert report["conflicts"] == [f"s3://{bucket.name}/data/a.txt"]
    assert body(bucket, "data/fromb.txt") == b"b\n"
    assert body(bucket, "data/a.txt") == b"theirs\n"
    assert body(bucket, f"data/a.txt.conflict-{report['session_id'][:12]}") == b"mine\n"
    assert report["objects"] == ["a.txt", "c.txt", "first.txt", "fromb.txt"]
    assert list(workspaces.iterdir()) == []


async def test_saved_copies_are_checked_and_never_trusted_alone(
    confined: UnixLocalSandboxClient, bucket: Any, s3_endpoint: str
) -> None:
    read_only = _mount(s3_endpoint, bucket.name, read_only=True, mount_path="ro")
    manifest = Manifest(entries={"rw": _mount(s3_endpoint, bucket.name), "ro": read_only})
    session = await confined.create(manifest=manifest)
    try:
        data = session.state.to_json_dict()
        [record] = data["mount_copies"]  # only the read-write copy syncs back
        assert record["path"] == "rw" and record["mount"]["endpoint_url"] == s3_endpoint
        for bad in (
            "nope",
            [{"type": "s3_mount", "path": "rw", "mount": {}, "objects": {"../x": ["e", "h"]}}],
            [{"type": "ftp_mount", "path": "rw", "mount": {}, "objects": {}}],
        ):
            with pytest.raises(UserError, match="mount_copies is not valid"):
                SandboxSessionState.from_json_dict({**data, "mount_copies": bad})
        # a state pointing the copy at another endpoint is not rebound to your mount
        tampered = {**data, "mount_copies": [dict(record, mount={**record["mount"]})]}
        tampered["mount_copies"][0]["mount"]["endpoint_url"] = "http://attacker.invalid"
        state = SandboxSessionState.from_json_dict(tampered)
        with pytest.raises(UserError, match="no mount with the same type, path"):
            state.rebind_persisted_mount_authority(manifest, provider_backend_id="unix_local")
        with pytest.raises(UserError, match="rebind_persisted_mount_authority"):
            await confined.resume(state)
    finally:
        await confined.delete(session)


async def test_resuming_the_live_state_in_this_process_needs_no_rebinding(
    confined: UnixLocalSandboxClient, bucket: Any, s3_endpoint: str
) -> None:
    manifest = Manifest(entries={"rw": _mount(s3_endpoint, bucket.name)})
    session = await confined.create(manifest=manifest)
    await session.shutdown()  # the workspace stays; the state still knows its mount
    resumed = await confined.resume(session.state)
    try:
        await resumed.exec("echo later > rw/later.txt")
        await resumed.stop()
        assert body(bucket, "data/later.txt") == b"later\n"
    finally:
        await confined.delete(resumed)


async def test_a_resumed_copy_takes_the_buckets_changes_that_lose_nothing(
    confined: UnixLocalSandboxClient, bucket: Any, s3_endpoint: str
) -> None:
    bucket.put_object(Bucket=bucket.name, Key="data/both.txt", Body=b"base\n")
    manifest = Manifest(entries={"rw": _mount(s3_endpoint, bucket.name)})
    session = await confined.create(manifest=manifest)
    local = Path(session.state.workspace) / "rw"
    (local / "both.txt").write_text("ours\n")  # changed here ...
    await session.shutdown()  # (not stopped: nothing synced yet)
    put = bucket.put_object
    put(Bucket=bucket.name, Key="data/both.txt", Body=b"theirs\n")  # ... and there
    put(Bucket=bucket.name, Key="data/a.txt", Body=b"alpha 2\n")  # changed there only
    put(Bucket=bucket.name, Key="data/sub/new.txt", Body=b"new\n")  # made there
    bucket.delete_object(Bucket=bucket.name, Key="data/c.txt")  # deleted there
    state = SandboxSessionState.from_json_dict(json.loads(json.dumps(session.state.to_json_dict())))
    state.rebind_persisted_mount_authority(manifest, provider_backend_id="unix_local")
    resumed = await confined.resume(state)
    try:
        assert (await resumed.exec("cat rw/a.txt rw/sub/new.txt")).stdout == b"alpha 2\nnew\n"
        assert not (local / "c.txt").exists()
        assert (local / "both.txt").read_text() == "ours\n"  # left for the sync to report
        assert not [p for p in local.rglob("*") if "runwright-part" in p.name]
        await resumed.exec("echo more >> rw/sub/new.txt")  # the refreshed file is writable
        with pytest.raises(WorkspaceArchiveWriteError) as caught:
            await resumed.stop()
        assert caught.value.context["keys"] == [f"s3://{bucket.name}/data/both.txt"]
        assert body(bucket, "data/both.txt") == b"theirs\n"
        assert body(bucket, "data/sub/new.txt") == b"new\nmore\n"
        assert body(bucket, "data/a.txt") == b"alpha 2\n"
        assert body(bucket, "data/c.txt") is None
    finally:
        await confined.delete(resumed)


async def test_a_store_out_of_reach_at_resume_leaves_the_copy_as_it_was(
    confined: UnixLocalSandboxClient,
    bucket: Any,
    s3_endpoint: str,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    manifest = Manifest(entries={"rw": _mount(s3_endpoint, bucket.name)})
    session = await confined.create(manifest=manifest)
    await session.shutdown()
    bucket.put_object(Bucket=bucket.name, Key="data/a.txt", Body=b"alpha 2\n")

    def unreachable(self: Any, prefix: str) -> Any:
        raise ConnectionRefusedError("the store is down")

    monkeypatch.setattr(s3_copy.S3Objects, "listing", unreachable)
    resumed = await confined.resume(session.state)
    try:
        assert (await resumed.exec("cat rw/a.txt")).stdout == b"alpha\n"  # as it was
        assert "was not refreshed" in caplog.text
    finally:
        await confined.delete(resumed)
