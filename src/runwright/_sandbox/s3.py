"""Object-store mounts on the local client: the bucket *copied* into the workspace.

Covers ``S3Mount``, ``R2Mount`` (Cloudflare R2 speaks the S3 API) and ``GCSMount``
with HMAC keys (Google Cloud Storage's S3-interoperable XML API), all three through
boto3 here, and ``AzureBlobMount`` (through azure-storage-blob, see azure_blob.py).
The confined client has no FUSE and commands have no network, so nothing is
mounted. Instead, when the session is created, the runner (not the
sandbox) downloads every object under the prefix into the mount's directory,
within ``MAX_OBJECTS`` objects and ``MAX_BYTES`` bytes (a larger prefix is refused
with a UserError before the session exists).

With ``read_only=False`` the directory is synced back when the session stops
(``stop()``, ``aclose()``, a run that pauses or ends): new and changed files are
uploaded, deleted files are deleted. An object someone else changed, created or
deleted in the bucket since the copy was made is a *conflict*: it is left as the
bucket has it (never overwritten), the workspace keeps its own version, and the
sync raises ``WorkspaceArchiveWriteError`` naming those keys, after syncing the
rest. A mount directory that is gone (or was replaced by a symlink) syncs nothing.
With ``read_only=True`` (the default) nothing is written back.

Resuming elsewhere: what the sync needs to know about a read-write copy (where
it is, the bucket and prefix, each object's ETag and hash when copied) is kept in
the session state (``SandboxSessionState.mount_copies``, so in RunState JSON),
never the credentials. A resumed session syncs back only after the state is
rebound to a manifest you trust that has the same mount
(``state.rebind_persisted_mount_authority(manifest, ...)``; the runner does it
with the run's manifest): the credentials, the endpoint and the bucket used are
that manifest's. The saved state alone is never trusted to say where the
workspace is uploaded. When it resumes, the copy takes the bucket's changes that
lose nothing (:func:`refresh`: objects changed, made or deleted there whose
workspace file is unchanged); one changed on both sides is left for the next
sync to report as a conflict.

Needs ``boto3`` (``pip install 'runwright[s3]'``), or for Azure ``azure-storage-blob``
(``runwright[azure]``). The mount's credentials are used only for that client: they
are never written into the workspace, RunState or logs.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import os
import stat
import weakref
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, fields
from pathlib import Path, PurePosixPath
from typing import Any

from runwright._core.exceptions import UserError
from runwright._sandbox.azure_blob import AzureObjects, endpoint_of
from runwright._sandbox.entries import AzureBlobMount, GCSMount, R2Mount, S3Mount
from runwright._sandbox.errors import SandboxError, WorkspaceArchiveWriteError
from runwright._sandbox.manifest import Manifest
from runwright._sandbox.paths import open_dir, open_file, split_workspace_path
from runwright._state.sdk_format import MOUNT_AUTHORITY

logger = logging.getLogger("runwright.sandbox.s3")

MAX_OBJECTS = 10_000
MAX_BYTES = 1024**3

COPIED = (S3Mount, R2Mount, GCSMount, AzureBlobMount)
"""The mount types this module realises (the others refuse, see entries.Mount)."""

AUTHORITY_FIELDS: dict[str, tuple[str, ...]] = {
    kind: MOUNT_AUTHORITY[kind]
    for kind in ("s3_mount", "r2_mount", "gcs_mount", "azure_blob_mount")
}
"""The copied mounts' fields that grant access: never saved, and left out when matching
a saved mount (the same list the RunState writer strips)."""

_REFUSED = frozenset(
    {
        "AccessDenied",
        "InvalidAccessKeyId",
        "SignatureDoesNotMatch",
        "InvalidToken",
        "ExpiredToken",
        "TokenRefreshRequired",
        "InvalidClientTokenId",
        "AuthorizationHeaderMalformed",
        "403",
        "401",
    }
)
_MISSING_BUCKET = frozenset({"NoSuchBucket"})
_NOT_FOUND = frozenset({"404", "NoSuchKey", "NotFound"})


# ----- where a mount's objects live ---------------------------------------------------


@dataclass(frozen=True)
class Store:
    """Where one mount's objects are (``options``: boto3's, may hold credentials: never
    logged)."""

    kind: str
    """The mount class name, for messages."""
    scheme: str
    bucket: str
    prefix: str
    endpoint: str | None
    options: dict[str, Any] = field(repr=False)
    unsigned: bool = False
    path_style: bool = False
    account: str | None = None

    def url(self, key: str) -> str:
        """The object's address in messages (``s3://bucket/key``, ``azure://acct/c/key``)."""
        account = f"{self.account}/" if self.account else ""
        return f"{self.scheme}://{account}{self.bucket}/{key}"

    @property
    def where(self) -> str:
        return self.url(self.prefix)


