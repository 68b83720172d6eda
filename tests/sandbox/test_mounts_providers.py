"""R2Mount and GCSMount (HMAC keys) go through the same copy and sync as S3Mount, each
at its own endpoint (``custom_domain`` / ``endpoint_url``, pointed at a local moto
server here); every mistake a user can make is a clear UserError."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from _mount_support import SECRET, body, bucket_name, free_port, make_bucket, moto_server

from runwright import UserError
from runwright._sandbox.s3 import store_of
from runwright.sandbox import Manifest
from runwright.sandbox.entries import (
    GCSMount,
    InContainerMountStrategy,
    MountpointMountPattern,
    R2Mount,
    RcloneMountPattern,
    S3Mount,
)
from runwright.sandbox.errors import WorkspaceArchiveWriteError
from runwright.sandbox.sandboxes import UnixLocalSandboxClient

RCLONE = InContainerMountStrategy(pattern=RcloneMountPattern())


@pytest.fixture(scope="module")
def endpoint() -> Iterator[str]:
    with moto_server() as url:
        yield url


@pytest.fixture
def bucket(endpoint: str, request: pytest.FixtureRequest) -> Any:
    return make_bucket(
        endpoint,
        bucket_name(request.node.name),
        {"a.txt": b"alpha\n", "docs/b.txt": b"beta\n", "docs/c.txt": b"gamma\n"},
    )


def _r2(bucket: Any, endpoint: str, **kw: Any) -> R2Mount:
    return R2Mount(
        bucket=bucket.name,
        account_id="0123abcd",
        access_key_id="test",
        secret_access_key=SECRET,
        custom_domain=endpoint,
        mount_strategy=RCLONE,
        **kw,
    )


def _gcs(bucket: Any, endpoint: str, **kw: Any) -> GCSMount:
    return GCSMount(
        bucket=bucket.name,
        prefix="docs",
        access_id="GOOG1ETEST",
        secret_access_key=SECRET,
        endpoint_url=endpoint,
        mount_strategy=RCLONE,
        **kw,
    )


def test_the_endpoints_are_the_sdks() -> None:
    r2 = R2Mount(bucket="b", account_id="acct", mount_strategy=RCLONE)
    assert store_of(r2).endpoint == "https://acct.r2.cloudflarestorage.com"
    assert store_of(r2).unsigned  # no keys: anonymous, as the SDK's rclone config
    custom = R2Mount(bucket="b", account_id="acct", custom_domain="r2.example.com", **_keys())
    assert store_of(custom).endpoint == "https://r2.example.com"
    assert store_of(custom).where == "r2://b/"
    gcs = GCSMount(bucket="b", access_id="id", secret_access_key="s", mount_strategy=RCLONE)
    assert store_of(gcs).endpoint == "https://storage.googleapis.com"
    assert store_of(gcs).where == "gs://b/"
    assert SECRET not in repr(store_of(custom))


def _keys() -> dict[str, Any]:
    return {"access_key_id": "k", "secret_access_key": SECRET, "mount_strategy": RCLONE}


async def test_an_r2_mount_is_copied_in_and_synced_back(
    confined: UnixLocalSandboxClient, bucket: Any, endpoint: str
) -> None:
    manifest = Manifest(entries={"r2": _r2(bucket, endpoint, read_only=False)})
    session = await confined.create(manifest=manifest)
    try:
        local = Path(session.state.workspace) / "r2"
        assert (local / "a.txt").read_bytes() == b"alpha\n"
        assert (local / "docs" / "b.txt").read_bytes() == b"beta\n"
        result = await session.exec("cat r2/docs/c.txt && echo new > r2/new.txt")
        assert result.stdout == b"gamma\n"
        (local / "docs" / "b.txt").unlink()
        (local / "a.txt").write_text("mine\n")
        bucket.put_object(Bucket=bucket.name, Key="a.txt", Body=b"theirs\n")
        with pytest.raises(WorkspaceArchiveWriteError, match=f"r2://{bucket.name}/a.txt"):
            await session.stop()
        assert body(bucket, "new.txt") == b"new\n"
        assert body(bucket, "docs/b.txt") is None
        assert body(bucket, "a.txt") == b"theirs\n"
        assert body(bucket, f"a.txt.conflict-{session.state.session_id[:12]}") == b"mine\n"
        assert SECRET not in json.dumps(session.state.to_json_dict())
    finally:
        await confined.delete(session)


async def test_a_gcs_mount_with_hmac_keys_is_copied_in_and_synced_back(
    confined: UnixLocalSandboxClient, bucket: Any, endpoint: str
) -> None:
    read_only = _gcs(bucket, endpoint, mount_path="ro")
    manifest = Manifest(entries={"rw": _gcs(bucket, endpoint, read_only=False), "ro": read_only})
    session = await confined.create(manifest=manifest)
    try:
        workspace = Path(session.state.workspace)
        assert sorted(p.name for p in (workspace / "ro").iterdir()) == ["b.txt", "c.txt"]
        assert (workspace / "rw" / "c.txt").read_bytes() == b"gamma\n"
        (workspace / "rw" / "c.txt").write_text("gamma 2\n")
        (workspace / "ro" / "b.txt").write_text("never written back\n")
        await session.stop()
        assert body(bucket, "docs/c.txt") == b"gamma 2\n"
        assert body(bucket, "docs/b.txt") == b"beta\n"
        assert body(bucket, "a.txt") == b"alpha\n"  # outside the prefix
    finally:
        await confined.delete(session)


async def test_what_cannot_work_is_a_clear_user_error(
    confined: UnixLocalSandboxClient, bucket: Any, endpoint: str, workspaces: Path
) -> None:
    async def refused(entry: Any, match: str) -> str:
        with pytest.raises(UserError, match=match) as caught:
            await confined.create(manifest=Manifest(entries={"m": entry}))
        assert SECRET not in str(caught.value)
        return str(caught.value)

    # GCS without HMAC keys: its native JSON API is not what runwright copies through
    native = GCSMount(bucket="b", service_account_file="/sa.json", mount_strategy=RCLONE)
    text = await refused(native, "needs HMAC keys")
    assert "service_account_file" in text
    await refused(GCSMount(bucket="b", mount_strategy=RCLONE), "access_id and secret_access_key")
    half = GCSMount(bucket="b", access_id="id", mount_strategy=RCLONE)
    assert "only access_id" in await refused(half, "needs HMAC keys")
    # R2 and S3: one key of a pair
    await refused(
        R2Mount(bucket="b", account_id="a", access_key_id="k", mount_strategy=RCLONE),
        "only one of access_key_id and secret_access_key",
    )
    await refused(
        S3Mount(bucket="b", secret_access_key=SECRET, mount_strategy=RCLONE),
        "only one of access_key_id and secret_access_key",
    )
    # a bucket that does not exist, an endpoint nobody listens on, a malformed endpoint
    missing = R2Mount(bucket="no-such-bucket", account_id="a", custom_domain=endpoint, **_keys())
    await refused(missing, "bucket 'no-such-bucket' does not exist")
    dead = f"http://127.0.0.1:{free_port()}"
    await refused(_gcs(bucket, dead), "cannot reach the endpoint " + dead)
    await refused(_r2(bucket, "http://bad host:1"), "R2Mount r2://")
    # nested in a Dir: copied only at the top level
    assert list(workspaces.iterdir()) == []
    # the SDK's pattern rules still hold
    with pytest.raises(UserError, match="cannot use the 'mountpoint' pattern"):
        R2Mount(
            bucket="b",
            account_id="a",
            mount_strategy=InContainerMountStrategy(pattern=MountpointMountPattern()),
        )


async def test_credentials_the_store_refuses_are_a_clear_user_error(
    confined: UnixLocalSandboxClient, workspaces: Path
) -> None:
    with moto_server(INITIAL_NO_AUTH_ACTION_COUNT="0") as checking:  # checks credentials
        mount = R2Mount(
            bucket="any",
            account_id="a",
            access_key_id="nobody",
            secret_access_key=SECRET,
            custom_domain=checking,
            mount_strategy=RCLONE,
        )
        with pytest.raises(UserError, match="refused the credentials") as caught:
            await confined.create(manifest=Manifest(entries={"m": mount}))
        assert "InvalidAccessKeyId" in str(caught.value)
        assert SECRET not in str(caught.value)
    assert list(workspaces.iterdir()) == []


async def test_without_boto3_the_error_names_the_extra(
    confined: UnixLocalSandboxClient, bucket: Any, endpoint: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "boto3", None)
    with pytest.raises(UserError, match=r"needs boto3 .*runwright\[s3\]"):
        await confined.create(manifest=Manifest(entries={"g": _gcs(bucket, endpoint)}))
