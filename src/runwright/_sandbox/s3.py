"""``S3Mount`` on the local client: the bucket prefix *copied* into the workspace.

The confined client has no FUSE and commands have no network, so nothing is
mounted. Instead, when the session is created, the runner (not the sandbox)
downloads every object under ``prefix`` into the mount's directory, within
``MAX_OBJECTS`` objects and ``MAX_BYTES`` bytes (a larger prefix is refused with a
UserError before the session exists). With ``read_only=False`` the directory is
synced back when the session stops (``stop()``, ``aclose()``, a run that pauses or
ends): new and changed files are uploaded, deleted files are deleted. An object
someone else changed or created in the bucket since the copy was made is a
*conflict*: it is left as the bucket has it (never overwritten) and the sync
raises ``WorkspaceArchiveWriteError`` naming those keys, after syncing the rest.
With ``read_only=True`` (the default) nothing is written back. The copy's
bookkeeping lives in the runner's memory: a session resumed in another process
has the files (from its snapshot) but no longer syncs them back.

Needs ``boto3`` (``pip install boto3``). The mount's credentials are used only for
the boto3 client: they are never written into the workspace, RunState or logs.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import os
import weakref
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from runwright._core.exceptions import UserError
from runwright._sandbox.entries import S3Mount
from runwright._sandbox.errors import WorkspaceArchiveWriteError
from runwright._sandbox.manifest import Manifest
from runwright._sandbox.paths import split_workspace_path

logger = logging.getLogger("runwright.sandbox.s3")

MAX_OBJECTS = 10_000
MAX_BYTES = 1024**3


@dataclass
class S3Copy:
    """One S3Mount copied into a workspace: what was downloaded (key -> ETag, sha256)."""

    mount: Any
    directory: Path
    objects: dict[str, tuple[str, str]] = field(default_factory=dict)

    @property
    def where(self) -> str:
        return f"s3://{self.mount.bucket}/{_prefix(self.mount)}"


def _prefix(mount: Any) -> str:
    prefix = (mount.prefix or "").lstrip("/")
    return prefix if not prefix or prefix.endswith("/") else prefix + "/"


def _client(mount: Any) -> Any:
    try:
        # optional dependency, only for sessions with an S3Mount
        import boto3  # type: ignore[import-untyped,import-not-found,unused-ignore]
    except ImportError:
        raise UserError(
            f"S3Mount(bucket={mount.bucket!r}) needs boto3 on the runner's side to copy the "
            "bucket into the workspace: pip install boto3."
        ) from None
    kwargs: dict[str, Any] = {}
    if mount.endpoint_url:
        kwargs["endpoint_url"] = mount.endpoint_url
    if mount.region:
        kwargs["region_name"] = mount.region
    if mount.access_key_id:
        kwargs["aws_access_key_id"] = mount.access_key_id
    if mount.secret_access_key:
        kwargs["aws_secret_access_key"] = mount.secret_access_key
    if mount.session_token:
        kwargs["aws_session_token"] = mount.session_token
    return boto3.client("s3", **kwargs)


def _problem(mount: Any, error: BaseException) -> UserError:
    # botocore's messages name the operation and error code, never the keys
    code = (
        getattr(error, "response", {}).get("Error", {}).get("Code")
        if hasattr(error, "response")
        else None
    )
    text = f"{code}" if code else type(error).__name__
    return UserError(f"S3Mount s3://{mount.bucket}/{_prefix(mount)}: {text}: {error}")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _relative_key(key: str, prefix: str) -> str | None:
    rest = key[len(prefix) :]
    parts = PurePosixPath(rest).parts
    if not rest or rest.endswith("/") or rest.startswith("/") or ".." in parts or "." in parts:
        return None  # "directory" markers and names that would leave the directory
    return rest


def download(mount: Any, directory: Path) -> S3Copy:
    """Copies the prefix into ``directory`` (made if needed); UserError past the limits."""
    client = _client(mount)
    prefix = _prefix(mount)
    listed: list[tuple[str, str, int]] = []
    total = 0
    try:
        pages = client.get_paginator("list_objects_v2").paginate(Bucket=mount.bucket, Prefix=prefix)
        for page in pages:
            for item in page.get("Contents", ()):
                rel = _relative_key(item["Key"], prefix)
                if rel is None:
                    continue
                listed.append((rel, item["ETag"], int(item["Size"])))
                total += int(item["Size"])
                if len(listed) > MAX_OBJECTS or total > MAX_BYTES:
                    raise UserError(
                        f"S3Mount s3://{mount.bucket}/{prefix} is larger than runwright copies "
                        f"into a workspace ({MAX_OBJECTS} objects, {MAX_BYTES} bytes); narrow "
                        "its prefix."
                    )
        copy = S3Copy(mount, directory)
        directory.mkdir(parents=True, exist_ok=True)
        for rel, etag, _ in listed:
            target = directory / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            client.download_file(mount.bucket, prefix + rel, str(target))
            copy.objects[rel] = (etag, _sha256(target))
    except UserError:
        raise
    except Exception as error:
        raise _problem(mount, error) from None
    return copy


def _local_files(directory: Path) -> dict[str, Path]:
    found: dict[str, Path] = {}
    if not directory.is_dir() or directory.is_symlink():
        return found
    for root, dirs, files in os.walk(directory):
        dirs[:] = [d for d in dirs if not os.path.islink(os.path.join(root, d))]
        for name in files:
            path = Path(root) / name
            if path.is_symlink() or not path.is_file():
                continue  # a symlink planted by a command is never followed or uploaded
            found[path.relative_to(directory).as_posix()] = path
    return found


def _remote_etag(client: Any, bucket: str, key: str) -> str | None:
    try:
        return str(client.head_object(Bucket=bucket, Key=key)["ETag"])
    except Exception as error:
        code = getattr(error, "response", {}).get("Error", {}).get("Code")
        if code in ("404", "NoSuchKey", "NotFound"):
            return None
        raise


def upload(copy: S3Copy) -> list[str]:
    """Syncs the directory back (read-write mounts); returns the conflicting keys."""
    mount = copy.mount
    if mount.read_only:
        return []
    client = _client(mount)
    prefix = _prefix(mount)
    conflicts: list[str] = []
    local = _local_files(copy.directory)
    try:
        for rel, path in sorted(local.items()):
            digest = _sha256(path)
            known = copy.objects.get(rel)
            if known is not None and known[1] == digest:
                continue  # unchanged
            remote = _remote_etag(client, mount.bucket, prefix + rel)
            if remote != (known[0] if known is not None else None):
                conflicts.append(prefix + rel)
                continue
            client.upload_file(str(path), mount.bucket, prefix + rel)
            etag = _remote_etag(client, mount.bucket, prefix + rel) or ""
            copy.objects[rel] = (etag, digest)
        for rel in sorted(set(copy.objects) - set(local)):
            remote = _remote_etag(client, mount.bucket, prefix + rel)
            if remote is None:
                del copy.objects[rel]
                continue
            if remote != copy.objects[rel][0]:
                conflicts.append(prefix + rel)
                continue
            client.delete_object(Bucket=mount.bucket, Key=prefix + rel)
            del copy.objects[rel]
    except Exception as error:
        raise _problem(mount, error) from None
    return conflicts


async def sync_back(copies: list[S3Copy]) -> None:
    """Uploads every read-write copy (off the event loop); raises for conflicts."""
    problems: list[str] = []
    for copy in copies:
        conflicts = await asyncio.to_thread(upload, copy)
        if conflicts:
            logger.warning(
                "S3 sync of %s left %d conflicting object(s)", copy.where, len(conflicts)
            )
            problems += [f"s3://{copy.mount.bucket}/{key}" for key in conflicts]
    if problems:
        raise WorkspaceArchiveWriteError(
            path=str(copies[0].directory),
            context={
                "reason": "s3 objects changed in the bucket since they were copied",
                "keys": problems,
            },
            message="S3 sync left these objects as the bucket has them (changed there since "
            "the workspace copy was made): " + ", ".join(problems),
        )


# ----- the session's copies ---------------------------------------------------------

_COPIES: weakref.WeakKeyDictionary[Any, list[S3Copy]] = weakref.WeakKeyDictionary()
_ARMED: weakref.WeakSet[Any] = weakref.WeakSet()


def _key(session: Any) -> Any:
    return getattr(session, "inner", session)


def attach(session: Any, copies: list[S3Copy]) -> None:
    """Remembers the session's S3 copies and arms their sync-back."""
    if copies:
        _COPIES[_key(session)] = copies
        arm(session)


