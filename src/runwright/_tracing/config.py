"""TracingConfig: a run's tracing options (``RunConfig.tracing``, ``trace(tracing=...)``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypedDict


class TracingConfig(TypedDict, total=False):
    """Tracing options for a run or a trace.

    ``api_key``: the key an exporter sending traces to a backend uses for this
    trace (e.g. ``BackendSpanExporter``); runwright itself sends nothing anywhere.
    ``include_task_and_turn_spans``: whether a run records its "task" span and
    a "turn" span per turn (default True).
    """

    api_key: str
    include_task_and_turn_spans: bool


def include_task_and_turn_spans(config: Mapping[str, Any] | None) -> bool:
    """Whether runs with this config record task and turn spans (default: yes)."""
    return config is None or bool(config.get("include_task_and_turn_spans", True))
