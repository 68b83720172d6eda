"""Small value types of the sandbox API.

Public face: the code lives in runwright/_sandbox/types.py,
runwright/_sandbox/process.py.
"""

from __future__ import annotations

from runwright._sandbox.process import (
    ExecResult,
)
from runwright._sandbox.types import (
    EntryKind,
    ExposedPortEndpoint,
    FileEntry,
    FileMode,
    Group,
    Permissions,
    User,
)

__all__ = [
    "EntryKind",
    "ExposedPortEndpoint",
    "FileEntry",
    "FileMode",
    "Group",
    "Permissions",
    "User",
    "ExecResult",
]
