"""Sandbox sessions: one live workspace, its commands and its files.

``BaseSandboxSession`` is the session API every client implements (the SDK's):
``exec``, ``read``/``write``, ``ls``/``mkdir``/``rm``/``mv``, ``persist_workspace``
/ ``hydrate_workspace``, ``start``/``stop``/``shutdown``. ``UnixLocalSandboxSession``
is the local client's: the workspace is a host directory; commands run through
the client's confinement (see sandboxes/); file operations run in this process
and go through _paths, which keeps them inside the workspace (or a granted
path). ``SandboxSession`` wraps any session and reports every operation to its
``Instrumentation`` as start/finish events; clients hand out that wrapper.
"""

from __future__ import annotations

import asyncio
import io
import json
import os
import shlex
import shutil
import stat
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from runwright._core.exceptions import UserError
from runwright._sandbox import files as _files
from runwright._sandbox.archive import check_limits, check_tar_limits, extract_archive
from runwright._sandbox.dependencies import Dependencies
from runwright._sandbox.errors import (
    ExposedPortUnavailableError,
    SandboxError,
    SandboxPathError,
    WorkspaceArchiveReadError,
    WorkspaceArchiveWriteError,
    WorkspaceReadNotFoundError,
    WorkspaceWriteTypeError,
)
from runwright._sandbox.events import (
    Instrumentation,
    SandboxSessionFinishEvent,
    SandboxSessionStartEvent,
)
from runwright._sandbox.manifest import DEFAULT_ROOT, Manifest, SandboxPathGrant
from runwright._sandbox.patch import apply_patch
from runwright._sandbox.paths import open_dir, split_workspace_path
from runwright._sandbox.process import ExecResult, check_timeout
from runwright._sandbox.pty import PtyExecUpdate, PtyRegistry, output_tokens, yield_window
from runwright._sandbox.s3 import check_records, saved_records
from runwright._sandbox.s3 import rebind as rebind_mount_copies
from runwright._sandbox.snapshot import SnapshotBase, restore_snapshot, write_snapshot
from runwright._sandbox.types import EntryKind, ExposedPortEndpoint, FileEntry, Permissions, User

if TYPE_CHECKING:
    pass

MAX_API_READ = 64 * 1024 * 1024
"""Bytes ``session.read`` returns at most (read larger files in parts with commands)."""


