"""S3Mount on the local client: the prefix is copied into the workspace, and (read-write)
synced back at the session's stop, against a local S3-compatible server (moto)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from _mount_support import SECRET, bucket_name, make_bucket, moto_server
from _mount_support import body as _body

from runwright import RunConfig, Runner, UserError
from runwright._sandbox import s3 as s3_copy
from runwright.sandbox import Manifest, SandboxAgent, SandboxRunConfig, Shell
from runwright.sandbox.entries import (
    Dir,
    InContainerMountStrategy,
    RcloneMountPattern,
    S3Mount,
)
from runwright.sandbox.errors import WorkspaceArchiveWriteError
from runwright.sandbox.sandboxes import UnixLocalSandboxClient
from runwright.testing import ScriptedModel, tool_call


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    """A moto S3 server on 127.0.0.1 (stopped at the end)."""
    with moto_server() as url:
        yield url


@pytest.fixture
def bucket(s3_endpoint: str, request: pytest.FixtureRequest) -> Any:
    return make_bucket(
        s3_endpoint,
        bucket_name(request.node.name),
        {
            "data/a.txt": b"alpha\n",
            "data/sub/b.txt": b"beta\n",
            "data/c.txt": b"gamma\n",
            "other/x.txt": b"not in the prefix\n",
        },
    )


def _mount(bucket: Any, endpoint: str, **kw: Any) -> S3Mount:
    return S3Mount(
        bucket=bucket.name,
        prefix="data",
        endpoint_url=endpoint,
        region="us-east-1",
        access_key_id="test",
        secret_access_key=SECRET,
        mount_strategy=InContainerMountStrategy(pattern=RcloneMountPattern()),
        **kw,
    )


async def test_a_read_only_mount_is_copied_in_and_never_written_back(
    confined: UnixLocalSandboxClient, bucket: Any, s3_endpoint: str
) -> None:
    manifest = Manifest(entries={"data": _mount(bucket, s3_endpoint)})
    session = await confined.create(manifest=manifest)
    try:
        workspace = Path(session.state.workspace)
        assert (workspace / "data" / "a.txt").read_bytes() == b"alpha\n"
        assert (workspace / "data" / "sub" / "b.txt").read_bytes() == b"beta\n"
        assert not (workspace / "data" / "x.txt").exists()  # outside the prefix
        result = await session.exec("cat data/sub/b.txt")  # inside the confined sandbox
        assert result.stdout == b"beta\n"
        (workspace / "data" / "a.txt").write_text("changed\n")
        await session.stop()
        assert _body(bucket, "data/a.txt") == b"alpha\n"
    finally:
        await confined.delete(session)


async def test_a_read_write_mount_syncs_back_and_keeps_conflicts(
    confined: UnixLocalSandboxClient, bucket: Any, s3_endpoint: str
) -> None:
    manifest = Manifest(entries={"store": _mount(bucket, s3_endpoint, read_only=False)})
    session = await confined.create(manifest=manifest)
    try:
        local = Path(session.state.workspace) / "store"
        (local / "a.txt").write_text("alpha 2\n")  # changed
        (local / "new.txt").write_text("new\n")  # added
        (local / "sub" / "b.txt").unlink()  # deleted
        (local / "c.txt").write_text("mine\n")  # changed here ...
        bucket.put_object(Bucket=bucket.name, Key="data/c.txt", Body=b"theirs\n")  # ... and there
        with pytest.raises(WorkspaceArchiveWriteError, match="data/c.txt") as caught:
            await session.stop()
        assert caught.value.context["keys"] == [f"s3://{bucket.name}/data/c.txt"]
        assert _body(bucket, "data/a.txt") == b"alpha 2\n"
        assert _body(bucket, "data/new.txt") == b"new\n"
        assert _body(bucket, "data/sub/b.txt") is None
        assert _body(bucket, "data/c.txt") == b"theirs\n"  # never overwritten
        mine = f"data/c.txt.conflict-{session.state.session_id[:12]}"
        assert _body(bucket, mine) == b"mine\n"  # ... and ours is kept beside it
        assert (local / "c.txt").read_text() == "mine\n"
        assert _body(bucket, "other/x.txt") == b"not in the prefix\n"
    finally:
        await confined.delete(session)


async def test_a_run_syncs_back_and_its_state_has_no_credentials(
    confined: UnixLocalSandboxClient, bucket: Any, s3_endpoint: str
) -> None:
    step = tool_call(
        "exec_command",
        {"cmd": "echo from-the-agent > out/result.txt", "workdir": None, "timeout_seconds": None},
    )
    agent = SandboxAgent(
        name="worker",
        model=ScriptedModel([step, "done"]),
        capabilities=[Shell(needs_approval=True)],
        default_manifest=Manifest(entries={"out": _mount(bucket, s3_endpoint, read_only=False)}),
    )
    config = RunConfig(sandbox=SandboxRunConfig(client=confined))
    paused = await Runner.run(agent, "go", run_config=config)
    text = paused.to_state().to_string()
    assert SECRET not in text
    state = paused.to_state()
    state.approve(state.interruptions[0])
    result = await Runner.run(agent, state, run_config=config)
    assert result.final_output == "done"
    assert _body(bucket, "data/result.txt") == b"from-the-agent\n"  # synced as the run ended


async def test_limits_and_missing_pieces_are_clear_errors(
    confined: UnixLocalSandboxClient,
    bucket: Any,
    s3_endpoint: str,
    workspaces: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(s3_copy, "MAX_OBJECTS", 2)
    with pytest.raises(UserError, match="larger than runwright copies"):
        await confined.create(manifest=Manifest(entries={"d": _mount(bucket, s3_endpoint)}))
    assert list(workspaces.iterdir()) == []  # nothing left behind
    monkeypatch.setattr(s3_copy, "MAX_OBJECTS", 10_000)
    wrong = S3Mount(
        bucket="no-such-bucket",
        endpoint_url=s3_endpoint,
        region="us-east-1",
        access_key_id="test",
        secret_access_key=SECRET,
        mount_strategy=InContainerMountStrategy(pattern=RcloneMountPattern()),
    )
    with pytest.raises(UserError, match="NoSuchBucket") as caught:
        await confined.create(manifest=Manifest(entries={"d": wrong}))
    assert SECRET not in str(caught.value)
    monkeypatch.setitem(sys.modules, "boto3", None)
    with pytest.raises(UserError, match="needs boto3"):
        await confined.create(manifest=Manifest(entries={"d": _mount(bucket, s3_endpoint)}))
    nested = Manifest(entries={"d": Dir(children={"m": _mount(bucket, s3_endpoint)})})
    with pytest.raises(UserError, match="only as top-level manifest entries"):
        await confined.create(manifest=nested)
    assert list(workspaces.iterdir()) == []
