"""Helpers shared by the sandbox tests."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
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


def assert_no_survivors(script: str, workspaces: Path, marker: str, kills: int = 100) -> None:
    """Runs ``script`` (argv: workspaces, marker, kills), which SIGKILLs a runner at
    random points of starting a command tagged ``marker``, ``kills`` times; then no
    process tagged ``marker`` may be left on the host."""
    run = subprocess.run(
        [sys.executable, "-c", script, str(workspaces), marker, str(kills)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    try:
        assert run.returncode == 0, run.stderr
        assert run.stdout.strip() == "done"
        assert gone(lambda: host_processes(marker))
    finally:
        for pid in host_processes(marker):
            os.kill(pid, signal.SIGKILL)


_REPORT = re.compile(
    r"Chunk ID: [0-9a-f]{6}\nWall time: \d+\.\d{4} seconds\n"
    r"(?:Process exited with code (?P<code>-?\d+)|Process running with session ID (?P<id>\d+))\n"
    r"(?:Original token count: \d+\n)?Output:\n(?P<output>.*)",
    re.S,
)


def exec_report(text: str) -> tuple[int | None, str]:
    """(exit code, output) of an ``exec_command``/``write_stdin`` report in the SDK's
    layout; the exit code is None while the process still runs."""
    found = _REPORT.fullmatch(text)
    assert found is not None, f"not an exec report: {text!r}"
    code = found.group("code")
    return (int(code) if code is not None else None), found.group("output")