def _prefix(value: str | None) -> str:
    prefix = (value or "").lstrip("/")
    return prefix if not prefix or prefix.endswith("/") else prefix + "/"


def _pair(mount: Any, key: str, secret: str) -> dict[str, Any]:
    have_key, have_secret = getattr(mount, key), getattr(mount, secret)
    if bool(have_key) != bool(have_secret):
        raise UserError(
            f"{type(mount).__name__}(bucket={mount.bucket!r}) has only one of {key} and "
            f"{secret}: give both, or neither."
        )
    if not have_key:
        return {}
    return {"aws_access_key_id": have_key, "aws_secret_access_key": have_secret}


def store_of(mount: Any) -> Store:
    """How boto3 reaches ``mount``; UserError for a mount it cannot reach."""
    if isinstance(mount, S3Mount):
        options = _pair(mount, "access_key_id", "secret_access_key")
        if mount.session_token:
            if not options:
                raise UserError(
                    f"S3Mount(bucket={mount.bucket!r}) has a session_token but no "
                    "access_key_id/secret_access_key."
                )
            options["aws_session_token"] = mount.session_token
        if mount.region:
            options["region_name"] = mount.region
        return Store(
            "S3Mount", "s3", mount.bucket, _prefix(mount.prefix), mount.endpoint_url, options
        )
    if isinstance(mount, R2Mount):
        options = _pair(mount, "access_key_id", "secret_access_key")
        options["region_name"] = "auto"
        endpoint = mount.custom_domain or f"https://{mount.account_id}.r2.cloudflarestorage.com"
        if "://" not in endpoint:
            endpoint = "https://" + endpoint
        return Store(
            "R2Mount",
            "r2",
            mount.bucket,
            "",
            endpoint,
            options,
            unsigned=not options.get("aws_access_key_id"),
            path_style=True,
        )
    if isinstance(mount, GCSMount):
        if mount.access_id and mount.secret_access_key:
            options = {
                "aws_access_key_id": mount.access_id,
                "aws_secret_access_key": mount.secret_access_key,
                "region_name": mount.region or "auto",
            }
            endpoint = mount.endpoint_url or "https://storage.googleapis.com"
            return Store(
                "GCSMount",
                "gs",
                mount.bucket,
                _prefix(mount.prefix),
                endpoint,
                options,
                path_style=True,
            )
        native = [
            name
            for name in ("service_account_file", "service_account_credentials", "access_token")
            if getattr(mount, name)
        ]
        half = "access_id" if mount.access_id else "secret_access_key"
        raise UserError(
            f"GCSMount(bucket={mount.bucket!r}) needs HMAC keys (access_id and "
            "secret_access_key) on runwright's local client, which copies the bucket through "
            "GCS's S3-compatible XML API"
            + (f"; {', '.join(native)} (Google's JSON API) is not supported" if native else "")
            + (f"; only {half} was given" if mount.access_id or mount.secret_access_key else "")
            + ". Create HMAC keys for a service account (Cloud Storage > Settings > "
            "Interoperability)."
        )
    if isinstance(mount, AzureBlobMount):
        endpoint = endpoint_of(mount.account, mount.endpoint)
        return Store(
            "AzureBlobMount", "azure", mount.container, "", endpoint, {}, account=mount.account
        )
    raise UserError(f"{type(mount).__name__} cannot be copied into a workspace.")


