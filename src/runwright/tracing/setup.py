"""``agents.tracing.setup`` of the OpenAI Agents SDK: the process's trace provider.

Public face: the code lives in runwright/_tracing/provider.py.
"""

from __future__ import annotations

from runwright._tracing.provider import (
    get_trace_provider,
    set_trace_provider,
)

__all__ = [
    "get_trace_provider",
    "set_trace_provider",
]
