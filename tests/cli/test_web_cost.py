"""The trace viewer shows what model calls cost (per span, per trace, and in the list)."""

from __future__ import annotations

import os
from typing import Any

import pytest
from cli_helpers import Cli, run_python
from test_web import CHROMIUM, Served, _details, _open
from test_web import browser as browser  # the module-scoped browser fixture

if not os.environ.get("RUNWRIGHT_REQUIRE_BROWSER") and not CHROMIUM.exists():
    pytestmark = pytest.mark.skip(reason="no /usr/bin/chromium (run scripts/browser_deps)")

PRICED_TRACE = """
from runwright import Agent, Runner, Usage
from runwright.testing import ScriptedModel
from runwright.tracing import flush_traces

usage = Usage(requests=1, input_tokens=1000, output_tokens=500)
model = ScriptedModel(["hi", "again"], name="gpt-4o", usage=usage)
agent = Agent(name="Pricey", model=model)
Runner.run_sync(agent, "x", run_config={"workflow_name": "Priced workflow"})
Runner.run_sync(agent, "y", run_config={"workflow_name": "Priced workflow"})
flush_traces()
"""


def test_the_viewer_shows_cost(cli: Cli, browser: Any) -> None:
    run_python(PRICED_TRACE, cli.env())
    served = Served(cli)
    try:
        page = _open(browser, served.url)
        page.wait_for_selector("#trace-head:has-text('Priced workflow')")
        # gpt-4o: 1000 in / 500 out tokens -> $0.0075
        assert "cost $0.0075" in page.locator("#trace-head").inner_text()
        # the trace list: each trace's cost beside its tokens
        metas = page.locator("[data-testid=trace-row] [data-testid=trace-meta]")
        assert metas.count() == 2
        assert all(m.endswith("1500 tokens · $0.0075") for m in metas.all_inner_texts())
        page.locator("[data-testid=span-row][data-span-type=response]").first.click()
        assert "$0.0075" in _details(page)
        page.close()
    finally:
        served.stop()
