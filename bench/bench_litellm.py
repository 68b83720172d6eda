"""L1: per-turn cost of ``LitellmModel`` under runwright beside the SDK's, same server.

    python bench/bench_litellm.py            # full run (3 alternating rounds)
    python bench/bench_litellm.py --quick    # one round, fewer runs

Each side runs bench/_litellm_peer.py in a fresh process: the same agent (one tool
call, then the final text: two model turns per run) with
``LitellmModel("openai/m", base_url=...)`` against the scripted OpenAI-compatible
server, in-process, tracing off. LiteLLM itself does most of the work on both sides;
the difference is the framework around it. The openai-agents side needs
``scripts/bench_sdk_venv`` (bench/.sdk-venv, with litellm).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SDK_PYTHON = HERE / ".sdk-venv" / "bin" / "python"
sys.path.insert(0, str(HERE))

from _harness import machine, write_results  # noqa: E402


def peer_run(python: str, framework: str, runs: int) -> dict[str, Any]:
    out = subprocess.run(
        [python, str(HERE / "_litellm_peer.py"), framework, str(runs)],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    runs, rounds = (100, 1) if args.quick else (300, 3)
    sides = {"runwright": sys.executable}
    if SDK_PYTHON.exists():
        sides["openai-agents"] = str(SDK_PYTHON)
    else:
        print("(bench/.sdk-venv missing: run scripts/bench_sdk_venv for the SDK side)")
    per_side: dict[str, list[float]] = {name: [] for name in sides}
    for index in range(rounds):
        order = list(sides.items())
        for name, python in order if index % 2 == 0 else reversed(order):
            framework = "runwright" if name == "runwright" else "agents"
            per_side[name].append(peer_run(python, framework, runs)["us_per_turn"])
    print("L1 LitellmModel agent turn (scripted server)   µs/turn (median of rounds)")
    data: dict[str, Any] = {"machine": machine(), "runs": runs, "rounds": rounds}
    for name, values in per_side.items():
        data[name] = {"us_per_turn": statistics.median(values), "rounds": values}
        print(f"  {name:<45} {statistics.median(values):8.1f}")
    if "openai-agents" in per_side:
        ratio = statistics.median(per_side["openai-agents"]) / statistics.median(
            per_side["runwright"]
        )
        data["sdk_over_runwright"] = ratio
        print(f"  openai-agents / runwright                     {ratio:8.2f}x")
    write_results("litellm", data)


if __name__ == "__main__":
    main()
