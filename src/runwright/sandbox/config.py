"""SandboxRunConfig, its limits, and the memory configuration.

Public face: the code lives in runwright/_sandbox/config.py.
"""

from __future__ import annotations

from runwright._sandbox.config import (
    MemoryGenerateConfig,
    MemoryLayoutConfig,
    MemoryReadConfig,
    SandboxArchiveLimits,
    SandboxConcurrencyLimits,
    SandboxRunConfig,
)

__all__ = [
    "MemoryGenerateConfig",
    "MemoryLayoutConfig",
    "MemoryReadConfig",
    "SandboxArchiveLimits",
    "SandboxConcurrencyLimits",
    "SandboxRunConfig",
]
