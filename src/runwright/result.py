"""Run results: what a finished (or streaming) run produced.

Public face: the code lives in runwright/_loop/result.py.
"""

from __future__ import annotations

from runwright._loop.result import (
    AgentToolInvocation,
    RunResult,
    RunResultBase,
    RunResultStreaming,
    T,
    ToInputListMode,
)

__all__ = [
    "AgentToolInvocation",
    "T",
    "ToInputListMode",
    "RunResultBase",
    "RunResult",
    "RunResultStreaming",
]
