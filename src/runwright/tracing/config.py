"""``agents.tracing.config`` of the OpenAI Agents SDK: TracingConfig.

Public face: the code lives in runwright/_tracing/config.py.
"""

from __future__ import annotations

from runwright._tracing.config import TracingConfig

__all__ = [
    "TracingConfig",
]
