"""What a Manifest puts in a fresh workspace: File, LocalFile, LocalDir, Dir.

Public face: the code lives in runwright/_sandbox/entries.py.
"""

from __future__ import annotations

from runwright._sandbox.entries import (
    ENTRY_TYPES,
    Dir,
    Entry,
    File,
    LocalDir,
    LocalFile,
    place_entry,
)

__all__ = [
    "File",
    "LocalFile",
    "LocalDir",
    "Dir",
    "Entry",
    "ENTRY_TYPES",
    "place_entry",
]
