"""A sandbox session: one live workspace, its commands and its files.

The workspace is a host directory. Commands run through the client's
confinement (see sandboxes/); file operations run in this process and go
through _paths, which keeps them inside the workspace.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from runwright._core.exceptions import UserError
from runwright._sandbox import files as _files
from runwright._sandbox.patch import apply_patch
from runwright._sandbox.process import ExecResult


@dataclass
class SandboxSessionState:
    """The serialisable part of a session: enough to find or rebuild its workspace.

    Stored in RunState JSON under ``"sandbox"``.
    """

    type: str
    session_id: str
    workspace: str
    """The workspace's host directory."""
    root: str
    """Where commands see the workspace (e.g. ``/workspace``)."""
    environment: dict[str, str] = field(default_factory=dict)
    snapshot: str | None = None
    """The last snapshot tar written for this session, if any."""

    def to_json_dict(self) -> dict[str, Any]:
        """Plain JSON data."""
        return {
            "type": self.type,
            "session_id": self.session_id,
            "workspace": self.workspace,
            "root": self.root,
            "environment": dict(self.environment),
            "snapshot": self.snapshot,
        }

    @classmethod
    def from_json_dict(cls, data: Any) -> SandboxSessionState:
        """Reads :meth:`to_json_dict` output; raises UserError on anything else."""
        bad = UserError("RunState 'sandbox' must be a sandbox session state object.")
        if not isinstance(data, dict):
            raise bad
        strings = ("type", "session_id", "workspace", "root")
        if not all(isinstance(data.get(k), str) for k in strings):
            raise bad
        env = data.get("environment", {})
        snap = data.get("snapshot")
        if not isinstance(env, dict) or not all(isinstance(v, str) for v in env.values()):
            raise bad
        if snap is not None and not isinstance(snap, str):
            raise bad
        return cls(**{k: data[k] for k in strings}, environment=dict(env), snapshot=snap)


class SandboxSession:
    """A live workspace. Use the client's ``create`` to make one; ``async with``
    deletes it on exit.

    Commands: :meth:`exec`. Files: :meth:`read`, :meth:`write`, :meth:`list_dir`,
    :meth:`search`, :meth:`apply_patch` — paths relative to the workspace or
    absolute under :attr:`root`; nothing outside the workspace is reachable.
    """

    def __init__(self, state: SandboxSessionState, client: Any) -> None:
        self.state = state
        self.client = client
        self.closed = False

    @property
    def root(self) -> str:
        """The workspace path as commands and the model see it."""
        return self.state.root

    @property
    def workspace(self) -> Path:
        """The workspace's host directory."""
        return Path(self.state.workspace)

    async def exec(self, command: str, *, timeout: float | None = None) -> ExecResult:
        """Runs ``command`` with ``sh -c`` in the workspace."""
        if self.closed:
            raise UserError("This sandbox session was closed.")
        result: ExecResult = await self.client._exec(self, command, timeout)
        return result

    def read(self, path: str, max_bytes: int | None = None) -> bytes:
        """The file's bytes (at most ``max_bytes``; raises SandboxError past that)."""
        return _files.read(self, path, max_bytes)

    def write(self, path: str, data: bytes | str) -> None:
        """Creates or replaces a file (and its parent directories)."""
        _files.write(self, path, data)

    def list_dir(self, path: str = ".") -> list[str]:
        """Names in a directory (directories end with ``/``)."""
        return _files.list_dir(self, path)

    def search(self, pattern: str, path: str = ".", max_matches: int = 200) -> list[str]:
        """``file:line: text`` for lines containing ``pattern`` (a regular expression)."""
        return _files.search(self, path, pattern, max_matches)

    def apply_patch(self, patch: str) -> str:
        """Applies a patch in the ``*** Begin Patch`` format; returns a summary."""
        return apply_patch(self, patch)

    async def stop(self) -> None:
        """Ends every process the session started; the workspace stays."""
        await self.client._stop(self)

    async def delete(self) -> None:
        """Stops the session and removes its workspace."""
        if self.closed:
            return
        await self.stop()
        self.closed = True
        shutil.rmtree(self.workspace, ignore_errors=True)

    async def __aenter__(self) -> SandboxSession:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.delete()

    def chown(self, fd: int) -> None:
        """Gives a file the host process created to the sandbox user (when we are root)."""
        uid = self.client._host_uid()
        if uid is not None:
            os.fchown(fd, uid, uid)
