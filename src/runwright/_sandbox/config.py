"""SandboxRunConfig (where and how a run gets its sandbox session), its limits, and
the memory capability's configuration."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from runwright._core.exceptions import UserError
from runwright._sandbox.manifest import Manifest
from runwright._sandbox.sandboxes.unix_local import UnixLocalSandboxClient
from runwright._sandbox.session import BaseSandboxSession, SandboxSessionState
from runwright._sandbox.snapshot import SnapshotBase, SnapshotSpec


def _positive_or_none(owner: str, name: str, value: object) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise UserError(f"{owner}.{name} must be an int of at least 1, or None (no limit).")


@dataclass
class SandboxConcurrencyLimits:
    """How much materialisation work runs at once per session.

    Args:
        manifest_entries: Manifest entries materialised concurrently (None: no limit).
        local_dir_files: Files copied concurrently for each ``LocalDir`` (None: no limit).
    """

    manifest_entries: int | None = 4
    local_dir_files: int | None = 4

    def __post_init__(self) -> None:
        self.validate()

    def validate(self) -> None:
        """UserError for a limit below 1."""
        for name in ("manifest_entries", "local_dir_files"):
            _positive_or_none("SandboxConcurrencyLimits", name, getattr(self, name))


@dataclass
class SandboxArchiveLimits:
    """Limits on archives a session extracts (``extract``, snapshot restores).

    Args:
        max_input_bytes: Largest archive accepted (None: no limit).
        max_extracted_bytes: Most bytes its members may declare (None: no limit).
        max_members: Most members (None: no limit).
    """

    max_input_bytes: int | None = 1024**3
    max_extracted_bytes: int | None = 4 * 1024**3
    max_members: int | None = 100_000

    def __post_init__(self) -> None:
        self.validate()

    def validate(self) -> None:
        """UserError for a limit below 1."""
        for name in ("max_input_bytes", "max_extracted_bytes", "max_members"):
            _positive_or_none("SandboxArchiveLimits", name, getattr(self, name))


@dataclass
class SandboxRunConfig:
    """The sandbox part of ``RunConfig(sandbox=...)``.

    Args:
        client: Creates and resumes sessions; default ``UnixLocalSandboxClient()``
            (confined by bubblewrap).
        options: The client's options for a fresh session.
        session: A live session you created and own: the run uses it and leaves it
            running (you delete it).
        session_state: A saved session state to resume (instead of a fresh session).
        manifest: Overrides the agent's ``default_manifest`` for a fresh session.
        snapshot: Where to keep workspace snapshots (``LocalSnapshotSpec(base_path=...)``
            or ``RemoteSnapshotSpec(...)``), so a paused run can resume in another process.
        concurrency_limits: Materialisation concurrency (SandboxConcurrencyLimits).
        archive_limits: Limits on extracted archives (SandboxArchiveLimits).
        cwd: The workspace-relative directory model-facing paths are relative to.
    """

    client: Any | None = None
    options: Any | None = None
    session: BaseSandboxSession | None = None
    session_state: SandboxSessionState | None = None
    manifest: Manifest | None = None
    snapshot: SnapshotSpec | SnapshotBase | None = None
    concurrency_limits: SandboxConcurrencyLimits = field(default_factory=SandboxConcurrencyLimits)
    archive_limits: SandboxArchiveLimits | None = None
    cwd: str | None = None

    def __post_init__(self) -> None:
        if self.manifest is not None and not isinstance(self.manifest, Manifest):
            raise UserError("SandboxRunConfig manifest must be a Manifest.")
        if self.session is not None and not isinstance(self.session, BaseSandboxSession):
            raise UserError("SandboxRunConfig session must be a live sandbox session.")
        if self.session_state is not None and not isinstance(
            self.session_state, SandboxSessionState
        ):
            raise UserError("SandboxRunConfig session_state must be a SandboxSessionState.")
        if self.snapshot is not None and not isinstance(
            self.snapshot, (SnapshotSpec, SnapshotBase)
        ):
            raise UserError(
                "SandboxRunConfig snapshot must be a LocalSnapshotSpec(base_path=...), "
                "a RemoteSnapshotSpec(...) or a snapshot."
            )
        if self.client is not None and not callable(getattr(self.client, "create", None)):
            raise UserError(
                "SandboxRunConfig client must be a sandbox client (e.g. UnixLocalSandboxClient())."
            )
        if not isinstance(self.concurrency_limits, SandboxConcurrencyLimits):
            raise UserError("SandboxRunConfig concurrency_limits must be SandboxConcurrencyLimits.")
        if self.archive_limits is not None and not isinstance(
            self.archive_limits, SandboxArchiveLimits
        ):
            raise UserError("SandboxRunConfig archive_limits must be SandboxArchiveLimits.")
        if self.cwd is not None and (
            not isinstance(self.cwd, str) or self.cwd.startswith("/") or ".." in self.cwd.split("/")
        ):
            raise UserError("SandboxRunConfig cwd must be a relative path inside the workspace.")

    def resolved_client(self) -> Any:
        """The client to use: the configured one, else the confined local client."""
        if self.client is not None:
            return self.client
        return UnixLocalSandboxClient()


@dataclass
class MemoryLayoutConfig:
    """Where memory files live in the workspace (relative paths)."""

    memories_dir: str = "memories"
    sessions_dir: str = "sessions"


@dataclass
class MemoryReadConfig:
    """How memory is read: ``live_update`` also tells the model to keep it current."""

    live_update: bool = True


@dataclass
class MemoryGenerateConfig:
    """The SDK's memory generation settings (consolidation by extra model passes)."""

    max_raw_memories_for_consolidation: int = 256
    phase_one_model: Any = "gpt-5.4-mini"
    phase_one_model_settings: Any = None
    phase_two_model: Any = "gpt-5.5"
    phase_two_model_settings: Any = None
    extra_prompt: str | None = None
    phase_two_max_turns: int = 500

    def __post_init__(self) -> None:
        for name in ("max_raw_memories_for_consolidation", "phase_two_max_turns"):
            _positive_or_none("MemoryGenerateConfig", name, getattr(self, name))
