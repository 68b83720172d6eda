"""The ``runwright`` command (demo, chat, traces): its code, loaded only when the command runs.

Public face: the code lives in runwright/_cli/_common.py, runwright/_cli/main.py.
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
