"""``runwright chat``: the REPL through the console script, with agents on scripted models."""

from __future__ import annotations

import asyncio
import signal
import subprocess
import textwrap
import time
from pathlib import Path

import pytest
from cli_helpers import RUNWRIGHT, Cli, assert_user_error

from runwright import Agent
from runwright._cli._common import CliError, ModelChoice
from runwright._cli.agent_loader import load_agent
from runwright._cli.chat import chat_run_config
from runwright.sessions import SQLiteSession
from runwright.testing import ScriptedModel

AGENTS = textwrap.dedent(
    '''
    from runwright import Agent, function_tool
    from runwright.testing import ModelCall, ScriptedModel, handoff_call, tool_call


    @function_tool
    def add(a: int, b: int) -> int:
        """Add two numbers."""
        return a + b


    @function_tool(needs_approval=True)
    def wipe(target: str) -> str:
        """Wipe something (needs approval)."""
        return f"wiped {target}"


    def _since_user(call: ModelCall) -> list:
        last = max(i for i, item in enumerate(call.input) if item.get("role") == "user")
        return call.input[last + 1 :]


    def step(call: ModelCall):
        text = call.last_user_text or ""
        outputs = [
            i["output"] for i in _since_user(call) if i.get("type") == "function_call_output"
        ]
        if "transfer" in text:
            return handoff_call("Other")
        if "add" in text:
            return f"The sum is {outputs[0]}." if outputs else tool_call("add", {"a": 2, "b": 3})
        if "wipe" in text:
            return f"Result: {outputs[0]}" if outputs else tool_call("wipe", {"target": "disk"})
        earlier = [i["content"] for i in call.input if i.get("role") == "user"][:-1]
        return f"You said {text!r}; earlier: {earlier!r}"


    other = Agent(name="Other", model=ScriptedModel([lambda c: f"Other: {c.last_user_text}"] * 9))
    helper = Agent(name="Helper", model=ScriptedModel([step] * 50, usage="estimate"),
                   tools=[add, wipe], handoffs=[other])
    slow = Agent(name="Slow", model=ScriptedModel(["never seen"], delay=60))
    no_model = Agent(name="NoModel")
    not_an_agent = 42
    '''
)


@pytest.fixture
def agents_file(cli: Cli) -> Path:
    path = cli.home / "my_agents.py"
    path.write_text(AGENTS)
    return path


def test_a_turn_streams_text_tools_and_usage(cli: Cli, agents_file: Path) -> None:
    proc = cli.run("chat", "--agent", f"{agents_file}:helper", input="please add\n")
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "Chatting with Helper" in out
    assert "⚙ add(a=2, b=3)" in out
    assert "↳ 5" in out
    assert "Helper: The sum is 5." in out
    assert "· 2 requests ·" in out


def test_module_path_and_exit_command(cli: Cli, agents_file: Path) -> None:
    proc = cli.run("chat", "--agent", "my_agents:helper", input="hi\n/exit\nnot read\n")
    assert proc.returncode == 0, proc.stderr
    assert "Helper: You said 'hi'; earlier: []" in proc.stdout
    assert "not read" not in proc.stdout


def test_handoffs_are_shown_and_the_next_turn_stays_with_the_new_agent(
    cli: Cli, agents_file: Path
) -> None:
    proc = cli.run("chat", "--agent", f"{agents_file}:helper", input="transfer me\nstill there?\n")
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "→ handoff: Helper → Other" in out
    assert "Other: transfer me" in out
    assert "Other: still there?" in out


def test_the_session_persists_between_chats(cli: Cli, agents_file: Path) -> None:
    flags = ["--agent", f"{agents_file}:helper", "--session", "s1"]
    flags += ["--session-db", str(cli.home / "chat.db")]
    first = cli.run("chat", *flags, input="hello\n")
    assert first.returncode == 0, first.stderr
    second = cli.run("chat", *flags, input="again\n")
    assert second.returncode == 0, second.stderr
    assert "Helper: You said 'again'; earlier: ['hello']" in second.stdout


