"""The runner's sandbox hook: set the session up at run start, tear it down at the end.

Called from runner.py only when a run needs a sandbox (a SandboxAgent, a
``RunConfig.sandbox``, or a resumed state that has one); other runs never
import this package.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any

from runwright._core.exceptions import MaxTurnsExceeded
from runwright._sandbox.config import SandboxRunConfig
from runwright._sandbox.manifest import Manifest
from runwright._sandbox.memory import record_memory
from runwright._sandbox.s3 import arm as arm_s3_sync
from runwright._sandbox.s3 import rebind_for_run as rebind_mount_copies
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


class _AgentSession:
    """One SandboxAgent's session in a run: its saved state and, while live, the session."""

    __slots__ = ("state", "session", "owned", "agent_name")

    def __init__(
        self,
        state: SandboxSessionState,
        session: SandboxSession | None,
        owned: bool = True,
        agent_name: str = "",
    ) -> None:
        self.state = state
        self.session = session
        self.owned = owned
        self.agent_name = agent_name


class SandboxRun:
    """A run's sandbox sessions, as the SDK keeps them: one per SandboxAgent (made on
    the agent's first turn from its own manifest, kept across handoffs back and forth),
    or the one live session the user passed in (``SandboxRunConfig(session=...)``) or
    resumed from ``session_state``, shared by every agent.

    Kept on ``RunState.sandbox``; only the states go into RunState JSON: the current
    agent's session state, and every agent's under ``sessions_by_agent`` (keys as the
    SDK's: the agent's name, ``name#2`` for a second agent of the same name).
    """

    __slots__ = ("entries", "current", "config", "shared", "_keys", "_lock")

    def __init__(
        self,
        state: SandboxSessionState,
        session: SandboxSession | None,
        owned: bool = True,
        key: str = "",
    ) -> None:
        self.entries: dict[str, _AgentSession] = {key: _AgentSession(state, session, owned, key)}
        self.current = key
        self.config: SandboxRunConfig | None = None
        self.shared = False
        """True: one session serves every agent (a live or explicitly resumed one)."""
        self._keys: dict[int, str] = {}
        self._lock: asyncio.Lock | None = None

    @property
    def state(self) -> SandboxSessionState:
        """The current agent's session state."""
        return self.entries[self.current].state

    @property
    def session(self) -> SandboxSession | None:
        """The current agent's live session."""
        return self.entries[self.current].session

    @property
    def owned(self) -> bool:
        """False: the user passed this live session in and deletes it themselves."""
        return self.entries[self.current].owned

    def key(self, agent: Any) -> str:
        """``agent``'s key: a saved entry of its name not yet claimed in this run, else
        its name (``name#2``... when another agent of this run has it)."""
        found = self._keys.get(id(agent))
        if found is not None:
            return found
        name = str(getattr(agent, "name", ""))
        claimed = set(self._keys.values())
        saved = [k for k, e in self.entries.items() if e.agent_name == name and k not in claimed]
        if saved:
            key = name if name in saved else saved[0]
        else:
            key, number = name, 1
            while key in self.entries or key in claimed:
                number += 1
                key = f"{name}#{number}"
        self._keys[id(agent)] = key
        return key

    def adopt(self, agent: Any) -> None:
        """Files the current, not yet keyed session (a fresh run's, or one from a state
        written before sessions were kept per agent) under ``agent``'s key."""
        if self.current or self.current not in self.entries:
            self.key(agent)
            return
        entry = self.entries.pop("")
        self.current = self.key(agent)
        entry.agent_name = str(getattr(agent, "name", ""))
        self.entries[self.current] = entry

    def entry_of(self, agent: Any) -> _AgentSession | None:
        """``agent``'s session in this run (the shared one when there is one)."""
        if self.shared:
            return self.entries[self.current]
        return self.entries.get(self.key(agent))

    async def enter(self, agent: Any) -> None:
        """Makes ``agent``'s session the current one: created from its manifest on its
        first turn (resumed, when the paused run had one for it)."""
        config = self.config
        if config is None or self.shared:
            return
        if self._lock is None:
            self._lock = asyncio.Lock()
        async with self._lock:
            key = self.key(agent)
            entry = self.entries.get(key)
            live = entry.session if entry is not None else None
            if live is not None and not getattr(live, "closed", False):
                self.current = key
                return
            client = _client(config)
            manifest = _manifest(config, agent)
            if entry is not None:
                saved = entry.state
                if saved.persisted_path_grants or saved.persisted_root_untrusted:
                    saved.rebind_persisted_path_grants(manifest)
                rebind_mount_copies(saved, lambda: manifest)  # read-write mount copies
                session = await client.resume(saved)
            else:
                session = await _create(client, config, manifest)
            _configure(session, config)
            self.entries[key] = _AgentSession(
                session.state, session, True, str(getattr(agent, "name", ""))
            )
            self.current = key

    def to_json_dict(self) -> dict[str, Any]:
        """The current session's state as plain JSON data (with every agent's, when
        the run's sessions are kept per agent)."""
        data = self.state.to_json_dict()
        if self.current:
            data["current_agent_key"] = self.current
            data["sessions_by_agent"] = {
                key: {"agent_name": e.agent_name, "session_state": e.state.to_json_dict()}
                for key, e in self.entries.items()
            }
        return data

    @classmethod
    def from_json_dict(cls, data: Any) -> SandboxRun:
        """Not-yet-live sessions from RunState JSON (each resumed on its agent's turn)."""
        current = SandboxSessionState.from_json_dict(data)
        key = data.get("current_agent_key")
        key = key if isinstance(key, str) else ""
        by_agent = data.get("sessions_by_agent")
        name = ""
        if isinstance(by_agent, dict) and isinstance(by_agent.get(key), dict):
            name = str(by_agent[key].get("agent_name") or key)
        run = cls(current, None, key=key)
        run.entries[key].agent_name = name or key
        if not isinstance(by_agent, dict):
            return run
        for other, entry in by_agent.items():
            if other == key or not isinstance(other, str) or not isinstance(entry, dict):
                continue
            saved = entry.get("session_state")
            agent_name = entry.get("agent_name")
            run.entries[other] = _AgentSession(
                SandboxSessionState.from_json_dict(saved),
                None,
                True,
                agent_name if isinstance(agent_name, str) else other,
            )
        return run


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
    """The run's sandbox: the user's live session, or the session of the agent the run
    starts at (the paused run's, a resumed or a fresh one). Other SandboxAgents get
    theirs on their first turn (:meth:`SandboxRun.enter`)."""
    home = _sandbox_agent(state.current_agent or state.starting_agent)
    if config.session is not None:
        session = config.session
        if not isinstance(session, SandboxSession):
            session = SandboxSession(session)
        run = SandboxRun(session.state, session, owned=False)
        run.shared = True
    else:
        previous: SandboxRun | None = state.sandbox
        if previous is not None and previous.session is not None and not previous.session.closed:
            run = previous  # the same RunState resumed in this process: same live sessions
        else:
            client = _client(config)
            if previous is not None:
                run = previous
                run.adopt(home)
                # the paused run was at another agent: start at the session of this one
                run.current = run.key(home) if run.key(home) in run.entries else run.current
                saved = run.state
                if saved.persisted_path_grants or saved.persisted_root_untrusted:
                    # saved grants (and a chosen root) count only if your manifest has them
                    saved.rebind_persisted_path_grants(_manifest(config, home))
                rebind_mount_copies(saved, lambda: _manifest(config, home))
                session = await client.resume(saved)
                entry = run.entries[run.current]
                entry.state, entry.session = session.state, session
            elif config.session_state is not None:
                saved = config.session_state
                if saved.persisted_path_grants or saved.persisted_root_untrusted:
                    saved.rebind_persisted_path_grants(_manifest(config, home))
                rebind_mount_copies(saved, lambda: _manifest(config, home))
                session = await client.resume(saved)
                run = SandboxRun(session.state, session)
                run.shared = True  # every agent resumes the same state: one workspace
            else:
                session = await _create(client, config, _manifest(config, home))
                run = SandboxRun(session.state, session)
        run.adopt(home)
    run.config = config
    if run.session is not None:
        _configure(run.session, config)
    state.sandbox = run
    return run


