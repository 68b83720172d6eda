"""The local client: a workspace directory on this machine, commands confined by bubblewrap.

Unlike the SDK's unix-local client (which runs commands with the user's full
rights), this one confines every command: new user, mount, PID, IPC and UTS
namespaces, no network unless allowed, the host filesystem read-only (only the
listed paths), the workspace the only writable place (seen at its host path, so
``state.manifest.root`` names it for commands and host alike, as with the SDK's
client), a minimal environment,
``--die-with-parent`` and resource limits. When bubblewrap or user namespaces
are unavailable it refuses with a UserError — never silently unconfined.
``UnixLocalSandboxClientOptions(unconfined=True)`` is the explicit opt-out.
"""

from __future__ import annotations

import asyncio
import logging
import os
import pwd
import shlex
import shutil
import sys
import tempfile
import time
import uuid
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from runwright._core.exceptions import UserError
from runwright._sandbox.dependencies import Dependencies
from runwright._sandbox.events import Instrumentation
from runwright._sandbox.manifest import DEFAULT_ROOT, Manifest, SandboxPathGrant
from runwright._sandbox.process import (
    ExecResult,
    check_timeout,
    guard_argv,
    kill_group,
    run_command,
)
from runwright._sandbox.pty import LiveProcess
from runwright._sandbox.s3 import attach as attach_s3
from runwright._sandbox.s3 import copy_s3_mounts, restore_copies, split_s3_mounts
from runwright._sandbox.s3 import resume as resume_s3
from runwright._sandbox.sandbox_client import BaseSandboxClient
from runwright._sandbox.sandboxes.bwrap import (
    BASE_ENV,
    DEFAULT_HOST_PATHS,
    INSTALL_HINT,
    SandboxLimits,
    bwrap_argv,
    setpriv_argv,
    tool_path,
)
from runwright._sandbox.session import (
    SandboxSession,
    SandboxSessionState,
    UnixLocalSandboxSession,
)
from runwright._sandbox.snapshot import (
    SnapshotBase,
    SnapshotSpec,
    resolve_snapshot,
    restore_snapshot,
)
from runwright._sandbox.types import User

logger = logging.getLogger("runwright.sandbox")

_PREFIX = "runwright-sandbox-"
UNCONFINED_WARNING = (
    "runwright sandbox is UNCONFINED (unconfined=True): commands run as your own user with "
    "full network access and can read and write every file you can; only the file tools stay "
    "inside the workspace. Use this for trusted development only."
)


@dataclass(frozen=True)
class UnixLocalSandboxClientOptions:
    """How the local client confines commands.

    Args:
        network: Allow network access (default: none, not even loopback to the host).
        host_paths: Host paths mounted read-only inside the sandbox.
        limits: CPU, memory, process, file-size and open-file limits per command.
        timeout: Default wall-clock seconds per command (the process tree is killed).
        max_timeout: Upper bound on a timeout the model asks for.
        max_output_bytes: Bytes kept per stream (head and tail halves).
        sandbox_uid: Host uid commands run as when this process is root (so the
            process limit applies; root is exempt from it).
        workspace_base: Where workspaces are created (default: the temp directory).
        unconfined: Run commands without bubblewrap. Gives up every OS-level
            confinement above except the environment and the resource limits.
    """

    network: bool = False
    host_paths: tuple[str, ...] = DEFAULT_HOST_PATHS
    limits: SandboxLimits = field(default_factory=SandboxLimits)
    timeout: float = 60.0
    max_timeout: float = 600.0
    max_output_bytes: int = 64 * 1024
    sandbox_uid: int = 65534
    workspace_base: str | None = None
    unconfined: bool = False
    type: str = "unix_local"
    exposed_ports: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        if self.exposed_ports:
            raise UserError(
                "UnixLocalSandboxClientOptions(exposed_ports=...) is not supported: the "
                "confined local sandbox has no network to expose ports on."
            )
        for name in ("timeout", "max_timeout"):
            value = getattr(self, name)
            if (
                isinstance(value, bool)
                or not isinstance(value, (int, float))
                or not (0 < value < float("inf"))
            ):
                raise UserError(f"UnixLocalSandboxClientOptions.{name} must be a positive number.")

    @classmethod
    def parse(cls, payload: object) -> UnixLocalSandboxClientOptions:
        """Options from themselves or a dict of their fields."""
        if isinstance(payload, cls):
            return payload
        if isinstance(payload, dict):
            try:
                return cls(**payload)
            except TypeError as error:
                raise UserError(f"Invalid UnixLocalSandboxClientOptions: {error}.") from None
        raise UserError("UnixLocalSandboxClientOptions must be options or a dict of them.")


