"""Capability: the base class of sandbox capabilities.

Public face: the code lives in runwright/_sandbox/capabilities.py.
"""

from __future__ import annotations

from runwright._sandbox.capabilities import (
    Capability,
)

__all__ = [
    "Capability",
]