def _client(store: Store) -> Any:
    try:
        # optional dependency, only for sessions with an object-store mount
        import boto3  # type: ignore[import-untyped,import-not-found,unused-ignore]
        from botocore import UNSIGNED  # type: ignore[import-untyped,import-not-found,unused-ignore]
        from botocore.config import Config  # type: ignore[import-untyped,import-not-found,unused-ignore]
    except ImportError:
        raise UserError(
            f"{store.kind}(bucket={store.bucket!r}) needs boto3 on the runner's side to copy the "
            "bucket into the workspace: pip install 'runwright[s3]' (or pip install boto3)."
        ) from None
    settings: dict[str, Any] = {
        "retries": {"max_attempts": 3, "mode": "standard"},
        "connect_timeout": 10,
        "read_timeout": 60,
    }
    if store.endpoint is not None:
        # S3-compatible stores (R2, GCS, MinIO...) reject the newer default checksums
        settings["request_checksum_calculation"] = "when_required"
        settings["response_checksum_validation"] = "when_required"
    if store.path_style:
        settings["s3"] = {"addressing_style": "path"}
    if store.unsigned:
        settings["signature_version"] = UNSIGNED
    try:
        return boto3.client(
            "s3", endpoint_url=store.endpoint, config=Config(**settings), **store.options
        )
    except ValueError as error:  # e.g. "Invalid endpoint"
        raise UserError(f"{store.kind} {store.where}: {error}.") from None


def _problem(store: Store, error: BaseException) -> UserError:
    """A UserError saying what went wrong (botocore's messages never hold the secrets)."""
    response = getattr(error, "response", None)
    code = None
    if isinstance(response, dict):
        code = response.get("Error", {}).get("Code") or None
        status = response.get("ResponseMetadata", {}).get("HTTPStatusCode")
        code = code or (str(status) if status else None)
    name = type(error).__name__
    head = f"{store.kind} {store.where}"
    if code in _MISSING_BUCKET:
        return UserError(f"{head}: the bucket {store.bucket!r} does not exist ({code}).")
    if code in _REFUSED:
        return UserError(
            f"{head}: the store refused the credentials ({code}): {error}. Check the mount's "
            "keys and that they may read (and, read-write, write) this bucket."
        )
    if name in ("NoCredentialsError", "PartialCredentialsError"):
        return UserError(
            f"{head}: no credentials: give the mount's keys, or configure AWS credentials "
            "for the runner (environment, ~/.aws)."
        )
    if name in ("EndpointConnectionError", "ConnectTimeoutError", "ConnectionClosedError"):
        return UserError(f"{head}: cannot reach the endpoint {store.endpoint or 'AWS'}: {error}")
    if name == "ReadTimeoutError":
        return UserError(f"{head}: the endpoint {store.endpoint or 'AWS'} timed out: {error}")
    return UserError(f"{head}: {code or name}: {error}")


# ----- the copy -----------------------------------------------------------------------


@dataclass
class S3Copy:
    """One mount copied into a workspace: what was downloaded (key -> ETag, sha256)."""

    mount: Any
    workspace: Path
    parts: tuple[str, ...]
    objects: dict[str, tuple[str, str]] = field(default_factory=dict)
    tag: str = ""
    """Names this session's conflict copies (``<key>.conflict-<tag>``)."""

    @property
    def directory(self) -> Path:
        return self.workspace.joinpath(*self.parts)

    @property
    def store(self) -> Store:
        return store_of(self.mount)

    @property
    def where(self) -> str:
        return self.store.where

    def record(self) -> dict[str, Any]:
        """What a resumed session needs to sync this copy (JSON data, no credentials)."""
        return {
            "type": self.mount.type,
            "path": "/".join(self.parts),
            "mount": identity(self.mount),
            "objects": {rel: list(pair) for rel, pair in sorted(self.objects.items())},
        }


