"""Helpers shared by the Temporal tests and their worker subprocesses."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import agents_app

from runwright.temporal import RunwrightPlugin, ToolActivityParameters

WORKFLOWS = [
    agents_app.SupportWorkflow,
    agents_app.ApprovalWorkflow,
    agents_app.CrashWorkflow,
    agents_app.ModelObjectWorkflow,
    agents_app.StreamedContextWorkflow,
    agents_app.ChargeWorkflow,
]


def make_plugin() -> RunwrightPlugin:
    """The plugin every test worker uses: the scripted model provider, quick heartbeats
    (a killed worker's tool call moves on after 3 s; long enough not to expire under load)."""
    return RunwrightPlugin(
        model_provider=agents_app.ScriptProvider(),
        tool_params=ToolActivityParameters(heartbeat_timeout=timedelta(seconds=3)),
    )


def log_lines(path: Path) -> list[str]:
    """The tool log's entries without their pid."""
    if not path.exists():
        return []
    return [line.rsplit(" pid=", 1)[0] for line in path.read_text().splitlines()]
