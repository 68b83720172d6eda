"""``runwright demo`` end to end on the embedded default, through the console script."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from cli_helpers import RUNWRIGHT, Cli, DemoRuns, assert_user_error

from runwright.tracing import TraceStore


def _order_status(data_dir: Path, order_id: int) -> tuple[str, int]:
    conn = sqlite3.connect(data_dir / "orders.db")
    try:
        row = conn.execute(
            "SELECT status, refunded_cents FROM orders WHERE id = ?", (order_id,)
        ).fetchone()
    finally:
        conn.close()
    return row[0], row[1]


def _trace_id(stdout: str) -> str:
    match = re.search(r"Trace (trace_[0-9a-f]{32}) stored in ", stdout)
    assert match, stdout
    return match.group(1)


def test_first_run_plays_the_whole_conversation(demo_runs: DemoRuns) -> None:
    proc = demo_runs.first
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "running on the embedded default" in out
    # The guardrail blocks the off-topic request before any model call.
    assert "blocked by guardrail shop_topics_only: not about orders" in out
    # Triage hands off; the billing tools run against the orders database.
    assert "→ handoff: Triage → Billing" in out
    assert "⚙ lookup_order(order_id=1042)" in out
    assert '⚙ compute_refund(order_id=1042, reason="damaged")' in out
    assert "issue_refund needs approval" in out
    assert "issue_refund approved automatically (--yes)" in out
    assert "Billing: Done! I've refunded $129.00 for order #1042." in out
    # The app problem goes to the technical specialist.
    assert "→ handoff: Triage → Technical" in out
    assert "⚙ search_help_center(" in out
    assert "Technical: That's a known issue. App crashes on the order-history screen" in out
    assert re.search(r"· \d+ requests · \d+ in / \d+ out tokens", out)
    assert "Traceback" not in out + proc.stderr
    # The commands to copy are whole lines, however narrow the terminal or long the path.
    assert f"\n  runwright traces show {_trace_id(out)}\n" in out


def test_the_refund_tool_really_updated_the_database(demo_runs: DemoRuns) -> None:
    assert _order_status(demo_runs.cli.data_dir, 1042) == ("refunded", 12900)
    assert _order_status(demo_runs.cli.data_dir, 1043) == ("shipped", 0)


def test_second_run_is_greeted_from_the_session(demo_runs: DemoRuns) -> None:
    proc = demo_runs.second
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "A returning customer" in out
    # The name only exists in the first run's messages: the session fed them back in.
    assert "Triage: Welcome back, Dana! Last time we talked about order #1042." in out
    assert "Billing: Order #1042 (Noise-cancelling headphones) is refunded: $129.00" in out
    assert "blocked by guardrail" not in out


def test_each_run_stores_its_trace(demo_runs: DemoRuns) -> None:
    store = TraceStore(demo_runs.cli.trace_db)
    try:
        for proc in (demo_runs.first, demo_runs.second):
            detail = store.get_trace(_trace_id(proc.stdout))
            assert detail is not None
            assert detail["trace"]["workflow_name"] == "Customer support demo"
            assert detail["trace"]["group_id"] == "demo-customer"
    finally:
        store.close()


def test_the_trace_records_agents_tools_handoffs_and_the_guardrail(demo_runs: DemoRuns) -> None:
    store = TraceStore(demo_runs.cli.trace_db)
    try:
        detail = store.get_trace(_trace_id(demo_runs.first.stdout))
    finally:
        store.close()
    assert detail is not None
    spans = detail["spans"]
    kinds = {span["type"] for span in spans}
    assert {"agent", "function", "handoff", "guardrail"} <= kinds, kinds
    assert kinds & {"response", "generation"}, kinds
    agents = {span["name"] for span in spans if span["type"] == "agent"}
    assert {"Triage", "Billing", "Technical"} <= agents
    tools = {span["name"] for span in spans if span["type"] == "function"}
    assert {"lookup_order", "compute_refund", "issue_refund", "search_help_center"} <= tools
    tripped = [s for s in spans if s["type"] == "guardrail" and s["span_data"]["triggered"]]
    assert len(tripped) == 1


def test_without_a_terminal_the_refund_is_rejected_politely(cli: Cli) -> None:
    proc = cli.demo()  # stdin is /dev/null and no --yes
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "issue_refund rejected: no terminal to ask for approval" in out
    assert "The refund for order #1042 was not approved, so I haven't issued it." in out
    assert _order_status(cli.data_dir, 1042) == ("delivered", 0)


def test_reset_starts_over_and_deletes_only_the_demo_files(cli: Cli) -> None:
    assert cli.demo("--yes").returncode == 0
    keep = cli.data_dir / "my-notes.txt"
    keep.write_text("not the demo's")
    proc = cli.demo("--yes", "--reset")
    assert proc.returncode == 0, proc.stderr
    assert "Welcome back" not in proc.stdout
    assert "I've refunded $129.00" in proc.stdout  # the order was restored, so refundable again
    assert keep.read_text() == "not the demo's"


def test_data_dir_that_is_a_file_is_a_user_error(cli: Cli) -> None:
    (cli.home / "file").write_text("x")
    proc = cli.run("demo", "--data-dir", str(cli.home / "file"))
    assert_user_error(proc, "is a file, not a directory")


def test_unreachable_model_server_is_one_line(cli: Cli) -> None:
    proc = cli.demo("--yes", "--base-url", "http://127.0.0.1:9/v1", "--model", "m", timeout=60)
    assert_user_error(proc, "cannot reach the model server", "127.0.0.1:9")


def test_a_configured_key_is_used_unless_scripted_is_asked_for(cli: Cli) -> None:
    env = cli.env(OPENAI_BASE_URL="http://127.0.0.1:9/v1")
    configured = cli.demo("--yes", env=env, timeout=60)
    assert_user_error(configured, "cannot reach the model server")
    scripted = cli.demo("--yes", "--scripted", env=env)
    assert scripted.returncode == 0, scripted.stderr
    assert "embedded default" in scripted.stdout


async def test_with_a_base_url_the_demo_runs_on_that_server(cli: Cli) -> None:
    import asyncio

    from support.fake_openai_server import Answer, FakeOpenAIServer, ToolCall

    async with FakeOpenAIServer() as server:
        server.script(
            Answer(tool_calls=[ToolCall("transfer_to_billing")]),
            Answer(tool_calls=[ToolCall("lookup_order", '{"order_id": 1042}')]),
            Answer(tool_calls=[ToolCall("issue_refund", '{"order_id": 1042, "amount": 50}')]),
            Answer(text="Refunded $50 for your headphones."),
            Answer(tool_calls=[ToolCall("transfer_to_technical")]),
            Answer(text="Please update the app."),
        )
        proc = await asyncio.create_subprocess_exec(
            str(RUNWRIGHT),
            *("demo", "--yes", "--data-dir", str(cli.data_dir)),
            *("--base-url", server.base_url, "--model", "local-model"),
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=cli.env(),
        )
        stdout, stderr = await asyncio.wait_for(proc.communicate(), timeout=120)
        out = stdout.decode()
        assert proc.returncode == 0, stderr.decode()
        assert server.pending == 0
        # A bare model name uses the Responses API (as in the SDK), on any server.
        assert all(r.path == "/v1/responses" for r in server.requests)
        tools = [t["name"] for t in server.bodies()[1]["tools"]]
    assert f"Model: local-model at {server.base_url}" in out
    assert "embedded default" not in out
    assert "blocked by guardrail" in out  # no model call for the off-topic request
    assert "⚙ lookup_order(order_id=1042)" in out
    assert "issue_refund approved automatically (--yes)" in out
    assert "Billing: Refunded $50 for your headphones." in out
    assert "Technical: Please update the app." in out
    assert {"lookup_order", "compute_refund", "issue_refund"} <= set(tools)
    assert _order_status(cli.data_dir, 1042) == ("refunded", 5000)
