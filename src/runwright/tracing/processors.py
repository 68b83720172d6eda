"""``agents.tracing.processors`` of the OpenAI Agents SDK: the batching processor and exporters.

None of them is registered by default: traces stay in runwright's local store
unless you add, e.g., ``BatchTraceProcessor(BackendSpanExporter())``.

Public face: the code lives in runwright/_tracing/exporters.py.
"""

from __future__ import annotations

from runwright._tracing.exporters import (
    BackendSpanExporter,
    BatchTraceProcessor,
    ConsoleSpanExporter,
    default_exporter,
    default_processor,
)

__all__ = [
    "BackendSpanExporter",
    "BatchTraceProcessor",
    "ConsoleSpanExporter",
    "default_exporter",
    "default_processor",
]
