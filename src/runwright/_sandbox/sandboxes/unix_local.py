"""The local client: a workspace directory on this machine, commands confined by bubblewrap.

Unlike the SDK's unix-local client (which runs commands with the user's full
rights), this one confines every command: new user, mount, PID, IPC and UTS
namespaces, no network unless allowed, the host filesystem read-only (only the
listed paths), the workspace the only writable place, a minimal environment,
``--die-with-parent`` and resource limits. When bubblewrap or user namespaces
are unavailable it refuses with a UserError — never silently unconfined.
``UnixLocalSandboxClientOptions(unconfined=True)`` is the explicit opt-out.
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from runwright._core.exceptions import UserError
from runwright._sandbox.manifest import Manifest
from runwright._sandbox.process import ExecResult, kill_group, run_command
from runwright._sandbox.sandboxes.bwrap import (
    BASE_ENV,
    DEFAULT_HOST_PATHS,
    INSTALL_HINT,
    SandboxLimits,
    bwrap_argv,
    setpriv_argv,
)
from runwright._sandbox.session import SandboxSession, SandboxSessionState
from runwright._sandbox.snapshot import restore_snapshot

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


class UnixLocalSandboxClient:
    """Creates and resumes local sandbox sessions (the default client on Linux)."""

    type = "unix_local"

    def __init__(self, options: UnixLocalSandboxClientOptions | None = None) -> None:
        self.options = options or UnixLocalSandboxClientOptions()
        self._probed = False
        self._groups: dict[str, set[int]] = {}
        if self.options.unconfined:
            logger.warning(UNCONFINED_WARNING)

    @property
    def base(self) -> Path:
        """The directory holding this client's workspaces."""
        return Path(self.options.workspace_base or tempfile.gettempdir())

    async def create(self, manifest: Manifest | None = None) -> SandboxSession:
        """A fresh session with ``manifest`` materialised in a new workspace."""
        manifest = manifest or Manifest()
        await self._probe()
        self.base.mkdir(parents=True, exist_ok=True)
        workspace = Path(tempfile.mkdtemp(prefix=_PREFIX, dir=self.base))
        try:
            manifest.materialize(workspace)
            self._give_to_sandbox(workspace)
        except BaseException:
            shutil.rmtree(workspace, ignore_errors=True)
            raise
        return self._session(workspace, manifest.root, manifest.environment)

    async def resume(self, state: SandboxSessionState) -> SandboxSession:
        """The session ``state`` describes: its workspace if it still exists here, else
        a new workspace restored from its snapshot."""
        if state.type != self.type:
            raise UserError(f"This sandbox state is for a {state.type!r} client, not unix_local.")
        await self._probe()
        workspace = Path(state.workspace)
        if not self._is_ours(workspace):
            if state.snapshot is None:
                raise UserError(
                    f"The sandbox workspace {workspace} is gone and the run has no snapshot; "
                    "configure SandboxRunConfig(snapshot=LocalSnapshotSpec(...)) to resume "
                    "runs elsewhere."
                )
            workspace = Path(tempfile.mkdtemp(prefix=_PREFIX, dir=self.base))
            restore_snapshot(Path(state.snapshot), workspace)
            self._give_to_sandbox(workspace)
        session = self._session(workspace, state.root, state.environment, state.session_id)
        session.state.snapshot = state.snapshot
        return session

    def _session(
        self, workspace: Path, root: str, env: dict[str, str], session_id: str | None = None
    ) -> SandboxSession:
        if self.options.unconfined:
            root = str(workspace)
        state = SandboxSessionState(
            type=self.type,
            session_id=session_id or uuid.uuid4().hex,
            workspace=str(workspace),
            root=root,
            environment=dict(env),
        )
        return SandboxSession(state, self)

    def _is_ours(self, workspace: Path) -> bool:
        # A RunState names its workspace; only a directory this client could have made
        # is reused (a tampered state must not get "/" mounted writable).
        return (
            workspace.parent == self.base
            and workspace.name.startswith(_PREFIX)
            and workspace.is_dir()
            and not workspace.is_symlink()
        )

    def _host_uid(self) -> int | None:
        if self.options.unconfined or os.geteuid() != 0:
            return None
        return self.options.sandbox_uid

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
        probe = Path(tempfile.mkdtemp(prefix=_PREFIX, dir=self.base))
        try:
            self._give_to_sandbox(probe)
            argv = self._argv(str(probe), "/workspace", "true")
            result = await run_command(
                argv,
                env=dict(BASE_ENV),
                cwd="/",
                timeout=30,
                max_output_bytes=4096,
                new_session=False,
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

    def _argv(self, workspace: str, root: str, command: str) -> list[str]:
        opts = self.options
        inner = [*opts.limits.prlimit_argv(), "/bin/sh", "-c", command]
        if opts.unconfined:
            return [*setpriv_argv(None), *inner]
        argv = bwrap_argv(workspace, root, opts.host_paths, opts.network) + ["--", *inner]
        # bwrap's --die-with-parent ties the sandbox to bwrap, not bwrap to us: setpriv's
        # parent-death signal does that. It also drops root (rather than Popen(user=...),
        # which would fork the whole interpreter instead of vfork-ing: milliseconds).
        return [*setpriv_argv(self._host_uid()), *argv]

    async def _exec(
        self, session: SandboxSession, command: str, timeout: float | None
    ) -> ExecResult:
        opts = self.options
        seconds = min(timeout or opts.timeout, opts.max_timeout)
        argv = self._argv(str(session.workspace), session.root, command)
        env = {**BASE_ENV, "HOME": session.root, **session.state.environment}
        groups = self._groups.setdefault(session.state.session_id, set())
        result = await run_command(
            argv,
            env=env,
            cwd=str(session.workspace),
            timeout=seconds,
            max_output_bytes=opts.max_output_bytes,
            on_start=groups.add if opts.unconfined else None,
            # bwrap dies with its whole PID namespace; no process group is needed.
            new_session=opts.unconfined,
        )
        return result

    async def _stop(self, session: SandboxSession) -> None:
        # Confined commands die with their PID namespace; unconfined ones may leave
        # background processes in their process groups.
        for pgid in self._groups.pop(session.state.session_id, set()):
            kill_group(pgid)
