"""Manifest: the starting contents and environment of a fresh workspace.

Public face: the code lives in runwright/_sandbox/manifest.py.
"""

from __future__ import annotations

from runwright._sandbox.manifest import (
    DEFAULT_ROOT,
    Environment,
    Manifest,
    SandboxPathGrant,
    SandboxWorkspaceScope,
)

__all__ = [
    "DEFAULT_ROOT",
    "Environment",
    "Manifest",
    "SandboxPathGrant",
    "SandboxWorkspaceScope",
]