@dataclass
class SandboxSessionState:
    """The serialisable part of a session: enough to find or rebuild its workspace.

    Stored in RunState JSON under ``"sandbox"``.
    """

    type: str
    session_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    workspace: str = ""
    """The workspace's host directory."""
    root: str = DEFAULT_ROOT
    """Where commands and the model see the workspace. The local client shows it at
    its host directory (as the SDK's does), so this equals :attr:`workspace` there."""
    environment: dict[str, str] = field(default_factory=dict)
    snapshot: str | SnapshotBase | None = None
    """The session's snapshot: a snapshot object, or the path of the last tar written."""
    manifest: Manifest | None = None
    exposed_ports: tuple[int, ...] = ()
    snapshot_fingerprint: str | None = None
    snapshot_fingerprint_version: str | None = None
    workspace_root_ready: bool = False

    workspace_root_owned: bool = True
    """Whether the client made the workspace directory (and removes it on delete);
    False for a ``Manifest(root=...)`` the user chose."""

    persisted_path_grants: tuple[SandboxPathGrant, ...] = ()
    """Path grants read from saved JSON: not trusted until rebound to a manifest you
    give (:meth:`rebind_persisted_path_grants`)."""
    persisted_root_untrusted: bool = False
    """A user-chosen workspace root read from saved JSON: not used until a manifest
    you give names the same root (:meth:`rebind_persisted_path_grants`)."""
    mount_copies: list[dict[str, Any]] = field(default_factory=list)
    """Read-write object-store mount copies to sync back (see _sandbox/s3.py): where,
    which bucket, each object's ETag and hash; never credentials."""

    def __post_init__(self) -> None:
        if self.manifest is None:
            self.manifest = Manifest(root=self.root, environment=dict(self.environment))

    def model_post_init(self, context: Any, /) -> None:
        """Re-runs the state's checks (the SDK's validation hook)."""
        self.__post_init__()

    @classmethod
    def parse(cls, payload: object) -> SandboxSessionState:
        """A state from itself or its JSON dict."""
        if isinstance(payload, SandboxSessionState):
            return payload
        return cls.from_json_dict(payload)

    @classmethod
    def model_validate_json(
        cls,
        json_data: str | bytes,
        *,
        strict: bool | None = None,
        extra: Any = None,
        context: Any = None,
        by_alias: bool | None = None,
        by_name: bool | None = None,
    ) -> SandboxSessionState:
        """A state from its JSON text; UserError if it is not one."""
        try:
            data = json.loads(json_data)
        except ValueError:
            raise UserError("A sandbox session state must be JSON.") from None
        return cls.from_json_dict(data)

    def model_dump_json(self) -> str:
        """The state as JSON text."""
        return json.dumps(self.to_json_dict())

    def rebind_persisted_path_grants(self, trusted_manifest: Manifest | None) -> None:
        """Keeps only the saved path grants that ``trusted_manifest`` (yours) also
        grants, with the manifest's own read-only setting; the rest are dropped. A
        saved user-chosen workspace root is trusted when ``trusted_manifest`` has it too."""
        if trusted_manifest is not None and trusted_manifest.root == self.root:
            self.persisted_root_untrusted = False
        grants = trusted_manifest.extra_path_grants if trusted_manifest else ()
        trusted = {g.path: g for g in grants}
        kept = tuple(trusted[g.path] for g in self.persisted_path_grants if g.path in trusted)
        current = self.manifest or Manifest(root=self.root, environment=dict(self.environment))
        self.manifest = current.model_copy(update={"extra_path_grants": kept})
        self.persisted_path_grants = ()

    def assert_path_grants_rebound(self) -> None:
        """UserError if saved path grants (or a saved user-chosen workspace root) were
        never rebound to a trusted manifest."""
        if self.persisted_root_untrusted:
            raise UserError(
                f"This saved sandbox state names the workspace root {self.root!r}, which its "
                "client did not create; a saved state is not trusted to choose a host "
                "directory. Call rebind_persisted_path_grants(manifest) with your manifest "
                "whose root is that directory (the runner does it with the agent's manifest)."
            )
        if self.persisted_path_grants:
            paths = [g.path for g in self.persisted_path_grants]
            raise UserError(
                f"This saved sandbox state names host path grants {paths}; a saved state is "
                "not trusted to grant host access. Call rebind_persisted_path_grants(manifest) "
                "with your manifest first (the runner does it with the agent's manifest)."
            )

    def rebind_persisted_mount_authority(
        self, trusted_manifest: Manifest | None, *, provider_backend_id: str
    ) -> SandboxSessionState:
        """Binds the saved read-write mount copies (``mount_copies``) to the same mounts
        of ``trusted_manifest`` (yours), whose credentials the sync then uses; returns
        this state. UserError if the manifest lacks one. Saved states hold no credentials."""
        rebind_mount_copies(self, trusted_manifest)
        return self

    def to_json_dict(self) -> dict[str, Any]:
        """Plain JSON data."""
        snap = self.snapshot
        manifest = self.manifest or Manifest()
        return {
            "type": self.type,
            "session_id": self.session_id,
            "workspace": self.workspace,
            "root": self.root,
            "environment": dict(self.environment),
            "snapshot": snap.to_json_dict() if isinstance(snap, SnapshotBase) else snap,
            "extra_path_grants": [
                {"path": g.path, "read_only": g.read_only, "description": g.description}
                for g in (*manifest.extra_path_grants, *self.persisted_path_grants)
            ],
            "exposed_ports": list(self.exposed_ports),
            "workspace_root_ready": self.workspace_root_ready,
            "workspace_root_owned": self.workspace_root_owned,
            **({"mount_copies": saved_records(self.mount_copies)} if self.mount_copies else {}),
        }

    @classmethod
    def from_json_dict(cls, data: Any) -> SandboxSessionState:
        """Reads :meth:`to_json_dict` output; raises UserError on anything else."""
        bad = UserError("RunState 'sandbox' must be a sandbox session state object.")
        if not isinstance(data, dict):
            raise bad
        strings = ("type", "session_id", "workspace", "root")
        if not all(isinstance(data.get(k), str) for k in strings):
            raise bad
        env = data.get("environment", {})
        snap = data.get("snapshot")
        if not isinstance(env, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in env.items()
        ):
            raise bad
        snapshot: str | SnapshotBase | None
        if snap is None or isinstance(snap, str):
            snapshot = snap
        elif isinstance(snap, dict):
            snapshot = SnapshotBase.parse(snap)
        else:
            raise bad
        grants_data = data.get("extra_path_grants") or []
        if not isinstance(grants_data, list) or not all(isinstance(g, dict) for g in grants_data):
            raise bad
        try:
            grants = tuple(
                SandboxPathGrant(
                    path=g["path"],
                    read_only=bool(g.get("read_only", False)),
                    description=g.get("description"),
                )
                for g in grants_data
            )
        except (KeyError, TypeError):
            raise bad from None
        ports = data.get("exposed_ports") or []
        if not isinstance(ports, list) or not all(isinstance(p, int) for p in ports):
            raise bad
        manifest = Manifest(root=data["root"], environment=dict(env))
        owned = data.get("workspace_root_owned", True) is not False
        return cls(
            **{k: data[k] for k in strings},
            environment=dict(env),
            snapshot=snapshot,
            manifest=manifest,
            persisted_path_grants=grants,
            exposed_ports=tuple(ports),
            workspace_root_ready=bool(data.get("workspace_root_ready", False)),
            workspace_root_owned=owned,
            persisted_root_untrusted=not owned,
            mount_copies=check_records(data.get("mount_copies")),
        )


_USER_REFUSAL = (
    "runwright's sandbox runs every command as its one sandbox user; "
    "exec(user=...) is not supported: the sandbox's user namespace maps a single user id "
    "(an unprivileged namespace can map no other, and switching host users would need "
    "root), so there is no other user to run as."
)


_NEAREST = 'p=$1; while [ ! -e "$p" ] && [ ! -L "$p" ]; do p=$(dirname "$p"); done; '
_ACCESS_CHECKS = {
    "read": '[ -r "$1" ]',
    "list": '[ -d "$1" ] && [ -r "$1" ] && [ -x "$1" ]',
    # an existing path must be writable, else the nearest existing directory above it
    "create": _NEAREST + 'if [ "$p" = "$1" ]; then [ -w "$p" ]; '
    'else [ -d "$p" ] && [ -w "$p" ] && [ -x "$p" ]; fi',
    "remove": 'd=$(dirname "$1"); [ -w "$d" ] && [ -x "$d" ]',
    "move": 'd=$(dirname "$1"); [ -w "$d" ] && [ -x "$d" ] || exit 1; set -- "$2"; '
    + _NEAREST
    + 'if [ "$p" = "$1" ]; then p=$(dirname "$1"); fi; [ -d "$p" ] && [ -w "$p" ] && [ -x "$p" ]',
}
"""Shell tests of what a user may do to a path ($1; a move's destination is $2)."""


def _command_text(command: tuple[str | Path, ...], shell: bool | list[str]) -> str:
    if not command:
        raise UserError("exec needs a command.")
    parts = [str(c) for c in command]
    if shell is True:
        return " ".join(parts)
    if shell is False:
        return "exec " + shlex.join(parts)
    if isinstance(shell, list) and all(isinstance(s, str) for s in shell) and shell:
        return "exec " + shlex.join([*shell, " ".join(parts)])
    raise UserError("exec shell= must be True, False or a list of strings like ['bash', '-lc'].")


