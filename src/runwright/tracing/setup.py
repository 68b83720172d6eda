"""``agents.tracing.setup`` of the OpenAI Agents SDK: the process's trace provider.

A thin re-export module for drop-in imports; the code lives in the modules named below.
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
