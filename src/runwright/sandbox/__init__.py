"""Sandbox agents: agents whose shell and file tools act in a confined workspace.

``SandboxAgent(name, instructions, default_manifest=Manifest(...),
capabilities=[...])`` runs like any agent; the runner gives each run a fresh
workspace (``RunConfig(sandbox=SandboxRunConfig(client=...))``, by default the
bubblewrap-confined ``UnixLocalSandboxClient``), carries the session in
RunState, and removes the workspace when the run finishes. See docs/sandbox.md.
"""

from __future__ import annotations

from runwright._sandbox.capabilities import Capabilities, Capability, Filesystem, Shell
from runwright._sandbox.config import SandboxRunConfig
from runwright._sandbox.entries import Dir, File, LocalDir, LocalFile
from runwright._sandbox.errors import ExecTimeoutError, SandboxError, SandboxPathError
from runwright._sandbox.manifest import Manifest
from runwright._sandbox.process import ExecResult
from runwright._sandbox.sandbox_agent import SandboxAgent
from runwright._sandbox.session import SandboxSession, SandboxSessionState
from runwright._sandbox.snapshot import LocalSnapshotSpec

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
