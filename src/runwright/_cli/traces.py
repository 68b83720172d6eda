"""``runwright traces``: list stored traces, show one as a tree, or serve a web viewer.

Traces are read from the local trace store (``--db``, else
``$RUNWRIGHT_TRACE_DB``, else the user's data directory; see docs/tracing.md).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from runwright._cli._common import CliError, format_usd, make_console, shorten
from runwright._cli.store import open_store
from runwright._cli.web import add_serve_parser
from runwright._tracing.store import TraceStore

if TYPE_CHECKING:
    from rich.console import Console


def add_parser(commands: Any) -> None:
    """Registers ``traces`` (with ``list``, ``show``, ``serve``) on ``commands``."""
    parser = commands.add_parser(
        "traces",
        help="list, show and browse stored traces",
        description="Look at the traces runs stored in the local trace database.",
    )
    parser.set_defaults(handler=lambda _args: _usage(parser))
    actions = parser.add_subparsers(title="actions", metavar="ACTION")
    listing = actions.add_parser(
        "list", help="recent traces, newest first", description="Recent traces, newest first."
    )
    listing.add_argument("-n", "--limit", type=int, default=20, help="how many (default 20)")
    listing.add_argument("--json", action="store_true", help="print JSON instead of a table")
    _db_flag(listing)
    listing.set_defaults(handler=list_traces)
    show = actions.add_parser(
        "show",
        help="one trace as a tree of spans with timings",
        description="One trace as a tree of spans with timings, usage, tool calls and errors.",
    )
    show.add_argument(
        "trace_id", metavar="ID", help="a trace id, a unique prefix of one, or 'last'"
    )
    show.add_argument("--json", action="store_true", help="print the stored JSON")
    _db_flag(show)
    show.set_defaults(handler=show_trace)

    add_serve_parser(actions, _db_flag)


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 2


def _db_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        type=Path,
        metavar="PATH",
        help="the trace database (default: $RUNWRIGHT_TRACE_DB, else "
        "~/.local/share/runwright/traces.db)",
    )


def resolve_trace_id(store: TraceStore, wanted: str) -> str:
    """A full trace id from an id, a unique prefix, or ``last``; CliError otherwise."""
    recent = store.list_traces(limit=1000)
    if wanted == "last":
        if not recent:
            raise CliError(f"no traces in {store.path} yet (run `runwright demo` to make one)")
        return recent[0].trace_id
    if store.get_trace(wanted) is not None:
        return wanted
    matches = [t.trace_id for t in recent if t.trace_id.startswith(wanted)]
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise CliError(f"trace id prefix {wanted!r} matches {len(matches)} traces; give more of it")
    raise CliError(f"unknown trace id {wanted!r} in {store.path} (see `runwright traces list`)")


def list_traces(args: argparse.Namespace) -> int:
    """``traces list``: a table of recent traces."""
    store = open_store(args.db)
    rows = store.list_traces(limit=max(1, args.limit))
    console = make_console()
    if args.json:
        console.out(json.dumps([row.to_dict() for row in rows], indent=2))
        return 0
    if not rows:
        console.print(f"No traces in {store.path} yet. Run `runwright demo` to make one.")
        return 0
    if console.width >= 130:
        console.print(_table(rows))
    else:  # a narrow terminal: two lines per trace, ids shortened (a unique prefix works)
        for row in rows:
            _print_compact(console, row)
    console.print(f"[dim]{store.path} · `runwright traces show ID` for one trace[/]")
    return 0


def _print_compact(console: Console, row: Any) -> None:
    count = row.error_count
    errors = f"[red]{count} error{'' if count == 1 else 's'}[/]" if count else "no errors"
    console.print(
        f"[bold]{row.trace_id[:18]}[/]  {_esc(row.workflow_name or '')} · "
        f"{_when(row.started_at)} · {format_ms(row.duration_ms)}"
    )
    cost = "" if row.cost_usd is None else f" · {format_usd(row.cost_usd)}"
    console.print(
        f"    [dim]{row.span_count} spans · {row.total_tokens} tokens{cost} ·[/] {errors}"
        f"[dim] · {_esc(', '.join(row.agents) or '-')}[/]"
    )


def _table(rows: list[Any]) -> Any:
    from rich import box
    from rich.table import Table

    table = Table(title="Recent traces", title_justify="left", box=box.SIMPLE_HEAD)
    table.add_column("trace id", no_wrap=True)
    table.add_column("workflow", ratio=2)
    table.add_column("started (UTC)")
    for name in ("duration", "spans", "tokens", "cost", "errors"):
        table.add_column(name, justify="right", no_wrap=True)
    table.add_column("agents", ratio=2)
    for row in rows:
        errors = f"[red]{row.error_count}[/]" if row.error_count else "0"
        table.add_row(
            row.trace_id,
            _esc(row.workflow_name or ""),
            _when(row.started_at),
            format_ms(row.duration_ms),
            str(row.span_count),
            str(row.total_tokens),
            "-" if row.cost_usd is None else format_usd(row.cost_usd),
            errors,
            _esc(", ".join(row.agents)),
        )
    return table


def _when(iso: str | None) -> str:
    return "" if not iso else iso.replace("T", " ")[5:16]


def format_ms(ms: float | None) -> str:
    """``12 ms`` / ``1.24 s`` for a duration in milliseconds."""
    if ms is None:
        return "-"
    return f"{ms / 1000:.2f} s" if ms >= 1000 else f"{ms:.0f} ms" if ms >= 10 else f"{ms:.1f} ms"


def show_trace(args: argparse.Namespace) -> int:
    """``traces show ID``: the trace as a tree of spans."""
    store = open_store(args.db)
    trace_id = resolve_trace_id(store, args.trace_id)
    detail = store.get_trace(trace_id)
    assert detail is not None
    console = make_console()
    if args.json:
        console.out(json.dumps(detail, indent=2, default=str))
        return 0
    for line in span_tree(detail, console.width):
        console.print(line)
    return 0


def span_tree(detail: dict[str, Any], width: int = 100) -> list[str]:
    """The trace as lines of rich markup: a head line, then spans under their parents.

    Facts (arguments, results) are cut to fit ``width`` columns at their depth.
    Lines are printed whole (the terminal may wrap them, nothing is cropped), so
    an id can always be copied.
    """
    head = detail["trace"]
    lines = [
        f"[bold]{_esc(head.get('workflow_name') or 'trace')}[/] [dim]{head['id']}[/] "
        f"· {format_ms(head.get('duration_ms'))}"
    ]
    children: dict[str | None, list[dict[str, Any]]] = {}
    ids = {span["id"] for span in detail["spans"]}
    for span in detail["spans"]:
        parent = span.get("parent_id") if span.get("parent_id") in ids else None
        children.setdefault(parent, []).append(span)
    _grow(lines, "", None, children, (head.get("started_at"), width))
    return lines


def _grow(
    lines: list[str],
    indent: str,
    parent: str | None,
    children: dict[str | None, list[dict[str, Any]]],
    view: tuple[str | None, int],
) -> None:
    trace_start, width = view
    room = max(40, width - len(indent) - 10)
    spans = children.get(parent, [])
    for index, span in enumerate(spans):
        last = index == len(spans) - 1
        lines.append(f"{indent}{'└── ' if last else '├── '}{_span_label(span, trace_start)}")
        inner = indent + ("    " if last else "│   ")
        leaves: list[str] = []
        if span.get("error"):
            leaves.append(f"[red]error: {_esc(shorten(_error_text(span['error']), room - 7))}[/]")
        leaves.extend(f"[dim]{_esc(line)}[/]" for line in span_facts(span, room))
        has_children = bool(children.get(span["id"]))
        for number, leaf in enumerate(leaves):
            end = number == len(leaves) - 1 and not has_children
            lines.append(f"{inner}{'└── ' if end else '├── '}{leaf}")
        _grow(lines, inner, span["id"], children, view)


_COLOURS = {
    "agent": "bold cyan",
    "response": "green",
    "generation": "green",
    "function": "yellow",
    "handoff": "magenta",
    "guardrail": "blue",
}


def _span_label(span: dict[str, Any], trace_start: str | None) -> str:
    kind = span.get("type") or "span"
    colour = _COLOURS.get(kind, "white")
    offset = _offset_ms(trace_start, span.get("started_at"))
    at = f" [dim]@ +{format_ms(offset)}[/]" if offset is not None else ""
    label = (
        f"[{colour}]{kind}[/] {_esc(str(span.get('name') or ''))} · "
        f"{format_ms(span.get('duration_ms'))}{at}"
    )
    if span.get("error"):
        label += " [bold red]✗[/]"
    return label


def _offset_ms(start: str | None, at: str | None) -> float | None:
    from datetime import datetime

    if not start or not at:
        return None
    try:
        return (datetime.fromisoformat(at) - datetime.fromisoformat(start)).total_seconds() * 1000
    except ValueError:
        return None


def _error_text(error: Any) -> str:
    return str(error.get("message")) if isinstance(error, dict) else str(error)


def span_facts(span: dict[str, Any], width: int = 100) -> list[str]:
    """Lines (at most ``width`` long) of what a span recorded: arguments, results, usage."""
    data = span.get("span_data") or {}
    kind = span.get("type")
    facts: list[str] = []
    if kind == "function":
        facts.append(f"args: {shorten(_text(data.get('input')), width - 6)}")
        facts.append(f"result: {shorten(_text(data.get('output')), width - 8)}")
    elif kind in ("response", "generation"):
        usage = data.get("usage") or {}
        if usage:
            tokens_in, tokens_out = usage.get("input_tokens", 0), usage.get("output_tokens", 0)
            fact = f"tokens: {tokens_in} in / {tokens_out} out"
            cost = usage.get("cost_usd")
            if isinstance(cost, (int, float)) and not isinstance(cost, bool):
                fact += f" · {format_usd(float(cost))}"
            facts.append(fact)
    elif kind == "guardrail":
        facts.append("tripped" if data.get("triggered") else "passed")
    elif kind == "agent" and data.get("tools"):
        facts.append(f"tools: {', '.join(data['tools'])}")
    return [fact for fact in facts if not fact.endswith(": ")]


def _text(value: Any) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else json.dumps(value, default=str)


def _esc(text: str) -> str:
    from rich.markup import escape

    return escape(text)
