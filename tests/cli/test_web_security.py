"""The trace viewer's server: loopback Host only, security headers, clean stop on signals.

No browser needed: raw HTTP with chosen Host headers, and the command in a subprocess.
"""

from __future__ import annotations

import base64
import hashlib
import http.client
import re
import signal
import subprocess
from collections.abc import Iterator

import pytest
from cli_helpers import RUNWRIGHT, Cli, write_synthetic_trace

from runwright._cli.web import TraceServer, start_server
from runwright.tracing import TraceStore


@pytest.fixture
def server(cli: Cli) -> Iterator[TraceServer]:
    write_synthetic_trace(cli)
    served = start_server(TraceStore(cli.trace_db), 0)
    try:
        yield served
    finally:
        served.shutdown()
        served.server_close()
        served.store.close()


def _request(
    server: TraceServer, path: str, host: str | None, method: str = "GET"
) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", server.server_address[1], timeout=10)
    connection.putrequest(method, path, skip_host=True)
    if host is not None:
        connection.putheader("Host", host)
    connection.endheaders()
    response = connection.getresponse()
    response.read()
    connection.close()
    return response


def test_the_loopback_host_it_is_bound_to_is_answered(server: TraceServer) -> None:
    port = server.server_address[1]
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"LOCALHOST:{port}"):
        assert _request(server, "/api/traces", host).status == 200, host


@pytest.mark.parametrize(
    "host",
    [
        "attacker.example",  # DNS rebinding: the attacker's name now points at 127.0.0.1
        "attacker.example:{port}",
        "127.0.0.1:{other}",
        "localhost",
        "127.0.0.1",
        "",
        None,
    ],
)
def test_any_other_host_is_refused(server: TraceServer, host: str | None) -> None:
    port = server.server_address[1]
    if host is not None:
        host = host.format(port=port, other=port + 1)
    for path in ("/", "/api/traces"):
        response = _request(server, path, host)
        assert response.status == 403, (host, path)


def _assert_security_headers(response: http.client.HTTPResponse) -> None:
    assert response.getheader("X-Content-Type-Options") == "nosniff"
    policy = response.getheader("Content-Security-Policy") or ""
    assert "default-src 'none'" in policy
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
    assert "connect-src 'self'" in policy and "frame-ancestors 'none'" in policy


def test_every_response_carries_the_security_headers(server: TraceServer) -> None:
    host = f"127.0.0.1:{server.server_address[1]}"
    responses = [
        _request(server, "/", host),  # the page
        _request(server, "/api/traces", host),  # JSON
        _request(server, "/nothing", host),  # 404
        _request(server, "/", "attacker.example"),  # 403
        _request(server, "/", host, method="POST"),  # 501 from the base class
    ]
    assert [r.status for r in responses] == [200, 200, 404, 403, 501]
    for response in responses:
        _assert_security_headers(response)


def test_the_policy_allows_exactly_the_pages_inline_script_and_style(server: TraceServer) -> None:
    policy = server.content_security_policy
    for tag in ("script", "style"):
        blocks = re.findall(rf"<{tag}>(.*?)</{tag}>".encode(), server.page, re.DOTALL)
        assert blocks, tag
        for block in blocks:
            digest = base64.b64encode(hashlib.sha256(block).digest()).decode()
            assert f"'sha256-{digest}'" in policy.split(f"{tag}-src", 1)[1].split(";")[0]


def _serve(cli: Cli, **options: object) -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen(
        [str(RUNWRIGHT), "traces", "serve", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=cli.env(),
        cwd=cli.home,
        **options,  # type: ignore[call-overload]
    )
    assert proc.stdout is not None
    first_lines = proc.stdout.readline() + proc.stdout.readline()
    assert "Open http://127.0.0.1:" in first_lines, first_lines
    return proc, first_lines


def test_sigterm_stops_the_server_cleanly(cli: Cli) -> None:
    proc, _ = _serve(cli)
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=20)
    assert proc.returncode == 0, err
    assert "stopped" in out
    assert "Traceback" not in err


def test_sigterm_stops_it_even_where_sigint_is_ignored(cli: Cli) -> None:
    """As in a background job of a non-interactive shell, where Ctrl-C never arrives."""
    proc, _ = _serve(cli, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN))
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=20)
    assert proc.returncode == 0, err
    assert "stopped" in out


def test_ctrl_c_still_stops_it(cli: Cli) -> None:
    # SIGINT's default disposition is restored in the child, whatever this process inherited.
    proc, _ = _serve(cli, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=20)
    assert proc.returncode == 0, err
    assert "stopped" in out
