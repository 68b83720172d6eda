"""A private PostgreSQL server in a temporary directory, for tests that stop and start it.

It uses the same server binaries as ``scripts/services`` (``/usr/lib/postgresql/*/bin``),
listens on a free 127.0.0.1 port, and leaves the shared test server alone. Without
the binaries the tests that need it skip, unless RUNWRIGHT_REQUIRE_SERVICES=1 (CI),
when they fail instead.
"""

from __future__ import annotations

import atexit
import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time

import pytest

SKIP_REASON = "PostgreSQL server binaries are missing: scripts/services start installs them"


def _bin_dir() -> str | None:
    dirs = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda d: int(d.split("/")[-2] or 0))
    return dirs[-1] if dirs and os.path.exists(os.path.join(dirs[-1], "pg_ctl")) else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PrivatePostgres:
    """``start()``, ``stop(mode)`` and ``dsn`` of one private server."""

    def __init__(self) -> None:
        bin_dir = _bin_dir()
        if bin_dir is None:
            if os.environ.get("RUNWRIGHT_REQUIRE_SERVICES") == "1":
                pytest.fail(f"RUNWRIGHT_REQUIRE_SERVICES=1 but {SKIP_REASON}")
            pytest.skip(SKIP_REASON)
        self.bin = bin_dir
        self.root = tempfile.mkdtemp(prefix="rw-pg-")
        self.data = os.path.join(self.root, "data")
        self.port = _free_port()
        self.dsn = f"postgresql://postgres@127.0.0.1:{self.port}/postgres"
        self.destroyed = False
        atexit.register(self.destroy)  # also when a test fails before its fixture ends
        if os.getuid() == 0:  # postgres refuses to run as root
            shutil.chown(self.root, "postgres", "postgres")
        self._as_pg("initdb", "-D", self.data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "-N")

    def _as_pg(self, tool: str, *args: str) -> None:
        cmd = [os.path.join(self.bin, tool), *args]
        if os.getuid() == 0:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def start(self) -> None:
        if self.destroyed:  # a restart timer that fired after the tests ended
            return
        options = (
            f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.root} "
            "-c fsync=off -c full_page_writes=off"
        )
        self._as_pg(
            "pg_ctl",
            "-D",
            self.data,
            "-l",
            os.path.join(self.root, "log"),
            "-w",
            "-o",
            options,
            "start",
        )

    def stop(self, mode: str = "fast") -> None:
        """Stops the server: ``fast`` (disconnects clients) or ``immediate`` (like a crash)."""
        self._as_pg("pg_ctl", "-D", self.data, "-m", mode, "-w", "stop")

    def running(self) -> bool:
        return os.path.exists(os.path.join(self.data, "postmaster.pid"))

    def wait_down(self) -> None:
        for _ in range(200):
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    pass
            except OSError:
                return
            time.sleep(0.05)

    def destroy(self) -> None:
        if self.destroyed:
            return
        self.destroyed = True
        if self.running():
            self.stop("immediate")
        shutil.rmtree(self.root, ignore_errors=True)
