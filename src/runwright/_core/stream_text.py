"""Reading text deltas from raw stream events, whatever form their ``data`` takes.

``RawResponsesStreamEvent.data`` is a Responses API stream event: a mapping, or
an object with attributes (the ``openai`` type, as in the SDK). The terminal
views (``runwright chat``, :func:`runwright.repl.run_demo_loop`) read it here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

TEXT_DELTA = "response.output_text.delta"


def field(data: Any, name: str) -> Any:
    """``data[name]`` for a mapping, else ``data.name``; None when absent."""
    if isinstance(data, Mapping):
        return data.get(name)
    return getattr(data, name, None)


def text_delta(data: Any) -> str | None:
    """The text of an output-text delta event; None for every other event."""
    if field(data, "type") != TEXT_DELTA:
        return None
    delta = field(data, "delta")
    return delta if isinstance(delta, str) else ""
