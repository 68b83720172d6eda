"""Helpers shared by the sandbox tests."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest

HAVE_BWRAP = shutil.which("bwrap") is not None
REQUIRED = os.environ.get("RUNWRIGHT_REQUIRE_SANDBOX") == "1"


def need_bwrap() -> None:
    """Skip (or, when required, fail) a test that needs bubblewrap."""
    if HAVE_BWRAP:
        return
    if REQUIRED:
        pytest.fail("bwrap is missing but RUNWRIGHT_REQUIRE_SANDBOX=1: run scripts/sandbox_deps")
    pytest.skip("bubblewrap is not installed (run scripts/sandbox_deps)")


def host_processes(marker: str) -> list[int]:
    """Pids of host processes whose command line contains ``marker``."""
    found = []
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")
            except OSError:
                continue
            if marker.encode() in cmdline:
                found.append(int(pid))
    return found


def gone(find: Callable[[], list[int]]) -> bool:
    """Whether ``find()`` comes back empty (the kernel reaps a dead namespace's
    processes asynchronously, so give it a few seconds)."""
    for _ in range(50):
        if not find():
            return True
        time.sleep(0.1)
    return False
