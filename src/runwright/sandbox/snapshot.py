"""Workspace snapshots: a tar of the workspace in a local directory.

Public face: the code lives in runwright/_sandbox/snapshot.py.
"""

from __future__ import annotations

from runwright._sandbox.snapshot import (
    LocalSnapshotSpec,
    restore_snapshot,
    write_snapshot,
)

__all__ = [
    "LocalSnapshotSpec",
    "write_snapshot",
    "restore_snapshot",
]
