"""``agents.editor`` of the OpenAI Agents SDK: apply_patch operations and the editor interface.

Public face: the code lives in runwright/_tools/editor.py.
"""

from __future__ import annotations

from runwright._tools.editor import (
    ApplyPatchEditor,
    ApplyPatchOperation,
    ApplyPatchOperationType,
    ApplyPatchResult,
)

__all__ = [
    "ApplyPatchEditor",
    "ApplyPatchOperation",
    "ApplyPatchOperationType",
    "ApplyPatchResult",
]
