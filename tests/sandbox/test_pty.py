"""Interactive processes in the confined sandbox: ``exec_command(tty=True)`` and
``write_stdin`` (the SDK's unix_local_pty behaviour), under bubblewrap."""

from __future__ import annotations

import asyncio
import gc
import json
import math
import os
import re
import signal
import subprocess
import sys
import textwrap
import uuid
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from _sandbox_support import assert_no_survivors, exec_report, gone, host_processes, need_bwrap

from runwright import RunConfig, Runner, UserError
from runwright._core.current import current_run
from runwright._sandbox.tools import current_session
from runwright.sandbox import Manifest, SandboxAgent, SandboxRunConfig, SandboxSession
from runwright.sandbox.capabilities import Shell
from runwright.sandbox.sandboxes import UnixLocalSandboxClient, UnixLocalSandboxClientOptions
from runwright.testing import ScriptedModel, tool_call

SID = re.compile(r"Process running with session ID (\d+)")


def _tools(session: SandboxSession) -> dict[str, Any]:
    return {t.name: t for t in Shell(session=session).tools()}


async def _call(session: SandboxSession, name: str, **args: Any) -> str:
    """One Shell tool call, as the model makes it, on ``session`` (the tools find their
    session through the current run)."""
    run = SimpleNamespace(sandbox=SimpleNamespace(session=session))
    token = current_run.set((None, run))  # type: ignore[arg-type]
    try:
        assert current_session() is session
        return str(await _tools(session)[name].on_invoke_tool(None, json.dumps(args)))
    except Exception as error:  # what the run shows the model (the tool's error text)
        return f"Error: {error}"
    finally:
        current_run.reset(token)


def _sid(text: str) -> int:
    found = SID.search(text)
    assert found is not None, text
    return int(found.group(1))


async def test_an_interactive_python_keeps_its_state(session: SandboxSession) -> None:
    assert session.supports_pty()
    first = await _call(session, "exec_command", cmd="python3 -q", tty=True, yield_time_ms=1500)
    code, output = exec_report(first)
    sid = _sid(first)
    while not output.endswith(">>> "):  # a slow machine: wait for the prompt
        code, output = exec_report(await _call(session, "write_stdin", session_id=sid))
    assert code is None
    step = await _call(session, "write_stdin", session_id=sid, chars="5 + 5\n", yield_time_ms=1000)
    assert exec_report(step) == (None, "5 + 5\r\n10\r\n>>> ")
    step = await _call(session, "write_stdin", session_id=sid, chars="_ + 5\n", yield_time_ms=1000)
    assert exec_report(step) == (None, "_ + 5\r\n15\r\n>>> ")
    step = await _call(session, "write_stdin", session_id=sid, chars="import os; os.getpid()\n")
    assert "\r\n" in exec_report(step)[1]  # one process all along
    done = await _call(session, "write_stdin", session_id=sid, chars="exit()\n", yield_time_ms=3000)
    assert exec_report(done)[0] == 0
    gone_text = await _call(session, "write_stdin", session_id=sid, chars="1\n")
    assert gone_text.startswith("Error:") and f"session ID {sid}" in gone_text


async def test_the_terminal_is_made_inside_the_sandbox(session: SandboxSession) -> None:
    text = await _call(session, "exec_command", cmd="tty; id -u; hostname", tty=True)
    # the sandbox's own devpts (its first pty), its own user and host name
    assert exec_report(text) == (0, "/dev/pts/0\r\n1000\r\nsandbox\r\n")
    piped = await _call(session, "exec_command", cmd="tty; echo $?")
    assert exec_report(piped) == (0, "not a tty\n1\n")


async def test_ctrl_c_works_when_the_runner_ignores_sigint(session: SandboxSession) -> None:
    # A runner started as a background job (as CI may be) ignores SIGINT, and an
    # ignored signal stays ignored across exec: Ctrl-C on the sandbox's terminal
    # stopped nothing until commands got SIGINT back at its default.
    before = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        text = await _call(session, "exec_command", cmd="sleep 60", tty=True, yield_time_ms=300)
        stopped = await _call(session, "write_stdin", session_id=_sid(text), chars="\u0003")
        assert exec_report(stopped)[0] == 130
        plain = await _call(session, "exec_command", cmd="kill -INT $$; echo survived")
        assert exec_report(plain)[0] == 130 and "survived" not in plain
    finally:
        signal.signal(signal.SIGINT, before)


