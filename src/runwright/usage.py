"""Token and request accounting for a run.

Public face: the code lives in runwright/_core/usage.py.
"""

from __future__ import annotations

from runwright._core.usage import (
    InputTokensDetails,
    OutputTokensDetails,
    RequestUsage,
    Usage,
    responses_counts,
)

__all__ = [
    "InputTokensDetails",
    "OutputTokensDetails",
    "RequestUsage",
    "Usage",
    "responses_counts",
]
