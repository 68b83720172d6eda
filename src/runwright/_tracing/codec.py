"""How finished traces become store rows, and rows become dicts again.

The writer thread holds the GIL while it encodes, so this is the cost tracing
adds to a busy process: one ``json`` call per trace (all its spans as compact
arrays), and summary columns computed in the same pass.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from runwright._tracing.util import (
    iso_from_timestamp,
    jsonable,
    truncated,
    usage_cost,
    usage_tokens,
)

if TYPE_CHECKING:
    from runwright._tracing.spans import Span
    from runwright._tracing.traces import Trace

# Column order of the `traces` table and of span arrays inside its `spans` column.
TRACE_COLUMNS = (
    "trace_id",
    "workflow_name",
    "group_id",
    "metadata",
    "started_at",
    "ended_at",
    "duration_ms",
    "span_count",
    "agents",
    "total_tokens",
    "error_count",
    "spans",
    "cost_usd",
)
SPAN_FIELDS = ("id", "parent_id", "type", "started_at", "ended_at", "error", "span_data")

_encoder = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=jsonable)


def _make_encode() -> Any:
    """orjson when installed (a dependency; ~8x faster, and this runs while holding
    the GIL beside the run loop), else the standard library's encoder."""
    try:
        import orjson
    except ImportError:  # pragma: no cover - a platform without orjson wheels
        return _encode_standard
    dumps, option = orjson.dumps, orjson.OPT_NON_STR_KEYS

    def encode(value: Any) -> str:
        try:
            return dumps(value, default=jsonable, option=option).decode()
        except TypeError:  # e.g. integers beyond 64 bits, very deep nesting
            return _encode_standard(value)

    return encode


def _encode_standard(value: Any) -> str:
    try:
        return _encoder.encode(value)
    except (RecursionError, ValueError):  # too deep, or a reference cycle
        return _encoder.encode(truncated(value))


def vars_of(data: Any) -> dict[str, Any]:
    """A span data object's attributes (for a last-resort, truncated export)."""
    names = [n for c in type(data).__mro__ for n in getattr(c, "__slots__", ())]
    found = {n: getattr(data, n, None) for n in names}
    found.update(getattr(data, "__dict__", {}))
    return found


encode: Any = _make_encode()


def dumps_or_none(value: Any) -> str | None:
    """JSON text, or ``None`` for ``None``."""
    return None if value is None else encode(value)


def micros(ts: float | None) -> int | None:
    """A POSIX timestamp as integer microseconds (ints encode faster than floats)."""
    return None if ts is None else int(ts * 1_000_000)


def duration_ms(started_us: int | None, ended_us: int | None) -> float | None:
    """Milliseconds between two timestamps in microseconds, or ``None``."""
    if started_us is None or ended_us is None:
        return None
    return (ended_us - started_us) / 1000.0


def span_array(span: Span[Any]) -> list[Any]:
    """A span as the compact array stored in the trace row (fields: ``SPAN_FIELDS``)."""
    try:
        data = span.span_data.export()
    except RecursionError:  # custom span data whose export recurses through deep content
        data = {"type": span.span_data.type, "data": truncated(vars_of(span.span_data))}
    return [span.span_id, span.parent_id, data.get("type"), micros(span._started),
            micros(span._ended), span.error, data]  # fmt: skip


_MODEL_KINDS = ("generation", "response")


def share_input_prefixes(arrays: list[list[Any]]) -> None:
    """Stores each model call's input as a reference to the previous call, plus what is new.

    A conversation's model calls each send the whole transcript so far — the
    previous call's input, its output, then the tool results — so storing
    every input in full grows with the square of the conversation. Items
    shared with the previous call's input followed by its output (the very
    same objects, checked by identity) become ``{"$prefix": span_id, "n":
    count, "rest": [...]}``; :func:`expand_input_prefixes` restores the full
    lists when reading.
    """
    previous: tuple[str, list[Any]] | None = None
    for array in arrays:
        data = array[6]
        if array[2] not in _MODEL_KINDS or not isinstance(data, dict):
            continue
        items = data.get("input")
        if not isinstance(items, list):
            continue
        if previous is not None:
            prev_id, known = previous
            n, limit = 0, min(len(known), len(items))
            while n < limit and items[n] is known[n]:
                n += 1
            if n >= 2:
                array[6] = {**data, "input": {"$prefix": prev_id, "n": n, "rest": items[n:]}}
        output = data.get("output")
        previous = (array[0], items + output if isinstance(output, list) else items)


