"""Compaction: server-side context compaction and its policies.

Public face: the code lives in runwright/_sandbox/capabilities.py.
"""

from __future__ import annotations

from runwright._sandbox.capabilities import (
    Compaction,
    CompactionModelInfo,
    CompactionPolicy,
    DynamicCompactionPolicy,
    StaticCompactionPolicy,
)

__all__ = [
    "Compaction",
    "CompactionModelInfo",
    "CompactionPolicy",
    "DynamicCompactionPolicy",
    "StaticCompactionPolicy",
]