@dataclass
class UnixLocalSandboxSessionState(SandboxSessionState):
    """The local client's session state (``workspace`` is the host directory)."""

    type: str = "unix_local"
    workspace_root_owned: bool = True


class UnixLocalSandboxClient(BaseSandboxClient[UnixLocalSandboxClientOptions]):
    """Creates, resumes and deletes local sandbox sessions (the default client on Linux).

    Args:
        options: How commands are confined (also accepted per session by ``create``).
        instrumentation: Where the sessions' events go.
        dependencies: Values the sessions' helpers look up (e.g. a remote snapshot's client).
        inherit_host_environment: Unconfined mode only: commands inherit this process's
            environment. Confined commands never do (only ``host_environment_allowlist``).
        host_environment_allowlist: Host variables passed to every command.
    """

    type = "unix_local"
    backend_id = "unix_local"

    def __init__(
        self,
        options: UnixLocalSandboxClientOptions | None = None,
        *,
        instrumentation: Instrumentation | None = None,
        dependencies: Dependencies | None = None,
        inherit_host_environment: bool = True,
        host_environment_allowlist: Collection[str] | None = None,
    ) -> None:
        if options is not None and not isinstance(options, UnixLocalSandboxClientOptions):
            raise UserError("UnixLocalSandboxClient options must be UnixLocalSandboxClientOptions.")
        if instrumentation is not None and not isinstance(instrumentation, Instrumentation):
            raise UserError("UnixLocalSandboxClient instrumentation must be an Instrumentation.")
        if dependencies is not None and not isinstance(dependencies, Dependencies):
            raise UserError("UnixLocalSandboxClient dependencies must be a Dependencies object.")
        self.options = options or UnixLocalSandboxClientOptions()
        self.instrumentation = instrumentation
        self.dependencies = dependencies
        self.inherit_host_environment = inherit_host_environment
        self.host_environment_allowlist = tuple(host_environment_allowlist or ())
        self._probed = False
        self._groups: dict[str, set[int]] = {}
        if self.options.unconfined:
            logger.warning(UNCONFINED_WARNING)

    @property
    def base(self) -> Path:
        """The directory holding this client's workspaces."""
        return Path(self.options.workspace_base or tempfile.gettempdir())

    async def create(
        self,
        *,
        snapshot: SnapshotSpec | SnapshotBase | None = None,
        manifest: Manifest | None = None,
        options: UnixLocalSandboxClientOptions | None = None,
    ) -> SandboxSession:
        """A fresh session with ``manifest`` materialised in a new workspace.

        ``snapshot`` says where the workspace is kept when the session is stopped
        or paused (a ``LocalSnapshotSpec``/``RemoteSnapshotSpec`` or a snapshot);
        ``options`` replaces this client's options for this session.
        """
        if options is not None:
            if not isinstance(options, UnixLocalSandboxClientOptions):
                raise UserError("create(options=...) must be UnixLocalSandboxClientOptions.")
            client = UnixLocalSandboxClient(
                options,
                instrumentation=self.instrumentation,
                dependencies=self.dependencies,
                inherit_host_environment=self.inherit_host_environment,
                host_environment_allowlist=self.host_environment_allowlist,
            )
            return await client.create(snapshot=snapshot, manifest=manifest)
        manifest = manifest if manifest is not None else Manifest()
        if not isinstance(manifest, Manifest):
            raise UserError("create(manifest=...) must be a Manifest.")
        await self._probe()
        # As the SDK's client: the default root gets a new directory of this client's
        # (removed by delete); any other root is that host directory itself, made if
        # missing and left in place by delete. Commands see the workspace at that same
        # absolute path (bubblewrap binds it there), so the model's paths, `pwd` and
        # state.manifest.root all name the host directory.
        owned = manifest.root == DEFAULT_ROOT
        made = owned
        if owned:
            workspace = self._new_workspace()
        else:
            workspace, made = await asyncio.to_thread(
                _chosen_root, manifest.root, self.options.host_paths
            )
        try:
            plain, s3_mounts = split_s3_mounts(manifest)  # S3: copied in, see _sandbox/s3.py
            await asyncio.to_thread(plain.materialize, workspace)
            s3_copies = await copy_s3_mounts(s3_mounts, workspace)
            self._give_to_sandbox(workspace)
        except BaseException:
            if made:
                shutil.rmtree(workspace, ignore_errors=True)
            raise
        session = self._session(workspace, manifest.environment, None, manifest, owned)
        attach_s3(session, s3_copies)
        if snapshot is not None:
            session.state.snapshot = resolve_snapshot(snapshot, session.state.session_id)
        return session

    async def delete(self, session: SandboxSession) -> SandboxSession:
        """Stops ``session``'s processes and removes its workspace when this client
        made it (not a ``Manifest(root=...)`` directory you chose); returns it."""
        if not isinstance(session, (SandboxSession, UnixLocalSandboxSession)):
            raise UserError("delete() takes a session this client created.")
        inner = session.inner if isinstance(session, SandboxSession) else session
        if not isinstance(inner, UnixLocalSandboxSession):
            raise UserError("delete() takes a session this client created.")
        await session.shutdown()
        await inner.delete()
        return session

    def deserialize_session_state(self, payload: dict[str, object]) -> SandboxSessionState:
        state = SandboxSessionState.from_json_dict(payload)
        if state.type != self.type:
            raise UserError(f"This sandbox state is for a {state.type!r} client, not unix_local.")
        return state

    async def resume(self, state: SandboxSessionState) -> SandboxSession:
        """The session ``state`` describes: its workspace if it still exists here, else
        a new workspace restored from its snapshot."""
        if not isinstance(state, SandboxSessionState):
            raise UserError("resume() takes a SandboxSessionState.")
        if state.type != self.type:
            raise UserError(f"This sandbox state is for a {state.type!r} client, not unix_local.")
        state.assert_path_grants_rebound()
        mount_copies = restore_copies(state)  # read-write mount copies: UserError unless rebound
        await self._probe()
        owned = state.workspace_root_owned
        workspace = Path(state.workspace)
        if owned:
            # runwright states from before the workspace was shown at its host path
            # have root "/workspace": the workspace is the same, now seen where it is.
            same = state.root in (state.workspace, DEFAULT_ROOT)
            if not (same and self._is_ours(workspace)):
                # the SDK recreates a gone workspace at the same path; so does this
                # client when the path is one it could have made, else a new one
                gone = not await asyncio.to_thread(os.path.lexists, workspace)
                again = self._named_like_ours(workspace) and gone
                workspace = await self._restore(state, workspace if again else None)
        else:
            if state.root != state.workspace:
                raise UserError(
                    "This sandbox state names two different workspace directories "
                    f"({state.root!r} and {state.workspace!r}); it was not written by "
                    "this client."
                )
            workspace, made = await asyncio.to_thread(
                _chosen_root, state.root, self.options.host_paths
            )
            if made:
                try:
                    await self._restore(state, workspace)
                except BaseException:
                    shutil.rmtree(workspace, ignore_errors=True)
                    raise
        session = self._session(
            workspace, state.environment, state.session_id, state.manifest, owned
        )
        session.state.snapshot = state.snapshot
        await resume_s3(session, mount_copies, workspace)  # refreshed, synced at the next stop
        return session

    async def _restore(self, state: SandboxSessionState, into: Path | None = None) -> Path:
        """The snapshot of ``state`` restored into ``into`` (made here, or an existing
        empty directory) or a new workspace of this client."""
        snap = state.snapshot
        if snap is None:
            raise UserError(
                f"The sandbox workspace {state.workspace} is gone and the run has no snapshot; "
                "configure SandboxRunConfig(snapshot=LocalSnapshotSpec(...)) to resume "
                "runs elsewhere."
            )
        workspace = into if into is not None else self._new_workspace()
        if into is not None:
            try:
                workspace.mkdir(exist_ok=True)
            except OSError as error:
                raise UserError(
                    f"The sandbox cannot recreate its workspace {str(workspace)!r}: "
                    f"{error.strerror or error}."
                ) from None
        try:
            if isinstance(snap, SnapshotBase):
                deps = self.dependencies or Dependencies()
                if not await snap.restorable(dependencies=deps):
                    raise UserError(f"The sandbox snapshot {snap.id!r} cannot be found.")
                stream = await snap.restore(dependencies=deps)
                with tempfile.TemporaryDirectory(prefix="runwright-restore-") as tmp:
                    tar = Path(tmp) / "snapshot.tar"
                    await asyncio.to_thread(_save_stream, stream, tar)
                    await restore_snapshot(tar, workspace)
            else:
                await restore_snapshot(Path(snap), workspace)
            self._give_to_sandbox(workspace)
        except BaseException:
            shutil.rmtree(workspace, ignore_errors=True)  # a refused restore leaves nothing
            raise
        return workspace

    def _session(
        self,
        workspace: Path,
        env: dict[str, str],
        session_id: str | None = None,
        manifest: Manifest | None = None,
        owned: bool = True,
    ) -> SandboxSession:
        root = str(workspace)  # commands see the workspace where it is on the host
        grants = manifest.extra_path_grants if manifest is not None else ()
        state = UnixLocalSandboxSessionState(
            type=self.type,
            session_id=session_id or uuid.uuid4().hex,
            workspace=str(workspace),
            root=root,
            environment=dict(env),
            manifest=Manifest(root=root, environment=dict(env), extra_path_grants=grants),
            workspace_root_ready=True,
            workspace_root_owned=owned,
        )
        inner = UnixLocalSandboxSession(state, self)
        if self.dependencies is not None:
            inner.set_dependencies(self.dependencies)
        return SandboxSession(inner, instrumentation=self.instrumentation)

    def _new_workspace(self) -> Path:
        """A new empty workspace directory under :attr:`base` (made if missing)."""
        try:
            self.base.mkdir(parents=True, exist_ok=True)
            return Path(tempfile.mkdtemp(prefix=_PREFIX, dir=self.base))
        except OSError as error:
            raise UserError(
                f"The sandbox cannot create a workspace under workspace_base {str(self.base)!r}: "
                f"{error.strerror or error}. Point workspace_base at a writable directory."
            ) from None

    async def _discard(self, state: SandboxSessionState) -> None:
        """Removes the workspace of a saved session that is not live (a finished run's
        session of an agent it never went back to), when this client made it."""
        workspace = Path(state.workspace)
        if state.workspace_root_owned and self._is_ours(workspace):
            await asyncio.to_thread(shutil.rmtree, workspace, True)

    def _named_like_ours(self, workspace: Path) -> bool:
        return workspace.parent == self.base and workspace.name.startswith(_PREFIX)

    def _is_ours(self, workspace: Path) -> bool:
        # A RunState names its workspace; only a directory this client could have made
        # is reused (a tampered state must not get "/" mounted writable).
        return (
            self._named_like_ours(workspace) and workspace.is_dir() and not workspace.is_symlink()
        )

    def _host_uid(self) -> int | None:
        if self.options.unconfined or os.geteuid() != 0:
            return None
        return self.options.sandbox_uid

    def _user_ids(self, user: str | User) -> tuple[int, int]:
        """The host uid and gid ``exec(user=...)`` runs a command as (the SDK runs
        ``sudo -u <user>``): possible only when this process is root, never root itself."""
        name = user.name if isinstance(user, User) else user
        if not isinstance(name, str) or not name:
            raise UserError("exec(user=...) must name a user (a str or a User).")
        if os.geteuid() != 0:
            raise UserError(
                f"exec(user={name!r}) needs the runner to run as root: the command is switched "
                "to that host user (setpriv) before bubblewrap confines it, and this process "
                f"runs as uid {os.geteuid()}. An unprivileged sandbox has one user only "
                "(its user namespace cannot map another without newuidmap and /etc/subuid)."
            )
        try:
            entry = pwd.getpwnam(name)
        except KeyError:
            raise UserError(
                f"exec(user={name!r}): there is no such user on this machine."
            ) from None
        if entry.pw_uid == 0 or entry.pw_gid == 0:
            raise UserError(
                f"exec(user={name!r}) is refused: that user is root (uid or gid 0) on the host, "
                "which the sandbox never runs commands as."
            )
        return entry.pw_uid, entry.pw_gid

    def _give_to_sandbox(self, workspace: Path) -> None:
        uid = self._host_uid()
        if uid is None:
            return
        for dirpath, dirnames, filenames in os.walk(workspace):
            os.lchown(dirpath, uid, uid)
            for name in dirnames + filenames:
                os.lchown(os.path.join(dirpath, name), uid, uid)

    async def _probe(self) -> None:
        if self._probed or self.options.unconfined:
            return
        if not sys.platform.startswith("linux"):
            raise UserError(f"The confined local sandbox needs Linux. {INSTALL_HINT}")
        probe = self._new_workspace()
        try:
            self._give_to_sandbox(probe)
            argv = self._argv(str(probe), str(probe), "true")
            result = await run_command(
                argv,
                env=dict(BASE_ENV),
                cwd="/",
                timeout=30,
                max_output_bytes=4096,
            )
        finally:
            shutil.rmtree(probe, ignore_errors=True)
        if not result.ok():
            raise UserError(
                "bubblewrap could not create the sandbox's namespaces here: "
                f"{result.stderr.decode(errors='replace').strip()}. Enable unprivileged user "
                "namespaces (sysctl kernel.unprivileged_userns_clone=1, "
                "user.max_user_namespaces > 0, and on Ubuntu 24.04+ "
                f"kernel.apparmor_restrict_unprivileged_userns=0). {INSTALL_HINT}"
            )
        self._probed = True

    def _argv(
        self,
        workspace: str,
        root: str,
        command: str,
        grants: tuple[SandboxPathGrant, ...] = (),
        as_user: tuple[int, int] | None = None,
    ) -> list[str]:
        opts = self.options
        inner = [*opts.limits.prlimit_argv(), "/bin/sh", "-c", command]
        # Every command line starts with a guard (see process.guard_argv) that kills
        # the command's process group as soon as the runner's guard pipe closes, i.e.
        # when the runner is gone, however it died: a parent-death signal alone can
        # come too late (the runner killed between fork and prctl, or cleared by the
        # uid change), and bwrap's outer process can then wait forever on its child.
        uid, gid = as_user if as_user is not None else (self._host_uid(), None)
        if opts.unconfined:
            return [*guard_argv(False), *setpriv_argv(uid if as_user else None, gid), *inner]
        for grant in grants:
            if not os.path.exists(grant.source):
                raise UserError(f"SandboxPathGrant {grant.path!r}: no such host path.")
        binds = tuple((g.source, g.path, g.read_only) for g in grants)
        # as another user (exec(user=...)), the command sees its own ids, as under sudo
        ids = as_user if as_user is not None else (1000, 1000)
        argv = bwrap_argv(workspace, root, opts.host_paths, opts.network, binds, ids)
        # Inside, a second guard kills the whole PID namespace the same way.
        argv += ["--", *guard_argv(True), *inner]
        # setpriv gives bwrap a parent-death SIGKILL and drops root (rather than
        # Popen(user=...), which would fork the whole interpreter instead of vfork-ing).
        outer = guard_argv(False, pass_stdin=True)
        return [*outer, *setpriv_argv(uid, gid), *argv]

    async def _exec(
        self,
        session: UnixLocalSandboxSession,
        command: str,
        timeout: float | None,
        as_user: tuple[int, int] | None = None,
    ) -> ExecResult:
        opts = self.options
        seconds = min(check_timeout(timeout, opts.max_timeout) or opts.timeout, opts.max_timeout)
        manifest = session.state.manifest
        grants = manifest.extra_path_grants if manifest is not None else ()
        argv = self._argv(str(session.workspace), session.root, command, grants, as_user)
        groups = self._groups.setdefault(session.state.session_id, set())
        return await run_command(
            argv,
            env=self._env(session),
            cwd=str(session.workspace),
            timeout=seconds,
            max_output_bytes=opts.max_output_bytes,
            on_start=groups.add if opts.unconfined else None,
            new_session=True,  # the guard kills this process group when the runner dies
        )

    def _env(self, session: UnixLocalSandboxSession) -> dict[str, str]:
        host = {k: os.environ[k] for k in self.host_environment_allowlist if k in os.environ}
        if self.options.unconfined and self.inherit_host_environment:
            host = dict(os.environ)
        return {**host, **BASE_ENV, "HOME": session.root, **session.state.environment}

    async def _start_live(
        self,
        session: UnixLocalSandboxSession,
        command: str,
        tty: bool,
        as_user: tuple[int, int] | None = None,
    ) -> LiveProcess:
        """Starts ``command`` as an interactive process: with ``tty`` on a terminal made
        inside the sandbox (util-linux ``script``) fed from an input pipe; without it,
        with no input. Its stdout and stderr come back merged on one pipe."""
        opts = self.options
        manifest = session.state.manifest
        grants = manifest.extra_path_grants if manifest is not None else ()
        read_fd: int | None = None
        write_fd: int | None = None
        if tty:
            read_fd, write_fd = os.pipe()
            os.set_blocking(write_fd, False)
            if as_user is not None:
                os.fchown(read_fd, *as_user)  # reopened below by that user
            else:
                session.chown(read_fd)  # reopened below by the sandbox user
            # the command's stdin is the input pipe (dash cannot name fds above 9,
            # so it is reopened through /proc); script runs it on a new pty.
            script = tool_path("script")
            command = (
                f"exec </proc/self/fd/{read_fd}\n{script} -qfec {shlex.quote(command)} /dev/null"
            )
        argv = self._argv(str(session.workspace), session.root, command, grants, as_user)
        try:
            proc = await asyncio.create_subprocess_exec(
                *argv,
                stdin=asyncio.subprocess.PIPE,  # the guard pipe (see guard_argv)
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.STDOUT,
                env=self._env(session),
                cwd=str(session.workspace),
                start_new_session=True,
                pass_fds=() if read_fd is None else (read_fd,),
            )
        except BaseException:
            if write_fd is not None:
                os.close(write_fd)
            raise
        finally:
            if read_fd is not None:
                os.close(read_fd)  # only the command holds the reading end now
        if opts.unconfined:
            self._groups.setdefault(session.state.session_id, set()).add(proc.pid)
        lifetime = opts.max_timeout if tty else opts.timeout
        return LiveProcess(proc, write_fd, opts.max_output_bytes, time.monotonic() + lifetime)

    async def _stop(self, session: UnixLocalSandboxSession) -> None:
        # Confined commands die with their PID namespace; unconfined ones may leave
        # background processes in their process groups.
        for pgid in self._groups.pop(session.state.session_id, set()):
            kill_group(pgid)


