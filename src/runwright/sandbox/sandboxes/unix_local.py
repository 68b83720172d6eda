"""The local client: a workspace directory on this machine, commands confined by bubblewrap.

Public face: the code lives in runwright/_sandbox/sandboxes/unix_local.py.
"""

from __future__ import annotations

from runwright._sandbox.sandboxes.unix_local import (
    UNCONFINED_WARNING,
    UnixLocalSandboxClient,
    UnixLocalSandboxClientOptions,
    logger,
)

__all__ = [
    "logger",
    "UNCONFINED_WARNING",
    "UnixLocalSandboxClientOptions",
    "UnixLocalSandboxClient",
]
