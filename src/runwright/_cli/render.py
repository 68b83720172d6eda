"""Showing a streamed run in the terminal, and asking for approvals.

:class:`StreamView` turns stream events into lines: the agent's text as it
arrives, tool calls and their results, handoffs, approval requests. While
the model is thinking (nothing printed since the last step) a spinner runs;
on a non-terminal output there is no spinner and no colour, only the lines.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from runwright._cli._common import format_usd, shorten
from runwright._core.items import ItemHelpers
from runwright._core.stream_text import field, text_delta

if TYPE_CHECKING:
    from rich.console import Console
    from rich.status import Status

    from runwright._core.items import ToolApprovalItem
    from runwright._core.usage import Usage
    from runwright._loop.result import RunResultStreaming
    from runwright._state.run_state import RunState


class StreamView:
    """Prints one streamed run's events as they happen."""

    def __init__(self, console: Console, *, thinking: str = "thinking…") -> None:
        self.console = console
        self.thinking = thinking
        self._status: Status | None = None
        self._speaking = False  # inside an agent message, mid-line
        self._agent: str | None = None

    async def show(self, result: RunResultStreaming) -> None:
        """Consumes the run's events; the run's error, if any, is raised after."""
        self._wait()
        try:
            async for event in result.stream_events():
                self.on_event(event)
        finally:
            self._end_line()
            self._stop_waiting()

    def on_event(self, event: Any) -> None:
        """Shows one stream event."""
        kind = event.type
        if kind == "raw_response_event":
            # the plain event when there is one: a scripted run then never imports openai
            self._on_raw(getattr(event, "raw", None) or event.data)
        elif kind == "run_item_stream_event":
            self._on_item(event.name, event.item)
        elif kind == "agent_updated_stream_event":
            self._agent = event.new_agent.name

    def _on_raw(self, data: Any) -> None:
        delta = text_delta(data)
        if delta is None:
            return
        if not self._speaking:
            self._stop_waiting()
            self.console.print(f"[bold cyan]{self._agent or 'agent'}:[/] ", end="")
            self._speaking = True
        self.console.out(delta, end="", highlight=False)
        self.console.file.flush()

    def _on_item(self, name: str, item: Any) -> None:
        if name == "message_output_created":
            if not self._speaking:  # a model that does not stream text deltas
                self._print_message(item)
            self._end_line()
        elif name == "tool_called":
            raw = item.raw_item
            self._say(f"  [yellow]⚙ {field(raw, 'name')}[/]({_args(field(raw, 'arguments'))})")
        elif name == "tool_output":
            width = max(40, self.console.width - 8)
            self._say(f"    [dim]↳ {_escape(shorten(str(item.output), width))}[/]")
        elif name == "handoff_occured":
            source = getattr(item.source_agent, "name", "?")
            target = getattr(item.target_agent, "name", "?")
            self._say(f"  [magenta]→ handoff: {source} → {target}[/]")
        elif name == "tool_approval_requested":
            self._say(f"  [red]⏸ {field(item.raw_item, 'name')} needs approval[/]")
        else:
            return
        self._wait()

    def _print_message(self, item: Any) -> None:
        self._stop_waiting()
        text = ItemHelpers.text_message_output(item)
        self.console.print(f"[bold cyan]{item.agent.name}:[/] ", end="")
        self.console.out(text, highlight=False)

    def _say(self, markup: str) -> None:
        self._end_line()
        self._stop_waiting()
        self.console.print(markup)

    def _end_line(self) -> None:
        if self._speaking:
            self.console.out("")
            self._speaking = False

    def _wait(self) -> None:
        if self._status is None and self.console.is_terminal:
            self._status = self.console.status(f"[dim]{self.thinking}[/]", spinner="dots")
            self._status.start()

    def _stop_waiting(self) -> None:
        if self._status is not None:
            self._status.stop()
            self._status = None


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def _args(arguments: Any) -> str:
    """Tool arguments as ``key=value, ...`` (the raw text when not a JSON object)."""
    try:
        data = json.loads(arguments or "{}")
    except ValueError:
        return _escape(shorten(str(arguments), 80))
    if not isinstance(data, dict):
        return _escape(shorten(str(arguments), 80))
    return _escape(", ".join(f"{k}={json.dumps(v)}" for k, v in data.items()))


def usage_line(usage: Usage) -> str:
    """``1 request · 120 in / 40 out tokens · $0.0006`` for a run's usage (the cost when
    every model call's price is known)."""
    plural = "" if usage.requests == 1 else "s"
    line = (
        f"{usage.requests} request{plural} · {usage.input_tokens} in / "
        f"{usage.output_tokens} out tokens"
    )
    cost = usage.cost_json() if (usage.input_tokens or usage.output_tokens) else None
    return line if cost is None else f"{line} · {format_usd(cost)}"


Decider = Callable[["ToolApprovalItem"], "tuple[bool, str | None]"]
"""Decides one approval: (approved, rejection message)."""


def decide_interruptions(result: RunResultStreaming, decide: Decider) -> RunState[Any]:
    """The run's state with each pending tool call approved or rejected by ``decide``."""
    state = result.to_state()
    for item in result.interruptions:
        approved, message = decide(item)
        if approved:
            state.approve(item)
        else:
            state.reject(item, rejection_message=message)
    return state


def stdin_is_tty() -> bool:
    """Whether a human can be asked on the terminal."""
    try:
        return sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


def ask_approval(console: Console, item: ToolApprovalItem) -> bool:
    """Asks on the terminal whether ``item`` may run (EOF counts as no)."""
    agent = getattr(item.agent, "name", "agent")
    console.print(
        f"  [bold red]?[/] {agent} wants to run [bold]{item.tool_name}[/]({_args(item.arguments)})"
    )
    try:
        answer = console.input("    Approve? \\[y/N] ")
    except EOFError:
        return False
    return answer.strip().lower() in ("y", "yes")
