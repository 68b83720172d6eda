"""``agents.run_config`` of the OpenAI Agents SDK: run-wide configuration.

Public face: the code lives in runwright/_core/config.py, runwright/_loop/runner.py,
runwright/_sandbox/config.py.
"""

from __future__ import annotations

from runwright._core.config import RunConfig, ToolErrorFormatter, ToolErrorFormatterArgs
from runwright._loop.runner import (
    DEFAULT_MAX_TURNS,
    RunOptions,
)
from runwright._sandbox.config import SandboxRunConfig

__all__ = [
    "ToolErrorFormatter",
    "ToolErrorFormatterArgs",
    "DEFAULT_MAX_TURNS",
    "RunConfig",
    "RunOptions",
    "SandboxRunConfig",
]
