"""``agents.repl`` of the OpenAI Agents SDK: :func:`run_demo_loop`, an agent in the terminal.

Public face: the code lives in runwright/_loop/repl.py, runwright/_loop/runner.py.
"""

from __future__ import annotations

from runwright._loop.repl import (
    run_demo_loop,
)
from runwright._loop.runner import (
    DEFAULT_MAX_TURNS,
)

__all__ = [
    "DEFAULT_MAX_TURNS",
    "run_demo_loop",
]