class BaseSandboxSession:
    """The session API. Subclasses implement ``_run`` (one ``sh -c`` command),
    ``read``, ``write``, ``running``, ``persist_workspace``, ``hydrate_workspace``
    and ``shutdown``; the rest is built on those (and may be overridden)."""

    state: SandboxSessionState

    def __init__(self) -> None:
        self._dependencies: Dependencies | None = None
        self._pre_stop_hooks: list[Callable[[], Awaitable[None]]] = []
        self._skip_paths: set[Path] = set()
        self._started = False

    # ----- lifecycle --------------------------------------------------------------

    async def start(self) -> None:
        """Makes the session ready (idempotent)."""
        self._started = True

    async def stop(self) -> None:
        """Runs the pre-stop hooks; the workspace stays."""
        await self.run_pre_stop_hooks()

    async def shutdown(self) -> None:
        """Ends the session and releases what it holds."""

    async def aclose(self) -> None:
        """``stop`` then ``shutdown``."""
        try:
            await self.stop()
        finally:
            await self.shutdown()

    async def __aenter__(self) -> Any:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: object | None,
    ) -> None:
        await self.aclose()

    def supports_pty(self) -> bool:
        """Whether interactive (pty) commands are available: not on runwright's clients."""
        return False

    def supports_docker_volume_mounts(self) -> bool:
        """Whether Docker volume mounts can be realised: no."""
        return False

    @property
    def dependencies(self) -> Dependencies:
        """Values the session's helpers look up (e.g. a remote snapshot's client)."""
        if self._dependencies is None:
            self._dependencies = Dependencies()
        return self._dependencies

    def set_dependencies(self, dependencies: Dependencies | None) -> None:
        """Replaces the session's dependencies."""
        if dependencies is not None and not isinstance(dependencies, Dependencies):
            raise UserError("set_dependencies takes a Dependencies object.")
        self._dependencies = dependencies

    def register_pre_stop_hook(self, hook: Callable[[], Awaitable[None]]) -> None:
        """An async callable run (once per stop) before the session stops."""
        if not callable(hook):
            raise UserError("A pre-stop hook must be an async callable.")
        self._pre_stop_hooks.append(hook)

    async def run_pre_stop_hooks(self) -> None:
        """Runs the registered pre-stop hooks in order, each even when one before it
        failed; then raises the first failure (as the SDK)."""
        hooks, self._pre_stop_hooks = self._pre_stop_hooks, []
        failure: BaseException | None = None
        for hook in hooks:
            try:
                await hook()
            except BaseException as error:  # e.g. a mount sync conflict: the rest still run
                failure = failure or error
        if failure is not None:
            raise failure

    def register_persist_workspace_skip_path(self, path: Path | str) -> Path:
        """A workspace path :meth:`persist_workspace` leaves out; returns it normalised."""
        rel = self._relative(path)
        self._skip_paths.add(rel)
        return rel

    # ----- paths ------------------------------------------------------------------

    @property
    def _root(self) -> str:
        manifest = self.state.manifest
        return manifest.root if manifest is not None else self.state.root

    def _grants(self) -> tuple[SandboxPathGrant, ...]:
        manifest = self.state.manifest
        return manifest.extra_path_grants if manifest is not None else ()

    def _relative(self, path: Path | str) -> Path:
        parts = split_workspace_path(str(self.normalize_path(path)), self._root)
        return Path(*parts) if parts else Path(".")

    def normalize_path(self, path: Path | str, *, for_write: bool = False) -> Path:
        """The absolute in-sandbox path of ``path`` (relative to the workspace root);
        SandboxPathError if it leaves the workspace and every granted path."""
        text = str(path)
        pure = PurePosixPath(text)
        if ".." in pure.parts:
            raise SandboxPathError(f"Path {text!r} uses '..'; paths must stay inside.")
        full = pure if pure.is_absolute() else PurePosixPath(self._root) / pure
        if full == PurePosixPath(self._root) or PurePosixPath(self._root) in full.parents:
            return Path(str(full))
        for grant in self._grants():
            if full == PurePosixPath(grant.path) or PurePosixPath(grant.path) in full.parents:
                if for_write and grant.read_only:
                    raise WorkspaceArchiveWriteError(
                        path=text, message=f"{text} is in a read-only path grant."
                    )
                return Path(str(full))
        raise SandboxPathError(
            f"Path {text!r} is outside the workspace {self._root}; use a path inside it."
        )

    def describe(self) -> str:
        """A short description of the workspace for instructions."""
        manifest = self.state.manifest or Manifest(root=self._root)
        return manifest.describe()

    # ----- commands -----------------------------------------------------------------

    async def exec(
        self,
        *command: str | Path,
        timeout: float | None = None,
        shell: bool | list[str] = True,
        user: str | User | None = None,
    ) -> ExecResult:
        """Runs ``command`` in the workspace. ``shell=True`` joins the parts into one
        shell command line; ``shell=False`` runs them as an argv; a list such as
        ``["bash", "-lc"]`` runs the joined line through that shell."""
        if user is not None:
            return await self._run_as(_command_text(command, shell), timeout, user)
        return await self._run(_command_text(command, shell), timeout)

    async def _run(self, command: str, timeout: float | None) -> ExecResult:
        raise NotImplementedError

    async def _run_as(self, command: str, timeout: float | None, user: str | User) -> ExecResult:
        """``command`` run as ``user`` (refused unless the session's client can)."""
        raise UserError(_USER_REFUSAL)

    async def resolve_exposed_port(self, port: int) -> ExposedPortEndpoint:
        """Where ``port`` is reachable; the local client exposes none."""
        raise ExposedPortUnavailableError(
            port=port,
            exposed_ports=self.state.exposed_ports,
            reason="runwright's local sandbox has no network and exposes no ports",
        )

    async def pty_exec_start(
        self,
        *command: str | Path,
        timeout: float | None = None,
        shell: bool | list[str] = True,
        user: str | User | None = None,
        tty: bool = False,
        yield_time_s: float | None = None,
        max_output_tokens: int | None = None,
    ) -> PtyExecUpdate:
        """Starts an interactive command (a UserError on sessions without them)."""
        raise UserError(
            f"{type(self).__name__} has no interactive (pty) commands; use exec(), or the "
            "local client (UnixLocalSandboxClient), whose sessions have them."
        )

    async def pty_write_stdin(
        self,
        *,
        session_id: int,
        chars: str,
        yield_time_s: float | None = None,
        max_output_tokens: int | None = None,
    ) -> PtyExecUpdate:
        """Writes to an interactive command (a UserError on sessions without them)."""
        raise UserError(f"{type(self).__name__} has no interactive (pty) commands.")

    async def pty_terminate_all(self) -> None:
        """Ends every interactive command (none on this session)."""

    # ----- files ------------------------------------------------------------------------

    async def read(self, path: Path | str, *, user: str | User | None = None) -> io.IOBase:
        """The file's bytes as a binary stream."""
        raise NotImplementedError

    async def read_bounded(self, path: Path | str, *, max_bytes: int) -> bytes:
        """At most ``max_bytes`` of the file; SandboxError if it is larger."""
        handle = await self.read(Path(str(path)))
        try:
            data = handle.read(max_bytes + 1)
        finally:
            handle.close()
        raw = data.encode() if isinstance(data, str) else bytes(data)
        if len(raw) > max_bytes:
            raise SandboxError(f"{path} is larger than {max_bytes} bytes.")
        return raw

    async def write(
        self, path: Path | str, data: io.IOBase | bytes | str, *, user: str | User | None = None
    ) -> None:
        """Creates or replaces the file with ``data`` (a binary stream, bytes or text)."""
        raise NotImplementedError

    async def running(self) -> bool:
        """Whether the session can still run commands."""
        raise NotImplementedError

    async def persist_workspace(self) -> io.IOBase:
        """A tar stream of the workspace."""
        raise NotImplementedError

    async def hydrate_workspace(self, data: io.IOBase) -> None:
        """Replaces the workspace contents with the tar stream ``data``."""
        raise NotImplementedError

    async def ls(self, path: Path | str, *, user: str | User | None = None) -> list[FileEntry]:
        """The entries of a directory."""
        result = await self.exec("ls", "-la", "--time-style=+", str(path), shell=False)
        if not result.ok():
            raise SandboxError(result.stderr.decode(errors="replace").strip() or "ls failed")
        return []

    async def mkdir(
        self, path: Path | str, *, parents: bool = False, user: str | User | None = None
    ) -> None:
        """Creates a directory (and its parents with ``parents=True``)."""
        args = ["mkdir", *(["-p"] if parents else []), str(self.normalize_path(path))]
        await self._checked(args)

    async def rm(
        self, path: Path | str, *, recursive: bool = False, user: str | User | None = None
    ) -> None:
        """Removes a file (or a directory tree with ``recursive=True``)."""
        await self._checked(["rm", *(["-r"] if recursive else []), str(self.normalize_path(path))])

    async def mv(
        self, source: Path | str, destination: Path | str, *, user: str | User | None = None
    ) -> None:
        """Moves ``source`` to ``destination``."""
        await self._checked(
            ["mv", str(self.normalize_path(source)), str(self.normalize_path(destination))]
        )

    async def same_file(
        self,
        left: Path | str,
        right: Path | str,
        *,
        follow_symlinks: bool = True,
        user: str | User | None = None,
    ) -> bool:
        """Whether both paths name the same file."""
        a, b = str(self.normalize_path(left)), str(self.normalize_path(right))
        result = await self.exec(f"[ {shlex.quote(a)} -ef {shlex.quote(b)} ]")
        return result.exit_code == 0

    async def _checked(self, argv: list[str]) -> None:
        result = await self.exec(*argv, shell=False)
        if not result.ok():
            text = result.stderr.decode(errors="replace").strip()
            raise SandboxError(f"{argv[0]} failed: {text or result.exit_code}")

    async def extract(
        self,
        path: Path | str,
        data: io.IOBase,
        *,
        compression_scheme: str | None = None,
        archive_limits: Any = None,
    ) -> None:
        """Writes the tar or zip archive ``data`` at ``path`` and unpacks it beside it,
        within ``archive_limits`` (default: the run's ``SandboxRunConfig.archive_limits``);
        see runwright/_sandbox/archive.py."""
        limits = check_limits(archive_limits) or self._archive_limits
        await extract_archive(self, path, data, compression_scheme, limits)

    _archive_limits: Any = None
    _concurrency_limits: Any = None

    def _set_archive_limits(self, limits: Any) -> None:
        """The default limits of :meth:`extract` and :meth:`hydrate_workspace`."""
        self._archive_limits = check_limits(limits)
        inner = self.__dict__.get("_inner")
        if inner is not None:
            inner._set_archive_limits(limits)

    def _set_concurrency_limits(self, limits: Any) -> None:
        """How much manifest materialisation runs at once."""
        limits.validate()
        self._concurrency_limits = limits
        inner = self.__dict__.get("_inner")
        if inner is not None:
            inner._set_concurrency_limits(limits)

    async def apply_patch(self, operations: Any, *, patch_format: str = "v4a") -> str:
        """Applies file edits; returns a summary."""
        raise UserError("apply_patch() is not supported by this sandbox session.")

    async def apply_manifest(self, *, only_ephemeral: bool = False) -> Any:
        """Writes the manifest's entries into the workspace."""
        raise UserError("apply_manifest() is not supported by this sandbox session.")

    async def provision_manifest_accounts(self) -> None:
        """Accounts are not provisioned: every command runs as the one sandbox user."""

    def should_provision_manifest_accounts_on_resume(self) -> bool:
        """False: see :meth:`provision_manifest_accounts`."""
        return False


