"""The runner's sandbox hook: set the session up at run start, tear it down at the end.

Called from runner.py only when a run needs a sandbox (a SandboxAgent, a
``RunConfig.sandbox``, or a resumed state that has one); other runs never
import this package.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from runwright._core.exceptions import MaxTurnsExceeded
from runwright._sandbox.config import SandboxRunConfig
from runwright._sandbox.manifest import Manifest
from runwright._sandbox.memory import record_memory
from runwright._sandbox.s3 import arm as arm_s3_sync
from runwright._sandbox.session import SandboxSession, SandboxSessionState
from runwright._sandbox.snapshot import (
    LocalSnapshot,
    LocalSnapshotSpec,
    SnapshotBase,
    resolve_snapshot,
    write_snapshot,
)

if TYPE_CHECKING:
    from runwright._loop.env import RunEnv
    from runwright._state.run_state import RunState

logger = logging.getLogger("runwright.sandbox")

_default_client: Any = None
"""The confined local client used when a run names none (created on first use)."""


class SandboxRun:
    """A run's sandbox: the session's saved state and, while it runs, the live session.

    Kept on ``RunState.sandbox``; only ``state`` goes into RunState JSON.
    """

    __slots__ = ("state", "session", "owned")

    def __init__(
        self, state: SandboxSessionState, session: SandboxSession | None, owned: bool = True
    ) -> None:
        self.state = state
        self.session = session
        self.owned = owned
        """False: the user passed this live session in and deletes it themselves."""

    def to_json_dict(self) -> dict[str, Any]:
        """The session state as plain JSON data."""
        return self.state.to_json_dict()

    @classmethod
    def from_json_dict(cls, data: Any) -> SandboxRun:
        """A not-yet-live sandbox from RunState JSON (the session is resumed at run start)."""
        return cls(SandboxSessionState.from_json_dict(data), None)


async def drive_sandboxed(env: RunEnv, state: RunState[Any], drive: Any) -> None:
    """Runs ``drive()`` with the run's sandbox session set up around it."""
    config: SandboxRunConfig = env.run_config.sandbox or SandboxRunConfig()
    run = await open_sandbox(config, state)
    try:
        await drive()
    except BaseException as error:
        await close_sandbox(config, env, state, run, error)
        raise
    await close_sandbox(config, env, state, run, None)


async def open_sandbox(config: SandboxRunConfig, state: RunState[Any]) -> SandboxRun:
    """The session for this run: the user's, the paused run's, a resumed or a fresh one."""
    if config.session is not None:
        session = config.session
        if not isinstance(session, SandboxSession):
            session = SandboxSession(session)
        run = SandboxRun(session.state, session, owned=False)
    else:
        previous: SandboxRun | None = state.sandbox
        if previous is not None and previous.session is not None and not previous.session.closed:
            run = previous  # the same RunState resumed in this process: same live session
        else:
            client = _client(config)
            saved = previous.state if previous is not None else config.session_state
            if saved is not None:
                if saved.persisted_path_grants:  # saved grants count only if yours grants them
                    saved.rebind_persisted_path_grants(_manifest(config, state))
                session = await client.resume(saved)
            else:
                kwargs: dict[str, Any] = {"manifest": _manifest(config, state)}
                if config.snapshot is not None:
                    kwargs["snapshot"] = config.snapshot
                if config.options is not None:
                    kwargs["options"] = config.options
                session = await client.create(**kwargs)
            run = SandboxRun(session.state, session)
    if run.session is not None:  # the SDK applies the run's limits to every session it uses
        run.session._set_concurrency_limits(config.concurrency_limits)
        run.session._set_archive_limits(config.archive_limits)
        arm_s3_sync(run.session)  # a read-write S3Mount copy syncs back at the next stop
    state.sandbox = run
    return run


async def close_sandbox(
    config: SandboxRunConfig,
    env: RunEnv,
    state: RunState[Any],
    run: SandboxRun,
    error: BaseException | None,
) -> None:
    """Deletes the session of a finished run; keeps (and snapshots) a run that can resume."""
    session = run.session
    resumable = not state.is_finished and (
        error is None or isinstance(error, MaxTurnsExceeded) or env.durable is not None
    )
    if session is not None and (resumable or not run.owned):
        await record_memory(env, state, session, error)  # a Memory(generate=...) run
    if session is None or not run.owned:
        return
    try:  # the SDK's cleanup: pre-stop hooks (memory, S3 sync-back) first, failures logged
        await session.run_pre_stop_hooks()
    except Exception as failure:
        logger.warning("A sandbox pre-stop hook failed at the end of the run: %s", failure)
    if not resumable:
        await session.shutdown()
        _forget_snapshot(run.state)
        return
    spec = config.snapshot
    remote = spec is not None and not isinstance(spec, LocalSnapshotSpec)
    if remote and not isinstance(run.state.snapshot, SnapshotBase):
        run.state.snapshot = resolve_snapshot(spec, run.state.session_id)
    await session.stop()  # persists the workspace to a snapshot object, if it has one
    if isinstance(spec, LocalSnapshotSpec):
        dest = spec.path_for(run.state.session_id)
        await write_snapshot(session.workspace, dest)
        run.state.snapshot = str(dest)


def _forget_snapshot(saved: SandboxSessionState) -> None:
    snap = saved.snapshot
    if isinstance(snap, str):
        _remove(snap)
        saved.snapshot = None
    elif isinstance(snap, LocalSnapshot):
        _remove(str(snap.path))
        saved.snapshot = None


def _client(config: SandboxRunConfig) -> Any:
    global _default_client
    if config.client is not None:
        return config.client
    if _default_client is None:
        _default_client = config.resolved_client()
    return _default_client


def _manifest(config: SandboxRunConfig, state: RunState[Any]) -> Manifest:
    agent = _sandbox_agent(state.starting_agent)
    manifest = config.manifest
    if manifest is None:
        agent_manifest = getattr(agent, "default_manifest", None)
        manifest = agent_manifest if isinstance(agent_manifest, Manifest) else Manifest()
    for capability in getattr(agent, "capabilities", None) or ():
        manifest = capability.process_manifest(manifest)
    return manifest


def _sandbox_agent(start: Any) -> Any:
    """The agent whose workspace the run's session holds: the starting agent, or when
    it is a plain agent (a triage agent handing off into the sandbox), the first
    SandboxAgent its handoffs reach."""
    seen: set[int] = set()
    queue = [start]
    while queue:
        agent = queue.pop(0)
        if id(agent) in seen:
            continue
        seen.add(id(agent))
        if getattr(agent, "default_manifest", None) is not None or getattr(
            agent, "capabilities", None
        ):
            return agent
        for handoff in getattr(agent, "handoffs", None) or ():
            queue.append(getattr(handoff, "agent", handoff))
    return start


def _remove(path: str) -> None:
    import os

    try:
        os.unlink(path)
    except OSError:
        pass
