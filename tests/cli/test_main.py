"""The ``runwright`` command itself: help everywhere, and what ``import runwright`` leaves out."""

from __future__ import annotations

import subprocess
import sys

import pytest
from cli_helpers import Cli

from runwright.cli import main


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((), "demo"),
        (("demo",), "--data-dir"),
        (("chat",), "--agent"),
        (("traces",), "serve"),
        (("traces", "list"), "--limit"),
        (("traces", "show"), "unique prefix"),
        (("traces", "serve"), "--port"),
    ],
)
def test_help_everywhere(cli: Cli, args: tuple[str, ...], expected: str) -> None:
    proc = cli.run(*args, "--help")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("usage: runwright")
    assert expected in " ".join(proc.stdout.split())  # argparse wraps help to the width


def test_no_command_prints_help_and_fails(cli: Cli) -> None:
    proc = cli.run()
    assert proc.returncode == 2
    assert "commands:" in proc.stdout


def test_unknown_flags_are_usage_errors(cli: Cli) -> None:
    proc = cli.run("demo", "--bogus")
    assert proc.returncode == 2
    assert "unrecognized arguments: --bogus" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.startswith("runwright 0.")


def test_import_runwright_does_not_load_the_cli_or_rich() -> None:
    code = (
        "import sys, runwright; "
        "bad = [m for m in sys.modules "
        "if m == 'rich' or m.startswith(('rich.', 'runwright.cli'))]; "
        "print(bad)"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == "[]"
