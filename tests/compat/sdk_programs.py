"""Programs written for the OpenAI Agents SDK, run unchanged but for the import swap.

Each program in ``programs/`` is an ordinary SDK program (``from agents import ...``).
:data:`SCRIPTS` gives, per program, the replies a scripted OpenAI-compatible
server answers with. :func:`run_program` runs one program in a subprocess
against that server and returns what it printed plus a short summary of what
went over the wire, so a run under runwright can be compared with a run of
the very same program under the SDK.

``programs/<name>.expected`` holds what the program printed under
openai-agents 0.24. To make them again (needs an interpreter with the SDK)::

    .venv/bin/python tests/compat/sdk_programs.py --sdk-python /path/to/sdk-venv/bin/python
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from support.fake_openai_server import Answer, FakeOpenAIServer, Raw, Reply, ToolCall
from support.programs import run_with_deadline, swap_imports

PROGRAMS = Path(__file__).resolve().parent / "programs"
TIMEOUT = 60.0


@dataclass
class Script:
    replies: list[Reply]
    default: Reply | None = None
    """Answers requests beyond the script (e.g. a model call a tripped guardrail cancels)."""
    env: dict[str, str] = field(default_factory=dict)


def _call(name: str, arguments: str = "{}", call_id: str = "call_1") -> Answer:
    return Answer(tool_calls=[ToolCall(name, arguments, call_id)])


def _mcp_request(request_id: str, name: str, arguments: str) -> dict[str, Any]:
    return {
        "type": "mcp_approval_request",
        "id": request_id,
        "server_label": "gitmcp",
        "name": name,
        "arguments": arguments,
    }


def _responses_body(number: int, output: list[dict[str, Any]]) -> Raw:
    """A whole /responses reply with the given output items (e.g. MCP approval requests)."""
    return Raw(
        {
            "id": f"resp_{number}",
            "object": "response",
            "created_at": 0,
            "model": "scripted",
            "status": "completed",
            "output": output,
            "parallel_tool_calls": True,
            "tool_choice": "auto",
            "tools": [],
            "usage": {
                "input_tokens": 11,
                "output_tokens": 7,
                "total_tokens": 18,
                "input_tokens_details": {"cached_tokens": 0},
                "output_tokens_details": {"reasoning_tokens": 0},
            },
        }
    )


SCRIPTS: dict[str, Script] = {
    "hello_world": Script(
        [Answer(text="Grey waves fold and break,\nsalt wind lifts gulls,\nthe tide keeps time.")]
    ),
    "run_sync_tools": Script(
        [_call("get_weather", '{"city":"Lisbon"}'), Answer(text="Sunny and 21C in Lisbon.")]
    ),
    "stream_text": Script(
        [Answer(text="Why did the scarecrow win an award? He was outstanding in his field.")]
    ),
    "stream_items": Script(
        [_call("how_many_jokes"), Answer(text="1. A joke.\n2. Another.\n3. The last one.")]
    ),
    "handoffs_triage": Script(
        [_call("transfer_to_faq_bot", "{}", "call_h"), Answer(text="Two bags of 23 kg each.")]
    ),
    "memory_session": Script([Answer(text="San Francisco."), Answer(text="California.")]),
    "items_and_nesting": Script(
        [
            _call("lookup", '{"order":7}', "call_l"),
            _call("transfer_to_billing", "{}", "call_h"),
            Answer(text="Refund started for order 7."),
            _call("lookup", '{"order":3}', "call_m"),
            Answer(text="Order 3 has shipped."),
        ]
    ),
    "human_in_the_loop": Script(
        [_call("cancel_order", '{"order_id":42}', "call_c"), Answer(text="Order 42 is cancelled.")]
    ),
    "error_handler_max_turns": Script([_call("lookup", '{"topic":"tides"}', "call_l")]),
    "lifecycle_hooks": Script([_call("add", '{"a":2,"b":3}', "call_a"), Answer(text="5")]),
    "agents_as_tools": Script(
        [
            _call("translate", '{"text":"hello","language":"Spanish"}', "call_t"),
            Answer(text="hola"),
            Answer(text="In Spanish: hola"),
        ]
    ),
    "structured_output": Script(
        [Answer(text='{"name":"Science fair","date":"Friday","participants":["Alice","Bob"]}')]
    ),
    "input_guardrail": Script(
        [Answer(text="Hi! How can I help?")], default=Answer(text="(cancelled call)")
    ),
    "hosted_mcp_approvals": Script(
        [
            _responses_body(
                1,
                [
                    _mcp_request("mcpr_1", "fetch_docs", "{}"),
                    _mcp_request("mcpr_2", "run_shell", '{"cmd":"ls"}'),
                ],
            ),
            Answer(text="Rust, mostly."),
            _responses_body(3, [_mcp_request("mcpr_3", "fetch_license", "{}")]),
            Answer(text="I could not look it up."),
        ]
    ),
    "reasoning_items": Script(
        [
            Answer(
                reasoning="Short wavelengths scatter more.", text="Because of Rayleigh scattering."
            )
        ]
    ),
    "custom_client": Script(
        [_call("get_time", '{"zone":"UTC"}', "call_g"), Answer(text="It is 12:00 in UTC.")]
    ),
    "tool_image_output": Script([_call("take_photo", "{}", "call_p"), Answer(text="One pixel.")]),
}


def _output_shape(output: Any) -> str:
    if isinstance(output, str):
        return "text"
    if isinstance(output, list):
        return "[" + ",".join(str(part.get("type")) for part in output) + "]"
    return type(output).__name__


def wire_summary(requests: list[Any]) -> list[str]:
    """One line per model request: the endpoint, tools offered, tool outputs sent."""
    lines = []
    for request in requests:
        body = request.body if isinstance(request.body, dict) else {}
        endpoint = request.path.rsplit("/", 1)[-1]
        tools = sorted(_tool_name(tool) for tool in body.get("tools") or [])
        outputs = [
            _output_shape(item.get("output"))
            for item in body.get("input") or []
            if isinstance(item, dict) and item.get("type") == "function_call_output"
        ]
        outputs += [
            _output_shape(message.get("content"))
            for message in body.get("messages") or []
            if isinstance(message, dict) and message.get("role") == "tool"
        ]
        answers = [
            item.get("approve")
            for item in body.get("input") or []
            if isinstance(item, dict) and item.get("type") == "mcp_approval_response"
        ]
        extra = f" mcp_answers={answers}" if answers else ""
        lines.append(f"{endpoint} tools={tools} tool_outputs={outputs}{extra}")
    return lines


def _tool_name(tool: dict[str, Any]) -> str:
    return str(tool.get("name") or (tool.get("function") or {}).get("name") or tool.get("type"))


@dataclass
class ProgramRun:
    returncode: int
    stdout: str
    stderr: str
    wire: list[str]

    def transcript(self) -> str:
        return self.stdout + "--- wire\n" + "\n".join(self.wire) + "\n"


async def run_program(name: str, python: str, *, swap: bool) -> ProgramRun:
    """Runs ``programs/<name>.py`` under ``python`` against its scripted server."""
    script = SCRIPTS[name]
    source = (PROGRAMS / f"{name}.py").read_text()
    with tempfile.TemporaryDirectory(prefix="sdk-program-") as workdir:
        program = Path(workdir) / f"{name}.py"
        program.write_text(swap_imports(source) if swap else source)
        async with FakeOpenAIServer(default=script.default) as server:
            server.script(*script.replies)
            env = _environment(server.base_url, workdir) | script.env
            code, out, err = await run_with_deadline(
                [python, str(program)], cwd=workdir, env=env, timeout=TIMEOUT
            )
            return ProgramRun(
                code,
                out.decode(),
                err.decode(),
                wire_summary(server.requests),
            )


def _environment(base_url: str, workdir: str) -> dict[str, str]:
    keep = ("PATH", "LANG", "LC_ALL", "SYSTEMROOT", "PYTHONHASHSEED")
    env = {key: os.environ[key] for key in keep if key in os.environ}
    env.update(
        OPENAI_API_KEY="test-key",
        OPENAI_BASE_URL=base_url,
        EXAMPLE_BASE_URL=base_url,
        OPENAI_AGENTS_DISABLE_TRACING="1",
        RUNWRIGHT_TRACE_DB=str(Path(workdir) / "traces.db"),
        HOME=workdir,
        PYTHONUNBUFFERED="1",
    )
    return env


def _write_expected(sdk_python: str, names: list[str]) -> int:
    failures = 0
    for name in names:
        run = asyncio.run(run_program(name, sdk_python, swap=False))
        if run.returncode != 0:
            failures += 1
            print(f"{name}: exit {run.returncode} under the SDK\n{run.stderr}", file=sys.stderr)
            continue
        (PROGRAMS / f"{name}.expected").write_text(run.transcript())
        print(f"{name}: written")
    return 1 if failures else 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sdk-python", required=True, help="an interpreter with openai-agents")
    parser.add_argument("names", nargs="*", default=sorted(SCRIPTS))
    args = parser.parse_args()
    sys.exit(_write_expected(args.sdk_python, args.names))
