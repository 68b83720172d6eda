"""The trace viewer in a real headless browser: Debian's chromium driven by Playwright.

``scripts/browser_deps`` installs both. Without chromium the tests are skipped,
unless RUNWRIGHT_REQUIRE_BROWSER is set (as CI does): then they must run.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cli_helpers import RUNWRIGHT, Cli, DemoRuns, write_synthetic_trace

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / ".artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

if not os.environ.get("RUNWRIGHT_REQUIRE_BROWSER") and not CHROMIUM.exists():
    pytestmark = pytest.mark.skip(reason="no /usr/bin/chromium (run scripts/browser_deps)")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("Playwright is not installed: run scripts/browser_deps")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Served:
    """``runwright traces serve --port 0`` in a subprocess, and the URL it printed."""

    def __init__(self, cli: Cli) -> None:
        self.proc = subprocess.Popen(
            [str(RUNWRIGHT), "traces", "serve", "--port", "0"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=cli.env(),
            cwd=cli.home,
        )
        assert self.proc.stdout is not None
        lines = [self.proc.stdout.readline(), self.proc.stdout.readline()]
        match = re.search(r"Open (http://127\.0\.0\.1:\d+/)", "".join(lines))
        assert match, lines
        self.url = match.group(1)

    def stop(self) -> None:
        # SIGTERM, as a process manager sends: SIGINT may be ignored in background jobs.
        self.proc.send_signal(signal.SIGTERM)
        out, err = self.proc.communicate(timeout=20)
        assert self.proc.returncode == 0, err
        assert "stopped" in out


def _open(browser: Any, url: str) -> Any:
    page = browser.new_page(viewport={"width": 1280, "height": 820})
    page.set_default_timeout(15_000)
    page.console_messages = []
    page.on("console", lambda message: page.console_messages.append(message.text))
    page.goto(url)
    page.wait_for_selector("[data-testid=trace-row]")
    return page


def _assert_no_policy_violations(page: Any) -> None:
    """The Content-Security-Policy blocked nothing the page needs (chromium logs each block)."""
    blocked = [text for text in page.console_messages if "Content Security Policy" in text]
    assert blocked == []


def _details(page: Any) -> str:
    page.wait_for_selector("[data-testid=span-details] dl")
    return str(page.locator("[data-testid=span-details]").inner_text())


def test_the_page_lists_the_demo_trace_and_shows_span_details(
    demo_runs: DemoRuns, browser: Any
) -> None:
    trace_ids = re.findall(r"Trace (trace_[0-9a-f]{32}) stored", demo_runs.first.stdout)
    served = Served(demo_runs.cli)
    try:
        page = _open(browser, served.url)
        rows = page.locator("[data-testid=trace-row]")
        assert rows.count() == 2  # the first visit and the returning customer
        assert "Customer support demo" in rows.first.inner_text()
        page.locator(f"[data-trace-id='{trace_ids[0]}']").click()
        page.wait_for_selector(f"#trace-head:has-text('{trace_ids[0]}')")
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "traces-web.png"))  # before asserting on spans
        tool = page.locator("[data-testid=span-row][data-span-type=function]").first
        tool.click()
        details = _details(page)
        assert "arguments" in details and "order_id" in details
        assert "result" in details
        page.locator("[data-testid=span-row][data-span-type=response]").first.click()
        details = _details(page)
        assert re.search(r"usage\s+\d+ in / \d+ out tokens", details), details
        assert "model input" in details and "model output" in details
        page.screenshot(path=str(ARTIFACTS / "traces-web.png"))
        _assert_no_policy_violations(page)
        page.close()
    finally:
        served.stop()


def test_span_details_show_model_io_usage_and_errors(cli: Cli, browser: Any) -> None:
    trace_id = write_synthetic_trace(cli)
    served = Served(cli)
    try:
        page = _open(browser, served.url + "#" + trace_id)
        # the trace the address names loads after the list (its own request)
        page.wait_for_selector("#trace-head:has-text('Synthetic workflow')")
        assert "Synthetic workflow" in page.locator("#trace-head").inner_text()
        spans = page.locator("[data-testid=span-row]")
        assert spans.count() == 7
        assert [spans.nth(i).get_attribute("data-span-type") for i in range(7)] == [
            "agent",
            "guardrail",
            "response",
            "handoff",
            "agent",
            "function",
            "function",
        ]
        spans.nth(2).click()
        details = _details(page)
        assert "model input" in details and "refund please" in details
        spans.nth(6).click()
        details = _details(page)
        assert "error" in details and "card declined" in details
        assert page.locator(".span-row.selected").count() == 1
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "traces-web-synthetic.png"))
        _assert_no_policy_violations(page)
        page.close()
    finally:
        served.stop()
