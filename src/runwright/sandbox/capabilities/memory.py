"""Memory: memory kept in the workspace, read into the instructions.

Public face: the code lives in runwright/_sandbox/skills.py.
"""

from __future__ import annotations

from runwright._sandbox.skills import (
    Memory,
)

__all__ = [
    "Memory",
]
