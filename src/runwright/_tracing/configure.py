"""Process-wide tracing set-up: processors, the local store, on/off, flushing."""

from __future__ import annotations

from typing import TYPE_CHECKING

from runwright._tracing.processor import TracingProcessor
from runwright._tracing.provider import get_trace_provider

if TYPE_CHECKING:
    from pathlib import Path

    from runwright._tracing.local import LocalTraceProcessor


def add_trace_processor(span_processor: TracingProcessor) -> None:
    """Add a processor that receives every trace and span (after the existing ones)."""
    get_trace_provider().register_processor(span_processor)


def set_trace_processors(processors: list[TracingProcessor]) -> None:
    """Replace all processors, the default local store included.

    To keep the local store, include ``get_trace_provider().local_processor``
    in the list, or call :func:`set_local_trace_store` afterwards.
    """
    get_trace_provider().set_processors(processors)


def set_tracing_disabled(disabled: bool) -> None:
    """Turn tracing off (``True``) or on for the whole process."""
    get_trace_provider().set_disabled(disabled)


def set_local_trace_store(path: str | Path | None) -> LocalTraceProcessor | None:
    """Send finished traces to the SQLite file ``path``, or (``None``) stop storing them.

    ``set_local_trace_store(default_trace_db_path())`` restores the default.
    The previous local processor is flushed and stopped.
    """
    provider = get_trace_provider()
    return provider.set_local_trace_store(path, enabled=path is not None)


def flush_traces() -> None:
    """Block until every processor has delivered what it queued (e.g. before reading the store)."""
    get_trace_provider().force_flush()
