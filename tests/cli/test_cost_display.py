"""Cost in the CLI: chat/demo summaries, `runwright traces show` span facts and the
`runwright traces list` cost column."""

from __future__ import annotations

import json
from typing import Any

import pytest
from cli_helpers import RUNWRIGHT, Cli, run_python

from runwright import Usage
from runwright._cli._common import format_usd
from runwright._cli.render import usage_line
from runwright._cli.traces import span_facts


def _priced(model: str) -> Usage:
    usage = Usage(requests=1, input_tokens=1000, output_tokens=500)
    usage._pricing = (model, None)
    return usage


def test_usage_line_shows_the_cost_when_known() -> None:
    assert usage_line(_priced("gpt-4o")) == "1 request · 1000 in / 500 out tokens · $0.0075"
    total = Usage()
    total.add(_priced("gpt-4o"))
    total.add(_priced("gpt-4o"))
    assert usage_line(total).endswith("· $0.015")


def test_usage_line_without_a_known_price_has_no_cost() -> None:
    assert "$" not in usage_line(_priced("my-private-model"))
    assert usage_line(Usage(requests=1)) == "1 request · 0 in / 0 out tokens"


def test_format_usd() -> None:
    assert format_usd(0.5) == "$0.50"
    assert format_usd(12.345) == "$12.35"
    assert format_usd(0.0075) == "$0.0075"
    assert format_usd(0.0) == "$0.00"


def test_span_facts_show_cost() -> None:
    span = {
        "type": "generation",
        "span_data": {"usage": {"input_tokens": 3, "output_tokens": 4, "cost_usd": 0.0012}},
    }
    assert span_facts(span) == ["tokens: 3 in / 4 out · $0.0012"]


PRICED_RUNS = """
from runwright import Agent, Runner, Usage
from runwright.testing import ScriptedModel
from runwright.tracing import flush_traces

usage = Usage(requests=1, input_tokens=1000, output_tokens=500)
priced = Agent(name="Pricey", model=ScriptedModel(["hi"], name="gpt-4o", usage=usage))
Runner.run_sync(priced, "x", run_config={"workflow_name": "Priced workflow"})
private = Agent(name="Private", model=ScriptedModel(["hi"], name="my-own-model", usage=usage))
Runner.run_sync(private, "y", run_config={"workflow_name": "Unpriced workflow"})
flush_traces()
"""


def test_traces_list_shows_what_each_trace_cost(cli: Cli) -> None:
    run_python(PRICED_RUNS, cli.env())
    wide = cli.run("traces", "list", env=cli.env(COLUMNS="200"))
    assert wide.returncode == 0, wide.stderr
    header = next(line for line in wide.stdout.splitlines() if "trace id" in line)
    assert "cost" in header.split()
    priced = next(line for line in wide.stdout.splitlines() if "Priced workflow" in line)
    assert "$0.0075" in priced  # gpt-4o: 1000 in / 500 out tokens
    unpriced = next(line for line in wide.stdout.splitlines() if "Unpriced workflow" in line)
    assert "$" not in unpriced and " - " in unpriced
    narrow = cli.run("traces", "list", env=cli.env(COLUMNS="80"))
    assert "tokens · $0.0075 ·" in narrow.stdout
    rows = {
        row["workflow_name"]: row for row in json.loads(cli.run("traces", "list", "--json").stdout)
    }
    assert rows["Priced workflow"]["cost_usd"] == pytest.approx(0.0075)
    assert rows["Unpriced workflow"]["cost_usd"] is None


PRICED_AGENTS = """
from runwright import Agent, Usage
from runwright.testing import ScriptedModel

usage = Usage(requests=1, input_tokens=1000, output_tokens=500)
priced = Agent(name="Priced", model=ScriptedModel(["hello"] * 5, name="gpt-4o", usage=usage))
"""


def test_chat_shows_each_turns_cost(cli: Cli) -> None:
    path = cli.home / "priced_agents.py"
    path.write_text(PRICED_AGENTS)
    proc = cli.run("chat", "--agent", f"{path}:priced", input="hi\nagain\n")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.count("· 1 request · 1000 in / 500 out tokens · $0.0075") == 2


async def test_the_demo_summary_shows_the_cost_of_a_priced_model(cli: Cli) -> None:
    import asyncio

    from support.fake_openai_server import Answer, FakeOpenAIServer, ToolCall

    def answer(**fields: Any) -> Answer:
        return Answer(input_tokens=1000, output_tokens=500, **fields)

    async with FakeOpenAIServer() as server:
        server.script(
            answer(tool_calls=[ToolCall("transfer_to_billing")]),
            answer(tool_calls=[ToolCall("lookup_order", '{"order_id": 1042}')]),
            answer(tool_calls=[ToolCall("issue_refund", '{"order_id": 1042, "amount": 50}')]),
            answer(text="Refunded $50 for your headphones."),
            answer(tool_calls=[ToolCall("transfer_to_technical")]),
            answer(text="Please update the app."),
        )
        proc = await asyncio.create_subprocess_exec(
            str(RUNWRIGHT),
            *("demo", "--yes", "--data-dir", str(cli.data_dir)),
            *("--base-url", server.base_url, "--model", "gpt-4o"),
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=cli.env(),
        )
        stdout, stderr = await asyncio.wait_for(proc.communicate(), timeout=120)
    assert proc.returncode == 0, stderr.decode()
    out = stdout.decode()
    # gpt-4o: $0.0075 per call (1000 in / 500 out tokens), six calls
    assert "Total: 6 requests · 6000 in / 3000 out tokens · $0.045" in out
    assert "· 4 requests · 4000 in / 2000 out tokens · $0.03" in out  # the refund exchange
