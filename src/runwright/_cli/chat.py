"""``runwright chat``: a streaming REPL with an agent from your own Python file.

Each line you type is one streamed run: text appears as it arrives, tool
calls and handoffs as they happen, approvals are asked inline, usage is shown
after each turn. Ctrl-C cancels the current turn: the run stops and whatever
it had saved to the session is taken out again, so a cancelled turn leaves
no trace in the conversation. Ctrl-D (or ``/exit``) quits.
"""

from __future__ import annotations

import argparse
import asyncio
import signal
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

from runwright._agent.agent import Agent
from runwright._cli._common import (
    CliError,
    ModelChoice,
    default_data_dir,
    describe_model_error,
    make_console,
    model_choice,
)
from runwright._cli.agent_loader import load_agent
from runwright._cli.render import StreamView, ask_approval, decide_interruptions, usage_line
from runwright._core.config import RunConfig
from runwright._loop.runner import Runner
from runwright._models.interface import Model
from runwright._models.scripted import UnconsumedScriptWarning
from runwright._sessions.sqlite import SQLiteSession

if TYPE_CHECKING:
    from rich.console import Console

    from runwright._core.items import ToolApprovalItem
    from runwright._loop.result import RunResultStreaming

_EXIT_COMMANDS = ("/exit", "/quit")


def add_parser(commands: Any) -> None:
    """Registers ``chat`` on the ``commands`` subparsers."""
    parser = commands.add_parser(
        "chat",
        help="chat with an agent from a Python file, streaming",
        description=(
            "A streaming REPL with your agent. Tool calls and handoffs are shown as they "
            "happen, approvals are asked inline, usage is shown per turn. Ctrl-C cancels the "
            "current turn (nothing of it is kept); Ctrl-D or /exit quits."
        ),
    )
    parser.add_argument(
        "--agent",
        required=True,
        metavar="MODULE:ATTR",
        help="the agent: a module path (my_agents:support) or a file (path/to/agents.py:support)",
    )
    parser.add_argument(
        "--session",
        metavar="ID",
        help="keep the conversation under this id (it persists between chats)",
    )
    parser.add_argument(
        "--session-db",
        type=Path,
        metavar="PATH",
        help="the sessions file (default: ~/.local/share/runwright/chat.db)",
    )
    parser.add_argument("--model", help="model name, for every agent")
    parser.add_argument(
        "--base-url", help="an OpenAI-compatible server, e.g. http://127.0.0.1:8000/v1"
    )
    parser.add_argument("-y", "--yes", action="store_true", help="approve tool calls automatically")
    parser.add_argument("--max-turns", type=int, default=10, help="model turns per message")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Runs the REPL until EOF or /exit."""
    _quiet_script_warnings()
    agent = load_agent(args.agent)
    choice = model_choice(args.model, args.base_url)
    run_config = chat_run_config(agent, choice)
    session = _open_session(args.session, args.session_db)
    console = make_console()
    repl = ChatRepl(console, agent, session, run_config, args)
    loop = asyncio.new_event_loop()
    try:
        repl.serve(loop)
    finally:
        loop.run_until_complete(loop.shutdown_asyncgens())
        loop.close()
        session.close()
    return 0


def _quiet_script_warnings() -> None:
    """A chat ends whenever the user says: a scripted agent's unused steps are expected."""
    import warnings

    warnings.filterwarnings("ignore", category=UnconsumedScriptWarning)


def chat_run_config(agent: Agent[Any], choice: ModelChoice) -> RunConfig:
    """The RunConfig for chatting; CliError when no agent has a model to run on."""
    if choice.configured:
        config = choice.run_config(workflow_name=f"chat: {agent.name}")
        if not choice.model:
            config.model = None  # keep the agents' own models, resolved by the provider
        return config
    missing = [a.name for a in _reachable(agent) if not isinstance(a.model, Model)]
    if missing:
        raise CliError(
            "no model configured for chat: set OPENAI_API_KEY, or pass --base-url URL "
            f"(and --model NAME) for an OpenAI-compatible server (agent {missing[0]!r} "
            "has no Model object of its own)"
        )
    return RunConfig(workflow_name=f"chat: {agent.name}")


def _reachable(agent: Agent[Any]) -> list[Agent[Any]]:
    """``agent`` and every agent it can hand off to, directly or not."""
    seen: dict[int, Agent[Any]] = {}
    todo = [agent]
    while todo:
        current = todo.pop()
        if id(current) in seen:
            continue
        seen[id(current)] = current
        for target in current.handoffs:
            nested = target if isinstance(target, Agent) else getattr(target, "agent", None)
            if isinstance(nested, Agent):
                todo.append(nested)
    return list(seen.values())


