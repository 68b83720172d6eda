"""``agents.run_config`` of the OpenAI Agents SDK: run-wide configuration.

A thin re-export module for drop-in imports; the code lives in the modules named below.
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
