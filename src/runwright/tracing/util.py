"""``agents.tracing.util`` of the OpenAI Agents SDK: ids and timestamps.

Public face: the code lives in runwright/_tracing/util.py.
"""

from __future__ import annotations

from runwright._tracing.util import (
    gen_group_id,
    gen_span_id,
    gen_trace_id,
    time_iso,
)

__all__ = [
    "gen_group_id",
    "gen_span_id",
    "gen_trace_id",
    "time_iso",
]
