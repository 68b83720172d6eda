"""Sandbox clients: where a session's workspace lives and how commands are confined.

``UnixLocalSandboxClient`` (bubblewrap on Linux) is the only client shipped; the
SDK's Docker client and hosted vendor clients are not yet offered (see
docs/sandbox.md for why).

Public face: the code lives in runwright/_sandbox/sandboxes/bwrap.py,
runwright/_sandbox/sandboxes/unix_local.py, runwright/_sandbox/session.py.
"""

from __future__ import annotations

from runwright._sandbox.sandboxes.bwrap import (
    DEFAULT_HOST_PATHS,
    SandboxLimits,
)
from runwright._sandbox.sandboxes.unix_local import (
    UnixLocalSandboxClient,
    UnixLocalSandboxClientOptions,
    UnixLocalSandboxSessionState,
)
from runwright._sandbox.session import (
    UnixLocalSandboxSession,
)

__all__ = [
    "DEFAULT_HOST_PATHS",
    "SandboxLimits",
    "UnixLocalSandboxClient",
    "UnixLocalSandboxClientOptions",
    "UnixLocalSandboxSessionState",
    "UnixLocalSandboxSession",
]