def arm(session: Any) -> None:
    """Registers the sync-back as a pre-stop hook of ``session`` (once until it runs)."""
    key = _key(session)
    copies = _COPIES.get(key)
    if not copies or key in _ARMED or not any(not c.mount.read_only for c in copies):
        return

    async def sync() -> None:
        _ARMED.discard(key)
        if not getattr(key, "closed", False):
            await sync_back(copies)

    _ARMED.add(key)
    session.register_pre_stop_hook(sync)


def split_s3_mounts(manifest: Manifest) -> tuple[Manifest, list[tuple[tuple[str, ...], Any]]]:
    """The manifest without its S3 mounts, and each S3 mount with its directory (the
    path parts below the workspace: ``mount_path``, else the entry's name)."""
    mounts = [(k, v) for k, v in manifest.entries.items() if isinstance(v, S3Mount)]
    if not mounts:
        return manifest, []
    rest = {k: v for k, v in manifest.entries.items() if not isinstance(v, S3Mount)}
    placed = []
    for name, mount in mounts:
        where = str(mount.mount_path or name)
        parts = split_workspace_path(where, manifest.root)
        if not parts:
            raise UserError(f"S3Mount {name!r} cannot be copied onto the workspace root itself.")
        placed.append((parts, mount))
    return manifest.model_copy(update={"entries": rest}), placed


async def copy_s3_mounts(
    mounts: list[tuple[tuple[str, ...], Any]], workspace: Path
) -> list[S3Copy]:
    """Downloads each mount into its directory of the (new) workspace."""
    copies = []
    for parts, mount in mounts:
        copies.append(await asyncio.to_thread(download, mount, workspace.joinpath(*parts)))
    return copies