def identity(mount: Any) -> dict[str, Any]:
    """The mount's plain fields without the ones that grant access."""
    secret = AUTHORITY_FIELDS.get(mount.type, ())
    out: dict[str, Any] = {}
    for item in fields(mount):
        value = getattr(mount, item.name)
        if item.name not in secret and (value is None or isinstance(value, (str, bool, int))):
            out[item.name] = value
    return out


def _sha256_fd(handle: Any) -> str:
    digest = hashlib.sha256()
    for chunk in iter(lambda: handle.read(1024 * 1024), b""):
        digest.update(chunk)
    return digest.hexdigest()


def _relative_key(key: str, prefix: str) -> str | None:
    rest = key[len(prefix) :]
    parts = PurePosixPath(rest).parts
    if not rest or rest.endswith("/") or rest.startswith("/") or ".." in parts or "." in parts:
        return None  # "directory" markers and names that would leave the directory
    if "/".join(parts) != rest:
        return None  # "a//b" and the like name no file path
    return rest


def download(mount: Any, workspace: Path, parts: tuple[str, ...]) -> S3Copy:
    """Copies the mount's objects into ``workspace/parts`` (made if needed); UserError
    past the limits or for anything the store refuses."""
    store = store_of(mount)
    objects = objects_of(mount, store)
    listed: list[tuple[str, str, int]] = []
    total = 0
    try:
        for key, etag, size in objects.listing(store.prefix):
            rel = _relative_key(key, store.prefix)
            if rel is None:
                continue
            listed.append((rel, etag, size))
            total += size
            if len(listed) > MAX_OBJECTS or total > MAX_BYTES:
                raise UserError(
                    f"{store.kind} {store.where} is larger than runwright copies into a "
                    f"workspace ({MAX_OBJECTS} objects, {MAX_BYTES} bytes); narrow its prefix."
                )
        copy = S3Copy(mount, workspace, parts)
        with open_dir(str(workspace), parts, create=True):
            pass
        for rel, etag, _ in listed:
            target = (*parts, *rel.split("/"))
            fd = open_file(str(workspace), target, os.O_RDWR | os.O_CREAT | os.O_TRUNC, True)
            with os.fdopen(fd, "w+b") as handle:
                objects.get(store.prefix + rel, handle)
                handle.seek(0)
                copy.objects[rel] = (etag, _sha256_fd(handle))
    except UserError:
        raise
    except SandboxError as error:  # the mount's place collides with another entry
        raise UserError(f"{store.kind} {store.where} at {'/'.join(parts)!r}: {error}") from None
    except Exception as error:
        raise objects.problem(error) from None
    return copy


def _local_files(copy: S3Copy) -> dict[str, int] | None:
    """Regular files below the copy's directory (relative key -> size); None if the
    directory is gone or is not a real directory. Symlinks are never followed."""
    found: dict[str, int] = {}
    try:
        with open_dir(str(copy.workspace), copy.parts) as top:
            for root, _dirs, names, dir_fd in os.fwalk(".", dir_fd=top, follow_symlinks=False):
                for name in names:
                    info = os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
                    if name.endswith(".runwright-part"):
                        continue  # a refresh's download cut short
                    if stat.S_ISREG(info.st_mode):  # a planted symlink is never uploaded
                        rel = PurePosixPath(root, name).as_posix()
                        found[rel[2:] if rel.startswith("./") else rel] = info.st_size
    except (SandboxError, OSError):
        return None
    return found