async def _create(client: Any, config: SandboxRunConfig, manifest: Manifest) -> SandboxSession:
    kwargs: dict[str, Any] = {"manifest": manifest}
    if config.snapshot is not None:
        kwargs["snapshot"] = config.snapshot
    if config.options is not None:
        kwargs["options"] = config.options
    session: SandboxSession = await client.create(**kwargs)
    return session


def _configure(session: SandboxSession, config: SandboxRunConfig) -> None:
    # the SDK applies the run's limits to every session it uses
    session._set_concurrency_limits(config.concurrency_limits)
    session._set_archive_limits(config.archive_limits)
    arm_s3_sync(session)  # a read-write S3Mount copy syncs back at the next stop


async def close_sandbox(
    config: SandboxRunConfig,
    env: RunEnv,
    state: RunState[Any],
    run: SandboxRun,
    error: BaseException | None,
) -> None:
    """Deletes the sessions of a finished run; keeps (and snapshots) a run that can resume."""
    resumable = not state.is_finished and (
        error is None or isinstance(error, MaxTurnsExceeded) or env.durable is not None
    )
    # a Memory(generate=...) run is recorded in the session of the agent that has it
    for agent in (state.current_agent, state.starting_agent):
        if _generates_memory(agent):
            entry = run.entry_of(agent)
            if entry is not None and entry.session is not None and (resumable or not entry.owned):
                await record_memory(env, state, entry.session, error)
            break
    for key, entry in list(run.entries.items()):
        if not entry.owned:
            continue
        if entry.session is not None:
            await _close_one(config, run, key, entry, resumable)
        elif not resumable:  # a paused agent's session this run never went back to
            discard = getattr(_client(config), "_discard", None)
            if discard is not None:
                await discard(entry.state)
            _forget_snapshot(entry.state)