def _open_session(session_id: str | None, db: Path | None) -> SQLiteSession:
    if session_id is None:  # a conversation for this chat only
        return SQLiteSession(f"chat-{uuid.uuid4().hex[:12]}")
    path = (db or default_data_dir() / "chat.db").expanduser()
    if path.exists() and not path.is_file():
        raise CliError(f"--session-db {path} is not a file")
    path.parent.mkdir(parents=True, exist_ok=True)
    return SQLiteSession(session_id, path)


class ChatRepl:
    """Reads lines, runs each as a streamed turn, cancels a turn on Ctrl-C."""

    def __init__(
        self,
        console: Console,
        agent: Agent[Any],
        session: SQLiteSession,
        run_config: RunConfig,
        args: argparse.Namespace,
    ) -> None:
        self.console = console
        self.agent = agent
        self.session = session
        self.run_config = run_config
        self.auto_approve: bool = args.yes
        self.max_turns: int = args.max_turns
        self.session_label = args.session

    def serve(self, loop: asyncio.AbstractEventLoop) -> None:
        """The read-run loop."""
        self._banner()
        while True:
            try:
                text = self.console.input("[bold green]you>[/] ")
            except EOFError:
                self.console.print()
                return
            except KeyboardInterrupt:
                self.console.print("\n[dim](Ctrl-D or /exit quits)[/]")
                continue
            if text.strip() in _EXIT_COMMANDS:
                return
            if text.strip():
                self._run_turn(loop, text)

    def _banner(self) -> None:
        kept = f"session {self.session_label!r}" if self.session_label else "a new conversation"
        self.console.print(
            f"Chatting with [bold]{self.agent.name}[/] ({kept}). "
            "Ctrl-C cancels a turn; Ctrl-D or /exit quits."
        )

    def _run_turn(self, loop: asyncio.AbstractEventLoop, text: str) -> None:
        task = loop.create_task(self.turn(text))
        handled = _on_sigint(loop, task.cancel)
        try:
            loop.run_until_complete(task)
        except KeyboardInterrupt:  # no signal handler on this platform: unwind by hand
            task.cancel()
            loop.run_until_complete(asyncio.gather(task, return_exceptions=True))
            self._cancelled()
        except asyncio.CancelledError:
            self._cancelled()
        finally:
            if handled:
                loop.remove_signal_handler(signal.SIGINT)

    def _cancelled(self) -> None:
        self.console.print("[yellow]⨯ turn cancelled; nothing of it was kept[/]")

    async def turn(self, text: str) -> None:
        """One message, answered to the end (approvals included)."""
        before = len(await self.session.get_items())
        options: dict[str, Any] = {
            "session": self.session,
            "run_config": self.run_config,
            "max_turns": self.max_turns,
        }
        view = StreamView(self.console)
        agent = self.agent  # a paused run resumes with the agent that started it
        result = Runner.run_streamed(agent, text, **options)
        try:
            await view.show(result)
            while result.interruptions:
                state = decide_interruptions(result, self._decide)
                result = Runner.run_streamed(agent, state, **options)
                await view.show(result)
        except (asyncio.CancelledError, KeyboardInterrupt):
            await _stop(result)
            await self._discard_since(before)
            raise asyncio.CancelledError() from None
        except Exception as error:
            message = describe_model_error(error, None)
            if message is None:
                raise
            raise CliError(message) from None
        self.console.print(f"  [dim]· {usage_line(result.usage)}[/]")
        self.agent = result.last_agent  # the conversation continues where it was handed

    def _decide(self, item: ToolApprovalItem) -> tuple[bool, str | None]:
        if self.auto_approve:
            self.console.print(f"  [green]✓ {item.tool_name} approved automatically (--yes)[/]")
            return True, None
        approved = ask_approval(self.console, item)
        return approved, None if approved else "The user did not approve this tool call."

    async def _discard_since(self, count: int) -> None:
        """Takes the cancelled turn's items back out of the session."""
        items = await self.session.get_items()
        for _ in range(len(items) - count):
            await self.session.pop_item()


async def _stop(result: RunResultStreaming) -> None:
    """Cancels a streamed run and waits until it has unwound."""
    result.cancel()
    try:
        async for _ in result.stream_events():
            pass
    except Exception:
        pass  # the run's own error is moot: the user cancelled it


def _on_sigint(loop: asyncio.AbstractEventLoop, callback: Any) -> bool:
    """Routes Ctrl-C to ``callback`` while a turn runs (False where unsupported)."""
    try:
        loop.add_signal_handler(signal.SIGINT, callback)
    except (NotImplementedError, RuntimeError, ValueError):
        return False
    return True
