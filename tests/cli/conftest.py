"""Fixtures of the CLI tests: a private home for the console script, and shared demo runs."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_helpers import Cli, DemoRuns


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    return Cli(tmp_path)


@pytest.fixture(scope="session")
def demo_runs(tmp_path_factory: pytest.TempPathFactory) -> DemoRuns:
    """The demo run twice (with --yes) on the embedded default; shared by several tests."""
    cli = Cli(tmp_path_factory.mktemp("demo"))
    first = cli.demo("--yes")
    second = cli.demo("--yes")
    return DemoRuns(cli, first, second)
