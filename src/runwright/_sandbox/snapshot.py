"""Workspace snapshots: a tar of the workspace in a local directory."""

from __future__ import annotations

import os
import tarfile
from dataclasses import dataclass
from pathlib import Path

from runwright._core.exceptions import UserError


@dataclass(frozen=True)
class LocalSnapshotSpec:
    """Keep workspace snapshots as ``<base_path>/<session id>.tar``.

    With a snapshot configured, a run that pauses (approval) or stops before
    finishing writes its workspace there, and the RunState records the file, so
    the run can resume in another process or on another machine sharing
    ``base_path`` even when the original workspace directory is gone.
    """

    base_path: Path | str
    type: str = "local"

    def path_for(self, session_id: str) -> Path:
        """The tar file for one sandbox session."""
        return Path(self.base_path) / f"{session_id}.tar"


def write_snapshot(workspace: Path, dest: Path) -> None:
    """Tars ``workspace`` into ``dest`` atomically (written beside it, then renamed)."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_suffix(".tar.part")
    with tarfile.open(tmp, "w") as tar:
        tar.add(workspace, arcname=".", recursive=True)
    os.replace(tmp, dest)


def restore_snapshot(src: Path, workspace: Path) -> None:
    """Extracts the snapshot ``src`` into the empty directory ``workspace``.

    Members that would land outside the workspace (absolute names, ``..``,
    links pointing out, devices) are refused, so a tampered tar cannot write
    anywhere else.
    """
    if not src.is_file():
        raise UserError(f"Sandbox snapshot {src} does not exist; cannot restore the workspace.")
    with tarfile.open(src, "r") as tar:
        members = tar.getmembers()
        for member in members:
            _check_member(member)
        if hasattr(tarfile, "data_filter"):
            tar.extractall(workspace, members=members, filter="data")
        else:  # pragma: no cover - Pythons without extraction filters
            tar.extractall(workspace, members=members)


def _check_member(member: tarfile.TarInfo) -> None:
    name = member.name
    parts = Path(name).parts
    bad = name.startswith("/") or ".." in parts
    if member.issym() or member.islnk():
        target = member.linkname
        base = Path(name).parent if member.issym() else Path(".")
        bad = bad or target.startswith("/") or _leaves(base / target)
    if not (member.isfile() or member.isdir() or member.issym() or member.islnk()):
        bad = True
    if bad:
        raise UserError(f"Sandbox snapshot member {name!r} would leave the workspace; refused.")


def _leaves(path: Path) -> bool:
    depth = 0
    for part in path.parts:
        depth += -1 if part == ".." else (0 if part == "." else 1)
        if depth < 0:
            return True
    return False