async def test_ctrl_c_interrupts_and_a_poll_waits(session: SandboxSession) -> None:
    text = await _call(session, "exec_command", cmd="sleep 60", tty=True, yield_time_ms=300)
    sid = _sid(text)
    assert exec_report(text) == (None, "")
    stopped = await _call(session, "write_stdin", session_id=sid, chars="\u0003")
    code, output = exec_report(stopped)
    assert code == 130 and "^C" in output
    slow = await _call(
        session, "exec_command", cmd="sleep 1; echo late", tty=True, yield_time_ms=250
    )
    polled = await _call(session, "write_stdin", session_id=_sid(slow), chars="")
    assert exec_report(polled) == (0, "late\r\n")  # an empty write waits for output


async def test_a_piped_command_that_keeps_running_gets_a_session(session: SandboxSession) -> None:
    text = await _call(session, "exec_command", cmd="sleep 0.6; echo finished", yield_time_ms=250)
    assert exec_report(text) == (None, "")
    polled = await _call(session, "write_stdin", session_id=_sid(text), chars="")
    assert exec_report(polled) == (0, "finished\n")
    refused = await _call(session, "exec_command", cmd="sleep 5", yield_time_ms=250)
    answer = await _call(session, "write_stdin", session_id=_sid(refused), chars="x")
    assert "tty=true" in answer  # no terminal input without a tty


async def test_output_is_capped(workspaces: Path) -> None:
    need_bwrap()
    options = UnixLocalSandboxClientOptions(
        workspace_base=str(workspaces), timeout=20, max_output_bytes=4096
    )
    client = UnixLocalSandboxClient(options)
    async with await client.create(manifest=Manifest()) as live:
        text = await _call(live, "exec_command", cmd="seq 1 200000", tty=True)
        code, output = exec_report(text)
        assert code == 0 and len(output) < 4096 + 100
        assert "bytes omitted" in output and output.endswith("200000\r\n")
        capped = await _call(live, "exec_command", cmd="seq 1 1000", max_output_tokens=20)
        assert "Original token count:" in capped and "tokens truncated" in capped


async def test_the_time_limit_kills_an_interactive_process(session: SandboxSession) -> None:
    marker = f"rw-pty-{uuid.uuid4().hex[:8]}"
    update = await session.pty_exec_start(
        f"exec -a {marker} sleep 120", shell=["bash", "-c"], tty=True, timeout=1, yield_time_s=0.3
    )
    assert update.process_id is not None and update.exit_code is None
    assert host_processes(marker)
    later = await session.pty_write_stdin(session_id=update.process_id, chars="", yield_time_s=5)
    assert later.process_id is None and later.exit_code == -signal.SIGKILL
    assert gone(lambda: host_processes(marker))


async def test_the_session_api_checks_its_numbers(session: SandboxSession) -> None:
    for bad in (math.nan, math.inf, "1", True):
        with pytest.raises(Exception, match="yield_time"):
            await session.pty_exec_start("true", yield_time_s=bad)  # type: ignore[arg-type]
    with pytest.raises(Exception, match="timeout"):
        await session.pty_exec_start("true", timeout=math.nan)
    with pytest.raises(Exception, match="session ID 7"):
        await session.pty_write_stdin(session_id=7, chars="x")
    with pytest.raises(UserError, match="user"):
        await session.pty_exec_start("true", user="root")
    nan = await _call(session, "exec_command", cmd="true", yield_time_ms=float("nan"))
    assert "yield_time_ms" in nan
    flag = await _call(session, "write_stdin", session_id=True)
    assert "session_id" in flag


async def test_stopping_the_session_ends_every_process_and_task(confined: Any) -> None:
    marker = f"rw-pty-{uuid.uuid4().hex[:8]}"
    live = await confined.create(manifest=Manifest())
    await live.start()
    for tty in (True, False):
        update = await live.pty_exec_start(
            f"exec -a {marker} sleep 120", shell=["bash", "-c"], tty=tty, yield_time_s=0.3
        )
        assert update.process_id is not None
    assert host_processes(marker)
    before = asyncio.all_tasks()
    await live.aclose()
    assert gone(lambda: host_processes(marker))
    leftover = [t for t in asyncio.all_tasks() - before if not t.done()]
    assert leftover == []  # every output reader was awaited


async def test_cancelling_a_start_leaves_nothing_behind(session: SandboxSession) -> None:
    marker = f"rw-pty-{uuid.uuid4().hex[:8]}"
    task = asyncio.ensure_future(
        session.pty_exec_start(
            f"exec -a {marker} sleep 120", shell=["bash", "-c"], tty=True, yield_time_s=20
        )
    )
    for _ in range(100):
        if host_processes(marker):
            break
        await asyncio.sleep(0.05)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert gone(lambda: host_processes(marker))
    assert session._inner._ptys.live == {}  # type: ignore[attr-defined]


