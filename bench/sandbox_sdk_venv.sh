#!/usr/bin/env bash
# Makes the bench-only venv for bench_sandbox.py's side-by-side run: openai-agents 0.24
# (the SDK runwright follows), in its own venv so it is never a runwright or test
# dependency. Idempotent. Prints the venv's python.
set -euo pipefail
VENV="${RUNWRIGHT_SDK_VENV:-${RUNWRIGHT_CACHE:-$HOME/.cache/runwright-dev}/bench-sdk-venv}"
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c "import agents.sandbox" 2>/dev/null; then
  python3 -m venv "$VENV" >&2
  PIP_DISABLE_PIP_VERSION_CHECK=1 "$VENV/bin/pip" install -q "openai-agents==0.24.*" >&2
fi
echo "$VENV/bin/python"
