"""The local client: a workspace directory on this machine, commands confined by bubblewrap.

Public face: the code lives in runwright/_sandbox/sandboxes/unix_local.py,
runwright/_sandbox/session.py.
"""

from __future__ import annotations

from runwright._sandbox.sandboxes.unix_local import (
    UNCONFINED_WARNING,
    UnixLocalSandboxClient,
    UnixLocalSandboxClientOptions,
    UnixLocalSandboxSessionState,
    logger,
)
from runwright._sandbox.session import (
    UnixLocalSandboxSession,
)

__all__ = [
    "UNCONFINED_WARNING",
    "UnixLocalSandboxClient",
    "UnixLocalSandboxClientOptions",
    "UnixLocalSandboxSessionState",
    "logger",
    "UnixLocalSandboxSession",
]
