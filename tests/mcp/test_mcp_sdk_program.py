"""An SDK program using MCP runs after ``agents`` → ``runwright`` and prints what it
printed under openai-agents 0.24 (``programs/<name>.expected``, recorded with the SDK)."""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from pathlib import Path

from mcp_support import APP

from support.fake_openai_server import Answer, FakeOpenAIServer, ToolCall
from support.programs import run_with_deadline, swap_imports

PROGRAMS = Path(__file__).resolve().parent / "programs"
REPLIES = [
    Answer(
        tool_calls=[
            ToolCall("add", '{"a":2,"b":3}', "call_add"),
            ToolCall("echo", '{"text":"5"}', "call_echo"),
        ]
    ),
    Answer(text="2 + 3 = 5"),
]


async def run_program(name: str, python: str, *, swap: bool) -> tuple[int, str, str]:
    source = (PROGRAMS / f"{name}.py").read_text()
    with tempfile.TemporaryDirectory(prefix="mcp-program-") as workdir:
        program = Path(workdir) / f"{name}.py"
        program.write_text(swap_imports(source) if swap else source)
        async with FakeOpenAIServer() as server:
            server.script(*REPLIES)
            env = {k: os.environ[k] for k in ("PATH", "LANG", "LC_ALL") if k in os.environ}
            env.update(
                OPENAI_API_KEY="test-key",
                OPENAI_BASE_URL=server.base_url,
                OPENAI_AGENTS_DISABLE_TRACING="1",
                RUNWRIGHT_TRACE_DB=str(Path(workdir) / "traces.db"),
                HOME=workdir,
                MCP_SERVER_APP=APP,
            )
            code, out, err = await run_with_deadline(
                [python, str(program)], cwd=workdir, env=env, timeout=120
            )
    return code, out.decode(), err.decode()


async def test_sdk_mcp_program_runs_after_the_import_swap() -> None:
    code, out, err = await run_program("mcp_calculator", sys.executable, swap=True)
    assert code == 0, err
    assert out == (PROGRAMS / "mcp_calculator.expected").read_text(), err


if __name__ == "__main__":  # records the expected output: python test_... SDK_PYTHON
    code, out, err = asyncio.run(run_program("mcp_calculator", sys.argv[1], swap=False))
    if code:
        sys.exit(err)
    (PROGRAMS / "mcp_calculator.expected").write_text(out)
