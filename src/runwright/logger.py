"""runwright's logger, and :func:`enable_verbose_stdout_logging` (as in the SDK).

Public face: the code lives in runwright/_core/logger.py.
"""

from __future__ import annotations

from runwright._core.logger import (
    enable_verbose_stdout_logging,
    logger,
)

__all__ = [
    "enable_verbose_stdout_logging",
    "logger",
]
