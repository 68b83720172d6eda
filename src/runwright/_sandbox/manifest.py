"""Manifest: the starting contents and environment of a fresh workspace."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from runwright._core.exceptions import UserError
from runwright._sandbox.entries import Entry, place_entry

DEFAULT_ROOT = "/workspace"


@dataclass
class Manifest:
    """What a fresh workspace holds.

    Args:
        entries: Workspace-relative path → ``File``, ``LocalFile``, ``LocalDir`` or ``Dir``.
        environment: Variables set for every command (on top of a minimal
            environment; nothing else is inherited from the host).
        root: Where the workspace appears inside the sandbox.
    """

    entries: dict[str | Path, Entry] = field(default_factory=dict)
    environment: dict[str, str] = field(default_factory=dict)
    root: str = DEFAULT_ROOT

    def __post_init__(self) -> None:
        if not isinstance(self.entries, dict):
            raise UserError("Manifest entries must be a dict of path → entry.")
        env = self.environment
        if not isinstance(env, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in env.items()
        ):
            raise UserError("Manifest environment must be a dict of str → str.")
        if not self.root.startswith("/") or self.root == "/" or ".." in self.root.split("/"):
            raise UserError(
                f"Manifest root must be an absolute directory like /workspace, not {self.root!r}."
            )

    def materialize(self, workspace: Path) -> None:
        """Writes every entry into the (empty) host directory ``workspace``."""
        for rel, entry in self.entries.items():
            place_entry(workspace, str(rel), entry)
