"""SDK programs run unchanged after ``agents`` → ``runwright``, and print what they print
under openai-agents 0.24 (``programs/<name>.expected``), with the same traffic to the server."""

from __future__ import annotations

import sys

import pytest
from sdk_programs import PROGRAMS, SCRIPTS, run_program, swap_imports


@pytest.mark.parametrize("name", sorted(SCRIPTS))
async def test_program_prints_what_it_prints_under_the_sdk(name: str) -> None:
    run = await run_program(name, sys.executable, swap=True)
    assert run.returncode == 0, run.stderr
    expected = (PROGRAMS / f"{name}.expected").read_text()
    assert run.transcript() == expected, run.stderr


def test_every_program_has_a_script_and_an_expected_transcript() -> None:
    programs = {path.stem for path in PROGRAMS.glob("*.py")}
    assert programs == set(SCRIPTS)
    assert {path.stem for path in PROGRAMS.glob("*.expected")} == programs


def test_the_swap_touches_imports_only() -> None:
    source = "from agents import Agent\nimport agents.tracing\nx = 'from agents import'\n"
    assert swap_imports(source) == (
        "from runwright import Agent\nimport runwright.tracing\nx = 'from agents import'\n"
    )
