"""``agents.tracing.processor_interface`` of the OpenAI Agents SDK: the processor port.

Public face: the code lives in runwright/_tracing/processor.py.
"""

from __future__ import annotations

from runwright._tracing.processor import TracingProcessor

__all__ = [
    "TracingProcessor",
]
