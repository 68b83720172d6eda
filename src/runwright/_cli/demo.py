"""``runwright demo``: a customer-support conversation across three agents.

A customer talks to the shop's triage agent, which hands billing questions to
a billing specialist and app problems to a technical one. The specialists'
tools read and update a SQLite orders database; refunds need a human's
approval; an input guardrail turns away off-topic requests; a SQLite session
remembers the conversation, so a second ``runwright demo`` is greeted as a
returning customer; the whole invocation is stored as one trace.

With no model configured the agents run on the embedded default, scripted
models (see :mod:`demo_script`), and the demo says so.
"""

from __future__ import annotations

import argparse
import asyncio
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from runwright._cli._common import (
    CliError,
    ModelChoice,
    default_data_dir,
    describe_model_error,
    make_console,
    model_choice,
)
from runwright._cli.demo_agents import DemoContext, build_agents
from runwright._cli.demo_data import OrdersDB
from runwright._cli.demo_script import scripted_models
from runwright._cli.render import (
    StreamView,
    ask_approval,
    decide_interruptions,
    stdin_is_tty,
    usage_line,
)
from runwright._core.config import RunConfig
from runwright._core.exceptions import InputGuardrailTripwireTriggered
from runwright._core.usage import Usage
from runwright._loop.runner import Runner
from runwright._sessions.sqlite import SQLiteSession
from runwright._tracing.configure import flush_traces
from runwright._tracing.create import trace
from runwright._tracing.store import TraceStore

if TYPE_CHECKING:
    from rich.console import Console

    from runwright._agent.agent import Agent
    from runwright._core.items import ToolApprovalItem

SESSION_ID = "demo-customer"
WORKFLOW = "Customer support demo"
FIRST_VISIT = (
    "What's the weather like in Paris this weekend?",
    "Hi, I'm Dana. My order #1042 arrived damaged. Can I get a refund?",
    "Also, your app crashes when I open my order history.",
)
RETURNING = ("Hi again! Any news on my refund?",)
REJECTION = "The refund was not approved by the shop's staff, so it was not issued."


def add_parser(commands: Any) -> None:
    """Registers ``demo`` on the ``commands`` subparsers."""
    parser = commands.add_parser(
        "demo",
        help="run a multi-agent customer-support demo (works offline)",
        description=(
            "A customer-support conversation: a triage agent hands off to billing and "
            "technical specialists whose tools use a local SQLite orders database; a refund "
            "needs your approval; a guardrail blocks off-topic requests; a session remembers "
            "you on the next run; the run is stored as a trace. With OPENAI_API_KEY (or "
            "--base-url/--model) it uses that model, otherwise an embedded scripted model."
        ),
    )
    parser.add_argument(
        "--data-dir",
        type=Path,
        help="where the orders database and session live (default: "
        "$XDG_DATA_HOME/runwright/demo or ~/.local/share/runwright/demo)",
    )
    parser.add_argument("-y", "--yes", action="store_true", help="approve refunds automatically")
    parser.add_argument("--model", help="model name (default with OPENAI_API_KEY: gpt-4.1-mini)")
    parser.add_argument(
        "--base-url", help="an OpenAI-compatible server, e.g. http://127.0.0.1:8000/v1"
    )
    parser.add_argument(
        "--scripted",
        action="store_true",
        help="use the embedded scripted model even when a model is configured",
    )
    parser.add_argument(
        "--reset", action="store_true", help="forget the conversation and restore the orders"
    )
    parser.set_defaults(handler=run)


@dataclass
class DemoOptions:
    """The demo's settings, from the command line."""

    data_dir: Path
    auto_approve: bool
    choice: ModelChoice | None  # None: the embedded scripted model
    reset: bool


def run(args: argparse.Namespace) -> int:
    """Runs the demo; returns the exit status."""
    choice = model_choice(args.model, args.base_url)
    data_dir = (args.data_dir or default_data_dir() / "demo").expanduser()
    check_data_dir(data_dir)
    options = DemoOptions(
        data_dir=data_dir,
        auto_approve=args.yes,
        choice=None if args.scripted or not choice.configured else choice,
        reset=args.reset,
    )
    try:
        asyncio.run(play(make_console(), options))
    except Exception as error:
        message = describe_model_error(error, options.choice)
        if message is None:
            raise
        raise CliError(message) from None
    return 0


async def play(console: Console, options: DemoOptions) -> None:
    """Plays the conversation: first visit, or a returning customer's follow-up."""
    if options.reset:
        _remove_demo_files(options.data_dir)
    orders = OrdersDB(options.data_dir / "orders.db")
    session = SQLiteSession(SESSION_ID, options.data_dir / "sessions.db")
    models = _scripted() if options.choice is None else {}
    try:
        returning = bool(await session.get_items(limit=1))
        triage = build_agents(models)
        _banner(console, options, returning)
        chat = _Conversation(console, options, triage, session, DemoContext(orders))
        with trace(WORKFLOW, group_id=SESSION_ID) as current:
            for text in RETURNING if returning else FIRST_VISIT:
                await chat.exchange(text)
        flush_traces()
        _closing(console, options, current.trace_id, chat.totals)
    finally:
        session.close()
        for model in models.values():
            model.clear()  # the script is a pool of steps, not all of which a run uses