class S3Objects:
    """One bucket's objects through boto3, as the copy needs them."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.client = _client(store)

    def listing(self, prefix: str) -> Iterator[tuple[str, str, int]]:
        """(key, ETag, size) of every object under ``prefix``."""
        pages = self.client.get_paginator("list_objects_v2").paginate(
            Bucket=self.store.bucket, Prefix=prefix
        )
        for page in pages:
            for item in page.get("Contents", ()):
                yield str(item["Key"]), str(item["ETag"]).strip('"'), int(item["Size"])

    def get(self, key: str, handle: Any) -> None:
        self.client.download_fileobj(self.store.bucket, key, handle)

    def etag(self, key: str) -> str | None:
        try:
            head = self.client.head_object(Bucket=self.store.bucket, Key=key)
        except Exception as error:
            response = getattr(error, "response", None)
            code = response.get("Error", {}).get("Code") if isinstance(response, dict) else None
            if code in _NOT_FOUND:
                return None
            raise
        return str(head["ETag"]).strip('"')

    def put(self, key: str, handle: Any) -> None:
        self.client.upload_fileobj(handle, self.store.bucket, key)

    def delete(self, key: str) -> None:
        self.client.delete_object(Bucket=self.store.bucket, Key=key)

    def problem(self, error: BaseException) -> UserError:
        return _problem(self.store, error)


def objects_of(mount: Any, store: Store) -> S3Objects | AzureObjects:
    """The client for ``mount``'s objects (UserError when its package is missing)."""
    if store.scheme == "azure":
        return AzureObjects(mount, store.where)
    return S3Objects(store)