KILLED_RUNNER = textwrap.dedent(
    """
    import asyncio, sys
    from runwright.sandbox import Manifest
    from runwright.sandbox.sandboxes import UnixLocalSandboxClient, UnixLocalSandboxClientOptions

    async def main():
        client = UnixLocalSandboxClient(UnixLocalSandboxClientOptions(workspace_base=sys.argv[1]))
        live = await client.create(manifest=Manifest())
        await live.pty_exec_start(
            f"exec -a {sys.argv[2]} sleep 120", shell=["bash", "-c"], tty=True, yield_time_s=0.3
        )
        print("started", flush=True)
        await asyncio.sleep(120)

    asyncio.run(main())
    """
)


def test_an_interactive_process_dies_with_a_killed_runner(workspaces: Path) -> None:
    need_bwrap()
    marker = f"rw-pty-{uuid.uuid4().hex[:8]}"
    runner = subprocess.Popen(
        [sys.executable, "-c", KILLED_RUNNER, str(workspaces), marker],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert runner.stdout is not None and runner.stdout.readline() == "started\n"
        assert host_processes(marker)
    finally:
        os.kill(runner.pid, signal.SIGKILL)
        runner.wait()
    assert gone(lambda: host_processes(marker))


async def test_a_model_drives_an_interactive_session(confined: UnixLocalSandboxClient) -> None:
    """The SDK's unix_local_pty flow: start python on a tty, then keep using it."""

    def write(chars: str) -> Any:
        def step(call: Any) -> Any:
            return tool_call(
                "write_stdin", {"session_id": _sid(_last_output(call)), "chars": chars}
            )

        return step

    start = tool_call("exec_command", {"cmd": "python3 -q", "tty": True, "yield_time_ms": 1500})
    model = ScriptedModel([start, write("5 + 5\n"), write("_ + 5\n"), "10, then 15."])
    agent = SandboxAgent(name="pty", model=model, capabilities=[Shell()])
    config = RunConfig(sandbox=SandboxRunConfig(client=confined))
    result = await Runner.run(agent, "Use python.", run_config=config)
    outputs = [str(i.output) for i in result.new_items if type(i).__name__ == "ToolCallOutputItem"]
    assert result.final_output == "10, then 15."
    transcript = "".join(exec_report(o)[1] for o in outputs).replace(">>> ", "")
    assert transcript == "5 + 5\r\n10\r\n_ + 5\r\n15\r\n"  # one REPL: `_` was 10


def _last_output(call: Any) -> str:
    for item in reversed(list(call.input)):
        if isinstance(item, dict) and item.get("type") == "function_call_output":
            return str(item["output"])
    raise AssertionError("no tool output in the model input")


async def test_cancelling_exec_command_leaves_no_unretrieved_task(session: SandboxSession) -> None:
    problems: list[object] = []
    loop = asyncio.get_running_loop()
    gc.collect()  # what earlier tests left behind is theirs
    await asyncio.sleep(0.05)
    loop.set_exception_handler(lambda _loop, context: problems.append(context))
    try:
        for tty in (False, True, False):
            args = {"cmd": "yes | head -c 100000000; sleep 30", "tty": tty, "yield_time_ms": 9000}
            task = asyncio.ensure_future(_call(session, "exec_command", **args))
            await asyncio.sleep(0.3)
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
        gc.collect()
        await asyncio.sleep(0.1)
        gc.collect()
    finally:
        loop.set_exception_handler(None)
    assert problems == []
    assert session._inner._ptys.live == {}  # type: ignore[attr-defined]


_KILLS = textwrap.dedent(
    """
    import asyncio, os, random, signal, sys, time
    from runwright.sandbox import Manifest
    from runwright.sandbox.sandboxes import UnixLocalSandboxClient, UnixLocalSandboxClientOptions

    base, marker, kills = sys.argv[1], sys.argv[2], int(sys.argv[3])
    client = UnixLocalSandboxClient(UnixLocalSandboxClientOptions(workspace_base=base))
    session = asyncio.run(client.create(manifest=Manifest()))
    rng = random.Random(23)
    for i in range(kills):
        pid = os.fork()
        if pid == 0:  # the runner: starts an interactive command, then is SIGKILLed
            asyncio.run(session.pty_exec_start(f": {marker}; sleep 300", tty=i % 2 == 0))
            os._exit(0)
        time.sleep(rng.uniform(0, 0.03))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    print("done")
    """
)


def test_no_interactive_command_survives_its_runner_killed_during_start_up(
    workspaces: Path,
) -> None:
    need_bwrap()
    assert_no_survivors(_KILLS, workspaces, f"rw-pty-orphan-{uuid.uuid4().hex[:8]}")