def _remove_demo_files(data_dir: Path) -> None:
    """Deletes the demo's own databases only: --data-dir may hold other files too."""
    for name in ("orders.db", "sessions.db"):
        for suffix in ("", "-wal", "-shm", "-journal"):
            (data_dir / f"{name}{suffix}").unlink(missing_ok=True)


def _scripted() -> dict[str, Any]:

    # RUNWRIGHT_DEMO_DELAY: the simulated model latency in seconds (tests make it short).
    try:
        delay = float(os.environ.get("RUNWRIGHT_DEMO_DELAY", "0.35"))
    except ValueError:
        raise CliError("RUNWRIGHT_DEMO_DELAY must be a number of seconds") from None
    return scripted_models(delay=max(0.0, delay), event_delay=min(0.012, delay / 30))


class _Conversation:
    """Sends the customer's messages through the agents, one streamed run each."""

    def __init__(
        self,
        console: Console,
        options: DemoOptions,
        triage: Agent[DemoContext],
        session: SQLiteSession,
        context: DemoContext,
    ) -> None:
        self.console = console
        self.options = options
        self.triage = triage
        self.session = session
        self.context = context
        self.run_config = _run_config(options.choice)
        self.totals = Usage()

    async def exchange(self, text: str) -> None:
        """One customer message, answered to the end (approvals included)."""
        self.console.print(f"\n[bold green]Customer:[/] {_escape(text)}")
        view = StreamView(self.console, thinking="the agents are thinking…")
        options: dict[str, Any] = {"session": self.session, "run_config": self.run_config}
        result = Runner.run_streamed(self.triage, text, context=self.context, **options)
        try:
            await view.show(result)
            while result.interruptions:
                state = decide_interruptions(result, self._decide)
                result = Runner.run_streamed(self.triage, state, **options)
                await view.show(result)
        except InputGuardrailTripwireTriggered as tripped:
            reason = _guardrail_reason(tripped)
            self.console.print(f"  [red]🛡 blocked by guardrail shop_topics_only: {reason}[/]")
            self.console.print("[bold cyan]Triage:[/] Sorry, I can only help with the shop.")
            return
        self.totals.add(result.usage)
        self.console.print(f"  [dim]· {usage_line(result.usage)}[/]")

    def _decide(self, item: ToolApprovalItem) -> tuple[bool, str | None]:
        if self.options.auto_approve:
            self.console.print(f"  [green]✓ {item.tool_name} approved automatically (--yes)[/]")
            return True, None
        if not stdin_is_tty():
            self.console.print(
                f"  [red]✗ {item.tool_name} rejected: no terminal to ask for approval "
                "(stdin is not a TTY) and --yes was not given[/]"
            )
            return False, REJECTION
        approved = ask_approval(self.console, item)
        verdict = "[green]✓ approved[/]" if approved else "[red]✗ rejected[/]"
        self.console.print(f"  {verdict}")
        return approved, None if approved else REJECTION


def _run_config(choice: ModelChoice | None) -> RunConfig:
    if choice is None:
        return RunConfig(workflow_name=WORKFLOW)
    return choice.run_config(workflow_name=WORKFLOW)


def _guardrail_reason(error: Any) -> str:
    info = getattr(getattr(error.guardrail_result, "output", None), "output_info", None)
    return str(info.get("reason")) if isinstance(info, dict) else "off-topic"


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def _banner(console: Console, options: DemoOptions, returning: bool) -> None:
    console.rule("[bold]runwright demo[/] · customer support")
    if options.choice is None:
        console.print(
            "[yellow]No model configured (OPENAI_API_KEY, or --base-url/--model): running on "
            "the embedded default.[/] A scripted model plays the agents' choices; the tools, "
            "guardrail, approval, session and tracing are all real."
        )
    else:
        console.print(f"Model: [bold]{_escape(options.choice.describe())}[/]")
    console.print(f"Data: {options.data_dir}")
    if returning:
        console.print("[dim]A returning customer: the session holds the last conversation.[/]")


def _closing(console: Console, options: DemoOptions, trace_id: str, totals: Any) -> None:
    console.print()
    console.rule("[bold]done[/]")
    console.print(f"Total: {usage_line(totals)}")
    console.print(
        f"Session '{SESSION_ID}' saved in {options.data_dir / 'sessions.db'}: run "
        "`runwright demo` again and the agents remember you (--reset starts over)."
    )
    store = TraceStore()
    if store.get_trace(trace_id) is not None:
        console.print(f"Trace {trace_id} stored in {store.path}; see it with")
        console.print(f"  runwright traces show {trace_id}")
        console.print("  runwright traces serve      (in your browser)")
    else:
        console.print("[dim]No trace stored (tracing is off: RUNWRIGHT_TRACING).[/]")
    store.close()


def check_data_dir(path: Path) -> None:
    """Raises CliError when ``path`` cannot hold the demo's files."""
    if path.exists() and not path.is_dir():
        raise CliError(f"--data-dir {path} is a file, not a directory")
