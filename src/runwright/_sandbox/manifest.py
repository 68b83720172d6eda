"""Manifest: the starting contents and environment of a fresh workspace, and the
host paths granted to it (SandboxPathGrant)."""

from __future__ import annotations

import copy
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from runwright._core.exceptions import UserError
from runwright._sandbox.entries import Entry, place_entry
from runwright._sandbox.types import Group, User

DEFAULT_ROOT = "/workspace"


@dataclass(frozen=True, kw_only=True)
class SandboxPathGrant:
    """A host directory (or file) the sandbox may use besides its workspace.

    It appears inside the sandbox at ``path`` (the same absolute path as on the
    host), writable unless ``read_only``; the session's file operations
    (``read``/``write``/``ls``...) accept paths under it too.
    """

    path: str
    read_only: bool = False
    description: str | None = None
    host_path: str | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.path, str) or not os.path.isabs(self.path):
            raise UserError(f"SandboxPathGrant path must be an absolute path, not {self.path!r}.")
        norm = os.path.normpath(self.path)
        if norm == "/" or ".." in PurePosixPath(self.path).parts:
            raise UserError(f"SandboxPathGrant path {self.path!r} is too broad or not normal.")
        object.__setattr__(self, "path", norm)

    @property
    def source(self) -> str:
        """The host path bound at :attr:`path` (``host_path`` when given)."""
        return self.host_path or self.path


@dataclass
class SandboxWorkspaceScope:
    """How paths are shown to the model: relative to ``cwd`` inside the workspace."""

    cwd: str | None = None

    @classmethod
    def from_cwd(cls, cwd: str | Path | None) -> SandboxWorkspaceScope:
        """A scope anchored at ``cwd`` (workspace-relative; None: the workspace root)."""
        if cwd is None:
            return cls()
        text = str(cwd)
        if text.startswith("/") or ".." in PurePosixPath(text).parts:
            raise UserError(f"A workspace cwd must be relative and inside, not {text!r}.")
        return cls(cwd=str(PurePosixPath(text)))

    def anchor(self, path: str | Path) -> str:
        """``path`` (as the model wrote it) made workspace-relative via ``cwd``."""
        text = str(path)
        if text.startswith("/") or not self.cwd or self.cwd == ".":
            return text
        return str(PurePosixPath(self.cwd) / text)

    def model_path(self, workspace_relative_path: str | Path) -> str:
        """A workspace-relative path as the model should see it (relative to ``cwd``)."""
        rel = PurePosixPath(str(workspace_relative_path))
        if self.cwd and self.cwd != ".":
            try:
                return str(rel.relative_to(self.cwd))
            except ValueError:
                return str(rel)
        return str(rel)

    def display_path(self, *, original_path: str, workspace_relative_path: str) -> str:
        """The path to show for a result: absolute stays absolute, else :meth:`model_path`."""
        if original_path.startswith("/"):
            return original_path
        return self.model_path(workspace_relative_path)

    def model_resource_path(self, *, workspace_root: str, workspace_relative_path: str) -> str:
        """The absolute in-sandbox path of a workspace-relative one."""
        return str(PurePosixPath(workspace_root) / workspace_relative_path)


@dataclass(kw_only=True)
class Environment:
    """Environment variables for a workspace's commands (the SDK's manifest field type;
    ``Manifest.environment`` takes a plain dict too)."""

    value: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not isinstance(self.value, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in self.value.items()
        ):
            raise UserError("Environment value must be a dict of str → str.")

    def normalized(self) -> dict[str, str]:
        """The variables as a plain dict."""
        return dict(self.value)

    async def resolve(self) -> dict[str, str]:
        """The variables as commands get them."""
        return dict(self.value)


