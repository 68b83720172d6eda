"""AzureBlobMount goes through the same copy and sync as the S3-compatible mounts,
against Azurite (a local Azure Blob server).

`scripts/azurite start` installs and starts Azurite (npm) and prints
RUNWRIGHT_AZURITE_BLOB_URL; scripts/check does it. Without it these tests skip,
unless RUNWRIGHT_REQUIRE_SERVICES=1 (CI), when they fail.
"""

from __future__ import annotations

import json
import os
import sys
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from typing import Any

import pytest
from _mount_support import free_port

from runwright import UserError
from runwright.sandbox import Manifest, SandboxSessionState
from runwright.sandbox.entries import (
    AzureBlobMount,
    FuseMountPattern,
    InContainerMountStrategy,
    RcloneMountPattern,
)
from runwright.sandbox.errors import WorkspaceArchiveWriteError
from runwright.sandbox.sandboxes import UnixLocalSandboxClient

SKIP_REASON = "start Azurite with scripts/azurite start"
ACCOUNT = "devstoreaccount1"
# Azurite's well-known development key (public, documented by Microsoft): not a secret
# of anyone's, but treated as one here: it must never reach the state or messages.
KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
RCLONE = InContainerMountStrategy(pattern=RcloneMountPattern())


def _up(url: str) -> bool:
    try:
        urllib.request.urlopen(f"{url}?comp=list", timeout=3).close()
    except urllib.error.HTTPError:
        return True  # it answered (an unsigned request is refused)
    except OSError:
        return False
    return True


@pytest.fixture(scope="module")
def azurite() -> str:
    url = os.environ.get("RUNWRIGHT_AZURITE_BLOB_URL")
    problem = None
    if not url:
        problem = "RUNWRIGHT_AZURITE_BLOB_URL is unset"
    elif not _up(url):
        problem = f"Azurite does not answer at {url}"
    if problem is None and url:
        return url
    if os.environ.get("RUNWRIGHT_REQUIRE_SERVICES") == "1":
        pytest.fail(f"{problem} but RUNWRIGHT_REQUIRE_SERVICES=1: {SKIP_REASON}")
    pytest.skip(f"{problem}: {SKIP_REASON}")


@pytest.fixture
def container(azurite: str) -> Any:
    from azure.storage.blob import ContainerClient

    client = ContainerClient(
        account_url=azurite,
        container_name=f"c{uuid.uuid4().hex[:20]}",
        credential={"account_name": ACCOUNT, "account_key": KEY},
    )
    client.create_container()
    for name, data in {"a.txt": b"alpha\n", "docs/b.txt": b"beta\n"}.items():
        client.upload_blob(name, data)
    yield client
    client.delete_container()


def _mount(container: Any, endpoint: str, **kw: Any) -> AzureBlobMount:
    return AzureBlobMount(
        account=ACCOUNT,
        container=container.container_name,
        endpoint=endpoint,
        mount_strategy=RCLONE,
        **{"account_key": KEY, **kw},
    )


def _body(container: Any, name: str) -> bytes | None:
    from azure.core.exceptions import ResourceNotFoundError

    try:
        data: bytes = container.download_blob(name).readall()
        return data
    except ResourceNotFoundError:
        return None


async def test_a_container_is_copied_in_synced_back_and_keeps_conflicts(
    confined: UnixLocalSandboxClient, container: Any, azurite: str
) -> None:
    manifest = Manifest(entries={"blob": _mount(container, azurite, read_only=False)})
    session = await confined.create(manifest=manifest)
    try:
        local = Path(session.state.workspace) / "blob"
        assert (local / "docs" / "b.txt").read_bytes() == b"beta\n"
        result = await session.exec("cat blob/a.txt && echo new > blob/docs/new.txt")
        assert result.stdout == b"alpha\n"
        (local / "a.txt").write_text("mine\n")
        container.upload_blob("a.txt", b"theirs\n", overwrite=True)  # changed there too
        (local / "docs" / "b.txt").unlink()
        where = f"azure://{ACCOUNT}/{container.container_name}/a.txt"
        with pytest.raises(WorkspaceArchiveWriteError, match=where):
            await session.stop()
        assert _body(container, "docs/new.txt") == b"new\n"
        assert _body(container, "docs/b.txt") is None
        assert _body(container, "a.txt") == b"theirs\n"
        assert _body(container, f"a.txt.conflict-{session.state.session_id[:12]}") == b"mine\n"
        assert KEY not in json.dumps(session.state.to_json_dict())
    finally:
        await confined.delete(session)


async def test_a_resumed_session_syncs_with_the_rebound_key(
    confined: UnixLocalSandboxClient, container: Any, azurite: str
) -> None:
    mount = _mount(container, azurite, read_only=False)
    session = await confined.create(manifest=Manifest(entries={"blob": mount}))
    data = session.state.to_json_dict()
    assert "account_key" not in data["mount_copies"][0]["mount"]
    state = SandboxSessionState.from_json_dict(json.loads(json.dumps(data)))
    with pytest.raises(UserError, match="rebind_persisted_mount_authority"):
        await confined.resume(state)
    state.rebind_persisted_mount_authority(
        Manifest(entries={"blob": mount}), provider_backend_id="unix_local"
    )
    resumed = await confined.resume(state)
    try:
        await resumed.exec("echo again > blob/again.txt")
        await resumed.stop()
        assert _body(container, "again.txt") == b"again\n"
    finally:
        await confined.delete(resumed)


async def test_what_cannot_work_is_a_clear_user_error(
    confined: UnixLocalSandboxClient,
    container: Any,
    azurite: str,
    workspaces: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    async def refused(entry: Any, match: str) -> None:
        with pytest.raises(UserError, match=match) as caught:
            await confined.create(manifest=Manifest(entries={"m": entry}))
        assert KEY not in str(caught.value)

    missing = AzureBlobMount(
        account=ACCOUNT, container="nosuchcontainer", endpoint=azurite, account_key=KEY,
        mount_strategy=RCLONE,
    )  # fmt: skip
    await refused(missing, "the container 'nosuchcontainer' does not exist")
    wrong_key = _mount(container, azurite, account_key="AAAA" + KEY[4:])
    await refused(wrong_key, "refused the credentials")
    dead = f"http://127.0.0.1:{free_port()}/{ACCOUNT}"
    await refused(_mount(container, dead), "cannot reach the endpoint " + dead)
    managed = AzureBlobMount(
        account=ACCOUNT, container="c", identity_client_id="id", mount_strategy=RCLONE
    )
    if "azure.identity" not in sys.modules:
        monkeypatch.setitem(sys.modules, "azure.identity", None)
        await refused(managed, "needs azure-identity")
    monkeypatch.setitem(sys.modules, "azure.storage.blob", None)
    await refused(_mount(container, azurite), r"needs azure-storage-blob .*runwright\[azure\]")
    assert list(workspaces.iterdir()) == []
    fuse = InContainerMountStrategy(pattern=FuseMountPattern())
    assert AzureBlobMount(account="a", container="c", mount_strategy=fuse).read_only
