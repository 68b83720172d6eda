"""Sandbox errors. All are AgentsException subclasses.

Public face: the code lives in runwright/_sandbox/errors.py.
"""

from __future__ import annotations

from runwright._sandbox.errors import (
    ErrorCode,
    ExecTimeoutError,
    ExecTransportError,
    ExposedPortUnavailableError,
    MountCommandError,
    SandboxError,
    SandboxPathError,
    WorkspaceArchiveReadError,
    WorkspaceArchiveWriteError,
    WorkspaceReadNotFoundError,
    WorkspaceWriteTypeError,
)

__all__ = [
    "ErrorCode",
    "ExecTimeoutError",
    "ExecTransportError",
    "ExposedPortUnavailableError",
    "MountCommandError",
    "SandboxError",
    "SandboxPathError",
    "WorkspaceArchiveReadError",
    "WorkspaceArchiveWriteError",
    "WorkspaceReadNotFoundError",
    "WorkspaceWriteTypeError",
]
