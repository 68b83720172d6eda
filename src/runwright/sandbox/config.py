"""SandboxRunConfig: where and how a run gets its sandbox session.

Public face: the code lives in runwright/_sandbox/config.py.
"""

from __future__ import annotations

from runwright._sandbox.config import (
    SandboxRunConfig,
)

__all__ = [
    "SandboxRunConfig",
]