def test_approvals_are_asked_inline(cli: Cli, agents_file: Path) -> None:
    agent = f"{agents_file}:helper"
    approved = cli.run("chat", "--agent", agent, input="wipe it\ny\n")
    assert approved.returncode == 0, approved.stderr
    assert 'Helper wants to run wipe(target="disk")' in approved.stdout
    assert "Approve? [y/N]" in approved.stdout
    assert "Helper: Result: wiped disk" in approved.stdout
    rejected = cli.run("chat", "--agent", agent, input="wipe it\nn\n")
    assert "Helper: Result: The user did not approve this tool call." in rejected.stdout
    auto = cli.run("chat", "--agent", agent, "--yes", input="wipe it\n")
    assert "wipe approved automatically (--yes)" in auto.stdout
    assert "Helper: Result: wiped disk" in auto.stdout


def test_ctrl_c_cancels_the_turn_and_keeps_nothing_of_it(cli: Cli, agents_file: Path) -> None:
    db = cli.home / "chat.db"
    proc = subprocess.Popen(
        [str(RUNWRIGHT), "chat", "--agent", f"{agents_file}:slow"]
        + ["--session", "c1", "--session-db", str(db)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=cli.env(PYTHONUNBUFFERED="1"),
        cwd=cli.home,
        # Ctrl-C's disposition as in a terminal, whatever this process inherited (a background
        # job of a non-interactive shell ignores SIGINT, and its children would too).
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    assert proc.stdin is not None and proc.stdout is not None
    banner = proc.stdout.readline()  # the REPL is up (stdout is unbuffered)
    assert "Chatting with Slow" in banner
    proc.stdin.write("take your time\n")
    proc.stdin.flush()
    time.sleep(1.5)  # the turn is now waiting on the (60 s) model
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate("/exit\n", timeout=30)
    assert proc.returncode == 0, err
    assert "turn cancelled; nothing of it was kept" in out
    assert "Traceback" not in err

    async def items() -> list[object]:
        session = SQLiteSession("c1", db)
        try:
            return list(await session.get_items())
        finally:
            session.close()

    assert asyncio.run(items()) == []


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("nowhere/agents.py:helper", "no such file"),
        ("no_such_module_xyz:helper", "no module named 'no_such_module_xyz'"),
        ("my_agents:missing", "has no attribute 'missing'"),
        ("my_agents:not_an_agent", "is a int, not a runwright Agent"),
        ("my_agents", "expected MODULE:ATTR"),
    ],
)
def test_bad_agent_paths_are_user_errors(
    cli: Cli, agents_file: Path, spec: str, message: str
) -> None:
    assert_user_error(cli.run("chat", "--agent", spec), message)


def test_no_model_configured_is_a_user_error(cli: Cli, agents_file: Path) -> None:
    proc = cli.run("chat", "--agent", "my_agents:no_model", input="hi\n")
    assert_user_error(proc, "no model configured for chat", "OPENAI_API_KEY")


def test_unreachable_server_is_a_user_error(cli: Cli, agents_file: Path) -> None:
    proc = cli.run(
        "chat",
        "--agent",
        "my_agents:no_model",
        "--base-url",
        "http://127.0.0.1:9/v1",
        "--model",
        "m",
        input="hi\n",
        timeout=60,
    )
    assert_user_error(proc, "cannot reach the model server")


def test_run_config_keeps_agent_models_unless_a_model_is_named() -> None:
    agent = Agent(name="a", model="gpt-x")
    named = chat_run_config(agent, ModelChoice(model="m", base_url="http://h/v1", api_key=None))
    assert named.model == "m"
    unnamed = chat_run_config(agent, ModelChoice(model=None, base_url="http://h/v1", api_key=None))
    assert unnamed.model is None
    with pytest.raises(CliError, match="no model configured"):
        chat_run_config(agent, ModelChoice(None, None, None))
    model = ScriptedModel([])
    handoff_target = Agent(name="t")
    own = Agent(name="own", model=model, handoffs=[handoff_target])
    with pytest.raises(CliError, match="agent 't'"):  # every reachable agent needs a model
        chat_run_config(own, ModelChoice(None, None, None))
    handoff_target.model = model
    assert chat_run_config(own, ModelChoice(None, None, None)).model is None


def test_load_agent_calls_factories(tmp_path: Path) -> None:
    path = tmp_path / "factory.py"
    path.write_text("from runwright import Agent\ndef make():\n    return Agent(name='made')\n")
    assert load_agent(f"{path}:make").name == "made"
