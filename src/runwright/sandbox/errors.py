"""Sandbox errors. All are AgentsException subclasses.

Public face: the code lives in runwright/_sandbox/errors.py.
"""

from __future__ import annotations

from runwright._sandbox.errors import (
    ExecTimeoutError,
    SandboxError,
    SandboxPathError,
)

__all__ = [
    "SandboxError",
    "SandboxPathError",
    "ExecTimeoutError",
]
