"""Token and request accounting for a run.

Public face: the code lives in runwright/_core/usage.py (serialize_usage and
deserialize_usage in runwright/_state/codec.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from runwright._core.lazy import forward_lazy
from runwright._core.usage import (
    InputTokensDetails,
    OutputTokensDetails,
    RequestUsage,
    Usage,
    responses_counts,
)

if TYPE_CHECKING:
    from runwright._state.codec import deserialize_usage, serialize_usage

# Loaded on first use: they live with the RunState codec, which reads the SDK's format.
__getattr__ = forward_lazy(
    __name__,
    {
        "deserialize_usage": "runwright._state.codec",
        "serialize_usage": "runwright._state.codec",
    },
)

__all__ = [
    "InputTokensDetails",
    "OutputTokensDetails",
    "RequestUsage",
    "Usage",
    "deserialize_usage",
    "responses_counts",
    "serialize_usage",
]
