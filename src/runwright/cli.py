"""The ``runwright`` command: ``demo``, ``chat`` and ``traces``.

Public face: the code lives in runwright/_cli/main.py.
"""

from __future__ import annotations

from runwright._cli import (
    CliError,
    build_parser,
    main,
)

__all__ = [
    "CliError",
    "build_parser",
    "main",
]
