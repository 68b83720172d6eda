"""``agents.tracing.scope`` of the OpenAI Agents SDK: the current trace and span.

Public face: the code lives in runwright/_tracing/scope.py.
"""

from __future__ import annotations

from runwright._tracing.scope import Scope

__all__ = [
    "Scope",
]
