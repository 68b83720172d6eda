"""``agents.tracing.processor_interface`` of the OpenAI Agents SDK: the processor port.

A thin re-export module for drop-in imports; the code lives in the modules named below.
"""

from __future__ import annotations

from runwright._tracing.processor import TracingProcessor

__all__ = [
    "TracingProcessor",
]
