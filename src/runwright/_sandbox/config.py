"""SandboxRunConfig: where and how a run gets its sandbox session."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from runwright._core.exceptions import UserError
from runwright._sandbox.manifest import Manifest
from runwright._sandbox.sandboxes.unix_local import UnixLocalSandboxClient
from runwright._sandbox.session import SandboxSession, SandboxSessionState
from runwright._sandbox.snapshot import LocalSnapshotSpec


@dataclass
class SandboxRunConfig:
    """The sandbox part of ``RunConfig(sandbox=...)``.

    Args:
        client: Creates and resumes sessions; default ``UnixLocalSandboxClient()``
            (confined by bubblewrap).
        manifest: Overrides the agent's ``default_manifest`` for a fresh session.
        session: A live session you created and own: the run uses it and leaves it
            running (you delete it).
        session_state: A saved session state to resume (instead of a fresh session).
        snapshot: Where to keep workspace snapshots (``LocalSnapshotSpec(base_path)``),
            so a paused run can resume in another process.
    """

    client: Any | None = None
    manifest: Manifest | None = None
    session: SandboxSession | None = None
    session_state: SandboxSessionState | None = None
    snapshot: LocalSnapshotSpec | None = None

    def __post_init__(self) -> None:
        if self.manifest is not None and not isinstance(self.manifest, Manifest):
            raise UserError("SandboxRunConfig manifest must be a Manifest.")
        if self.session is not None and not isinstance(self.session, SandboxSession):
            raise UserError("SandboxRunConfig session must be a live sandbox session.")
        if self.snapshot is not None and not isinstance(self.snapshot, LocalSnapshotSpec):
            raise UserError("SandboxRunConfig snapshot must be a LocalSnapshotSpec(base_path=...).")
        if self.client is not None and not callable(getattr(self.client, "create", None)):
            raise UserError(
                "SandboxRunConfig client must be a sandbox client (e.g. UnixLocalSandboxClient())."
            )

    def resolved_client(self) -> Any:
        """The client to use: the configured one, else the confined local client."""
        if self.client is not None:
            return self.client

        return UnixLocalSandboxClient()
