"""Real MCP servers for the tests: tests/mcp/server_app.py over stdio and over HTTP."""

from __future__ import annotations

import os
import queue
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from mcp_support import APP


def _bound_port(proc: subprocess.Popen[bytes]) -> int:
    """The port the server bound, from its first line ("PORT <n>"), within 30 s."""
    stdout = proc.stdout
    assert stdout is not None
    lines: queue.Queue[bytes] = queue.Queue()
    threading.Thread(target=lambda: lines.put(stdout.readline()), daemon=True).start()
    try:
        line = lines.get(timeout=30)
    except queue.Empty:
        raise RuntimeError("test MCP server did not start listening") from None
    if not line.startswith(b"PORT "):
        raise RuntimeError(f"test MCP server exited with {proc.wait()}")
    return int(line.split()[1])


class HttpServerProcess:
    """The test server over HTTP in a subprocess on a free 127.0.0.1 port."""

    def __init__(self, transport: str, env: dict[str, str]) -> None:
        self.transport = transport
        self.env = env
        self.port = 0  # the server picks a free port the first time; a restart reuses it
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        path = "/sse" if self.transport == "sse" else "/mcp"
        return f"http://127.0.0.1:{self.port}{path}"

    def start(self) -> HttpServerProcess:
        self.proc = subprocess.Popen(
            [sys.executable, APP, self.transport, str(self.port)],
            env={**os.environ, **self.env},
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self.port = _bound_port(self.proc)
        return self

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


@pytest.fixture
def http_server() -> Iterator[Callable[..., HttpServerProcess]]:
    """``http_server(transport="streamable-http", **env)`` starts a server; all stopped after."""
    started: list[HttpServerProcess] = []

    def start(transport: str = "streamable-http", **env: str) -> HttpServerProcess:
        server = HttpServerProcess(transport, env).start()
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


@pytest.fixture
def marker(tmp_path: Path) -> Path:
    """A file the test server's ``add`` tool appends one line to per execution."""
    return tmp_path / "calls.txt"
