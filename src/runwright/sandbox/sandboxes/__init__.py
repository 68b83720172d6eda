"""Sandbox clients: where a session's workspace lives and how commands are confined.

``UnixLocalSandboxClient`` (bubblewrap on Linux) is the only client shipped:
no Docker daemon is available where runwright is tested, so a Docker client
is not offered untested (see docs/sandbox.md).
"""

from __future__ import annotations

from runwright._sandbox.sandboxes.bwrap import DEFAULT_HOST_PATHS, SandboxLimits
from runwright._sandbox.sandboxes.unix_local import (
    UnixLocalSandboxClient,
    UnixLocalSandboxClientOptions,
)

__all__ = [
    "DEFAULT_HOST_PATHS",
    "SandboxLimits",
    "UnixLocalSandboxClient",
    "UnixLocalSandboxClientOptions",
]
