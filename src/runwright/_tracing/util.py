"""Identifiers, timestamps and JSON helpers shared by the tracing modules."""

from __future__ import annotations

import dataclasses
import itertools
import os
from typing import Any

# Ids are a random per-process prefix plus a counter: unique across processes
# (the prefix comes from os.urandom, re-drawn in forked children) and cheaper
# than drawing random bits per id (~0.3 us here; os.urandom per id: ~0.9 us).
_prefix = ""
_counter = itertools.count()


def _new_prefix() -> None:
    global _prefix, _counter
    _prefix = os.urandom(8).hex()
    _counter = itertools.count(int.from_bytes(os.urandom(4), "big"))


_new_prefix()
if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_new_prefix)


def gen_trace_id() -> str:
    """A new trace id: ``"trace_"`` followed by 32 lowercase hex characters."""
    return f"trace_{_prefix}{next(_counter):016x}"


def gen_span_id() -> str:
    """A new span id: ``"span_"`` followed by 24 lowercase hex characters."""
    return f"span_{_prefix[:12]}{next(_counter):012x}"


def gen_group_id() -> str:
    """A new group id: ``"group_"`` followed by 24 lowercase hex characters."""
    return f"group_{_prefix[:12]}{next(_counter):012x}"


def iso_from_timestamp(ts: float) -> str:
    """A POSIX timestamp as an ISO 8601 UTC string, always with microseconds.

    Fixed width, so ISO timestamps sort as strings. ``datetime`` is imported
    here, on first use: ``import runwright.tracing`` stays light.
    """
    from datetime import datetime, timezone

    return datetime.fromtimestamp(ts, timezone.utc).isoformat(timespec="microseconds")


def time_iso() -> str:
    """The current UTC time as an ISO 8601 string (what spans and traces record)."""
    import time

    return iso_from_timestamp(time.time())


def get_logger() -> Any:
    """The ``runwright.tracing`` logger (``logging`` is imported only when something fails)."""
    import logging

    return logging.getLogger("runwright.tracing")


def jsonable(value: Any) -> Any:
    """``value`` as plain JSON types; unknown objects become their ``str()``.

    Used at export time (off the run loop's thread for the local store), so it
    may be slowish but must never raise.
    """
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [jsonable(v) for v in value]
    to_json = getattr(value, "to_json_dict", None) or getattr(value, "model_dump", None)
    if callable(to_json):
        try:
            return jsonable(to_json())
        except Exception:
            return str(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return jsonable(dataclasses.asdict(value))
    return str(value)


def usage_dict(usage: Any) -> dict[str, Any] | None:
    """A usage value (dict, :class:`~runwright.usage.Usage`, SDK object) as a plain dict."""
    if usage is None or isinstance(usage, dict):
        return usage
    for name in ("to_json_dict", "model_dump"):
        method = getattr(usage, name, None)
        if callable(method):
            try:
                value = method()
            except Exception:
                break
            if isinstance(value, dict):
                cost = getattr(usage, "cost_json", None)  # runwright's Usage: priced here
                if callable(cost) and "cost_usd" not in value:
                    priced = cost()
                    if priced is not None:
                        value["cost_usd"] = priced
                return value
    plain = jsonable(usage)
    return plain if isinstance(plain, dict) else None


def usage_tokens(usage: Any) -> tuple[int, int]:
    """(input_tokens, output_tokens) from a usage value in Responses or Chat shape."""
    data = usage_dict(usage)
    if not data:
        return 0, 0
    inp = data.get("input_tokens")
    if inp is None:
        inp = data.get("prompt_tokens")
    out = data.get("output_tokens")
    if out is None:
        out = data.get("completion_tokens")
    return _as_int(inp), _as_int(out)


def usage_cost(usage: Any) -> float | None:
    """The USD cost recorded with a usage value (``cost_usd``), or None."""
    data = usage_dict(usage)
    cost = data.get("cost_usd") if data else None
    if isinstance(cost, bool) or not isinstance(cost, (int, float)):
        return None
    return float(cost)


def _as_int(value: Any) -> int:
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        return 0


MAX_DEPTH = 64
"""Content nested deeper than this is stored cut at this depth (the rest is kept)."""
TRUNCATED = f"[truncated: nested deeper than {MAX_DEPTH} levels]"


def truncated(value: Any, depth: int = 0) -> Any:
    """A copy of ``value`` cut at MAX_DEPTH (recursion bounded by it), as plain JSON."""
    if depth >= MAX_DEPTH:
        return TRUNCATED
    if isinstance(value, dict):
        return {str(k): truncated(v, depth + 1) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [truncated(v, depth + 1) for v in value]
    if value is None or isinstance(value, (str, float, bool)):
        return value
    if isinstance(value, int):
        return value if abs(value) < 2**63 else str(value)
    try:
        return truncated(jsonable(value), depth + 1)
    except RecursionError:
        return TRUNCATED


def safe_str(value: Any) -> str:
    """``str(value)``; content too deeply nested for ``str`` is cut at MAX_DEPTH first."""
    try:
        return str(value)
    except RecursionError:
        return str(truncated(value))
