"""Sandbox test fixtures.

The confined tests need bubblewrap (scripts/sandbox_deps installs it). Without
it they are skipped — unless RUNWRIGHT_REQUIRE_SANDBOX=1 (set by scripts/check,
as in CI): then they fail, so a missing sandbox can never pass silently.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from _sandbox_support import need_bwrap

from runwright.sandbox import Manifest, SandboxSession
from runwright.sandbox.sandboxes import UnixLocalSandboxClient, UnixLocalSandboxClientOptions


@pytest.fixture
def workspaces() -> Iterator[Path]:
    """A private directory for this test's workspaces (checked empty at the end)."""
    base = Path(tempfile.mkdtemp(prefix="rw-sbx-"))
    os.chmod(base, 0o755)  # the sandbox user must reach its workspace below it
    yield base
    shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def confined(workspaces: Path) -> UnixLocalSandboxClient:
    """The confined local client, its workspaces under ``workspaces``."""
    need_bwrap()
    return UnixLocalSandboxClient(
        UnixLocalSandboxClientOptions(workspace_base=str(workspaces), timeout=20)
    )


@pytest.fixture
async def session(confined: UnixLocalSandboxClient) -> AsyncIterator[SandboxSession]:
    """A fresh confined session (deleted after the test)."""
    async with await confined.create(manifest=Manifest()) as live:
        yield live
