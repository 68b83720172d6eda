"""SandboxAgent: an Agent that works in a sandbox workspace."""

from __future__ import annotations

import dataclasses
import weakref
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from runwright._agent.agent import Agent, resolve_tools
from runwright._core.config import ModelSettings
from runwright._core.context import RunContextWrapper, TContext
from runwright._core.exceptions import UserError
from runwright._sandbox.capabilities import Capabilities, Capability
from runwright._sandbox.errors import SandboxError
from runwright._sandbox.manifest import Manifest
from runwright._sandbox.tools import current_session, enter_session
from runwright._sandbox.types import User


@dataclass(eq=False)
class SandboxAgent(Agent[TContext]):
    """An Agent whose capabilities (shell, file tools, ...) act in a sandbox workspace.

    The runner sets the workspace up at run start (from ``default_manifest``,
    unless the run config gives another) and tears it down when the run ends;
    the client comes from ``RunConfig(sandbox=SandboxRunConfig(client=...))``,
    by default the confined local client. Each run gets its own copy of every
    capability, bound to that run's session.

    Args:
        default_manifest: The workspace's starting files and environment.
        base_instructions: Replaces the built-in sandbox preamble of the instructions.
        capabilities: What the agent may do; default ``[Filesystem(), Shell()]``.
        run_as: The sandbox user for model-facing operations.
    """

    default_manifest: Manifest | None = None
    base_instructions: str | None = None
    capabilities: Sequence[Capability] = field(default_factory=Capabilities.default)
    run_as: User | str | None = None

    _runwright_sandbox = True
    """Read by the runner: a run starting here needs a sandbox session."""

    def __post_init__(self) -> None:
        if self.default_manifest is not None and not isinstance(self.default_manifest, Manifest):
            raise UserError(f"SandboxAgent {self.name!r}: default_manifest must be a Manifest.")
        for cap in self.capabilities:
            if not isinstance(cap, Capability):
                raise UserError(
                    f"SandboxAgent {self.name!r}: {cap!r} is not a Capability "
                    "(use Shell(), Filesystem(), ...)."
                )
        kinds = {cap.type for cap in self.capabilities}
        for cap in self.capabilities:
            missing = cap.required_capability_types() - kinds
            if missing:
                raise UserError(
                    f"SandboxAgent {self.name!r}: {cap.type!r} needs capabilities "
                    f"{sorted(missing)} too."
                )
        if isinstance(self.run_as, str):
            self.run_as = User(name=self.run_as)
        self._bound: weakref.WeakKeyDictionary[Any, list[Capability]] = weakref.WeakKeyDictionary()
        super().__post_init__()
        self._check_names(self._capability_tools(self.capabilities))

    def _check_names(self, extra: list[Any]) -> None:
        names = [t.name for t in [*self.tools, *extra]]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise UserError(f"SandboxAgent {self.name!r}: tool names {dupes} are given twice.")

    @staticmethod
    def _capability_tools(capabilities: Sequence[Capability]) -> list[Any]:
        return [tool for cap in capabilities for tool in cap.tools()]

    def _run_capabilities(self) -> list[Capability]:
        """This run's copies of the capabilities, bound to its session (unbound
        copies outside a run)."""
        try:
            session = current_session()
        except SandboxError:
            return list(self.capabilities)
        bound = self._bound.get(session)
        if bound is None:
            bound = []
            for cap in self.capabilities:
                twin = cap.clone()
                twin.bind(session)
                twin.bind_run_as(self.run_as if isinstance(self.run_as, User) else None)
                bound.append(twin)
            self._bound[session] = bound
        return bound

    async def get_all_tools(self, run_context: RunContextWrapper[Any]) -> list[Any]:
        """The agent's own tools, then its capabilities' tools for this run."""
        await enter_session(self)
        tools, _ = await resolve_tools(self, run_context)
        return [*tools, *self._capability_tools(self._run_capabilities())]

    async def get_system_prompt(self, run_context: RunContextWrapper[TContext]) -> str | None:
        """The agent's instructions followed by its capabilities' notes."""
        await enter_session(self)
        base = await super().get_system_prompt(run_context)
        manifest = self.default_manifest or Manifest()
        root = _workspace_root(self.default_manifest)
        preamble = self.base_instructions or f"You work in a sandbox workspace at {root}."
        notes = [preamble]
        for cap in self._run_capabilities():
            note = await cap.instructions(manifest)
            if note:
                notes.append(note)
        return "\n\n".join(x for x in (base, " ".join(notes)) if x)

    def sandbox_model_settings(self, settings: ModelSettings) -> ModelSettings:
        """``settings`` with this run's capabilities' request parameters (``sampling_params``,
        e.g. Compaction's ``context_management``) added to ``extra_args``."""
        capabilities = self._run_capabilities()
        if not any(type(c).sampling_params is not Capability.sampling_params for c in capabilities):
            return settings
        model = self.model if isinstance(self.model, str) else getattr(self.model, "model", None)
        current = dict(settings.extra_args or {})
        extra: dict[str, Any] = {}
        for capability in capabilities:
            extra.update(capability.sampling_params({"model": model, **current, **extra}))
        if not extra:
            return settings
        return dataclasses.replace(settings, extra_args={**extra, **current})

    def sandbox_model_input(self, items: list[Any]) -> list[Any]:
        """The model input after each capability's ``process_context`` (e.g. Compaction
        drops what comes before the latest compaction item)."""
        for capability in self._run_capabilities():
            if type(capability).process_context is not Capability.process_context:
                items = capability.process_context(list(items))
        return items

    async def get_prompt(self, run_context: RunContextWrapper[TContext]) -> dict[str, Any] | None:
        """The stored prompt, as for any agent."""
        return await super().get_prompt(run_context)


def _workspace_root(manifest: Manifest | None) -> str:
    try:
        root: str = current_session().root
        return root
    except SandboxError:
        return (manifest or Manifest()).root


def needs_sandbox(agent: Any) -> bool:
    """Whether a run starting at ``agent`` needs a sandbox session."""
    return bool(getattr(agent, "_runwright_sandbox", False))
