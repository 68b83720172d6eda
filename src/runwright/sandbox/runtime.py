"""The runner's sandbox hook: set the session up at run start, tear it down at the end.

Public face: the code lives in runwright/_sandbox/runtime.py.
"""

from __future__ import annotations

from runwright._sandbox.runtime import (
    SandboxRun,
    close_sandbox,
    drive_sandboxed,
    open_sandbox,
)

__all__ = [
    "SandboxRun",
    "drive_sandboxed",
    "open_sandbox",
    "close_sandbox",
]
