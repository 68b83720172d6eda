"""Workspace snapshots: a tar of the workspace, kept locally or by a remote client.

Public face: the code lives in runwright/_sandbox/snapshot.py.
"""

from __future__ import annotations

from runwright._sandbox.snapshot import (
    LocalSnapshot,
    LocalSnapshotSpec,
    NoopSnapshot,
    NoopSnapshotSpec,
    RemoteSnapshot,
    RemoteSnapshotSpec,
    SnapshotBase,
    SnapshotSpec,
    resolve_snapshot,
    restore_snapshot,
    write_snapshot,
)

__all__ = [
    "LocalSnapshot",
    "LocalSnapshotSpec",
    "NoopSnapshot",
    "NoopSnapshotSpec",
    "RemoteSnapshot",
    "RemoteSnapshotSpec",
    "SnapshotBase",
    "SnapshotSpec",
    "resolve_snapshot",
    "restore_snapshot",
    "write_snapshot",
]