@dataclass
class Manifest:
    """What a fresh workspace holds.

    Args:
        entries: Workspace-relative path → ``File``, ``LocalFile``, ``LocalDir``,
            ``Dir``, ``GitRepo`` (or a mount, which this client refuses clearly).
        environment: Variables set for every command (on top of a minimal
            environment; nothing else is inherited from the host).
        root: Where the workspace appears inside the sandbox.
        users, groups: Accounts the manifest describes (recorded; the local client
            runs every command as one sandbox user).
        extra_path_grants: Host paths the sandbox may also use (SandboxPathGrant).
        remote_mount_command_allowlist: Commands mount entries may run.
    """

    entries: dict[str | Path, Entry] = field(default_factory=dict)
    environment: dict[str, str] = field(default_factory=dict)
    root: str = DEFAULT_ROOT
    version: int = 1
    users: list[User] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)
    extra_path_grants: tuple[SandboxPathGrant, ...] = ()
    remote_mount_command_allowlist: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not isinstance(self.entries, dict):
            raise UserError("Manifest entries must be a dict of path → entry.")
        if isinstance(self.environment, Environment):
            self.environment = self.environment.normalized()
        env = self.environment
        if not isinstance(env, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in env.items()
        ):
            raise UserError("Manifest environment must be a dict of str → str.")
        if (
            not isinstance(self.root, str)
            or not self.root.startswith("/")
            or self.root == "/"
            or ".." in self.root.split("/")
        ):
            raise UserError(
                f"Manifest root must be an absolute directory like /workspace, not {self.root!r}."
            )
        grants = tuple(self.extra_path_grants or ())
        if not all(isinstance(g, SandboxPathGrant) for g in grants):
            raise UserError("Manifest extra_path_grants must be SandboxPathGrant objects.")
        self.extra_path_grants = grants

    # ----- the SDK's helpers ---------------------------------------------------

    def model_post_init(self, context: Any, /) -> None:
        """Re-runs the manifest's checks (the SDK's validation hook)."""
        self.__post_init__()

    def with_in_container_mount_credential_exposure_acknowledged(
        self, *mount_paths: str | PurePosixPath
    ) -> Manifest:
        """A copy acknowledging that these mounts' credentials are visible inside the
        sandbox. runwright's local client realises no mount, so this is recorded only."""
        twin = self.model_copy()
        acknowledged = {*getattr(self, "_acknowledged", set()), *map(str, mount_paths)}
        object.__setattr__(twin, "_acknowledged", acknowledged)
        return twin

    def with_in_container_mount_broad_credential_exposure_acknowledged(
        self, *mount_paths: str | PurePosixPath
    ) -> Manifest:
        """As :meth:`with_in_container_mount_credential_exposure_acknowledged`, for
        credentials that reach beyond the mount."""
        return self.with_in_container_mount_credential_exposure_acknowledged(*mount_paths)

    def model_copy(self, *, update: dict[str, Any] | None = None, deep: bool = False) -> Manifest:
        """A copy with ``update`` applied (as pydantic's ``model_copy``)."""
        base = copy.deepcopy(self) if deep else copy.copy(self)
        data = {k: getattr(base, k) for k in self.__dataclass_fields__}
        unknown = set(update or {}) - set(data)
        if unknown:
            raise UserError(f"Manifest has no field(s) {sorted(unknown)}.")
        data.update(update or {})
        return Manifest(**data)

    def iter_entries(self) -> Iterator[tuple[str, Entry]]:
        """Every entry with its workspace-relative path, children after their directory."""
        todo: list[tuple[str, Any]] = [(str(k), v) for k, v in self.entries.items()]
        while todo:
            rel, entry = todo.pop(0)
            yield rel, entry
            children = getattr(entry, "children", None)
            if isinstance(children, dict):
                todo[0:0] = [(f"{rel}/{k}", v) for k, v in children.items()]

    def validated_entries(self) -> dict[str, Entry]:
        """The entries by normalised relative path; UserError for a path leaving the root."""
        out: dict[str, Entry] = {}
        for rel, entry in self.entries.items():
            text = str(rel)
            parts = PurePosixPath(text).parts
            if text.startswith("/") or ".." in parts or not text.strip("./"):
                raise UserError(f"Manifest entry path {text!r} must be relative and inside.")
            out[str(PurePosixPath(text))] = entry
        return out

    def _ephemeral(self) -> list[str]:
        return [rel for rel, e in self.iter_entries() if getattr(e, "ephemeral", False)]

    def ephemeral_entry_paths(self, depth: int = 1) -> list[str]:
        """Paths of entries marked ``ephemeral`` (left out of snapshots)."""
        return [p for p in self._ephemeral() if p.count("/") < max(depth, 1) or depth <= 0]

    def ephemeral_persistence_paths(self, depth: int = 1) -> list[str]:
        """Paths a snapshot skips: the ephemeral entries and every mount target."""
        return sorted({*self.ephemeral_entry_paths(depth), *self.mount_targets()})

    def mount_targets(self) -> list[str]:
        """Paths of mount entries."""
        return [rel for rel, e in self.iter_entries() if getattr(e, "is_mount", False)]

    def ephemeral_mount_targets(self) -> list[str]:
        """Mount paths (mounts are never snapshotted)."""
        return self.mount_targets()

    def describe(self, depth: int = 1) -> str:
        """A short text tree of the workspace for instructions."""
        lines = [self.root]
        for rel, entry in self.iter_entries():
            level = rel.count("/")
            if depth > 0 and level >= depth:
                continue
            kind = getattr(entry, "type", "entry")
            note = getattr(entry, "description", None)
            lines.append(f"{'  ' * (level + 1)}{rel.rsplit('/', 1)[-1]} ({kind})")
            if note:
                lines[-1] += f": {note}"
        for grant in self.extra_path_grants:
            mode = "read-only" if grant.read_only else "read-write"
            extra = f": {grant.description}" if grant.description else ""
            lines.append(f"{grant.path} ({mode} grant{extra})")
        return "\n".join(lines)

    def materialize(self, workspace: Path) -> None:
        """Writes every entry into the (empty) host directory ``workspace``."""
        for rel, entry in self.entries.items():
            place_entry(workspace, str(rel), entry)
