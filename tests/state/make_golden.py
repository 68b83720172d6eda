"""Writes the golden RunState fixtures: `python tests/state/make_golden.py` (only when adding a
schema version — golden files of released versions must never change; runwright's own layout
and the OpenAI Agents SDK's document, whose version is the SDK's)."""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from scenario import build_agents, native

from runwright import Runner
from runwright._state.codec import SCHEMA_VERSION
from runwright._state.sdk_format import SDK_SCHEMA_VERSION


async def main() -> None:
    triage, _admin, _t, admin_model = build_agents()
    result = await Runner.run(triage, "Please delete a.txt", context={"user": "ann"})
    state = result.to_state()
    state.approve(state.get_interruptions()[0])  # from v2 on: a decision bound to its call
    golden = Path(__file__).parent / "golden"
    for path, data in [
        (golden / f"v{SCHEMA_VERSION}_approved.json", native(state)),
        (golden / f"sdk_{SDK_SCHEMA_VERSION.replace('.', '_')}_approved.json", state.to_json()),
    ]:
        path.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n")
        print(f"wrote {path}")
    admin_model.clear()


asyncio.run(main())
