"""``runwright traces serve``: a local web viewer for stored traces.

A stdlib HTTP server on 127.0.0.1 (a thread per request) serves one static
page (``static/traces.html``) and a small read-only JSON API:

* ``GET /api/traces?limit=N`` — recent traces (``TraceSummary.to_dict()`` rows);
* ``GET /api/traces/<id>`` — ``{"trace": {...}, "spans": [...]}`` (404 when unknown).

Traces hold prompts, tool arguments and results, so the server trusts no web
page: it answers only requests whose ``Host`` is the loopback address it is
bound to (``127.0.0.1:PORT`` or ``localhost:PORT``; anything else, as a DNS
rebinding attack would send, gets 403), and every response carries
``X-Content-Type-Options: nosniff`` and a Content-Security-Policy that allows
only the page's own inline script and style (by hash) and requests to itself.
It stops on Ctrl-C (SIGINT) and on SIGTERM, which process managers send.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import re
import signal
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, unquote, urlsplit

from runwright._cli._common import CliError
from runwright._cli.store import open_store

if TYPE_CHECKING:
    from runwright._tracing.store import TraceStore

DEFAULT_PORT = 8765


def add_serve_parser(actions: Any, db_flag: Callable[[argparse.ArgumentParser], None]) -> None:
    """Registers ``traces serve``."""
    serve = actions.add_parser(
        "serve",
        help="a local web page showing traces as a waterfall",
        description=(
            "Serve a web page on 127.0.0.1 showing stored traces as a waterfall; click a span "
            "for its details (model input and output, tool arguments and results, usage, errors)."
        ),
    )
    serve.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT}; 0: any free)"
    )
    db_flag(serve)
    serve.set_defaults(handler=serve_command)


class _Terminated(Exception):
    """Raised in the main thread by the SIGTERM handler, as SIGINT raises KeyboardInterrupt."""


def _on_sigterm(_signum: int, _frame: Any) -> None:
    raise _Terminated


def serve_command(args: argparse.Namespace) -> int:
    """Serves until Ctrl-C or SIGTERM; both stop it cleanly with status 0."""
    store = open_store(args.db)
    server = start_server(store, args.port)
    port = server.server_address[1]
    previous = signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        print(f"Serving traces from {store.path}", flush=True)
        print(f"Open http://127.0.0.1:{port}/ (Ctrl-C to stop)", flush=True)
        threading.Event().wait()  # until a signal's handler raises
    except (KeyboardInterrupt, _Terminated):
        print("\nstopped", flush=True)
    finally:
        signal.signal(signal.SIGTERM, previous)
        server.shutdown()
        server.server_close()
    return 0


class TraceServer(ThreadingHTTPServer):
    """The viewer's HTTP server; ``store`` is shared by the request threads."""

    daemon_threads = True

    def __init__(self, port: int, store: TraceStore) -> None:
        self.store = store
        self.page = _page()
        self.content_security_policy = content_security_policy(self.page)
        super().__init__(("127.0.0.1", port), _Handler)
        self.allowed_hosts = allowed_hosts(self.server_address[1])


def start_server(store: TraceStore, port: int) -> TraceServer:
    """Starts serving in a background thread; CliError when the port is taken."""
    if not 0 <= port <= 65535:
        raise CliError(f"--port {port} is not a port number (0-65535)")
    try:
        server = TraceServer(port, store)
    except OSError as error:
        raise CliError(f"cannot listen on 127.0.0.1:{port}: {error.strerror or error}") from None
    thread = threading.Thread(target=server.serve_forever, name="runwright-traces-web", daemon=True)
    thread.start()
    return server


def _page() -> bytes:
    return resources.files("runwright._cli").joinpath("static/traces.html").read_bytes()


def allowed_hosts(port: int) -> frozenset[str]:
    """The ``Host`` header values the server answers: its loopback address and port."""
    return frozenset({f"127.0.0.1:{port}", f"localhost:{port}"})


_INLINE = re.compile(rb"<(script|style)>(.*?)</\1>", re.DOTALL)


def content_security_policy(page: bytes) -> str:
    """A policy allowing only ``page``'s own inline script and style, and requests to itself."""
    hashes: dict[bytes, list[str]] = {b"script": [], b"style": []}
    for match in _INLINE.finditer(page):
        digest = base64.b64encode(hashlib.sha256(match.group(2)).digest()).decode()
        hashes[match.group(1)].append(f"'sha256-{digest}'")
    scripts = " ".join(hashes[b"script"]) or "'none'"
    styles = " ".join(hashes[b"style"]) or "'none'"
    return (
        f"default-src 'none'; script-src {scripts}; style-src {styles}; "
        "connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; "
        "frame-ancestors 'none'"
    )


class _Handler(BaseHTTPRequestHandler):
    server: TraceServer
    server_version = "runwright-traces"

    def do_GET(self) -> None:
        host = (self.headers.get("Host") or "").strip().lower()
        if host not in self.server.allowed_hosts:
            # A page on another origin reaching us through DNS rebinding sends its own name.
            self._json(403, {"error": f"unexpected Host header {host!r}"})
            return
        url = urlsplit(self.path)
        path = url.path.rstrip("/") or "/"
        if path in ("/", "/index.html"):
            self._send(200, "text/html; charset=utf-8", self.server.page)
        elif path == "/api/traces":
            self._list(parse_qs(url.query))
        elif path.startswith("/api/traces/"):
            self._detail(unquote(path[len("/api/traces/") :]))
        else:
            self._json(404, {"error": f"no such page: {url.path}"})

    def _list(self, query: dict[str, list[str]]) -> None:
        try:
            limit = max(1, min(500, int(query.get("limit", ["100"])[0])))
        except ValueError:
            self._json(400, {"error": "limit must be a number"})
            return
        rows = self.server.store.list_traces(limit=limit)
        self._json(
            200, {"traces": [row.to_dict() for row in rows], "db": str(self.server.store.path)}
        )

    def _detail(self, trace_id: str) -> None:
        detail = self.server.store.get_trace(trace_id)
        if detail is None:
            self._json(404, {"error": f"unknown trace id {trace_id!r}"})
        else:
            self._json(200, detail)

    def _json(self, status: int, body: Any) -> None:
        data = json.dumps(body, default=str).encode()
        self._send(status, "application/json", data)

    def _send(self, status: int, content_type: str, data: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(data)

    def end_headers(self) -> None:
        # Here rather than in _send, so error pages of the base class carry them too.
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Content-Security-Policy", self.server.content_security_policy)
        self.send_header("Referrer-Policy", "no-referrer")
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the terminal shows the URL; a line per request would bury it