_SYSTEM_DIRS = frozenset(
    ("/boot", "/dev", "/home", "/media", "/mnt", "/opt", "/proc", "/root", "/run", "/srv")
    + ("/sys", "/tmp", "/var", "/var/tmp", "/usr/local")
)


def _chosen_root(root: str, host_paths: tuple[str, ...]) -> tuple[Path, bool]:
    """The host directory of a user-chosen ``Manifest(root=...)``, made (with its
    parents) when missing; and whether it was made here. A system directory, and
    anything holding or inside the read-only host paths, is refused: the workspace
    becomes writable in the sandbox (and the sandbox user's, when the runner is root)."""
    path = Path(root)
    if not path.is_absolute() or ".." in path.parts:
        raise UserError(f"The sandbox workspace root must be a directory, not {root!r}.")
    real = os.path.realpath(path)
    system = [
        h
        for h in (*host_paths, *DEFAULT_HOST_PATHS)
        for r in (root, real)
        if r == h or r.startswith(h.rstrip("/") + "/") or h.startswith(r.rstrip("/") + "/")
    ]
    if real == "/" or system or root in _SYSTEM_DIRS or real in _SYSTEM_DIRS:
        raise UserError(
            f"The sandbox workspace root {root!r} is a system directory"
            + (
                f" (it holds or is inside {system[0]!r}, read-only in the sandbox)"
                if system
                else ""
            )
            + "; choose a directory of its own, e.g. under /tmp or your home directory."
        )
    if os.path.lexists(path):
        if path.is_symlink() or not path.is_dir():
            raise UserError(
                f"The sandbox workspace root {root!r} exists and is not a directory "
                "(a symlink is not followed); choose a directory."
            )
        return path, False
    try:
        path.mkdir(parents=True)
    except OSError as error:
        raise UserError(
            f"The sandbox cannot create its workspace root {root!r}: {error.strerror or error}."
        ) from None
    return path, True


def _save_stream(stream: Any, dest: Path) -> None:
    with dest.open("wb") as out:
        shutil.copyfileobj(stream, out)
    close = getattr(stream, "close", None)
    if callable(close):
        close()
