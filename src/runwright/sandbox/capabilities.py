"""Capabilities: what a SandboxAgent may do in its workspace (each brings tools).

Public face: the code lives in runwright/_sandbox/capabilities.py.
"""

from __future__ import annotations

from runwright._sandbox.capabilities import (
    Capabilities,
    Capability,
    Filesystem,
    Shell,
)

__all__ = [
    "Capability",
    "Shell",
    "Filesystem",
    "Capabilities",
]
