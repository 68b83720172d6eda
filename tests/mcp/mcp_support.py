"""Helpers for the MCP tests (the servers themselves are in server_app.py)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

APP = str(Path(__file__).with_name("server_app.py"))


def stdio_params(**env: str) -> Any:
    """MCPServerStdio params starting the test server as a subprocess."""
    return {"command": sys.executable, "args": [APP, "stdio"], "env": dict(env)}


def calls(marker: Path) -> list[str]:
    """The executions of ``add`` recorded in ``marker``."""
    return marker.read_text().splitlines() if marker.exists() else []


def raw_outputs(call: Any) -> list[Any]:
    """The function_call_output values in a ScriptedModel call's input, as sent."""
    return [i["output"] for i in call.input if i.get("type") == "function_call_output"]


def outputs(call: Any) -> list[Any]:
    """Like raw_outputs, with outputs made only of text parts read as their text."""
    return [_text_or_parts(o) for o in raw_outputs(call)]


def _text_or_parts(output: Any) -> Any:
    if isinstance(output, list) and all(p.get("type") == "input_text" for p in output):
        return "".join(p["text"] for p in output)
    return output
