"""Functions that create traces and spans: ``trace()``, ``agent_span()``, ``function_span()``...

Public face: the code lives in runwright/_tracing/create.py, runwright/_tracing/scope.py.
"""

from __future__ import annotations

from runwright._tracing.create import (
    RunTraceScope,
    agent_span,
    custom_span,
    function_span,
    generation_span,
    guardrail_span,
    handoff_span,
    mcp_tools_span,
    response_span,
    run_trace,
    speech_group_span,
    speech_span,
    task_span,
    trace,
    transcription_span,
    turn_span,
)
from runwright._tracing.scope import (
    get_current_span,
    get_current_trace,
)

__all__ = [
    "RunTraceScope",
    "agent_span",
    "custom_span",
    "function_span",
    "generation_span",
    "guardrail_span",
    "get_current_span",
    "get_current_trace",
    "handoff_span",
    "mcp_tools_span",
    "response_span",
    "run_trace",
    "speech_group_span",
    "speech_span",
    "task_span",
    "trace",
    "transcription_span",
    "turn_span",
]
