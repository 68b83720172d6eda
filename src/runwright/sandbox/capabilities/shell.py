"""Shell: the exec_command tool.

Public face: the code lives in runwright/_sandbox/capabilities.py.
"""

from __future__ import annotations

from runwright._sandbox.capabilities import (
    Shell,
    ShellToolSet,
)

__all__ = [
    "Shell",
    "ShellToolSet",
]
