"""Sandbox errors. All are AgentsException subclasses.

A SandboxError raised inside a capability tool becomes the tool's output text
for the model (the tool's default failure handling), so a refused path or a
failed command never ends the run; configuration mistakes are UserErrors.
"""

from __future__ import annotations

from runwright._core.exceptions import AgentsException


class SandboxError(AgentsException):
    """An operation in the sandbox failed."""


class SandboxPathError(SandboxError):
    """A path resolves outside the workspace, through a symlink, or to no regular file."""


class ExecTimeoutError(SandboxError):
    """A command ran past its wall-clock timeout (it was killed with its process tree)."""
