"""Sandbox agents: agents whose shell and file tools act in a confined workspace.

``SandboxAgent(name, instructions, default_manifest=Manifest(...),
capabilities=[...])`` runs like any agent; the runner gives each run a fresh
workspace (``RunConfig(sandbox=SandboxRunConfig(client=...))``, by default the
bubblewrap-confined ``UnixLocalSandboxClient``), carries the session in
RunState, and removes the workspace when the run finishes. See docs/sandbox.md.
"""

from __future__ import annotations

from ._process import ExecResult
from .capabilities import Capabilities, Capability, Filesystem, Shell
from .config import SandboxRunConfig
from .entries import Dir, File, LocalDir, LocalFile
from .errors import ExecTimeoutError, SandboxError, SandboxPathError
from .manifest import Manifest
from .sandbox_agent import SandboxAgent
from .session import SandboxSession, SandboxSessionState
from .snapshot import LocalSnapshotSpec

__all__ = [
    "Capabilities",
    "Capability",
    "Dir",
    "ExecResult",
    "ExecTimeoutError",
    "File",
    "Filesystem",
    "LocalDir",
    "LocalFile",
    "LocalSnapshotSpec",
    "Manifest",
    "SandboxAgent",
    "SandboxError",
    "SandboxPathError",
    "SandboxRunConfig",
    "SandboxSession",
    "SandboxSessionState",
    "Shell",
]
