"""``runwright traces list|show|serve`` and the viewer's JSON API."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest
from cli_helpers import Cli, DemoRuns, assert_user_error, free_port, write_synthetic_trace

from runwright._cli._common import CliError
from runwright._cli.web import TraceServer, start_server
from runwright.tracing import TraceStore


def test_list_on_an_empty_store(cli: Cli) -> None:
    proc = cli.run("traces", "list")
    assert proc.returncode == 0, proc.stderr
    assert "No traces in" in proc.stdout
    assert "runwright demo" in proc.stdout


def _deep_home(cli: Cli) -> Cli:
    """A home under a path longer than any terminal is wide."""
    deep = cli.home.joinpath(*(["a-rather-long-directory-name"] * 8))
    deep.mkdir(parents=True)
    return Cli(deep)


@pytest.mark.parametrize("columns", ["20", "80", "300"])
def test_hints_to_copy_are_never_wrapped(cli: Cli, columns: str) -> None:
    deep = _deep_home(cli)
    empty = deep.run("traces", "list", env=deep.env(COLUMNS=columns))
    assert empty.returncode == 0, empty.stderr
    assert "Run `runwright demo` to make one." in empty.stdout
    write_synthetic_trace(deep)
    listing = deep.run("traces", "list", env=deep.env(COLUMNS=columns))
    assert f"{deep.trace_db} · `runwright traces show ID` for one trace" in listing.stdout


def test_list_shows_the_demo_traces(demo_runs: DemoRuns) -> None:
    cli = demo_runs.cli
    ids = re.findall(r"Trace (trace_[0-9a-f]{32}) stored", demo_runs.first.stdout)
    narrow = cli.run("traces", "list", env=cli.env(COLUMNS="60"))
    assert narrow.returncode == 0, narrow.stderr
    assert f"{ids[0][:18]}  Customer support demo" in narrow.stdout
    wide = cli.run("traces", "list", env=cli.env(COLUMNS="160"))
    assert ids[0] in wide.stdout  # full ids in a wide terminal
    assert "Customer support demo" in wide.stdout
    as_json = json.loads(cli.run("traces", "list", "--json").stdout)
    assert {row["trace_id"] for row in as_json} >= set(ids)
    assert all(row["workflow_name"] == "Customer support demo" for row in as_json)


def test_show_draws_the_span_tree(cli: Cli) -> None:
    trace_id = write_synthetic_trace(cli)
    for wanted in (trace_id, trace_id[:14], "last"):
        proc = cli.run("traces", "show", wanted)
        assert proc.returncode == 0, proc.stderr
        out = proc.stdout
        assert out.startswith(f"Synthetic workflow {trace_id}")
        assert re.search(r"├── agent Triage · \d+(\.\d)? ms", out), out
        assert "guardrail shop_topics_only" in out and "passed" in out
        assert "handoff Triage -> Billing" in out
        assert 'args: {"order_id": 1042}' in out
        assert 'result: {"status": "delivered"}' in out
        assert "function issue_refund · " in out and "error: card declined" in out
    detail = json.loads(cli.run("traces", "show", trace_id, "--json").stdout)
    assert len(detail["spans"]) == 7


def test_show_unknown_trace_is_a_user_error(cli: Cli) -> None:
    write_synthetic_trace(cli)
    assert_user_error(cli.run("traces", "show", "trace_nope"), "unknown trace id 'trace_nope'")


def test_show_last_with_no_traces_is_a_user_error(cli: Cli) -> None:
    assert_user_error(cli.run("traces", "show", "last"), "no traces in")


def test_a_file_that_is_not_a_trace_db_is_a_user_error(cli: Cli) -> None:
    bad = cli.home / "bad.db"
    bad.write_text("this is not sqlite " * 100)
    assert_user_error(cli.run("traces", "list", "--db", str(bad)), "cannot read the trace database")


def test_traces_without_an_action_prints_help(cli: Cli) -> None:
    proc = cli.run("traces")
    assert proc.returncode == 2
    assert "list" in proc.stdout and "show" in proc.stdout and "serve" in proc.stdout


# ----- the JSON API ----------------------------------------------------------------


@pytest.fixture
def served(cli: Cli) -> Iterator[tuple[TraceServer, str]]:
    trace_id = write_synthetic_trace(cli)
    server = start_server(TraceStore(cli.trace_db), 0)
    try:
        yield server, trace_id
    finally:
        server.shutdown()
        server.server_close()
        server.store.close()


def _get(server: TraceServer, path: str) -> tuple[int, Any]:
    url = f"http://127.0.0.1:{server.server_address[1]}{path}"
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            body = response.read()
            kind = response.headers["Content-Type"]
            return response.status, json.loads(body) if "json" in kind else body.decode()
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_api_lists_and_returns_traces(served: tuple[TraceServer, str]) -> None:
    server, trace_id = served
    status, listing = _get(server, "/api/traces")
    assert status == 200
    assert [t["trace_id"] for t in listing["traces"]] == [trace_id]
    assert listing["traces"][0]["agents"] == ["Triage", "Billing"]
    status, detail = _get(server, f"/api/traces/{trace_id}")
    assert status == 200
    assert detail["trace"]["workflow_name"] == "Synthetic workflow"
    function = [s for s in detail["spans"] if s["name"] == "lookup_order"][0]
    assert function["span_data"]["input"] == '{"order_id": 1042}'


def test_api_errors(served: tuple[TraceServer, str]) -> None:
    server, _ = served
    assert _get(server, "/api/traces/trace_unknown") == (
        404,
        {"error": "unknown trace id 'trace_unknown'"},
    )
    assert _get(server, "/api/traces?limit=x")[0] == 400
    assert _get(server, "/nothing")[0] == 404


def test_the_page_is_served(served: tuple[TraceServer, str]) -> None:
    status, page = _get(served[0], "/")
    assert status == 200
    assert "<title>runwright traces</title>" in page
    assert "/api/traces" in page


def test_serve_on_a_taken_port_is_a_user_error(served: tuple[TraceServer, str]) -> None:
    server, _ = served
    with pytest.raises(CliError, match="cannot listen on 127.0.0.1"):
        start_server(server.store, server.server_address[1])


def test_serve_command_on_a_taken_port(cli: Cli, served: tuple[TraceServer, str]) -> None:
    port = str(served[0].server_address[1])
    assert_user_error(cli.run("traces", "serve", "--port", port), "cannot listen on")
    assert_user_error(cli.run("traces", "serve", "--port", "70000"), "not a port number")


def test_free_port_helper_gives_a_bindable_port() -> None:
    assert 0 < free_port() < 65536
