"""Capabilities: what a SandboxAgent may do in its workspace (each brings tools).

Public face: the code lives in runwright/_sandbox/capabilities.py,
runwright/_sandbox/skills.py.
"""

from __future__ import annotations

from runwright._sandbox.capabilities import (
    Capabilities,
    Capability,
    Compaction,
    CompactionModelInfo,
    CompactionPolicy,
    DynamicCompactionPolicy,
    Filesystem,
    FilesystemToolSet,
    Shell,
    ShellToolSet,
    StaticCompactionPolicy,
)
from runwright._sandbox.skills import (
    LazySkillSource,
    LocalDirLazySkillSource,
    Memory,
    Skill,
    SkillMetadata,
    Skills,
)

__all__ = [
    "Capability",
    "Capabilities",
    "Compaction",
    "CompactionModelInfo",
    "CompactionPolicy",
    "DynamicCompactionPolicy",
    "FilesystemToolSet",
    "Shell",
    "ShellToolSet",
    "StaticCompactionPolicy",
    "Filesystem",
    "LazySkillSource",
    "LocalDirLazySkillSource",
    "Memory",
    "Skill",
    "SkillMetadata",
    "Skills",
]