class UnixLocalSandboxSession(BaseSandboxSession):
    """A session of the local client: a host workspace directory.

    Runwright extras: :attr:`workspace` (the host directory), :attr:`root`,
    :meth:`list_dir`, :meth:`search`, :meth:`delete`.
    """

    def __init__(self, state: SandboxSessionState, client: Any) -> None:
        super().__init__()
        self.state = state
        self.client = client
        self.closed = False
        self._ptys = PtyRegistry()

    def supports_pty(self) -> bool:
        """Interactive commands are available (``exec_command(tty=True)``)."""
        return True

    async def pty_exec_start(
        self,
        *command: str | Path,
        timeout: float | None = None,
        shell: bool | list[str] = True,
        user: str | User | None = None,
        tty: bool = False,
        yield_time_s: float | None = None,
        max_output_tokens: int | None = None,
    ) -> PtyExecUpdate:
        """Starts ``command`` (on a terminal made inside the sandbox with ``tty``) and
        returns its output after ``yield_time_s`` (default 10 s, clamped to 0.25-30 s)
        or when it ends. A process still running gets a ``process_id`` for
        :meth:`pty_write_stdin`; it is killed after ``timeout`` (default: the client's
        ``max_timeout`` with a tty, ``timeout`` without) or when the session stops."""
        if self.closed:
            raise UserError("This sandbox session was closed.")
        ids = self.client._user_ids(user) if user is not None else None
        if not isinstance(tty, bool):
            raise UserError("pty_exec_start(tty=...) must be True or False.")
        seconds = yield_window(yield_time_s, 10.0)
        tokens = output_tokens(max_output_tokens)
        lifetime = check_timeout(timeout, self.client.options.max_timeout)
        await self._ptys.make_room()
        live = await self.client._start_live(self, _command_text(command, shell), tty, ids)
        if lifetime is not None:
            live.deadline = time.monotonic() + lifetime
        return await self._ptys.report(live, seconds, tokens, None)

    async def pty_write_stdin(
        self,
        *,
        session_id: int,
        chars: str,
        yield_time_s: float | None = None,
        max_output_tokens: int | None = None,
    ) -> PtyExecUpdate:
        """Sends ``chars`` to a running interactive process (empty: just wait for
        output) and returns what it printed since the last call."""
        if not isinstance(chars, str):
            raise UserError("pty_write_stdin(chars=...) must be a string.")
        live = self._ptys.get(session_id)
        seconds = yield_window(yield_time_s, 0.25, empty_input=not chars)
        tokens = output_tokens(max_output_tokens)
        live.write(chars)
        return await self._ptys.report(live, seconds, tokens, session_id)

    async def pty_terminate_all(self) -> None:
        """Kills every interactive process of this session."""
        await self._ptys.end_all()

    @property
    def root(self) -> str:
        """The workspace path as commands and the model see it."""
        return self.state.root

    @property
    def workspace(self) -> Path:
        """The workspace's host directory."""
        return Path(self.state.workspace)

    async def _run(self, command: str, timeout: float | None) -> ExecResult:
        if self.closed:
            raise UserError("This sandbox session was closed.")
        result: ExecResult = await self.client._exec(self, command, timeout)
        return result

    async def _run_as(self, command: str, timeout: float | None, user: str | User) -> ExecResult:
        """As the SDK's ``sudo -u``: the command runs as that host user (inside the same
        confinement), with that user's rights; possible when the runner is root."""
        if self.closed:
            raise UserError("This sandbox session was closed.")
        ids = self.client._user_ids(user)
        result: ExecResult = await self.client._exec(self, command, timeout, ids)
        return result

    async def running(self) -> bool:
        return not self.closed and self.workspace.is_dir()

    # host locations: (base directory, components below it, grant or None)

    def _host(self, path: Path | str, for_write: bool = False) -> tuple[str, tuple[str, ...]]:
        full = PurePosixPath(str(self.normalize_path(path, for_write=for_write)))
        root = PurePosixPath(self.root)
        if full == root or root in full.parents:
            return str(self.workspace), full.relative_to(root).parts
        for grant in self._grants():
            base = PurePosixPath(grant.path)
            if full == base or base in full.parents:
                return grant.source, full.relative_to(base).parts
        raise SandboxPathError(f"Path {path!s} is outside the workspace.")

    def read_bytes(self, path: str, max_bytes: int | None = None) -> bytes:
        """The file's bytes (at most ``max_bytes``; raises SandboxError past that)."""
        base, parts = self._host(path)
        return _files.read_at(base, parts, max_bytes, str(path))

    def write_bytes(self, path: str, data: bytes | str) -> None:
        """Creates or replaces a file (and its parent directories)."""
        base, parts = self._host(path, for_write=True)
        _files.write_at(self, base, parts, data)

    async def _check_as(self, user: str | User | None, check: str, *paths: Path | str) -> None:
        """With ``user``: whether that user may do the operation (``check``, one of
        _ACCESS_CHECKS), asked by a command run as that user inside the sandbox, as the
        SDK checks ``user=`` file operations; an error when not. The operation itself
        is then done by the runner; what it creates for ``user`` is given to that user."""
        if user is None:
            return
        write = check != "read" and check != "list"
        shown = [str(self.normalize_path(p, for_write=write)) for p in paths]
        command = shlex.join(["sh", "-c", _ACCESS_CHECKS[check], "sh", *shown])
        result = await self._run_as(command, None, user)
        if result.ok():
            return
        name = user.name if isinstance(user, User) else user
        text = f"{check}: user {name!r} may not do this to {', '.join(shown)}"
        error = WorkspaceArchiveWriteError if write else WorkspaceArchiveReadError
        raise error(path=shown[0], message=text + ".", context={"user": name})

    def _exists(self, path: Path | str) -> bool:
        base, parts = self._host(path, for_write=True)
        try:
            with open_dir(base, parts[:-1]) as fd:
                os.stat(parts[-1], dir_fd=fd, follow_symlinks=False)
        except (OSError, SandboxError):
            return False
        return True

    def _give_to(self, user: str | User, path: Path | str) -> None:
        """Makes ``user`` the owner of ``path``, which the runner just created for it."""
        uid, gid = self.client._user_ids(user)
        base, parts = self._host(path, for_write=True)
        with open_dir(base, parts[:-1]) as fd:
            os.chown(parts[-1], uid, gid, dir_fd=fd, follow_symlinks=False)

    async def read(self, path: Path | str, *, user: str | User | None = None) -> io.IOBase:
        await self._check_as(user, "read", path)
        try:
            data = await asyncio.to_thread(self.read_bytes, str(path), MAX_API_READ)
        except SandboxPathError as error:
            if "does not exist" in str(error):
                raise WorkspaceReadNotFoundError(path=path, cause=error) from None
            raise
        return io.BytesIO(data)

    async def write(
        self, path: Path | str, data: io.IOBase | bytes | str, *, user: str | User | None = None
    ) -> None:
        if isinstance(data, (bytes, bytearray, str)):
            raw: bytes | str = bytes(data) if not isinstance(data, str) else data
        elif isinstance(data, io.IOBase) or hasattr(data, "read"):
            payload = data.read()
            if not isinstance(payload, (bytes, bytearray, str)):
                raise WorkspaceWriteTypeError(path=path, actual_type=type(payload).__name__)
            raw = payload if isinstance(payload, str) else bytes(payload)
        else:
            raise WorkspaceWriteTypeError(path=path, actual_type=type(data).__name__)
        await self._check_as(user, "create", path)
        new = user is not None and not await asyncio.to_thread(self._exists, path)
        try:
            await asyncio.to_thread(self.write_bytes, str(path), raw)
        except PermissionError as error:
            raise WorkspaceArchiveWriteError(path=path, cause=error) from None
        if new and user is not None:
            await asyncio.to_thread(self._give_to, user, path)

    def list_dir(self, path: str = ".") -> list[str]:
        """Names in a directory (directories end with ``/``; long listings are capped)."""
        base, parts = self._host(path)
        return _files.list_at(base, parts)

    async def search(self, pattern: str, path: str = ".", max_matches: int = 200) -> list[str]:
        """``file:line: text`` for lines matching ``pattern`` (a regular expression),
        searched in a child process with a deadline."""
        return await _files.search(self, path, pattern, max_matches)

    async def ls(self, path: Path | str, *, user: str | User | None = None) -> list[FileEntry]:
        await self._check_as(user, "list", path)
        base, parts = self._host(path)
        shown = PurePosixPath(str(self.normalize_path(path)))

        def listing() -> list[FileEntry]:
            out: list[FileEntry] = []
            with open_dir(base, parts) as fd, os.scandir(fd) as entries:
                for entry in entries:
                    info = entry.stat(follow_symlinks=False)
                    mode = info.st_mode
                    kind = (
                        EntryKind.DIRECTORY
                        if stat.S_ISDIR(mode)
                        else EntryKind.SYMLINK
                        if stat.S_ISLNK(mode)
                        else EntryKind.FILE
                        if stat.S_ISREG(mode)
                        else EntryKind.OTHER
                    )
                    out.append(
                        FileEntry(
                            path=str(shown / entry.name),
                            permissions=Permissions.from_mode(mode),
                            owner=str(info.st_uid),
                            group=str(info.st_gid),
                            size=info.st_size,
                            kind=kind,
                        )
                    )
            return sorted(out, key=lambda e: e.path)

        return await asyncio.to_thread(listing)

    async def mkdir(
        self, path: Path | str, *, parents: bool = False, user: str | User | None = None
    ) -> None:
        await self._check_as(user, "create", path)
        new = user is not None and not await asyncio.to_thread(self._exists, path)
        base, parts = self._host(path, for_write=True)
        owner = self.client._host_uid()

        def make() -> None:
            if parents:
                with open_dir(base, parts, create=True, owner=owner):
                    return
            if not parts:
                return
            with open_dir(base, parts[:-1]) as fd:
                try:
                    os.mkdir(parts[-1], 0o755, dir_fd=fd)
                except FileExistsError:
                    if not stat.S_ISDIR(os.stat(parts[-1], dir_fd=fd).st_mode):
                        raise SandboxError(f"{path} exists and is not a directory.") from None
                    return
                if owner is not None:
                    os.chown(parts[-1], owner, owner, dir_fd=fd, follow_symlinks=False)

        await asyncio.to_thread(make)
        if new and user is not None and parts:
            await asyncio.to_thread(self._give_to, user, path)

    async def rm(
        self, path: Path | str, *, recursive: bool = False, user: str | User | None = None
    ) -> None:
        base, parts = self._host(path, for_write=True)
        if not parts:
            raise SandboxPathError("rm() cannot remove the workspace root itself.")
        await self._check_as(user, "remove", path)

        def remove() -> None:
            with open_dir(base, parts[:-1]) as fd:
                try:
                    info = os.stat(parts[-1], dir_fd=fd, follow_symlinks=False)
                except FileNotFoundError:
                    raise WorkspaceReadNotFoundError(path=path) from None
                if stat.S_ISDIR(info.st_mode):
                    if recursive:
                        # rmtree walks by fd and refuses a symlink at the top; the
                        # /proc path pins the parent directory already opened safely.
                        shutil.rmtree(f"/proc/self/fd/{fd}/{parts[-1]}")
                    else:
                        os.rmdir(parts[-1], dir_fd=fd)
                else:
                    os.unlink(parts[-1], dir_fd=fd)

        await asyncio.to_thread(remove)

    async def mv(
        self, source: Path | str, destination: Path | str, *, user: str | User | None = None
    ) -> None:
        src_base, src = self._host(source, for_write=True)
        dst_base, dst = self._host(destination, for_write=True)
        if not src or not dst:
            raise SandboxPathError("mv() cannot move the workspace root.")
        await self._check_as(user, "move", source, destination)

        def move() -> None:
            with open_dir(src_base, src[:-1]) as a, open_dir(dst_base, dst[:-1]) as b:
                os.rename(src[-1], dst[-1], src_dir_fd=a, dst_dir_fd=b)

        await asyncio.to_thread(move)

    async def apply_patch(self, operations: Any, *, patch_format: str = "v4a") -> str:
        """Applies ``*** Begin Patch`` text, ``ApplyPatchOperation`` objects or their
        dicts (or a list of these), all or nothing; returns one line per operation."""
        if patch_format != "v4a":
            raise UserError(f"apply_patch: patch_format must be 'v4a', not {patch_format!r}.")
        return await asyncio.to_thread(apply_patch, self, operations)

    async def persist_workspace(self) -> io.IOBase:
        with tempfile.TemporaryDirectory(prefix="runwright-persist-") as tmp:
            dest = Path(tmp) / "workspace.tar"
            await write_snapshot(self.workspace, dest)
            return io.BytesIO(await asyncio.to_thread(dest.read_bytes))

    async def hydrate_workspace(self, data: io.IOBase) -> None:
        with tempfile.TemporaryDirectory(prefix="runwright-hydrate-") as tmp:
            src = Path(tmp) / "workspace.tar"
            payload = data.read()
            await asyncio.to_thread(src.write_bytes, bytes(payload))
            limits = self._archive_limits  # SandboxArchiveLimits of the run, if any
            await asyncio.to_thread(check_tar_limits, Path(self.root), src, limits)
            staging = Path(tempfile.mkdtemp(prefix=".hydrate-", dir=self.workspace.parent))
            try:
                await restore_snapshot(src, staging)
                await asyncio.to_thread(_swap_contents, self.workspace, staging)
                self.client._give_to_sandbox(self.workspace)
            finally:
                shutil.rmtree(staging, ignore_errors=True)

    async def stop(self) -> None:
        """Ends every process the session started and, when the session has a
        snapshot (``create(snapshot=...)``), persists the workspace to it; the
        workspace stays.

        A pre-stop hook that fails (e.g. a mount's sync finding a conflict) does not
        stop the rest: the processes still end and the workspace is still saved, then
        the hook's error is raised.
        """
        hook_error: Exception | None = None
        try:
            await super().stop()
        except Exception as error:
            hook_error = error
        finally:
            await self._ptys.end_all()
            await self.client._stop(self)
        snapshot = self.state.snapshot
        if isinstance(snapshot, SnapshotBase) and not self.closed:
            stream = await self.persist_workspace()
            await snapshot.persist(stream, dependencies=self.dependencies)
        if hook_error is not None:
            raise hook_error

    async def shutdown(self) -> None:
        """Ends every process and closes the session; the workspace stays (as the
        SDK's: ``client.delete(session)`` removes it, or :meth:`delete`), so
        ``client.resume(session.state)`` can continue in it."""
        if self.closed:
            return
        await self._ptys.end_all()
        await self.client._stop(self)
        self.closed = True

    async def delete(self) -> None:
        """Shuts the session down and removes its workspace when the client made it
        (a ``Manifest(root=...)`` directory you chose is left in place)."""
        await self.shutdown()
        if self.state.workspace_root_owned:
            await asyncio.to_thread(shutil.rmtree, self.workspace, True)

    def chown(self, fd: int) -> None:
        """Gives a file the host process created to the sandbox user (when we are root)."""
        uid = self.client._host_uid()
        if uid is not None:
            os.fchown(fd, uid, uid)


