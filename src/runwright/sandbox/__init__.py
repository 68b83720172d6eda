"""Sandbox agents: agents whose shell and file tools act in a confined workspace.

``SandboxAgent(name, instructions, default_manifest=Manifest(...),
capabilities=[...])`` runs like any agent; the runner gives each run a fresh
workspace (``RunConfig(sandbox=SandboxRunConfig(client=...))``, by default the
bubblewrap-confined ``UnixLocalSandboxClient``), carries the session in
RunState, and removes the workspace when the run finishes. See docs/sandbox.md.

Public face: the code lives in runwright/_sandbox/capabilities.py,
runwright/_sandbox/config.py, runwright/_sandbox/entries.py,
runwright/_sandbox/errors.py, runwright/_sandbox/manifest.py,
runwright/_sandbox/process.py, runwright/_sandbox/sandbox_agent.py,
runwright/_sandbox/session.py, runwright/_sandbox/snapshot.py,
runwright/_sandbox/types.py.
"""

from __future__ import annotations

from runwright._sandbox.capabilities import (
    Capabilities,
    Capability,
    Filesystem,
    Shell,
)
from runwright._sandbox.config import (
    MemoryGenerateConfig,
    MemoryLayoutConfig,
    MemoryReadConfig,
    SandboxArchiveLimits,
    SandboxConcurrencyLimits,
    SandboxRunConfig,
)
from runwright._sandbox.entries import (
    Dir,
    File,
    LocalDir,
    LocalFile,
)
from runwright._sandbox.errors import (
    ErrorCode,
    ExecTimeoutError,
    ExecTransportError,
    ExposedPortUnavailableError,
    SandboxError,
    SandboxPathError,
    WorkspaceArchiveReadError,
    WorkspaceArchiveWriteError,
    WorkspaceReadNotFoundError,
    WorkspaceWriteTypeError,
)
from runwright._sandbox.manifest import (
    Manifest,
    SandboxPathGrant,
    SandboxWorkspaceScope,
)
from runwright._sandbox.process import (
    ExecResult,
)
from runwright._sandbox.sandbox_agent import (
    SandboxAgent,
)
from runwright._sandbox.session import (
    SandboxSession,
    SandboxSessionState,
)
from runwright._sandbox.snapshot import (
    LocalSnapshot,
    LocalSnapshotSpec,
    RemoteSnapshot,
    RemoteSnapshotSpec,
    SnapshotSpec,
    resolve_snapshot,
)
from runwright._sandbox.types import (
    ExposedPortEndpoint,
    FileMode,
    Group,
    Permissions,
    User,
)

__all__ = [
    "Capabilities",
    "Capability",
    "Filesystem",
    "Shell",
    "MemoryGenerateConfig",
    "MemoryLayoutConfig",
    "MemoryReadConfig",
    "SandboxArchiveLimits",
    "SandboxConcurrencyLimits",
    "SandboxRunConfig",
    "Dir",
    "File",
    "LocalDir",
    "LocalFile",
    "ErrorCode",
    "ExecTimeoutError",
    "ExecTransportError",
    "ExposedPortUnavailableError",
    "SandboxError",
    "SandboxPathError",
    "WorkspaceArchiveReadError",
    "WorkspaceArchiveWriteError",
    "WorkspaceReadNotFoundError",
    "WorkspaceWriteTypeError",
    "Manifest",
    "SandboxPathGrant",
    "SandboxWorkspaceScope",
    "ExecResult",
    "SandboxAgent",
    "SandboxSession",
    "SandboxSessionState",
    "LocalSnapshot",
    "LocalSnapshotSpec",
    "RemoteSnapshot",
    "RemoteSnapshotSpec",
    "SnapshotSpec",
    "resolve_snapshot",
    "ExposedPortEndpoint",
    "FileMode",
    "Group",
    "Permissions",
    "User",
]
