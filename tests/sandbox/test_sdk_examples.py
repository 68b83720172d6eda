"""The SDK's own sandbox example programs, run unchanged but for the import swap.

tests/sandbox/sdk_examples/ holds the programs as openai-agents 0.24.0 ships them
(see PROVENANCE.md there). Each test copies that tree to a temporary directory,
changes ``agents`` to ``runwright`` in the import lines, and runs one program as
its own process, the model being the scripted OpenAI-compatible server of
tests/support: its replies make the program use its tools (shell commands,
function tools, handoffs, agents as tools, MCP, skills, interactive processes),
and the tests check what the program printed and what reached the model.

The programs create their own ``UnixLocalSandboxClient()``: every command runs
confined by bubblewrap. They are run as an ordinary user: when these tests run
as root, the program runs as ``nobody`` (a root runner's confined commands run
as another uid, which cannot enter the root-only temporary directories these
programs grant to the sandbox).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Union

import pytest
from _sandbox_support import exec_report, need_bwrap

from support.fake_openai_server import Answer, FakeOpenAIServer, Raw, RawSSE, Reply, ToolCall
from support.programs import run_with_deadline, swap_imports

CORPUS = Path(__file__).resolve().parent / "sdk_examples"
SRC = Path(__file__).resolve().parents[2] / "src"
TIMEOUT = 120.0
NOBODY = 65534

Step = Union[Reply, Callable[[dict[str, Any]], Reply]]


# ----- how a program is run ---------------------------------------------------------


def _plain_user_python(home: Path) -> list[str] | None:
    """As root: an interpreter ``nobody`` can run, with this environment's packages.

    This interpreter lives under a directory only root can enter, so a virtual
    environment is made from the system's Python of the same version, its
    site-packages pointing (a .pth file) at this environment's packages and at src/.
    Programs that start ``sys.executable`` (an MCP server) get the same packages.
    """
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    setpriv = shutil.which("setpriv") or "/usr/bin/setpriv"
    prefix = [setpriv, f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]
    for candidate in (f"/usr/bin/{version}", f"/usr/local/bin/{version}"):
        if not os.access(candidate, os.X_OK):
            continue
        venv = home / "venv"
        made = subprocess.run(
            [candidate, "-m", "venv", "--without-pip", str(venv)], capture_output=True, timeout=120
        )
        if made.returncode != 0:
            continue
        paths = [str(SRC), *(p for p in sys.path if p.endswith("site-packages"))]
        (venv / "lib" / version / "site-packages" / "runwright-tests.pth").write_text(
            "\n".join(paths) + "\n"
        )
        python = str(venv / "bin" / "python")
        probe = subprocess.run(
            [*prefix, python, "-c", "import runwright.sandbox, openai, pydantic, mcp"],
            capture_output=True,
            timeout=60,
            cwd="/",
        )
        if probe.returncode == 0:
            return [*prefix, python]
    return None


@pytest.fixture(scope="module")
def interpreter() -> Iterator[tuple[list[str], dict[str, str]]]:
    if os.geteuid() != 0:
        yield [sys.executable], {}
        return
    home = Path(tempfile.mkdtemp(prefix="rw-sdk-examples-python-"))
    os.chmod(home, 0o755)
    try:
        found = _plain_user_python(home)
        if found is None:
            why = (
                "running as root without a system Python of this version for the 'nobody' "
                "user: the examples must run as an ordinary user"
            )
            if os.environ.get("RUNWRIGHT_REQUIRE_SANDBOX") == "1":
                pytest.fail(why)
            pytest.skip(why)
        yield found, {}
    finally:
        shutil.rmtree(home, ignore_errors=True)


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str
    requests: list[dict[str, Any]]
    root: Path

    def check(self) -> Run:
        assert self.returncode == 0, f"exit {self.returncode}\n{self.stdout}\n{self.stderr}"
        return self


@pytest.fixture
def stage() -> Iterator[Path]:
    """The examples tree, imports swapped, in a directory the program's user owns."""
    need_bwrap()
    root = Path(tempfile.mkdtemp(prefix="rw-sdk-examples-"))
    try:
        shutil.copytree(CORPUS / "examples", root / "examples")
        shutil.copytree(CORPUS / "docs", root / "docs")  # an image an example reads
        for path in (root / "examples").rglob("*.py"):
            path.write_text(swap_imports(path.read_text()))
        if os.geteuid() == 0:
            for dirpath, _dirnames, filenames in os.walk(root):
                os.chown(dirpath, NOBODY, NOBODY)
                for name in filenames:
                    os.chown(os.path.join(dirpath, name), NOBODY, NOBODY)
        yield root
    finally:
        shutil.rmtree(root, ignore_errors=True)


async def run_example(
    interpreter: tuple[list[str], dict[str, str]],
    root: Path,
    program: str,
    steps: list[Step],
    *args: str,
    env: dict[str, str] | None = None,
) -> Run:
    """Runs ``examples/sandbox/<program>`` against a server answering with ``steps``."""
    queue = list(steps)

    def respond(kind: str, body: Any) -> Reply:
        assert kind == "responses", kind
        if not queue:
            return Raw({"error": {"message": "the script ran out"}}, status=400)
        step = queue.pop(0)
        return step(body) if callable(step) else step

    command, extra_env = interpreter
    async with FakeOpenAIServer(responder=respond) as server:
        environment = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "LANG": "C.UTF-8",
            "HOME": str(root),
            "OPENAI_API_KEY": "test-key",
            "OPENAI_BASE_URL": server.base_url,
            "OPENAI_AGENTS_DISABLE_TRACING": "1",
            "RUNWRIGHT_TRACE_DB": str(root / "traces.db"),
            "PYTHONUNBUFFERED": "1",
            "PYTHONDONTWRITEBYTECODE": "1",
            **extra_env,
            **(env or {}),
        }
        argv = [*command, str(root / "examples" / "sandbox" / program), *args]
        code, out, err = await run_with_deadline(
            argv, cwd=str(root), env=environment, timeout=TIMEOUT
        )
    assert not queue, f"{len(queue)} scripted replies were not asked for\n{err.decode()}"
    return Run(
        code,
        out.decode(),
        err.decode(),
        [r.body for r in server.requests if r.path.endswith("/responses")],
        root,
    )