def _swap_contents(workspace: Path, staging: Path) -> None:
    """Replaces what ``workspace`` holds with what ``staging`` holds."""
    for child in list(workspace.iterdir()):
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()
    for child in staging.iterdir():
        os.rename(child, workspace / child.name)


class SandboxSession(BaseSandboxSession):
    """A session as clients hand it out: wraps a session and reports each of its
    operations to ``instrumentation`` as a start and a finish event."""

    def __init__(
        self,
        inner: BaseSandboxSession,
        *,
        instrumentation: Instrumentation | None = None,
        dependencies: Dependencies | None = None,
    ) -> None:
        super().__init__()
        if not isinstance(inner, BaseSandboxSession):
            raise UserError("SandboxSession wraps a BaseSandboxSession.")
        self._inner = inner
        self._instrumentation = instrumentation or Instrumentation()
        self._seq = 0
        if dependencies is not None:
            inner.set_dependencies(dependencies)
        self._instrumentation.bind(self)

    def __getattr__(self, name: str) -> Any:
        # Client-specific extras (workspace, root, closed, list_dir, search, ...).
        if name.startswith("__") or name == "_inner":
            raise AttributeError(name)
        return getattr(self._inner, name)

    @property
    def inner(self) -> BaseSandboxSession:
        """The wrapped session."""
        return self._inner

    @property
    def state(self) -> SandboxSessionState:  # type: ignore[override]
        return self._inner.state

    @property
    def instrumentation(self) -> Instrumentation:
        """Where this session's events go."""
        return self._instrumentation

    @property
    def dependencies(self) -> Dependencies:
        return self._inner.dependencies

    def set_dependencies(self, dependencies: Dependencies | None) -> None:
        self._inner.set_dependencies(dependencies)

    def normalize_path(self, path: Path | str, *, for_write: bool = False) -> Path:
        return self._inner.normalize_path(path, for_write=for_write)

    def register_persist_workspace_skip_path(self, path: Path | str) -> Path:
        return self._inner.register_persist_workspace_skip_path(path)

    def register_pre_stop_hook(self, hook: Callable[[], Awaitable[None]]) -> None:
        self._inner.register_pre_stop_hook(hook)

    async def run_pre_stop_hooks(self) -> None:
        await self._inner.run_pre_stop_hooks()  # the hooks are registered there

    def supports_pty(self) -> bool:
        return self._inner.supports_pty()

    def describe(self) -> str:
        return self._inner.describe()

    async def _op(self, op: str, data: dict[str, object], call: Awaitable[Any]) -> Any:
        if not self._instrumentation.sinks:
            return await call
        self._seq += 1
        seq, span = self._seq, uuid.uuid4().hex[:16]
        sid = str(self.state.session_id)
        start_event = SandboxSessionStartEvent(
            session_id=sid, seq=seq, op=op, span_id=span, data=data
        )
        await self._instrumentation.emit(start_event)
        began = time.monotonic()
        try:
            result = await call
        except BaseException as error:
            code = getattr(error, "error_code", None)
            await self._instrumentation.emit(
                SandboxSessionFinishEvent(
                    session_id=sid,
                    seq=seq,
                    op=op,
                    span_id=span,
                    data=data,
                    ok=False,
                    duration_ms=(time.monotonic() - began) * 1000,
                    error_code=str(getattr(code, "value", code)) if code else None,
                    error_type=type(error).__name__,
                    error_message=str(error),
                    error_retryable=getattr(error, "retryable", None),
                )
            )
            raise
        finish = SandboxSessionFinishEvent(
            session_id=sid,
            seq=seq,
            op=op,
            span_id=span,
            data=data,
            ok=not isinstance(result, ExecResult) or result.ok(),
            duration_ms=(time.monotonic() - began) * 1000,
        )
        if isinstance(result, ExecResult):
            finish.data = {**data, "exit_code": result.exit_code}
            finish.stdout_bytes, finish.stderr_bytes = result.stdout, result.stderr
        await self._instrumentation.emit(finish)
        return result

    async def start(self) -> None:
        await self._op("start", {}, self._inner.start())

    async def stop(self) -> None:
        await self._op("stop", {}, self._inner.stop())

    async def shutdown(self) -> None:
        await self._op("shutdown", {}, self._inner.shutdown())
        await self._instrumentation.flush()

    async def exec(
        self,
        *command: str | Path,
        timeout: float | None = None,
        shell: bool | list[str] = True,
        user: str | User | None = None,
    ) -> ExecResult:
        argv = [str(c) for c in command]
        call = self._inner.exec(*command, timeout=timeout, shell=shell, user=user)
        result: ExecResult = await self._op("exec", {"command": argv}, call)
        return result

    async def pty_exec_start(
        self,
        *command: str | Path,
        timeout: float | None = None,
        shell: bool | list[str] = True,
        user: str | User | None = None,
        tty: bool = False,
        yield_time_s: float | None = None,
        max_output_tokens: int | None = None,
    ) -> PtyExecUpdate:
        return await self._inner.pty_exec_start(
            *command,
            timeout=timeout,
            shell=shell,
            user=user,
            tty=tty,
            yield_time_s=yield_time_s,
            max_output_tokens=max_output_tokens,
        )

    async def pty_write_stdin(
        self,
        *,
        session_id: int,
        chars: str,
        yield_time_s: float | None = None,
        max_output_tokens: int | None = None,
    ) -> PtyExecUpdate:
        return await self._inner.pty_write_stdin(
            session_id=session_id,
            chars=chars,
            yield_time_s=yield_time_s,
            max_output_tokens=max_output_tokens,
        )

    async def pty_terminate_all(self) -> None:
        await self._inner.pty_terminate_all()

    async def read(self, path: Path | str, *, user: str | User | None = None) -> io.IOBase:
        handle: io.IOBase = await self._op(
            "read", {"path": str(path)}, self._inner.read(path, user=user)
        )
        return handle

    async def read_bounded(self, path: Path | str, *, max_bytes: int) -> bytes:
        return await self._inner.read_bounded(path, max_bytes=max_bytes)

    async def write(
        self, path: Path | str, data: io.IOBase | bytes | str, *, user: str | User | None = None
    ) -> None:
        await self._op("write", {"path": str(path)}, self._inner.write(path, data, user=user))

    async def running(self) -> bool:
        return await self._inner.running()

    async def ls(self, path: Path | str, *, user: str | User | None = None) -> list[FileEntry]:
        entries: list[FileEntry] = await self._op(
            "ls", {"path": str(path)}, self._inner.ls(path, user=user)
        )
        return entries

    async def mkdir(
        self, path: Path | str, *, parents: bool = False, user: str | User | None = None
    ) -> None:
        call = self._inner.mkdir(path, parents=parents, user=user)
        await self._op("mkdir", {"path": str(path)}, call)

    async def rm(
        self, path: Path | str, *, recursive: bool = False, user: str | User | None = None
    ) -> None:
        call = self._inner.rm(path, recursive=recursive, user=user)
        await self._op("rm", {"path": str(path)}, call)

    async def mv(
        self, source: Path | str, destination: Path | str, *, user: str | User | None = None
    ) -> None:
        call = self._inner.mv(source, destination, user=user)
        await self._op("mv", {"source": str(source), "destination": str(destination)}, call)

    async def same_file(
        self,
        left: Path | str,
        right: Path | str,
        *,
        follow_symlinks: bool = True,
        user: str | User | None = None,
    ) -> bool:
        return await self._inner.same_file(left, right, follow_symlinks=follow_symlinks, user=user)

    async def apply_patch(self, operations: Any, *, patch_format: str = "v4a") -> str:
        summary: str = await self._op(
            "apply_patch", {}, self._inner.apply_patch(operations, patch_format=patch_format)
        )
        return summary

    async def persist_workspace(self) -> io.IOBase:
        stream: io.IOBase = await self._op("persist_workspace", {}, self._inner.persist_workspace())
        return stream

    async def hydrate_workspace(self, data: io.IOBase) -> None:
        await self._op("hydrate_workspace", {}, self._inner.hydrate_workspace(data))

    async def resolve_exposed_port(self, port: int) -> ExposedPortEndpoint:
        return await self._inner.resolve_exposed_port(port)

    async def apply_manifest(self, *, only_ephemeral: bool = False) -> Any:
        return await self._inner.apply_manifest(only_ephemeral=only_ephemeral)
