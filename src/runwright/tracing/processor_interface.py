"""``agents.tracing.processor_interface`` of the OpenAI Agents SDK: processor and exporter ports.

Public face: the code lives in runwright/_tracing/processor.py.
"""

from __future__ import annotations

from runwright._tracing.processor import TracingExporter, TracingProcessor

__all__ = [
    "TracingExporter",
    "TracingProcessor",
]
