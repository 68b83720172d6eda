"""What a Manifest puts in a fresh workspace: File, LocalFile, LocalDir, Dir,
GitRepo (from a local repository), and the SDK's cloud mounts. The local client
mounts nothing (its commands have no network): S3Mount, R2Mount and GCSMount (HMAC
keys) are copied in and synced back by the runner (see s3.py); the others are
refused with a clear error."""

from __future__ import annotations

import builtins
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from pathlib import Path, PurePath, PurePosixPath
from typing import Any, ClassVar, Union

from runwright._core.exceptions import UserError
from runwright._sandbox.paths import split_workspace_path
from runwright._sandbox.types import Group, Permissions


def _default_permissions() -> Permissions:
    return Permissions(owner=0o7, group=0o5, other=0o5)


@dataclass(kw_only=True)
class BaseEntry:
    """What every manifest entry has."""

    type: str = "entry"
    description: str | None = None
    ephemeral: bool = False
    """Left out of snapshots."""
    group: Group | None = None
    is_dir: bool = False
    permissions: Permissions = field(default_factory=_default_permissions)

    def materialize(self, dest: Path) -> None:
        """Creates the entry at the host path ``dest``."""
        raise UserError(f"{type(self).__name__} cannot be placed in a workspace.")

    def model_post_init(self, context: Any, /) -> None:
        """Re-runs the entry's checks (the SDK's validation hook)."""
        check = getattr(self, "__post_init__", None)
        if callable(check):
            check()

    async def apply(
        self, session: Any, dest: Path, base_dir: Path, *, user: Any = None
    ) -> list[Any]:
        """Creates the entry at ``dest`` in ``session``'s workspace (``base_dir`` is where
        relative local sources are resolved). Returns nothing to report."""
        workspace = getattr(session, "workspace", None)
        if workspace is None:
            raise UserError(f"{type(self).__name__}.apply needs a local sandbox session.")
        parts = split_workspace_path(str(dest), session.root)
        target = Path(workspace).joinpath(*parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        self.materialize(target)
        return []

    @classmethod
    def registered_types(cls) -> dict[str, builtins.type[BaseEntry]]:
        """Entry ``type`` → class, for every entry class."""
        out: dict[str, builtins.type[BaseEntry]] = {}
        todo = list(BaseEntry.__subclasses__())
        while todo:
            klass = todo.pop()
            todo.extend(klass.__subclasses__())
            kind = {f.name: f.default for f in fields(klass)}.get("type")
            if isinstance(kind, str) and kind not in ("entry", "mount"):
                out[kind] = klass
        return out

    @classmethod
    def parse(cls, payload: object) -> BaseEntry:
        """An entry from itself or a dict with its ``type``."""
        if isinstance(payload, BaseEntry):
            return payload
        if not isinstance(payload, dict):
            raise UserError("A manifest entry must be an entry object or a dict with a type.")
        klass = cls.registered_types().get(str(payload.get("type")))
        if klass is None:
            raise UserError(f"Unknown manifest entry type {payload.get('type')!r}.")
        data = {k: v for k, v in payload.items() if k != "type"}
        if isinstance(data.get("children"), dict):
            data["children"] = {k: cls.parse(v) for k, v in data["children"].items()}
        try:
            return klass(**data)
        except TypeError as error:
            raise UserError(f"Invalid {klass.__name__}: {error}.") from None


@dataclass(kw_only=True)
class File(BaseEntry):
    """A file with the given content (text is written as UTF-8)."""

    content: bytes | str
    type: str = "file"

    def __post_init__(self) -> None:
        if not isinstance(self.content, (bytes, str)):
            raise UserError("File content must be bytes or str.")

    def materialize(self, dest: Path) -> None:
        """Writes the file at ``dest``."""
        data = self.content.encode() if isinstance(self.content, str) else self.content
        dest.write_bytes(data)


@dataclass(kw_only=True)
class LocalFile(BaseEntry):
    """A copy of a host file. The copy is taken when the workspace is made."""

    src: Path | str
    type: str = "local_file"

    def materialize(self, dest: Path) -> None:
        """Copies ``src`` to ``dest`` (contents only; a symlink is copied as its target)."""
        src = Path(self.src)
        if not src.is_file():
            raise UserError(f"LocalFile: {src} is not a readable file on this machine.")
        shutil.copyfile(src, dest)


@dataclass(kw_only=True)
class LocalDir(BaseEntry):
    """A copy of a host directory tree. Symlinks inside it are copied as links only
    when they point inside the tree; others are skipped (they would lead out)."""

    src: Path | str | None = None
    type: str = "local_dir"
    is_dir: bool = True

    def materialize(self, dest: Path) -> None:
        """Copies the tree under ``src`` to ``dest`` (no src: an empty directory)."""
        if self.src is None:
            dest.mkdir(parents=True, exist_ok=True)
            return
        src = Path(self.src)
        if not src.is_dir():
            raise UserError(f"LocalDir: {src} is not a directory on this machine.")
        root = os.path.realpath(src)
        shutil.copytree(src, dest, symlinks=True, ignore=_links_out(root), dirs_exist_ok=True)


def _links_out(root: str) -> Callable[[str, list[str]], set[str]]:
    def ignore(directory: str, names: list[str]) -> set[str]:
        skipped: set[str] = set()
        for name in names:
            path = os.path.join(directory, name)
            if os.path.islink(path):
                target = os.path.realpath(path)
                if os.path.commonpath([target, root]) != root:
                    skipped.add(name)
            elif not (os.path.isfile(path) or os.path.isdir(path)):
                skipped.add(name)  # FIFOs, sockets, devices: copying could block or leak
        return skipped

    return ignore


@dataclass(kw_only=True)
class Dir(BaseEntry):
    """A directory, optionally with entries of its own (``children``)."""

    children: dict[str, Any] = field(default_factory=dict)
    type: str = "dir"
    is_dir: bool = True

    def materialize(self, dest: Path) -> None:
        """Creates the directory and its children."""
        dest.mkdir(parents=True, exist_ok=True)
        for name, child in self.children.items():
            place_entry(dest, str(name), child)


@dataclass(kw_only=True)
class GitRepo(BaseEntry):
    """A checkout of a git repository at ``ref`` (optionally only ``subpath``).

    runwright clones from a repository on this machine: ``repo`` an absolute path
    (or ``host="file"``). Cloning from a network host is refused with a clear error
    (the workspace is made without network access).
    """

    repo: str
    ref: str
    host: str = "github.com"
    subpath: str | None = None
    type: str = "git_repo"
    is_dir: bool = True

    def __post_init__(self) -> None:
        if not isinstance(self.repo, str) or not self.repo:
            raise UserError("GitRepo repo must be a non-empty string.")
        if not isinstance(self.ref, str) or not self.ref or self.ref.startswith("-"):
            raise UserError("GitRepo ref must be a branch, tag or commit.")
        if self.subpath is not None and (
            self.subpath.startswith("/") or ".." in PurePosixPath(self.subpath).parts
        ):
            raise UserError("GitRepo subpath must be a relative path inside the repository.")

    def _source(self) -> str:
        if os.path.isabs(self.repo) or self.host in ("file", "", "localhost"):
            path = os.path.abspath(self.repo)
            if not os.path.isdir(path):
                raise UserError(f"GitRepo: {path} is not a repository on this machine.")
            return path
        raise UserError(
            f"GitRepo {self.host}/{self.repo}: runwright does not fetch repositories over the "
            "network when it makes a workspace. Clone it on this machine and pass "
            "GitRepo(repo='/path/to/clone', ref=...) or a LocalDir."
        )

    def materialize(self, dest: Path) -> None:
        """Clones the repository, checks out ``ref`` and keeps ``subpath`` (or all)."""
        source = self._source()
        git = shutil.which("git")
        if git is None:
            raise UserError("GitRepo needs `git` on this machine.")
        with tempfile.TemporaryDirectory(prefix="runwright-git-") as tmp:
            clone = Path(tmp) / "clone"
            for argv in (
                [git, "clone", "--quiet", "--no-hardlinks", "--", source, str(clone)],
                [git, "-C", str(clone), "checkout", "--quiet", "--detach", self.ref, "--"],
            ):
                done = subprocess.run(argv, capture_output=True, text=True, check=False)
                if done.returncode != 0:
                    raise UserError(f"GitRepo {self.repo}@{self.ref}: {done.stderr.strip()}")
            shutil.rmtree(clone / ".git", ignore_errors=True)
            top = clone / self.subpath if self.subpath else clone
            if not top.is_dir():
                raise UserError(
                    f"GitRepo {self.repo}: no directory {self.subpath!r} at {self.ref}."
                )
            shutil.copytree(
                top, dest, symlinks=True, ignore=_links_out(str(top)), dirs_exist_ok=True
            )


# ----- mounts ----------------------------------------------------------------------


def _no_mounts(what: str) -> UserError:
    return UserError(
        f"{what}: runwright's local sandbox client cannot mount remote storage (sandboxed "
        "commands have no network access and no FUSE/NFS tools). Copy the data into the "
        "workspace with LocalDir/LocalFile instead; mount-capable clients are not yet "
        "available in runwright."
    )


class _Unrealised:
    """What the mount patterns share: they describe a mount this client cannot make."""

    async def apply(self, session: Any, path: Any, config: Any) -> None:
        """Mounting: not possible with runwright's local client (UserError)."""
        raise _no_mounts(type(self).__name__)

    async def unapply(self, session: Any, path: Any, config: Any) -> None:
        """Unmounting: nothing is ever mounted by runwright's local client (UserError)."""
        raise _no_mounts(type(self).__name__)


@dataclass(kw_only=True)
class MountPatternBase:
    """How a mount is realised inside a container (a FUSE tool and its options)."""

    type: str = "pattern"


@dataclass(kw_only=True)
class FuseMountPattern(_Unrealised, MountPatternBase):
    """blobfuse-style FUSE mount options."""

    type: str = "fuse"
    allow_other: bool = True
    log_type: str = "syslog"
    log_level: str = "log_debug"
    cache_type: str = "block_cache"
    cache_path: str | None = None
    cache_size_mb: int | None = None
    block_cache_block_size_mb: int = 16
    block_cache_disk_timeout_sec: int = 3600
    file_cache_timeout_sec: int = 120
    file_cache_max_size_mb: int | None = None
    attr_cache_timeout_sec: int | None = None
    entry_cache_timeout_sec: int | None = None
    negative_entry_cache_timeout_sec: int | None = None

    def __post_init__(self) -> None:
        if self.cache_type not in ("block_cache", "file_cache"):
            raise UserError("FuseMountPattern cache_type must be 'block_cache' or 'file_cache'.")

    def model_post_init(self, __context: Any, /) -> None:
        """Re-runs the checks (the SDK's validation hook)."""
        self.__post_init__()


@dataclass(kw_only=True)
class MountpointMountPattern(_Unrealised, MountPatternBase):
    """AWS mountpoint-s3 options."""

    type: str = "mountpoint"
    options: dict[str, Any] = field(default_factory=dict)


@dataclass(kw_only=True)
class RcloneMountPattern(_Unrealised, MountPatternBase):
    """rclone mount options (FUSE or NFS)."""

    type: str = "rclone"
    mode: str = "fuse"
    remote_name: str | None = None
    extra_args: list[str] = field(default_factory=list)
    nfs_addr: str | None = None
    nfs_mount_options: list[str] | None = None
    config_file_path: str | None = None

    def __post_init__(self) -> None:
        if self.mode not in ("fuse", "nfs"):
            raise UserError("RcloneMountPattern mode must be 'fuse' or 'nfs'.")

    def resolve_remote_name(
        self, *, session_id: str, remote_kind: str, mount_type: str | None = None
    ) -> str:
        """The rclone remote name: ``remote_name``, else one made from the kind and session."""
        if self.remote_name:
            return self.remote_name
        suffix = f"-{mount_type}" if mount_type else ""
        return f"{remote_kind}{suffix}-{str(session_id).replace('-', '')[:12]}"

    async def read_config_text(self, session: Any, remote_name: str, *, mount_type: str) -> str:
        """rclone configuration text: never written by runwright's local client (UserError)."""
        raise _no_mounts("RcloneMountPattern.read_config_text")


@dataclass(kw_only=True)
class S3FilesMountPattern(_Unrealised, MountPatternBase):
    """Amazon S3 Files (NFS) mount options."""

    type: str = "s3files"
    options: dict[str, Any] = field(default_factory=dict)


MountPattern = Union[
    FuseMountPattern, MountpointMountPattern, RcloneMountPattern, S3FilesMountPattern
]


@dataclass(kw_only=True)
class MountStrategyBase:
    """Where a mount is realised (by the container runtime, or inside the container)."""

    type: str = "strategy"

    @classmethod
    def parse(cls, payload: object) -> MountStrategyBase:
        """A strategy from itself or its dict (``type`` ``in_container`` or ``docker_volume``)."""
        if isinstance(payload, MountStrategyBase):
            return payload
        if isinstance(payload, dict):
            data = dict(payload)
            kind = data.pop("type", None)
            if kind == "docker_volume":
                return DockerVolumeMountStrategy(**data)
            if kind == "in_container":
                pattern = data.get("pattern")
                if isinstance(pattern, dict):
                    kinds = {
                        "fuse": FuseMountPattern,
                        "mountpoint": MountpointMountPattern,
                        "rclone": RcloneMountPattern,
                        "s3files": S3FilesMountPattern,
                    }
                    pattern = dict(pattern)
                    klass = kinds.get(str(pattern.pop("type", "")))
                    if klass is None:
                        raise UserError(f"Unknown mount pattern {payload.get('pattern')!r}.")
                    data["pattern"] = klass(**pattern)
                return InContainerMountStrategy(**data)
        raise UserError(f"Unknown mount strategy {payload!r}.")

    def validate_mount(self, mount: Any) -> None:
        """UserError if ``mount`` cannot use this strategy."""

    def supports_native_snapshot_detach(self, mount: Any) -> bool:
        """False: runwright makes no mounts to detach."""
        return False

    def build_docker_volume_driver_config(self, mount: Any) -> Any:
        """Docker volume configuration: there is no Docker client in runwright (UserError)."""
        raise _no_mounts(f"{type(self).__name__}.build_docker_volume_driver_config")

    async def activate(self, mount: Any, session: Any, dest: Any, base_dir: Any) -> list[Any]:
        """Making the mount: not possible with runwright's local client (UserError)."""
        raise _no_mounts(type(mount).__name__)

    async def deactivate(self, mount: Any, session: Any, dest: Any, base_dir: Any) -> None:
        """Removing the mount: nothing is mounted by runwright (UserError)."""
        raise _no_mounts(type(mount).__name__)

    async def teardown_for_snapshot(self, mount: Any, session: Any, path: Any) -> None:
        """Nothing to detach before a snapshot: mounts are never made here."""

    async def restore_after_snapshot(self, mount: Any, session: Any, path: Any) -> None:
        """Nothing to restore after a snapshot: mounts are never made here."""


@dataclass(kw_only=True)
class InContainerMountStrategy(MountStrategyBase):
    """Mount inside the sandbox with a FUSE/NFS tool (``pattern``)."""

    pattern: MountPattern
    type: str = "in_container"

    def __post_init__(self) -> None:
        if not isinstance(self.pattern, MountPatternBase):
            raise UserError("InContainerMountStrategy pattern must be a mount pattern.")

    def validate_mount(self, mount: Any) -> None:
        """UserError unless ``mount`` supports this strategy's pattern."""
        supported = mount.supported_in_container_patterns()
        if self.pattern.type not in supported:
            raise UserError(
                f"{type(mount).__name__} cannot use the {self.pattern.type!r} pattern; "
                f"it supports {list(supported)}."
            )


@dataclass(kw_only=True)
class DockerVolumeMountStrategy(MountStrategyBase):
    """Mount as a Docker volume with a volume ``driver``."""

    driver: str
    driver_options: dict[str, str] = field(default_factory=dict)
    type: str = "docker_volume"

    def __post_init__(self) -> None:
        if not isinstance(self.driver, str) or not self.driver:
            raise UserError("DockerVolumeMountStrategy needs a driver name.")


MountStrategy = Union[InContainerMountStrategy, DockerVolumeMountStrategy]


@dataclass(kw_only=True)
class Mount(BaseEntry):
    """A remote store mounted into the workspace (base of the cloud mounts).

    runwright's local client mounts nothing (commands have no network and no FUSE):
    S3/R2/GCS mounts are copied in instead (s3.py); placing another kind raises a
    UserError naming what is missing.
    """

    mount_strategy: MountStrategy
    mount_path: str | None = None
    read_only: bool = True
    type: str = "mount"
    ephemeral: bool = True
    is_dir: bool = True

    is_mount: ClassVar[bool] = True
    _required: ClassVar[tuple[str, ...]] = ()

    def __post_init__(self) -> None:
        if not isinstance(self.mount_strategy, MountStrategyBase):
            raise UserError(f"{type(self).__name__} mount_strategy must be a mount strategy.")
        if self.mount_path is not None and ".." in PurePosixPath(self.mount_path).parts:
            raise UserError(f"{type(self).__name__} mount_path must not use '..'.")
        for name in self._required:
            value = getattr(self, name)
            if not isinstance(value, str) or not value:
                raise UserError(f"{type(self).__name__} needs {name} (a non-empty string).")
        self.mount_strategy.validate_mount(self)

    _patterns: ClassVar[tuple[str, ...]] = ("rclone",)

    def materialize(self, dest: Path) -> None:
        if self.type in ("s3_mount", "r2_mount", "gcs_mount", "azure_blob_mount"):
            raise UserError(
                f"{type(self).__name__}: runwright's local client copies object-store mounts "
                "into the workspace only as top-level manifest entries (not inside a Dir): "
                "make it a top-level entry and place it with mount_path."
            )
        raise UserError(
            f"{type(self).__name__} cannot be mounted by runwright's local sandbox client: "
            "sandboxed commands have no network access and no FUSE/NFS mount tools. "
            "Copy the data into the workspace instead (LocalDir/LocalFile), or use a "
            "client that supports mounts (not yet available in runwright)."
        )

    def supported_in_container_patterns(self) -> tuple[str, ...]:
        """The in-container pattern types this kind of mount can use."""
        return self._patterns

    def supported_docker_volume_drivers(self) -> tuple[str, ...]:
        """Docker volume drivers usable here: none (runwright has no Docker client)."""
        return ()

    def in_container_adapter(self) -> Any:
        """The in-container mount adapter: none in runwright (UserError)."""
        raise _no_mounts(f"{type(self).__name__}.in_container_adapter")

    def docker_volume_adapter(self) -> Any:
        """The Docker volume adapter: none in runwright (UserError)."""
        raise _no_mounts(f"{type(self).__name__}.docker_volume_adapter")

    def build_docker_volume_driver_config(self, strategy: Any) -> Any:
        """Docker volume configuration: there is no Docker client in runwright (UserError)."""
        raise _no_mounts(f"{type(self).__name__}.build_docker_volume_driver_config")

    async def build_in_container_mount_config(
        self, session: Any, pattern: Any, *, include_config_text: bool
    ) -> Any:
        """In-container mount configuration: not made by runwright (UserError)."""
        raise _no_mounts(f"{type(self).__name__}.build_in_container_mount_config")

    async def unmount(self, session: Any, dest: Any, base_dir: Any) -> None:
        """Nothing to unmount: runwright's local client never mounts (UserError)."""
        raise _no_mounts(type(self).__name__)


@dataclass(kw_only=True)
class S3Mount(Mount):
    """An S3 (or S3-compatible, via ``endpoint_url``) bucket, or its ``prefix``.
    The local client copies it in (and, read-write, syncs it back)."""

    bucket: str
    access_key_id: str | None = None
    secret_access_key: str | None = None
    session_token: str | None = None
    prefix: str | None = None
    region: str | None = None
    endpoint_url: str | None = None
    s3_provider: str = "AWS"
    type: str = "s3_mount"
    _patterns = ("rclone", "mountpoint")
    _required = ("bucket",)


@dataclass(kw_only=True)
class GCSMount(Mount):
    """A Google Cloud Storage bucket, or its ``prefix``. The local client copies it in
    through GCS's S3-compatible XML API: it needs HMAC keys (``access_id``,
    ``secret_access_key``); ``endpoint_url`` defaults to storage.googleapis.com."""

    bucket: str
    access_id: str | None = None
    secret_access_key: str | None = None
    prefix: str | None = None
    region: str | None = None
    endpoint_url: str | None = None
    service_account_file: str | None = None
    service_account_credentials: str | None = None
    access_token: str | None = None
    type: str = "gcs_mount"
    _patterns = ("rclone", "mountpoint")
    _required = ("bucket",)


@dataclass(kw_only=True)
class R2Mount(Mount):
    """A Cloudflare R2 bucket (through its S3 API at
    ``https://<account_id>.r2.cloudflarestorage.com``, or ``custom_domain``). The local
    client copies it in (and, read-write, syncs it back)."""

    bucket: str
    account_id: str
    access_key_id: str | None = None
    secret_access_key: str | None = None
    custom_domain: str | None = None
    type: str = "r2_mount"
    _patterns = ("rclone",)
    _required = ("bucket", "account_id")


@dataclass(kw_only=True)
class AzureBlobMount(Mount):
    """An Azure Blob Storage container."""

    account: str
    container: str
    endpoint: str | None = None
    identity_client_id: str | None = None
    account_key: str | None = None
    type: str = "azure_blob_mount"
    _patterns = ("rclone", "fuse")
    _required = ("account", "container")


@dataclass(kw_only=True)
class BoxMount(Mount):
    """A Box folder (through rclone)."""

    path: str | None = None
    client_id: str | None = None
    client_secret: str | None = None
    access_token: str | None = None
    token: str | None = None
    box_config_file: str | None = None
    config_credentials: str | None = None
    box_sub_type: str = "user"
    root_folder_id: str | None = None
    impersonate: str | None = None
    owned_by: str | None = None
    type: str = "box_mount"
    _patterns = ("rclone",)

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.box_sub_type not in ("user", "enterprise"):
            raise UserError("BoxMount box_sub_type must be 'user' or 'enterprise'.")


@dataclass(kw_only=True)
class S3FilesMount(Mount):
    """An Amazon S3 Files file system (NFS)."""

    file_system_id: str
    subpath: str | None = None
    mount_target_ip: str | None = None
    access_point: str | None = None
    region: str | None = None
    extra_options: dict[str, str | None] = field(default_factory=dict)
    type: str = "s3_files_mount"
    _patterns = ("s3files",)
    _required = ("file_system_id",)


Entry = BaseEntry
ENTRY_TYPES = (BaseEntry,)


def resolve_workspace_path(
    workspace_root: str | PurePath, rel: str | PurePath, *, allow_absolute_within_root: bool = False
) -> Path:
    """``rel`` joined to ``workspace_root``; UserError if it leaves the root (or is
    absolute, unless ``allow_absolute_within_root`` and it lies inside)."""
    root = PurePosixPath(str(workspace_root))
    path = PurePosixPath(str(rel))
    if path.is_absolute():
        if not allow_absolute_within_root or not (path == root or root in path.parents):
            raise UserError(f"Path {str(rel)!r} must be relative to the workspace.")
        path = path.relative_to(root)
    if ".." in path.parts:
        raise UserError(f"Path {str(rel)!r} leaves the workspace.")
    return Path(str(root / path))


def place_entry(base: Path, rel: str, entry: BaseEntry) -> None:
    """Materialises ``entry`` at ``base/rel``, refusing paths that leave ``base``."""
    if not isinstance(entry, BaseEntry):
        raise UserError(
            f"Manifest entry {rel!r} must be File, LocalFile, LocalDir, Dir or GitRepo, "
            f"got {type(entry).__name__}."
        )
    try:
        parts = split_workspace_path(rel, "/workspace")
    except Exception as error:
        raise UserError(f"Manifest entry path {rel!r}: {error}") from None
    if not parts:
        raise UserError(f"Manifest entry path {rel!r} names the workspace itself.")
    dest = base.joinpath(*parts)
    dest.parent.mkdir(parents=True, exist_ok=True)
    entry.materialize(dest)
    if entry.permissions != _default_permissions() and not dest.is_symlink():
        os.chmod(dest, entry.permissions.to_mode() & 0o777)
