"""Capabilities: the default capability set.

Public face: the code lives in runwright/_sandbox/capabilities.py.
"""

from __future__ import annotations

from runwright._sandbox.capabilities import (
    Capabilities,
)

__all__ = [
    "Capabilities",
]