# ----- what the model says ------------------------------------------------------------


def text(answer: str) -> Answer:
    return Answer(text=answer)


def call(name: str, arguments: dict[str, Any] | None = None, call_id: str = "call_1") -> Answer:
    return Answer(tool_calls=[ToolCall(name, json.dumps(arguments or {}), call_id)])


def _response(output: list[dict[str, Any]], number: int = 1) -> dict[str, Any]:
    return {
        "id": f"resp_shell_{number}",
        "object": "response",
        "created_at": 1700000000,
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


def _shell_item(commands: tuple[str, ...], call_id: str) -> dict[str, Any]:
    return {
        "type": "shell_call",
        "id": f"sh_{call_id}",
        "call_id": call_id,
        "action": {"commands": list(commands), "timeout_ms": None, "max_output_length": None},
        "status": "completed",
    }


def shell(*commands: str, call_id: str = "shell_1") -> Raw:
    """A hosted ``shell`` tool call (the ShellTool the examples' capability offers)."""
    return Raw(_response([_shell_item(commands, call_id)]))


def streamed_shell(*commands: str, call_id: str = "shell_1") -> RawSSE:
    """The same call, streamed."""
    return _streamed(_shell_item(commands, call_id))


def _streamed(item: dict[str, Any]) -> RawSSE:
    """A response of one output item, as stream events."""
    done = _response([item])
    events = [
        {"type": "response.created", "response": {**done, "status": "in_progress", "output": []}},
        {"type": "response.output_item.added", "output_index": 0, "item": item},
        {"type": "response.output_item.done", "output_index": 0, "item": item},
        {"type": "response.completed", "response": done},
    ]
    return RawSSE([{**e, "sequence_number": i} for i, e in enumerate(events)])


def outputs(body: dict[str, Any]) -> list[Any]:
    """The tool outputs in a request's input, in order."""
    kinds = ("function_call_output", "shell_call_output", "custom_tool_call_output")
    return [i.get("output") for i in body.get("input", []) if i.get("type") in kinds]


def shell_text(output: Any) -> str:
    """stdout + stderr of every command in a shell_call_output."""
    if isinstance(output, str):
        return output
    parts = []
    for entry in output or []:
        parts.append(str(entry.get("stdout", "")) + str(entry.get("stderr", "")))
    return "".join(parts)


def tool_names(body: dict[str, Any]) -> list[str]:
    return sorted(str(t.get("name") or t.get("type")) for t in body.get("tools", []))


def instructions(body: dict[str, Any]) -> str:
    return str(body.get("instructions") or "")


# ----- unix_local_runner.py -------------------------------------------------------------


async def test_unix_local_runner_verifies_its_path_grants(interpreter: Any, stage: Path) -> None:
    run = await run_example(
        interpreter, stage, "unix_local_runner.py", [], "--verify-extra-path-grants"
    )
    assert run.check().stdout == "extra_path_grants verification passed\n"
    assert run.requests == []  # no model involved


def _renewal_review(body: dict[str, Any], streamed: bool = False) -> Reply:
    prompt = instructions(body)
    note = re.search(r"external note at `([^`]+)`", prompt)
    scratch = re.search(r"scratch note to `([^`]+)`", prompt)
    assert note is not None and scratch is not None, prompt
    commands = (
        "ls",
        "cat renewal_request.md",
        f"cat {note.group(1)}",
        f"echo 'Discount needs CFO approval.' > {scratch.group(1)} && cat {scratch.group(1)}",
        f"echo blocked > {Path(note.group(1)).parent}/x.md",
    )
    return streamed_shell(*commands) if streamed else shell(*commands)


def _check_renewal_outputs(body: dict[str, Any]) -> None:
    (output,) = outputs(body)
    assert [entry["outcome"] for entry in output] == [
        {"type": "exit", "exit_code": 0},
        {"type": "exit", "exit_code": 0},
        {"type": "exit", "exit_code": 0},
        {"type": "exit", "exit_code": 0},
        {"type": "exit", "exit_code": 2},  # the external notes are granted read-only
    ]
    listing = output[0]["stdout"].split()
    assert listing == sorted(
        ["account_brief.md", "implementation_risks.md", "renewal_request.md", "usage_notes.md"]
    )
    assert "12 percent discount" in output[1]["stdout"]
    assert "CFO approval before legal" in output[2]["stdout"]
    assert output[3]["stdout"] == "Discount needs CFO approval.\n"
    assert "Read-only file system" in output[4]["stderr"]


ANSWER = "Northwind wants 12% off; finance allows 10%, so CFO approval is needed."


async def test_unix_local_runner_reviews_the_packet(interpreter: Any, stage: Path) -> None:
    steps: list[Step] = [_renewal_review, text(ANSWER)]
    run = (await run_example(interpreter, stage, "unix_local_runner.py", steps)).check()
    assert run.stdout == ANSWER + "\n"
    first, second = run.requests
    assert tool_names(first) == ["shell"]
    assert "Use the `shell` tool to inspect the sandbox workspace" in instructions(first)
    _check_renewal_outputs(second)


async def test_unix_local_runner_streams(interpreter: Any, stage: Path) -> None:
    steps: list[Step] = [lambda body: _renewal_review(body, streamed=True), text(ANSWER)]
    run = await run_example(interpreter, stage, "unix_local_runner.py", steps, "--stream")
    assert run.check().stdout == f"assistant> {ANSWER}\n"
    assert all(body.get("stream") for body in run.requests)
    _check_renewal_outputs(run.requests[1])


# ----- unix_local_pty.py ------------------------------------------------------------------


def _session_id(body: dict[str, Any]) -> int:
    found = re.search(r"Process running with session ID (\d+)", str(outputs(body)[-1]))
    assert found is not None, outputs(body)
    return int(found.group(1))


def _write(chars: str, call_id: str) -> Callable[[dict[str, Any]], Reply]:
    def step(body: dict[str, Any]) -> Reply:
        return call("write_stdin", {"session_id": _session_id(body), "chars": chars}, call_id)

    return step


async def test_unix_local_pty_keeps_one_python_process(interpreter: Any, stage: Path) -> None:
    final = "5 + 5 = 10, plus 5 is 15, all in one Python process."
    steps: list[Step] = [
        call("exec_command", {"cmd": "python3 -q", "tty": True, "yield_time_ms": 1500}, "c1"),
        _write("5 + 5\n", "c2"),
        _write("_ + 5\n", "c3"),
        _write("exit()\n", "c4"),
        text(final),
    ]
    run = (await run_example(interpreter, stage, "unix_local_pty.py", steps)).check()
    assert run.stdout.splitlines() == [
        "[tool call] exec_command",
        "[tool output] exec_command",
        "[tool call] write_stdin",
        "[tool output] write_stdin",
        "[tool call] write_stdin",
        "[tool output] write_stdin",
        "[tool call] write_stdin",
        "[tool output] write_stdin",
        f"assistant> {final}",
    ]
    first, *_, last = run.requests
    assert tool_names(first) == ["exec_command", "write_stdin"]
    assert first["tool_choice"] == "required"
    reports = [exec_report(str(o)) for o in outputs(last)]
    session = _session_id(run.requests[1])
    assert [code for code, _ in reports] == [None, None, None, 0]
    assert all(f"session ID {session}" in str(o) for o in outputs(last)[:3])
    # one REPL throughout: 10, then 15 from its own `_` (the prompt may come a call late
    # on a slow machine, so the outputs are read as one transcript)
    transcript = "".join(output for _, output in reports).replace(">>> ", "")
    assert transcript == "5 + 5\r\n10\r\n_ + 5\r\n15\r\nexit()\r\n"


# ----- handoffs.py -------------------------------------------------------------------


def _asked_by(agent_text: str, reply: Reply) -> Callable[[dict[str, Any]], Reply]:
    """``reply``, after checking the request came from the agent whose instructions
    contain ``agent_text``."""

    def step(body: dict[str, Any]) -> Reply:
        assert agent_text in instructions(body), instructions(body)[:200]
        return reply

    return step


async def test_handoffs_reach_the_sandbox_reviewer_and_back(interpreter: Any, stage: Path) -> None:
    final = "Headline: kickoff at risk. Confirm the security questionnaire first."
    steps: list[Step] = [
        _asked_by("You triage internal requests", call("transfer_to_onboarding_packet_reviewer")),
        _asked_by("You inspect onboarding documents", shell("cat kickoff_checklist.md")),
        _asked_by(
            "You inspect onboarding documents",
            call("transfer_to_account_executive_assistant", call_id="call_2"),
        ),
        _asked_by("You write concise internal updates", text(final)),
    ]
    run = (await run_example(interpreter, stage, "handoffs.py", steps)).check()
    assert run.stdout == final + "\n"
    intake, reviewer, _, writer = run.requests
    assert tool_names(intake) == ["transfer_to_onboarding_packet_reviewer"]
    assert tool_names(reviewer) == ["shell", "transfer_to_account_executive_assistant"]
    assert tool_names(writer) == []
    checklist = shell_text(outputs(run.requests[2])[-1])
    assert "Security questionnaire is still in review." in checklist


# ----- sandbox_agent_with_tools.py ----------------------------------------------------------


async def test_sandbox_agent_with_function_and_mcp_tools(interpreter: Any, stage: Path) -> None:
    final = "The regional sales director approves 14%; security review is still open."
    steps: list[Step] = [
        shell("cat renewal_request.md account_notes.md"),
        call("get_discount_approval_path", {"discount_percent": 14}, "call_d"),
        call("get_policy_reference", {"topic": "security review"}, "call_m"),
        text(final),
    ]
    run = (await run_example(interpreter, stage, "sandbox_agent_with_tools.py", steps)).check()
    assert run.stdout.splitlines() == [
        "[tools used] shell, get_discount_approval_path, get_policy_reference",
        final,
    ]
    assert tool_names(run.requests[0]) == [
        "get_discount_approval_path",
        "get_policy_reference",
        "shell",
    ]
    packet, approval, policy = outputs(run.requests[-1])
    assert "Requested discount: 14 percent." in shell_text(packet)
    assert "Security review for the new data export workflow" in shell_text(packet)
    assert approval == "The regional sales director must approve discounts from 11 to 15 percent."
    assert "must finish security review before kickoff" in str(policy)


# ----- sandbox_agents_as_tools.py --------------------------------------------------------


PRICING = {
    "requested_discount_percent": 15,
    "requested_term_months": 24,
    "pricing_risk": "medium",
    "summary": "15 percent asked against an 8 to 10 percent band.",
    "recommended_next_step": "Get regional sales director approval.",
    "evidence_files": ["pricing_summary.md"],
}
ROLLOUT = {
    "rollout_risk": "high",
    "summary": "30-day rollout before admin training.",
    "blockers": ["Regional admins have not completed training yet."],
    "recommended_next_step": "Phase the launch.",
    "evidence_files": ["rollout_plan.md"],
}


async def test_sandbox_agents_as_tools(interpreter: Any, stage: Path) -> None:
    final = "Pricing risk medium, rollout risk high; get director approval and phase the launch."
    coordinator, pricing, rollout = (
        "You coordinate renewal reviews",
        "You inspect renewal pricing documents",
        "You inspect rollout plans",
    )
    steps: list[Step] = [
        _asked_by(coordinator, call("review_pricing_packet", {"input": "Review pricing."}, "t1")),
        _asked_by(pricing, shell("cat pricing_summary.md")),
        _asked_by(pricing, text(json.dumps(PRICING))),
        _asked_by(coordinator, call("review_rollout_risk", {"input": "Review rollout."}, "t2")),
        _asked_by(rollout, shell("ls; cat rollout_plan.md")),
        _asked_by(rollout, text(json.dumps(ROLLOUT))),
        _asked_by(coordinator, call("get_discount_approval_rule", {"discount_percent": 15}, "t3")),
        _asked_by(coordinator, text(final)),
    ]
    run = (await run_example(interpreter, stage, "sandbox_agents_as_tools.py", steps)).check()
    assert run.stdout.splitlines() == [
        "[tools used] review_pricing_packet, review_rollout_risk, get_discount_approval_rule",
        final,
    ]
    # each reviewer saw only its own workspace
    assert "Requested discount: 15 percent." in shell_text(outputs(run.requests[2])[-1])
    listing = shell_text(outputs(run.requests[5])[-1])
    assert listing.startswith("rollout_plan.md\nsupport_history.md\n")
    assert "pricing_summary.md" not in listing
    pricing_out, rollout_out, rule = outputs(run.requests[-1])
    assert json.loads(pricing_out) == dict(sorted(PRICING.items()))
    assert json.loads(rollout_out) == dict(sorted(ROLLOUT.items()))
    assert rule == "Discounts from 11 to 15 percent require regional sales director approval."
    assert run.requests[2]["text"]["format"]["name"] == "final_output"  # structured output


# ----- shared_session_workdirs.py -------------------------------------------------------


def custom_call(name: str, payload: str, call_id: str) -> Raw:
    """A free-form (custom) tool call, e.g. ``apply_patch``."""
    item = {
        "type": "custom_tool_call",
        "id": f"ctc_{call_id}",
        "call_id": call_id,
        "name": name,
        "input": payload,
        "status": "completed",
    }
    return Raw(_response([item]))


def _task_worker(body: dict[str, Any]) -> Reply:
    """Both concurrent runs ask the same server: answer by the run's task and progress."""
    prompt = json.dumps(body.get("input", [])[:1])
    task = "task-a" if "Complete task-a" in prompt else "task-b"
    assert f"Complete {task}" in prompt
    done = len(outputs(body))
    if done == 0:
        return call(
            "exec_command", {"cmd": "cp reference.png page.png && cat brief.md"}, f"{task}-1"
        )
    if done == 1:
        return call("view_image", {"path": "page.png"}, f"{task}-2")
    if done == 2:
        patch = (
            "*** Begin Patch\n*** Update File: notes.md\n"
            f" task={task}\n-status=pending-{task}\n+status=complete-{task}\n*** End Patch\n"
        )
        return custom_call("apply_patch", patch, f"{task}-3")
    color = "red" if task == "task-a" else "blue"
    return text(f"{task}: the image is {color}.")


async def test_shared_session_workdirs(interpreter: Any, stage: Path) -> None:
    steps: list[Step] = [_task_worker] * 8
    run = (await run_example(interpreter, stage, "shared_session_workdirs.py", steps)).check()
    assert run.stdout.strip().splitlines() == [
        "[task-a] cwd=tasks/task-a color=red",
        "tool calls: exec_command, view_image, apply_patch",
        "notes.md: task=task-a",
        "status=complete-task-a",
        "final output: task-a: the image is red.",
        "",
        "[task-b] cwd=tasks/task-b color=blue",
        "tool calls: exec_command, view_image, apply_patch",
        "notes.md: task=task-b",
        "status=complete-task-b",
        "final output: task-b: the image is blue.",
        "",
        "Verified: distinct run-scoped cwd values worked without session-global cwd mutation.",
    ]
    patched = sorted(outputs(b)[-1] for b in run.requests if len(outputs(b)) == 3)
    assert patched == ["Updated notes.md", "Updated notes.md"]  # relative to the run's cwd
    shells = [outputs(b)[0] for b in run.requests if len(outputs(b)) == 1]
    assert sorted(exec_report(str(o)) for o in shells) == [
        (0, "# task-a\n\nThe reference image is red.\n"),
        (0, "# task-b\n\nThe reference image is blue.\n"),
    ]


# ----- docs/coding_task.py --------------------------------------------------------------

CREDIT_FIX = "\n".join(
    [
        "*** Begin Patch",
        "*** Update File: repo/credit_note.sh",
        "@@",
        ' amount="$2"',
        '+amount="${amount#-}"',
        " ",  # the blank line, as context
        '-printf \'Credit note for %s: -$%s debit.\\n\' "$customer" "$amount"',
        '+printf \'Credit note for %s: $%s credit.\\n\' "$customer" "$amount"',
        "*** End Patch",
        "",
    ]
)


async def test_docs_coding_task_fixes_the_bug_with_a_lazy_skill(
    interpreter: Any, stage: Path
) -> None:
    final = (
        "Fixed the label and sign in repo/credit_note.sh; `sh tests/test_credit_note.sh` passes."
    )
    test = "sh tests/test_credit_note.sh"
    steps: list[Step] = [
        call("exec_command", {"cmd": "cat repo/task.md"}, "c1"),
        call("load_skill", {"skill_name": "credit-note-fixer"}, "c2"),
        call("exec_command", {"cmd": test, "workdir": "repo"}, "c3"),
        custom_call("apply_patch", CREDIT_FIX, "c4"),
        call("exec_command", {"cmd": test, "workdir": "repo"}, "c5"),
        text(final),
    ]
    run = (await run_example(interpreter, stage, "docs/coding_task.py", steps)).check()
    assert run.stdout.splitlines() == [
        "=== Final summary ===",
        f"final_output: {final}",
        "tool_calls: exec_command, load_skill, exec_command, apply_patch, exec_command",
        f"verification_command: {test}",
        "verification_result: observed target test output with `2 passed`",
        "updated_credit_note.sh:",
        "#!/bin/sh",
        "",
        'customer="$1"',
        'amount="$2"',
        'amount="${amount#-}"',
        "",
        'printf \'Credit note for %s: $%s credit.\\n\' "$customer" "$amount"',
    ]
    first = run.requests[0]
    assert {"apply_patch", "exec_command", "load_skill", "view_image"} <= set(tool_names(first))
    task, skill, failing, patched, passing = outputs(run.requests[-1])
    assert "Use the smallest correct fix" in exec_report(task)[1]
    assert json.loads(skill) == {
        "status": "loaded",
        "skill_name": "credit-note-fixer",
        "path": ".agents/credit-note-fixer",
    }
    assert exec_report(failing) == (
        1,
        "expected positive case to pass, got: Credit note for Northwind: -$12.50 debit.\n",
    )
    assert "repo/credit_note.sh" in patched
    assert exec_report(passing) == (0, "2 passed\n")


# ----- sandbox_agent_capabilities.py ----------------------------------------------------

VERIFIED = "skill_loaded=true\ncodename=atlas\nnote_source=filesystem\nimage_verified=true\n"
VERIFY_PATCH = """*** Begin Patch
*** Update File: verification/capabilities.txt
@@
 skill_loaded=true
 codename=atlas
+note_source=filesystem
+image_verified=true
*** End Patch
"""


def streamed_custom_call(name: str, payload: str, call_id: str) -> RawSSE:
    item = {
        "type": "custom_tool_call",
        "id": f"ctc_{call_id}",
        "call_id": call_id,
        "name": name,
        "input": payload,
        "status": "completed",
    }
    return _streamed(item)


async def test_sandbox_agent_capabilities_smoke(interpreter: Any, stage: Path) -> None:
    two_lines = "printf 'skill_loaded=true\\ncodename=atlas\\n' > verification/capabilities.txt"
    steps: list[Step] = [
        call("exec_command", {"cmd": "ls ."}, "c1"),
        call("exec_command", {"cmd": "cat README.md"}, "c2"),
        call("view_image", {"path": "examples/image.png"}, "c3"),
        call("load_skill", {"skill_name": "capability-proof"}, "c4"),
        call("exec_command", {"cmd": f"mkdir -p verification && {two_lines}"}, "c5"),
        streamed_custom_call("apply_patch", VERIFY_PATCH, "c6"),
        call("exec_command", {"cmd": "echo x > verification/delete-me.txt"}, "c7"),
        call("exec_command", {"cmd": "rm verification/delete-me.txt"}, "c8"),
        call("exec_command", {"cmd": "cat verification/capabilities.txt"}, "c9"),
        text("capability smoke complete"),
    ]
    run = (await run_example(interpreter, stage, "sandbox_agent_capabilities.py", steps)).check()
    lines = run.stdout.splitlines()
    summary = lines[lines.index("=== Final summary ===") :]
    assert summary[:3] == [
        "=== Final summary ===",
        "final_output: capability smoke complete",
        "tool_calls: exec_command, exec_command, view_image, load_skill, exec_command, "
        "apply_patch, exec_command, exec_command, exec_command",
    ]
    assert summary[3:5] == ["vision_outputs: 1", "compaction_threshold: 1000"]
    assert summary[5].startswith("compaction_extra_args: {'context_management': [")
    assert summary[6:] == [
        "verification_file: verification/capabilities.txt",
        "deleted_file_absent: True",
        *VERIFIED.splitlines(),
    ]
    assert "[tool:call] view_image" in lines and "[model:text] capability smoke complete" in lines
    first = run.requests[0]
    assert first["stream"] is True and first["context_management"][0]["type"] == "compaction"
    assert {"apply_patch", "exec_command", "load_skill", "view_image"} <= set(tool_names(first))
    image = outputs(run.requests[3])[-1]
    assert image[0]["type"] == "input_image" and image[0]["image_url"].startswith(
        "data:image/png;base64,"
    )
    assert exec_report(outputs(run.requests[-1])[-1]) == (0, VERIFIED)


# ----- healthcare_support/main.py ----------------------------------------------------

BENEFITS = {
    "patient_name": "Maya Thompson",
    "patient_id": "PAT-1001",
    "payer": "Blue Cross",
    "member_id": "BCX-4439201",
    "eligibility_status": "active",
    "plan_summary": "Blue Cross PPO",
    "referral_status": "none needed",
    "prior_auth_recommended": True,
    "recommended_queue": "prior_auth",
    "summary": "Eligible; MRI needs prior authorization.",
}
SEARCH = (
    "rg -n -i 'prior authorization|imaging|Blue Cross' policies || "
    "grep -RniE 'prior authorization|imaging|Blue Cross' policies"
)
FINDINGS_PATCH = "\n".join(
    [
        "*** Begin Patch",
        "*** Add File: output/policy_findings.md",
        "+# Policy findings",
        "+## Case summary",
        "+Maya Thompson asks whether her MRI is covered.",
        "+## Matched policy files",
        "+- orthopedic_imaging_policy.md",
        "+## Missing information",
        "+None.",
        "+## Prior authorization",
        "+Required for MRI under the Blue Cross PPO.",
        "+## Referral",
        "+Not required.",
        "*** Add File: output/human_review_checklist.md",
        "+- [ ] Confirm the prior authorization request for the MRI.",
        "*** End Patch",
        "",
    ]
)
RESOLUTION = {
    "scenario_id": "eligibility_verification_basic",
    "intent": "eligibility_verification",
    "patient_name": "Maya Thompson",
    "benefits_summary": "Eligible; MRI needs prior authorization.",
    "policy_summary": "Imaging needs prior authorization.",
    "next_step": "Confirm prior auth requirement for MRI and proceed with scheduling.",
    "route_to_human": False,
    "handoff_id": None,
    "generated_files": ["output/human_review_checklist.md", "output/policy_findings.md"],
    "internal_summary": "Eligibility verified; prior auth needed.",
    "patient_facing_response": "Your coverage is active; we will request prior authorization.",
}
RECAP = {
    "remembered_patient": "Maya Thompson",
    "remembered_intent": "eligibility_verification",
    "remembered_next_step": "Request prior authorization.",
    "remembered_handoff": None,
    "remembered_files": ["output/policy_findings.md"],
}


async def test_healthcare_support_workflow(interpreter: Any, stage: Path) -> None:
    steps: list[Step] = [
        call("benefits_review", {"input": "Review Maya Thompson's benefits."}, "h1"),
        text(json.dumps(BENEFITS)),
        call("sandbox_policy_packet", {"input": "Build the policy packet."}, "h2"),
        call("load_skill", {"skill_name": "prior-auth-packet-builder"}, "p1"),
        call(
            "exec_command", {"cmd": "pwd; ls; cat .agents/prior-auth-packet-builder/SKILL.md"}, "p2"
        ),
        call("exec_command", {"cmd": SEARCH}, "p3"),
        custom_call("apply_patch", FINDINGS_PATCH, "p4"),
        call(
            "finalize_policy_packet",
            {
                "matched_policy_files": ["orthopedic_imaging_policy.md"],
                "policy_summary": "Imaging needs prior authorization.",
                "human_review_recommended": False,
            },
            "p5",
        ),
        text(json.dumps(RESOLUTION)),
        text(json.dumps(RECAP)),
    ]
    run = await run_example(
        interpreter,
        stage,
        "healthcare_support/main.py",
        steps,
        "--scenario",
        "eligibility_verification_basic",
    )
    out = run.check().stdout
    assert "Scenario: eligibility_verification_basic" in out
    tail = out[out.index("Patient-facing response:") :].splitlines()
    artifacts = run.root / ".cache" / "healthcare_support" / "output"
    artifacts = artifacts / "eligibility_verification_basic"
    assert tail[:13] == [
        "Patient-facing response:",
        "",
        RESOLUTION["patient_facing_response"],
        "",
        "Internal summary:",
        RESOLUTION["internal_summary"],
        "",
        "Next step:",
        RESOLUTION["next_step"],
        "",
        "Generated sandbox artifacts:",
        f"- {artifacts / 'human_review_checklist.md'}",
        f"- {artifacts / 'policy_findings.md'}",
    ]
    recap = out[out.index("Memory recap:\n") + len("Memory recap:\n") : out.index("\n\nSession")]
    assert json.loads(recap) == RECAP
    assert int(out.strip().rsplit(" ", 1)[1]) > 0  # "Session memory items: N"
    assert "## Prior authorization" in (artifacts / "policy_findings.md").read_text()
    # the sandbox agent's work, as the model saw it
    policy_done = outputs(run.requests[7])
    skill, shell_report, search, patched = policy_done[-4:]
    assert json.loads(skill)["status"] == "loaded"
    code, listing = exec_report(shell_report)
    assert code == 0 and "name: prior-auth-packet-builder" in listing
    code, found = exec_report(search)
    assert code == 0 and "orthopedic_imaging_policy.md" in found
    assert "output/policy_findings.md" in patched
    packet = json.loads(outputs(run.requests[8])[-1])
    assert packet["matched_policy_files"] == ["orthopedic_imaging_policy.md"]
    assert packet["shell_commands"] == [SEARCH]
    assert packet["generated_files"] == [
        "output/human_review_checklist.md",
        "output/policy_findings.md",
    ]


# ----- memory.py and memory_multi_agent_multiturn.py --------------------------------

REPORT_FIX = "\n".join(
    [
        "*** Begin Patch",
        "*** Update File: src/acme_metrics/report.py",
        "@@",
        " def format_invoice_total(subtotal: float, tax_rate: float) -> str:",
        "-    total = subtotal + tax_rate",
        "+    total = subtotal * (1 + tax_rate)",
        '     return f"${total:.2f}"',
        "*** End Patch",
        "",
    ]
)


def _is_extraction(body: dict[str, Any]) -> bool:
    """A memory extraction request (phase one): one finished session to distil."""
    return "finished agent session into memory" in instructions(body)


def _consolidation_dir(body: dict[str, Any]) -> str | None:
    """The memories directory a consolidation request (phase two) is about."""
    found = re.search(r"Consolidate the memory in `([^`]+)/`", json.dumps(body.get("input")))
    return found.group(1) if found else None


def _extracted(slug: str, summary: str, memory: str) -> Answer:
    return text(
        json.dumps({"rollout_slug": slug, "rollout_summary": summary, "raw_memory": memory})
    )


def _consolidate(body: dict[str, Any], memories: str, summary: str, call_id: str) -> Reply:
    """Phase two: write MEMORY.md and memory_summary.md with the shell, then say so."""
    if outputs(body):
        return text("Memory consolidated.")
    command = (
        f"printf '# Memory\\n\\n%s\\n' '{summary}' > {memories}/MEMORY.md && "
        f"printf '%s\\n' '{summary}' > {memories}/memory_summary.md"
    )
    return call("exec_command", {"cmd": command}, call_id)


FIX_MEMORY = "report.py: the invoice total is subtotal * (1 + tax_rate); it used to add the rate."
TEST_MEMORY = "tests/test_report.py has a regression test for the invoice total."
REGRESSION_TEST = "\n".join(
    [
        "*** Begin Patch",
        "*** Add File: tests/test_report_regression.py",
        "+from acme_metrics import format_invoice_total",
        "+",
        "+",
        "+def test_tax_is_a_rate_not_an_amount() -> None:",
        '+    assert format_invoice_total(200.0, 0.1) == "$220.00"',
        "*** End Patch",
        "",
    ]
)


def _user_text(body: dict[str, Any]) -> str:
    return json.dumps([i for i in body.get("input", []) if i.get("role") == "user"])


def _memory_demo(body: dict[str, Any]) -> Reply:
    """The model of memory.py: its two runs and the memory passes after each."""
    if _is_extraction(body):
        if "Add a regression test" in json.dumps(body.get("input")):
            return _extracted("add-regression-test", "Added a regression test.", TEST_MEMORY)
        return _extracted("fix-invoice-total", "Fixed the invoice total.", FIX_MEMORY)
    memories = _consolidation_dir(body)
    if memories is not None:
        both = "add-regression-test" in json.dumps(body.get("input"))
        return _consolidate(
            body, memories, f"{FIX_MEMORY} {TEST_MEMORY}" if both else FIX_MEMORY, "m1"
        )
    done = len(outputs(body))
    if "fix invoice total bug" in _user_text(body):
        steps: list[Reply] = [
            call("exec_command", {"cmd": "pwd; cat src/acme_metrics/report.py"}, "f1"),
            custom_call("apply_patch", REPORT_FIX, "f2"),
            text("Fixed: the tax rate was added instead of applied."),
        ]
        return steps[done]
    assert "Add a regression test" in _user_text(body)
    steps = [
        custom_call("apply_patch", REGRESSION_TEST, "r1"),
        text("Added tests/test_report_regression.py."),
    ]
    return steps[done]


async def test_memory_is_generated_and_read_across_a_snapshot_resume(
    interpreter: Any, stage: Path
) -> None:
    run = (await run_example(interpreter, stage, "memory.py", [_memory_demo] * 11)).check()
    lines = run.stdout.splitlines()
    assert lines[:9] == [
        "",
        "[first run]",
        "Fixed: the tax rate was added instead of applied.",
        "",
        "[second run]",
        "Added tests/test_report_regression.py.",
        "",
        "Generated memory artifacts:",
        "- sessions/",
    ]
    # the program read these from Path(sandbox.state.manifest.root) on the host
    both = f"{FIX_MEMORY} {TEST_MEMORY}"
    tail = lines[lines.index("- memories/MEMORY.md") :]
    assert tail[:5] == [
        "- memories/MEMORY.md",
        "# Memory",
        "",
        both,
        "- memories/memory_summary.md",
    ]
    assert tail[5] == both
    rollouts = sorted(x.split("/")[-1] for x in lines if x.startswith("  - sessions/"))
    assert len(rollouts) == 2 and all(re.fullmatch(r"run-[0-9a-f]{32}\.jsonl", r) for r in rollouts)
    summaries = [x for x in lines if x.startswith("  - memories/rollout_summaries/")]
    assert sorted(x.rsplit("_", 1)[-1] for x in summaries) == [
        "add-regression-test.md",
        "fix-invoice-total.md",
    ]
    assert len([x for x in lines if x.startswith("  - memories/raw_memories/")]) == 2
    # the model saw the workspace at that same host path, and memory after the resume
    first, second = outputs(run.requests[2])[0], run.requests[6]
    code, shown = exec_report(first)
    root = shown.splitlines()[0]
    assert code == 0 and "total = subtotal + tax_rate" in shown
    assert re.fullmatch(r"/tmp/runwright-sandbox-[^/]+", root), root
    assert FIX_MEMORY in instructions(second) and TEST_MEMORY not in instructions(second)
    assert f"sandbox workspace at {root}" in instructions(run.requests[4])  # consolidation
    assert not os.path.exists(root)  # client.delete(sandbox) removed it


GTM_MEMORY = "Healthcare leads (data/leads.csv) have the most trial events per seat."
ENG_MEMORY = "report.py applies tax as a rate; check it with a one-line python3 call."
CHECK_INVOICE = (
    "python3 -c \"import sys; sys.path.insert(0, 'src'); "
    'from acme_metrics import format_invoice_total as f; print(f(100.0, 0.075))"'
)
HYPOTHESIS = "\n".join(
    [
        "*** Begin Patch",
        "*** Add File: gtm_hypothesis.md",
        "+Healthcare teams with high trial usage will buy a seat expansion.",
        "*** End Patch",
        "",
    ]
)


def _last_user_text(body: dict[str, Any]) -> str:
    users = [i for i in body.get("input", []) if i.get("role") == "user"]
    return json.dumps(users[-1] if users else None)


def _two_agents(body: dict[str, Any]) -> Reply:
    """The model of memory_multi_agent_multiturn.py: three runs, then memory."""
    if _is_extraction(body):
        rollout = json.dumps(body.get("input"))
        if "invoice total bug" in rollout:
            return _extracted("fix-invoice-total", "Fixed the invoice total.", ENG_MEMORY)
        assert "Analyze data/leads.csv" in rollout and "gtm_hypothesis.md" in rollout
        return _extracted("gtm-healthcare-segment", "Picked healthcare.", GTM_MEMORY)
    memories = _consolidation_dir(body)
    if memories is not None:
        summary = GTM_MEMORY if memories == "memories/gtm" else ENG_MEMORY
        return _consolidate(body, memories, summary, "m1")
    asked, done = _last_user_text(body), len(outputs(body))
    if "Analyze data/leads.csv" in asked:
        steps: list[Reply] = [
            call("exec_command", {"cmd": "cat data/leads.csv"}, "g1"),
            text("Healthcare: most trial events per seat. Need renewal dates next."),
        ]
        return steps[done]
    if "outreach hypothesis" in asked:
        assert "Healthcare: most trial events per seat." in json.dumps(body["input"])
        steps = [custom_call("apply_patch", HYPOTHESIS, "g2"), text("Saved gtm_hypothesis.md.")]
        return steps[done - 1]  # the first turn's call output is in the history
    assert "Fix the invoice total bug" in asked
    steps = [
        custom_call("apply_patch", REPORT_FIX, "e1"),
        call("exec_command", {"cmd": CHECK_INVOICE}, "e2"),
        text("Fixed report.py; the check prints $107.50."),
    ]
    return steps[done]


async def test_two_agents_keep_separate_memory_in_one_workspace(
    interpreter: Any, stage: Path
) -> None:
    program = "memory_multi_agent_multiturn.py"
    run = (await run_example(interpreter, stage, program, [_two_agents] * 13)).check()
    lines = run.stdout.splitlines()
    memory_files = [
        "MEMORY.md",
        "memory_summary.md",
        "phase_two_selection.json",
        "raw_memories/{rollout}.md",
        "raw_memories.md",
        "rollout_summaries/{rollout}_{slug}.md",
    ]
    gtm = [f"memories/gtm/{f}" for f in memory_files]
    eng = [f"memories/engineering/{f}" for f in memory_files]
    gtm = [x.format(rollout="gtm-q2-pipeline-review", slug="gtm-healthcare-segment") for x in gtm]
    eng = [x.format(rollout="eng-invoice-test-fix", slug="fix-invoice-total") for x in eng]
    assert lines[:25] == [
        "",
        "[gtm turn 1]",
        "Healthcare: most trial events per seat. Need renewal dates next.",
        "",
        "[gtm turn 2]",
        "Saved gtm_hypothesis.md.",
        "",
        "[engineering]",
        "Fixed report.py; the check prints $107.50.",
        "",
        "[gtm memory]",
        *gtm,
        "",
        "[engineering memory]",
        *eng,
    ]
    # the SQLiteSession's id groups both GTM turns into one rollout (two segments)
    at = lines.index("[gtm sessions]")
    assert lines[at + 1] == "sessions/gtm/gtm-q2-pipeline-review.jsonl"
    segments = [json.loads(x) for x in lines[at + 2 : at + 4]]
    assert [s["final_output"] for s in segments] == [
        "Healthcare: most trial events per seat. Need renewal dates next.",
        "Saved gtm_hypothesis.md.",
    ]
    assert lines[at + 4 : at + 7] == [
        "",
        "[engineering sessions]",
        "sessions/engineering/eng-invoice-test-fix.jsonl",
    ]
    engineering = json.loads(lines[at + 7])
    assert engineering["rollout_id"] == "eng-invoice-test-fix"
    assert engineering["terminal_metadata"]["terminal_state"] == "completed"
    # both agents worked in the one workspace, seen at its host path
    check = [o for o in outputs(run.requests[6]) if "Wall time" in str(o)]
    assert exec_report(str(check[-1])) == (0, "$107.50\n")
    consolidations = [r for r in run.requests if _consolidation_dir(r) is not None]
    assert [_consolidation_dir(r) for r in consolidations] == ["memories/gtm"] * 2 + [
        "memories/engineering"
    ] * 2
    root = re.search(r"sandbox workspace at (\S+?)\.", instructions(consolidations[0]))
    assert root is not None and root.group(1).startswith("/tmp/runwright-sandbox-")
    assert not os.path.exists(root.group(1))  # client.delete(sandbox) removed it
