"""Filesystem: the file tools.

Public face: the code lives in runwright/_sandbox/capabilities.py.
"""

from __future__ import annotations

from runwright._sandbox.capabilities import (
    Filesystem,
    FilesystemToolSet,
)

__all__ = [
    "Filesystem",
    "FilesystemToolSet",
]
