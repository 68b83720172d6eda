"""The sandbox's cost: one confined shell call, and a whole scripted sandbox run.

    python bench/bench_sandbox.py            # full figures (~1 min)
    python bench/bench_sandbox.py --quick    # smoke figures

A. One shell call (``echo hi``) through ``SandboxSession.exec`` on the confined
   local client (bubblewrap: new namespaces, read-only host paths, prlimit)
   against the same command run directly with ``asyncio.create_subprocess_exec("sh",
   "-c", ...)``; and through the unconfined client, which separates runwright's own
   work from bubblewrap's. Interleaved, median per side. Target: <= 20 ms added.
B. A whole scripted run (three exec_command calls: write numbers, add them with awk,
   cat the sum; then a final answer) through ``Runner.run`` with a SandboxAgent:
   workspace set-up, the three commands, teardown. Runwright confined and unconfined,
   beside openai-agents 0.24's own unix-local sandbox running the identical script
   (in a bench-only venv made by bench/sandbox_sdk_venv.sh; skipped when it cannot be
   made). The SDK's unix-local client does not confine commands at all.

Figures go to the "sandbox" section of bench/results/latest.json (or --json PATH).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import machine, write_results
from runwright import RunConfig, Runner
from runwright.sandbox import SandboxAgent, SandboxRunConfig, Shell
from runwright.sandbox.sandboxes import UnixLocalSandboxClient, UnixLocalSandboxClientOptions
from runwright.testing import ScriptedModel, tool_call

HERE = Path(__file__).resolve().parent
COMMANDS = [
    "printf '3\\n4\\n5\\n' > data.txt",
    "awk '{s+=$1} END {print s}' data.txt > sum.txt",
    "cat sum.txt",
]
TARGET_ADDED_MS = 20.0


async def _direct(command: str, argv: list[str] | None = None) -> bytes:
    proc = await asyncio.create_subprocess_exec(
        *(argv or ["sh", "-c", command]), stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    out, _ = await proc.communicate()
    return out


async def per_call(iterations: int, base: str) -> dict[str, float]:
    """Median ms of one ``echo hi``: direct; the confined client's exact command line
    (setpriv, bwrap, prlimit, sh) run directly; unconfined session; confined session."""
    confined = UnixLocalSandboxClient(UnixLocalSandboxClientOptions(workspace_base=base))
    loose = UnixLocalSandboxClient(
        UnixLocalSandboxClientOptions(workspace_base=base, unconfined=True)
    )
    times: dict[str, list[float]] = {
        "direct": [],
        "confinement_tools": [],
        "unconfined": [],
        "confined": [],
    }
    async with await confined.create() as box, await loose.create() as open_box:
        chain = confined._argv(str(box.workspace), box.root, "echo hi")
        sides = {
            "direct": lambda: _direct("echo hi"),
            "confinement_tools": lambda: _direct("", chain),
            "unconfined": lambda: open_box.exec("echo hi"),
            "confined": lambda: box.exec("echo hi"),
        }
        for fn in sides.values():  # warm-up
            await fn()
        for i in range(iterations):
            order = list(sides.items())
            if i % 2:
                order.reverse()
            for name, fn in order:
                start = time.perf_counter()
                await fn()
                times[name].append((time.perf_counter() - start) * 1000)
    return {name: statistics.median(values) for name, values in times.items()}


async def runwright_run(client: UnixLocalSandboxClient, runs: int) -> tuple[float, str]:
    """Median ms of the whole scripted SandboxAgent run through Runner.run."""

    async def once() -> tuple[float, str]:
        steps: list[Any] = [tool_call("exec_command", {"cmd": c}) for c in COMMANDS]
        agent = SandboxAgent(
            name="calc", model=ScriptedModel([*steps, "done"]), capabilities=[Shell()]
        )
        config = RunConfig(sandbox=SandboxRunConfig(client=client), tracing_disabled=True)
        start = time.perf_counter()
        result = await Runner.run(agent, "go", run_config=config)
        elapsed = (time.perf_counter() - start) * 1000
        outputs = [str(i.output) for i in result.new_items if hasattr(i, "output")]
        return elapsed, outputs[-1]

    await once()
    samples = [await once() for _ in range(runs)]
    return statistics.median(s[0] for s in samples), samples[-1][1]


def sdk_run(runs: int) -> dict[str, Any] | None:
    """The same script under openai-agents' unix-local sandbox, or None if unavailable."""
    try:
        made = subprocess.run(
            [str(HERE / "sandbox_sdk_venv.sh")],
            capture_output=True,
            text=True,
            check=True,
            timeout=600,
        )
    except (subprocess.SubprocessError, OSError) as error:
        print(f"(openai-agents side skipped: {error})")
        return None
    python = made.stdout.strip().splitlines()[-1]
    done = subprocess.run(
        [python, str(HERE / "_sdk_sandbox_run.py"), json.dumps(COMMANDS), str(runs)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    if done.returncode != 0:
        print(f"(openai-agents side failed: {done.stderr.strip()[-500:]})")
        return None
    result: dict[str, Any] = json.loads(done.stdout)
    return result


async def main_async(quick: bool) -> dict[str, Any]:
    base = tempfile.mkdtemp(prefix="rw-bench-sbx-")
    Path(base).chmod(0o755)
    try:
        calls = await per_call(30 if quick else 200, base)
        runs = 5 if quick else 30
        confined = UnixLocalSandboxClient(UnixLocalSandboxClientOptions(workspace_base=base))
        loose = UnixLocalSandboxClient(
            UnixLocalSandboxClientOptions(workspace_base=base, unconfined=True)
        )
        rw_ms, rw_out = await runwright_run(confined, runs)
        rw_loose_ms, _ = await runwright_run(loose, runs)
    finally:
        shutil.rmtree(base, ignore_errors=True)
    sdk = sdk_run(runs)
    return {
        "per_call_ms": calls,
        "added_ms": calls["confined"] - calls["direct"],
        "ratio": calls["confined"] / calls["direct"],
        "target_added_ms": TARGET_ADDED_MS,
        "run_ms": {
            "runwright_confined": rw_ms,
            "runwright_unconfined": rw_loose_ms,
            "openai_agents_unix_local": sdk["run_ms"] if sdk else None,
        },
        "last_output": rw_out,
    }


def report(data: dict[str, Any]) -> None:
    calls = data["per_call_ms"]
    print("A. one shell call (echo hi), median ms")
    for name, value in calls.items():
        print(f"   {name:<12} {value:7.2f}")
    print(
        f"   confined adds {data['added_ms']:.2f} ms (x{data['ratio']:.2f} of direct); "
        f"target <= {TARGET_ADDED_MS:g} ms"
    )
    print("B. whole scripted sandbox run (3 exec_command calls), median ms")
    for name, value in data["run_ms"].items():
        print(f"   {name:<26} " + (f"{value:8.2f}" if value is not None else "   (n/a)"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    data = asyncio.run(main_async(args.quick))
    data["machine"] = machine()
    report(data)
    if args.json:
        write_results("sandbox", data, args.json)
    else:
        write_results("sandbox", data)


if __name__ == "__main__":
    main()
