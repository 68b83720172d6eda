"""Run results: what a finished (or streaming) run produced.

Public face: the code lives in runwright/_loop/result.py.
"""

from __future__ import annotations

from runwright._loop.result import (
    RunResult,
    RunResultBase,
    RunResultStreaming,
    T,
)

__all__ = [
    "T",
    "RunResultBase",
    "RunResult",
    "RunResultStreaming",
]
