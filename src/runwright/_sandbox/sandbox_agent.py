"""SandboxAgent: an Agent that works in a sandbox workspace."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from runwright._agent.agent import Agent
from runwright._core.context import RunContextWrapper, TContext
from runwright._core.exceptions import UserError
from runwright._sandbox.capabilities import Capabilities, Capability
from runwright._sandbox.errors import SandboxError
from runwright._sandbox.manifest import Manifest
from runwright._sandbox.tools import current_session


@dataclass(eq=False)
class SandboxAgent(Agent[TContext]):
    """An Agent whose capabilities (shell, file tools) act in a sandbox workspace.

    The runner sets the workspace up at run start (from ``default_manifest``,
    unless the run config gives another) and tears it down when the run ends;
    the client comes from ``RunConfig(sandbox=SandboxRunConfig(client=...))``,
    by default the confined local client.

    Args:
        default_manifest: The workspace's starting files and environment.
        capabilities: What the agent may do; default ``[Filesystem(), Shell()]``.
    """

    default_manifest: Manifest | None = None
    capabilities: Sequence[Capability] = field(default_factory=Capabilities.default)

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
        own = [t for t in self.tools if not t._extra.get("runwright_sandbox")]
        self.tools = [*own, *(t for cap in self.capabilities for t in cap.tools())]
        names = [t.name for t in self.tools]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise UserError(f"SandboxAgent {self.name!r}: tool names {dupes} are given twice.")
        super().__post_init__()

    async def get_system_prompt(self, run_context: RunContextWrapper[TContext]) -> str | None:
        """The agent's instructions followed by its capabilities' notes."""
        base = await super().get_system_prompt(run_context)
        notes = [n for c in self.capabilities if (n := c.instructions(self.default_manifest))]
        root = _workspace_root(self.default_manifest)
        notes.insert(0, f"You work in a sandbox workspace at {root}.")
        return "\n\n".join(x for x in (base, " ".join(notes)) if x)


def _workspace_root(manifest: Manifest | None) -> str:
    try:
        return current_session().root
    except SandboxError:
        return (manifest or Manifest()).root


def needs_sandbox(agent: Any) -> bool:
    """Whether a run starting at ``agent`` needs a sandbox session."""
    return bool(getattr(agent, "_runwright_sandbox", False))
