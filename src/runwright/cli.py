"""The ``runwright`` command: ``demo``, ``chat`` and ``traces``.

Installed with runwright itself: ``rich``, which draws its output, is a core
dependency (so the command works after a plain ``pip install runwright``), but
nothing here, nor ``rich``, is imported by ``import runwright``.
Every command answers ``--help``. A user error (a bad flag value, no model
configured, an unreachable server, an unknown trace) is one line on stderr and
exit status 2; Ctrl-C exits with status 130.

Public face: the code lives in runwright/_cli/ (main.py parses and dispatches).
"""

from __future__ import annotations

from runwright._cli._common import (
    CliError,
)
from runwright._cli.main import (
    build_parser,
    main,
)

__all__ = [
    "CliError",
    "build_parser",
    "main",
]
