"""Helpers of the CLI tests: the console script in a subprocess, in a private environment."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

RUNWRIGHT = Path(sys.executable).parent / "runwright"
"""The console entry point installed next to the test interpreter (``.venv/bin/runwright``)."""


@dataclass
class Cli:
    """Runs the console script with a clean environment rooted at ``home``."""

    home: Path

    @property
    def trace_db(self) -> Path:
        return self.home / "traces.db"

    @property
    def data_dir(self) -> Path:
        return self.home / "demo"

    def env(self, **extra: str) -> dict[str, str]:
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("OPENAI_", "RUNWRIGHT_")) and k not in ("COLUMNS", "LINES")
        }
        env.update(
            RUNWRIGHT_TRACE_DB=str(self.trace_db),
            XDG_DATA_HOME=str(self.home / "xdg"),
            PYTHONIOENCODING="utf-8",
            RUNWRIGHT_DEMO_DELAY="0.03",  # simulated model latency: short, but not zero
        )
        env.update(extra)
        return env

    def run(
        self,
        *args: str,
        input: str | None = None,
        timeout: float = 120,
        env: dict[str, str] | None = None,
        cwd: Path | None = None,
    ) -> subprocess.CompletedProcess[str]:
        """Runs ``runwright ARGS`` to the end; stdin is ``input`` (else /dev/null)."""
        assert RUNWRIGHT.exists(), f"{RUNWRIGHT} missing: run scripts/bootstrap"
        return subprocess.run(
            [str(RUNWRIGHT), *args],
            input=input,
            stdin=subprocess.DEVNULL if input is None else None,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=timeout,
            env=env or self.env(),
            cwd=cwd or self.home,
        )

    def demo(self, *args: str, **options: Any) -> subprocess.CompletedProcess[str]:
        return self.run("demo", "--data-dir", str(self.data_dir), *args, **options)


def assert_user_error(proc: subprocess.CompletedProcess[str], *fragments: str) -> None:
    """Exit status 2, one line on stderr starting ``runwright: error:``, no traceback."""
    assert proc.returncode == 2, (proc.returncode, proc.stdout, proc.stderr)
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("runwright: error: "), proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr
    for fragment in fragments:
        assert fragment in lines[0], (fragment, lines[0])


def lines_of(text: str) -> list[str]:
    return [line.rstrip() for line in text.splitlines()]


@dataclass
class DemoRuns:
    """Two demo invocations on one data directory: first visit, then returning."""

    cli: Cli
    first: subprocess.CompletedProcess[str]
    second: subprocess.CompletedProcess[str]


def run_python(code: str, env: dict[str, str], cwd: Path | None = None) -> None:
    """Runs ``code`` in a fresh interpreter (e.g. to write traces), failing on error."""
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=cwd, timeout=60
    )
    assert proc.returncode == 0, proc.stderr


SYNTHETIC_TRACE = """
import time
from runwright.tracing import (
    agent_span, flush_traces, function_span, guardrail_span, handoff_span, response_span, trace,
)
with trace("Synthetic workflow", group_id="g1"):
    with agent_span("Triage", handoffs=["Billing"], tools=[]):
        with guardrail_span("shop_topics_only", triggered=False):
            time.sleep(0.003)
        with response_span(None, input=[{"role": "user", "content": "refund please"}],
                           model="scripted"):
            time.sleep(0.01)
        with handoff_span("Triage", "Billing"):
            pass
    with agent_span("Billing", tools=["lookup_order"]):
        with function_span("lookup_order", input='{"order_id": 1042}',
                           output='{"status": "delivered"}'):
            time.sleep(0.005)
        with function_span("issue_refund", input='{"order_id": 1042}') as span:
            span.set_error({"message": "card declined", "data": {"code": 7}})
flush_traces()
"""
"""Writes one trace with every kind of span the viewer shows (to $RUNWRIGHT_TRACE_DB)."""


def write_synthetic_trace(cli: Cli) -> str:
    """Writes :data:`SYNTHETIC_TRACE` into ``cli.trace_db``; returns its trace id."""
    from runwright.tracing import TraceStore

    run_python(SYNTHETIC_TRACE, cli.env())
    store = TraceStore(cli.trace_db)
    try:
        [summary] = [t for t in store.list_traces() if t.workflow_name == "Synthetic workflow"]
    finally:
        store.close()
    return summary.trace_id


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
