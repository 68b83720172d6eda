"""``agents.tracing.context`` of the OpenAI Agents SDK: TraceCtxManager, a run's trace scope.

Public face: the code lives in runwright/_tracing/create.py.
"""

from __future__ import annotations

from runwright._tracing.create import TraceCtxManager

__all__ = [
    "TraceCtxManager",
]
