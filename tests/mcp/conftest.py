"""Real MCP servers for the tests: tests/mcp/server_app.py over stdio and over HTTP."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from mcp_support import APP


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_listening(port: int, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"test MCP server exited with {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("test MCP server did not start listening")


class HttpServerProcess:
    """The test server over HTTP in a subprocess on a free 127.0.0.1 port."""

    def __init__(self, transport: str, env: dict[str, str]) -> None:
        self.transport = transport
        self.env = env
        self.port = _free_port()
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        path = "/sse" if self.transport == "sse" else "/mcp"
        return f"http://127.0.0.1:{self.port}{path}"

    def start(self) -> HttpServerProcess:
        self.proc = subprocess.Popen(
            [sys.executable, APP, self.transport, str(self.port)],
            env={**os.environ, **self.env},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        _wait_listening(self.port, self.proc)
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
