"""Skills: task instructions (SKILL.md) placed in or loaded into the workspace.

Public face: the code lives in runwright/_sandbox/skills.py.
"""

from __future__ import annotations

from runwright._sandbox.skills import (
    LazySkillSource,
    LocalDirLazySkillSource,
    Skill,
    SkillMetadata,
    Skills,
)

__all__ = [
    "LazySkillSource",
    "LocalDirLazySkillSource",
    "Skill",
    "SkillMetadata",
    "Skills",
]