def expand_input_prefixes(arrays: list[list[Any]]) -> None:
    """Undoes :func:`share_input_prefixes` in place (unknown references are left as they are).

    References always point to an earlier model span of the same trace, so one
    pass in stored order restores every input.
    """
    known: dict[str, list[Any]] = {}
    for array in arrays:
        data = array[6]
        if array[2] not in _MODEL_KINDS or not isinstance(data, dict):
            continue
        value = data.get("input")
        if isinstance(value, dict) and "$prefix" in value:
            base = known.get(value["$prefix"])
            if base is None:
                continue
            value = base[: value.get("n", 0)] + list(value.get("rest") or [])
            data["input"] = value
        if isinstance(value, list):
            output = data.get("output")
            known[array[0]] = value + output if isinstance(output, list) else value


def trace_row(trace: Trace, spans: Sequence[Span[Any]]) -> tuple[Any, ...]:
    """The ``traces`` row for a finished trace (see ``TRACE_COLUMNS``)."""
    arrays = [span_array(s) for s in spans]
    share_input_prefixes(arrays)
    agents: list[str] = []
    tokens = errors = 0
    cost: float | None = None
    for _, _, kind, _, _, error, data in arrays:
        if kind == "agent":
            if data.get("name") not in agents:
                agents.append(data.get("name"))
        elif kind == "generation" or kind == "response":
            usage = data.get("usage")
            tokens += sum(usage_tokens(usage))
            if usage:
                priced = usage_cost(usage)
                if priced is not None:
                    cost = priced if cost is None else cost + priced
        if error is not None:
            errors += 1
    started, ended = micros(trace._started), micros(trace._ended)
    return (
        trace.trace_id,
        trace.name,
        trace.group_id,
        dumps_or_none(trace.metadata),
        started,
        ended,
        duration_ms(started, ended),
        len(arrays),
        encode(agents),
        tokens,
        errors,
        encode(arrays),
        cost,
    )


def spans_cost(arrays: Sequence[Sequence[Any]]) -> float | None:
    """What a trace's model calls cost in USD (stored span arrays); None when no call
    has a known price."""
    cost: float | None = None
    for array in arrays:
        if len(array) == len(SPAN_FIELDS) and array[2] in ("generation", "response"):
            data = array[6]
            priced = usage_cost(data.get("usage")) if isinstance(data, dict) else None
            if priced is not None:
                cost = priced if cost is None else cost + priced
    return cost


def late_span_row(span: Span[Any]) -> tuple[str, str, str]:
    """A ``late_spans`` row: a span that ended after its trace was written."""
    return span.trace_id, span.span_id, encode(span_array(span))


def iso(us: int | None) -> str | None:
    """A stored timestamp (microseconds) as ISO 8601 (UTC), or ``None``."""
    return None if us is None else iso_from_timestamp(us / 1_000_000)


def span_name(data: dict[str, Any]) -> str | None:
    """A short display name for a span, from its data."""
    kind = data.get("type")
    if kind == "handoff":
        return f"{data.get('from_agent')} -> {data.get('to_agent')}"
    if kind in ("generation", "response"):
        return data.get("model")
    if kind == "mcp_tools":
        return data.get("server")
    return data.get("name")


def span_dict(trace_id: str, array: list[Any]) -> dict[str, Any]:
    """A stored span array as a dict in ``Span.export()`` shape, plus type, name, duration."""
    span_id, parent_id, kind, started, ended, error, data = array
    return {
        "object": "trace.span",
        "id": span_id,
        "trace_id": trace_id,
        "parent_id": parent_id,
        "type": kind,
        "name": span_name(data or {}),
        "started_at": iso(started),
        "ended_at": iso(ended),
        "duration_ms": duration_ms(started, ended),
        "error": error,
        "span_data": data,
    }


def trace_dict(row: Sequence[Any]) -> dict[str, Any]:
    """A ``traces`` row (first seven columns) as a dict in ``Trace.export()`` shape."""
    trace_id, name, group_id, metadata, started, ended, duration = row[:7]
    return {
        "object": "trace",
        "id": trace_id,
        "workflow_name": name,
        "group_id": group_id,
        "metadata": None if metadata is None else json.loads(metadata),
        "started_at": iso(started),
        "ended_at": iso(ended),
        "duration_ms": duration,
    }