async def _close_one(
    config: SandboxRunConfig, run: SandboxRun, key: str, entry: _AgentSession, resumable: bool
) -> None:
    session = entry.session
    assert session is not None
    try:  # the SDK's cleanup: pre-stop hooks (memory, S3 sync-back) first, failures logged
        await session.run_pre_stop_hooks()
    except Exception as failure:
        logger.warning("A sandbox pre-stop hook failed at the end of the run: %s", failure)
    if not resumable:
        await session.shutdown()
        await _client(config).delete(session)  # as the SDK: the client removes its workspace
        _forget_snapshot(entry.state)
        return
    spec = config.snapshot
    remote = spec is not None and not isinstance(spec, LocalSnapshotSpec)
    if remote and not isinstance(entry.state.snapshot, SnapshotBase):
        entry.state.snapshot = resolve_snapshot(spec, entry.state.session_id)
    await session.stop()  # persists the workspace to a snapshot object, if it has one
    if isinstance(spec, LocalSnapshotSpec):
        dest = spec.path_for(entry.state.session_id)
        await write_snapshot(session.workspace, dest)
        entry.state.snapshot = str(dest)


def _generates_memory(agent: Any) -> bool:
    return any(
        getattr(c, "type", None) == "memory" and getattr(c, "generate", None) is not None
        for c in getattr(agent, "capabilities", None) or ()
    )


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


def _manifest(config: SandboxRunConfig, agent: Any) -> Manifest:
    """The manifest of ``agent``'s new workspace: the run's, else the agent's own,
    through the agent's capabilities (as the SDK's)."""
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
