"""Escape attempts against the confined local client: each one must fail.

Every test makes a real attempt from inside the sandbox (a shell command run
by the confined client) and checks on the host that nothing got out.
"""

from __future__ import annotations

import asyncio
import os
import socket
import threading
import uuid
from pathlib import Path

import pytest
from _sandbox_support import gone, host_processes

from runwright.sandbox import SandboxSession
from runwright.sandbox.sandboxes import UnixLocalSandboxClient, UnixLocalSandboxClientOptions


def _text(data: bytes) -> str:
    return data.decode(errors="replace")


async def test_a_command_runs_in_the_workspace(session: SandboxSession) -> None:
    result = await session.exec("echo made > out.txt && pwd && cat out.txt")
    assert result.exit_code == 0
    # the workspace is seen at its host path (as under the SDK's client), nothing else is
    assert _text(result.stdout).split() == [str(session.workspace), "made"]
    assert session.state.manifest.root == str(session.workspace)
    assert (session.workspace / "out.txt").read_text() == "made\n"


@pytest.mark.parametrize("target", ["/tmp/{name}", "/etc/{name}", "/usr/{name}", "/{name}"])
async def test_writing_outside_the_workspace_fails(session: SandboxSession, target: str) -> None:
    path = target.format(name=f"rw-escape-{uuid.uuid4().hex}")
    result = await session.exec(f"echo pwned > {path}")
    assert result.exit_code != 0
    assert not os.path.exists(path)


async def test_writing_to_a_host_directory_fails(session: SandboxSession, tmp_path: Path) -> None:
    os.chmod(tmp_path, 0o777)  # even a world-writable host directory stays out of reach
    result = await session.exec(f"echo pwned > {tmp_path}/escaped.txt")
    assert result.exit_code != 0
    assert not (tmp_path / "escaped.txt").exists()


async def test_reading_a_host_file_outside_the_allowed_paths_fails(
    session: SandboxSession, tmp_path: Path
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-4711")
    os.chmod(tmp_path, 0o755)
    os.chmod(secret, 0o644)
    result = await session.exec(f"cat {secret}; cat /root/.bashrc; ls /home")
    assert result.exit_code != 0
    assert "TOP-SECRET-4711" not in _text(result.stdout + result.stderr)


async def test_the_host_environment_is_not_inherited(
    session: SandboxSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-do-not-leak")
    result = await session.exec(
        'echo "key=${OPENAI_API_KEY:-unset}"; env; cat /proc/*/environ 2>/dev/null; true'
    )
    output = _text(result.stdout + result.stderr)
    assert "key=unset" in output
    assert "sk-test-do-not-leak" not in output


class _Listener:
    """A TCP server on 127.0.0.1 that records whether anyone connected."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(5)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self.stop.set()
        self.thread.join()
        self.sock.close()


CONNECT = "python3 -c \"import socket; socket.create_connection(('127.0.0.1', {port}), 2)\""


async def test_no_tcp_connection_to_a_host_server(session: SandboxSession) -> None:
    server = _Listener()
    try:
        result = await session.exec(CONNECT.format(port=server.port))
    finally:
        server.close()
    assert result.exit_code != 0
    assert server.connections == 0


async def test_network_option_does_allow_the_same_connection(
    confined: UnixLocalSandboxClient, workspaces: Path
) -> None:
    """The control for the test above: with network=True the identical attempt succeeds."""
    client = UnixLocalSandboxClient(
        UnixLocalSandboxClientOptions(workspace_base=str(workspaces), network=True)
    )
    server = _Listener()
    try:
        async with await client.create() as live:
            result = await live.exec(CONNECT.format(port=server.port))
    finally:
        server.close()
    assert result.exit_code == 0, _text(result.stderr)
    assert server.connections == 1


async def test_sleep_is_killed_at_the_timeout(session: SandboxSession) -> None:
    result = await session.exec("sleep 1000 && echo finished", timeout=1)
    assert result.timed_out
    assert b"finished" not in result.stdout
    assert gone(lambda: host_processes("sleep 1000"))


async def test_a_fork_bomb_hits_the_process_limit(session: SandboxSession) -> None:
    # A marker of this test's own in the command line every forked shell inherits: other
    # sandboxes (another Python's suite may run beside this one) are not counted.
    marker = f"bomb-{uuid.uuid4().hex}"
    running = asyncio.ensure_future(
        session.exec(f": {marker}; bomb() {{ bomb | bomb & }}; bomb; sleep 2", timeout=6)
    )
    seen: list[int] = []
    while not seen and not running.done():  # the marker is visible while the bomb runs
        seen = _sandbox_uid_processes(marker) if os.getuid() == 0 else [1]
        await asyncio.sleep(0.05)
    result = await running
    assert seen
    assert b"fork" in result.stderr.lower()
    if os.getuid() == 0:  # the sandbox ran as uid 65534: its processes are all gone
        assert gone(lambda: _sandbox_uid_processes(marker))
    after = await session.exec("echo still-alive")
    assert after.stdout == b"still-alive\n"


def _sandbox_uid_processes(marker: str) -> list[int]:
    pids = []
    for pid in host_processes(marker):
        try:
            if os.stat(f"/proc/{pid}").st_uid == 65534:
                pids.append(pid)
        except OSError:
            continue
    return pids


async def test_100_mb_of_output_is_capped_keeping_head_and_tail(session: SandboxSession) -> None:
    result = await session.exec(
        "echo BEGIN; head -c 100000000 /dev/zero | tr '\\0' x; echo; echo END"
    )
    limit = session.client.options.max_output_bytes
    assert result.exit_code == 0
    assert len(result.stdout) <= limit
    assert result.stdout.startswith(b"BEGIN\nxxx")
    assert result.stdout.endswith(b"xxx\nEND\n")
    assert result.stdout_omitted == 100_000_000 + len(b"BEGIN\n\nEND\n") - len(result.stdout)


async def test_a_background_process_does_not_outlive_its_command(session: SandboxSession) -> None:
    result = await session.exec("sleep 31337 > /dev/null 2>&1 & echo started")
    assert result.stdout == b"started\n"
    await session.stop()
    assert gone(lambda: host_processes("sleep 31337"))


async def test_file_size_limit_applies(session: SandboxSession) -> None:
    opts = session.client.options
    size = opts.limits.max_file_bytes
    result = await session.exec(f"head -c {size + 4096} /dev/zero > big.bin")
    assert result.exit_code != 0
    assert (session.workspace / "big.bin").stat().st_size <= size