def _fetch(
    objects: S3Objects | AzureObjects,
    key: str,
    workspace: str,
    target: tuple[str, ...],
    owner: int | None,
) -> str:
    """Downloads ``key`` next to ``target`` and renames it into place (a failed download
    leaves the old file); returns the new file's sha256."""
    part = (*target[:-1], f".{target[-1]}.runwright-part")
    handle = os.fdopen(
        open_file(workspace, part, os.O_RDWR | os.O_CREAT | os.O_TRUNC, True, owner), "w+b"
    )
    try:
        with handle:
            if owner is not None:
                os.fchown(handle.fileno(), owner, owner)
            objects.get(key, handle)
            handle.seek(0)
            digest = _sha256_fd(handle)
        with open_dir(workspace, target[:-1]) as dir_fd:
            os.rename(part[-1], target[-1], src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
    except BaseException:
        with contextlib.suppress(OSError, SandboxError), open_dir(workspace, part[:-1]) as fd:
            os.unlink(part[-1], dir_fd=fd)
        raise
    return digest


def _local_sha(workspace: str, target: tuple[str, ...]) -> str | None:
    try:
        fd = open_file(workspace, target, os.O_RDONLY)
    except SandboxError:
        return None
    with os.fdopen(fd, "rb") as handle:
        return _sha256_fd(handle)


def refresh(copy: S3Copy, owner: int | None = None) -> int:
    """Brings a resumed copy up to date with the bucket where that loses nothing:
    objects changed, created or deleted there whose workspace file is unchanged
    since the copy (or absent) are fetched or removed here; a file changed on both
    sides is left for the sync to report as a conflict. Returns how many files
    changed. ``owner``: the uid new files and directories are given to."""
    store = copy.store
    local = _local_files(copy)
    if local is None:
        return 0
    workspace = str(copy.workspace)
    changed = 0
    objects: S3Objects | AzureObjects | None = None
    try:
        objects = objects_of(copy.mount, store)
        remote: dict[str, str] = {}
        for key, etag, _ in objects.listing(store.prefix):
            rel = _relative_key(key, store.prefix)
            if rel is not None:
                remote[rel] = etag
            if len(remote) > MAX_OBJECTS:
                logger.warning("%s: too many objects to refresh the copy", store.where)
                return 0
        for rel, etag in sorted(remote.items()):
            known = copy.objects.get(rel)
            if known is not None and known[0] == etag:
                continue  # unchanged there
            target = (*copy.parts, *rel.split("/"))
            if known is None and rel in local:
                continue  # made on both sides: the sync reports it
            if known is not None and (
                rel not in local or _local_sha(workspace, target) != known[1]
            ):
                continue  # changed (or deleted) here and there: the sync reports it
            copy.objects[rel] = (
                etag,
                _fetch(objects, store.prefix + rel, workspace, target, owner),
            )
            changed += 1
        for rel in sorted(set(copy.objects) - set(remote)):
            target = (*copy.parts, *rel.split("/"))
            if rel in local:
                if _local_sha(workspace, target) != copy.objects[rel][1]:
                    continue  # deleted there, changed here: the sync reports it
                with open_dir(workspace, target[:-1]) as dir_fd:
                    os.unlink(target[-1], dir_fd=dir_fd)
                changed += 1
            del copy.objects[rel]
    except (UserError, SandboxError, OSError) as error:
        logger.warning("%s: the copy was not refreshed: %s", store.where, error)
    except Exception as error:
        problem = objects.problem(error) if objects is not None else error
        logger.warning("%s: the copy was not refreshed: %s", store.where, problem)
    return changed


def conflict_key(copy: S3Copy, key: str) -> str:
    """Where the workspace's version of a conflicting object is saved."""
    return f"{key}.conflict-{copy.tag[:12]}" if copy.tag else f"{key}.conflict"


def upload(copy: S3Copy) -> list[str]:
    """Syncs the directory back (read-write mounts); returns the conflicting keys. The
    workspace's version of a conflicting file is saved beside it (:func:`conflict_key`),
    so neither side's data is lost even when the workspace goes away."""
    if copy.mount.read_only:
        return []
    store = copy.store
    local = _local_files(copy)
    if local is None:
        logger.warning(
            "%s: the mount directory %s is gone or not a directory; nothing synced",
            store.where,
            "/".join(copy.parts),
        )
        return []
    objects = objects_of(copy.mount, store)
    conflicts: list[str] = []
    workspace = str(copy.workspace)
    try:
        for rel in sorted(local):
            key = store.prefix + rel
            try:
                fd = open_file(workspace, (*copy.parts, *rel.split("/")), os.O_RDONLY)
            except SandboxError:
                continue  # replaced by something that is not a file since the listing
            with os.fdopen(fd, "rb") as handle:
                digest = _sha256_fd(handle)
                known = copy.objects.get(rel)
                if known is not None and known[1] == digest:
                    continue  # unchanged
                remote = objects.etag(key)
                if remote != (known[0] if known is not None else None):
                    conflicts.append(key)
                    handle.seek(0)
                    objects.put(conflict_key(copy, key), handle)
                    continue
                handle.seek(0)
                objects.put(key, handle)
            copy.objects[rel] = (objects.etag(key) or "", digest)
        for rel in sorted(set(copy.objects) - set(local)):
            key = store.prefix + rel
            remote = objects.etag(key)
            if remote is None:
                del copy.objects[rel]
                continue
            if remote != copy.objects[rel][0]:
                conflicts.append(key)
                continue
            objects.delete(key)
            del copy.objects[rel]
    except Exception as error:
        raise objects.problem(error) from None
    return conflicts


async def sync_back(copies: list[S3Copy], state: Any = None) -> None:
    """Uploads every read-write copy (off the event loop); raises for conflicts.
    ``state``: the session state whose saved records are refreshed afterwards."""
    problems: list[str] = []
    try:
        for copy in copies:
            conflicts = await asyncio.to_thread(upload, copy)
            if conflicts:
                logger.warning(
                    "%s sync of %s left %d conflicting object(s) as the bucket has them; the "
                    "workspace's versions are saved beside them as <key>.conflict-...",
                    copy.store.kind,
                    copy.where,
                    len(conflicts),
                )
                problems += [copy.store.url(k) for k in conflicts]
    finally:
        if state is not None:
            save_records(state, copies)
    if problems:
        raise WorkspaceArchiveWriteError(
            path=str(copies[0].directory),
            context={
                "reason": "objects changed in the bucket since they were copied",
                "keys": problems,
            },
            message="The mount sync left these objects as the bucket has them (changed there "
            "since the workspace copy was made); the workspace keeps its version, also saved "
            "in the bucket beside each as <key>.conflict-<session>: " + ", ".join(problems),
        )


# ----- the session's copies -----------------------------------------------------------

_COPIES: weakref.WeakKeyDictionary[Any, list[S3Copy]] = weakref.WeakKeyDictionary()
_ARMED: weakref.WeakSet[Any] = weakref.WeakSet()
_BOUND = "_runwright_bound_mounts"
"""The state attribute holding mounts rebound from a trusted manifest (in memory only)."""


def _key(session: Any) -> Any:
    return getattr(session, "inner", session)


def save_records(state: Any, copies: list[S3Copy]) -> None:
    """Writes the read-write copies' records into ``state.mount_copies``."""
    if hasattr(state, "mount_copies"):
        state.mount_copies = [c.record() for c in copies if not c.mount.read_only]


def attach(session: Any, copies: list[S3Copy], workspace: Path | None = None) -> None:
    """Remembers the session's copies (placed in ``workspace`` when given: a resumed
    session's), saves their records in its state, and arms their sync-back. The live
    state keeps its mounts bound (in memory), so ``client.resume(session.state)`` in
    this process needs no rebinding; a state read from JSON does."""
    for copy in copies:
        copy.tag = str(getattr(session.state, "session_id", "") or "")
        if workspace is not None:
            copy.workspace = workspace
    if copies:
        _COPIES[_key(session)] = copies
        save_records(session.state, copies)
        session.state.__dict__[_BOUND] = {
            "/".join(c.parts): c.mount for c in copies if not c.mount.read_only
        }
        arm(session)


async def resume(session: Any, copies: list[S3Copy], workspace: Path) -> None:
    """A resumed session's copies: brought up to date with their buckets (off the
    event loop; a store that cannot be reached leaves the copy as it was, with a
    warning), then attached (:func:`attach`)."""
    inner = _key(session)
    host_uid = getattr(getattr(inner, "client", None), "_host_uid", None)
    owner = host_uid() if callable(host_uid) else None
    for copy in copies:
        copy.workspace = workspace
        await asyncio.to_thread(refresh, copy, owner)
    attach(session, copies, workspace)


def arm(session: Any) -> None:
    """Registers the sync-back as a pre-stop hook of ``session`` (once until it runs)."""
    key = _key(session)
    copies = _COPIES.get(key)
    if not copies or key in _ARMED or not any(not c.mount.read_only for c in copies):
        return

    async def sync() -> None:
        _ARMED.discard(key)
        if not getattr(key, "closed", False):
            await sync_back(copies, session.state)

    _ARMED.add(key)
    session.register_pre_stop_hook(sync)


def _placed(manifest: Manifest) -> list[tuple[str, tuple[str, ...], Any]]:
    out = []
    for name, mount in manifest.entries.items():
        if isinstance(mount, COPIED):
            where = str(mount.mount_path or name)
            parts = split_workspace_path(where, manifest.root)
            if not parts:
                raise UserError(
                    f"{type(mount).__name__} {name!r} cannot be copied onto the workspace root "
                    "itself; give it a mount_path below the root."
                )
            out.append((str(name), parts, mount))
    return out


def split_s3_mounts(manifest: Manifest) -> tuple[Manifest, list[tuple[tuple[str, ...], Any]]]:
    """The manifest without its copied mounts (S3/R2/GCS/Azure, top-level entries), and each
    of them with its directory (the path parts below the workspace: ``mount_path``,
    else the entry's name). Each is checked here, before any workspace exists."""
    placed = _placed(manifest)
    if not placed:
        return manifest, []
    for _, _, mount in placed:
        store_of(mount)  # a mount this client cannot reach fails before anything is made
    names = {name for name, _, _ in placed}
    rest = {k: v for k, v in manifest.entries.items() if k not in names}
    mounts = [(parts, mount) for _, parts, mount in placed]
    return manifest.model_copy(update={"entries": rest}), mounts


async def copy_s3_mounts(
    mounts: list[tuple[tuple[str, ...], Any]], workspace: Path
) -> list[S3Copy]:
    """Downloads each mount into its directory of the (new) workspace."""
    copies = []
    for parts, mount in mounts:
        copies.append(await asyncio.to_thread(download, mount, workspace, parts))
    return copies


# ----- resuming -----------------------------------------------------------------------


def _bad(detail: str) -> UserError:
    return UserError(f"RunState 'sandbox' mount_copies is not valid: {detail}.")


def check_records(data: object) -> list[dict[str, Any]]:
    """The saved records, checked in shape; UserError for anything else."""
    if data is None:
        return []
    if not isinstance(data, list):
        raise _bad("not a list")
    for record in data:
        if not isinstance(record, dict):
            raise _bad("an entry is not an object")
        if record.get("type") not in AUTHORITY_FIELDS or not isinstance(record.get("path"), str):
            raise _bad("an entry has no known mount type or no path")
        if not isinstance(record.get("mount"), dict):
            raise _bad("an entry has no mount fields")
        objects = record.get("objects")
        if not isinstance(objects, dict) or not all(
            isinstance(k, str)
            and _relative_key(k, "") == k
            and isinstance(v, list)
            and len(v) == 2
            and all(isinstance(x, str) for x in v)
            for k, v in objects.items()
        ):
            raise _bad("an entry's objects are not key -> [etag, sha256]")
    return [dict(r) for r in data]


def saved_records(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A JSON-ready copy of ``records`` (never shared with the live state)."""
    return [
        {**r, "mount": dict(r["mount"]), "objects": {k: list(v) for k, v in r["objects"].items()}}
        for r in records
    ]


def rebind(state: Any, trusted_manifest: Manifest | None) -> None:
    """Binds each saved read-write copy to the same mount of ``trusted_manifest`` (same
    type, path and credential-free fields): its credentials and endpoint are used for
    the sync. UserError naming the copies the manifest does not have."""
    records = check_records(getattr(state, "mount_copies", None))
    if not records:
        return
    trusted: dict[str, Any] = {}
    if trusted_manifest is not None:
        for _, parts, mount in _placed(trusted_manifest):
            trusted["/".join(parts)] = mount
    bound: dict[str, Any] = {}
    missing = []
    for record in records:
        mount = trusted.get(record["path"])
        if (
            mount is None
            or mount.type != record["type"]
            or mount.read_only
            or identity(mount) != record["mount"]
        ):
            missing.append(f"{record['type']} at {record['path']!r}")
            continue
        bound[record["path"]] = mount
    if missing:
        raise UserError(
            "This saved sandbox session syncs read-write mount copies back ("
            + ", ".join(missing)
            + "), but the manifest given to rebind them has no mount with the same type, path "
            "and fields (credentials aside). Pass the manifest the session was created with."
        )
    state.__dict__[_BOUND] = bound


def restore_copies(state: Any) -> list[S3Copy]:
    """The read-write copies a resumed session syncs back (from ``state``'s records and
    the mounts rebound to them; placed in the state's workspace until :func:`attach`
    places them); UserError if the state was never rebound."""
    records = check_records(getattr(state, "mount_copies", None))
    if not records:
        return []
    bound: dict[str, Any] = state.__dict__.get(_BOUND) or {}
    unbound = [f"{r['type']} at {r['path']!r}" for r in records if r["path"] not in bound]
    if unbound:
        raise UserError(
            "This saved sandbox session has read-write mount copies to sync back ("
            + ", ".join(unbound)
            + "); a saved state never holds their credentials and is not trusted to say "
            "where they are uploaded. Call state.rebind_persisted_mount_authority(manifest, "
            "provider_backend_id='unix_local') with the manifest that has these mounts "
            "before resume(), or resume through Runner (it uses the run's manifest)."
        )
    copies = []
    for record in records:
        try:
            parts = split_workspace_path(record["path"], "/")
        except SandboxError:
            raise _bad(f"path {record['path']!r} leaves the workspace") from None
        if not parts:
            raise _bad("a copy names the workspace root")
        objects = {k: (v[0], v[1]) for k, v in record["objects"].items()}
        copies.append(S3Copy(bound[record["path"]], Path(state.workspace), parts, objects))
    return copies


def rebind_for_run(state: Any, manifest: Callable[[], Manifest]) -> None:
    """The runner's resume: binds ``state``'s saved read-write copies to the run's
    manifest (``manifest()``, computed only when the state has copies)."""
    if getattr(state, "mount_copies", None):
        state.rebind_persisted_mount_authority(manifest(), provider_backend_id="unix_local")
