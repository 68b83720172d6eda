"""Skills and Memory capabilities.

Skills: each skill is a directory with a ``SKILL.md`` (front matter ``name`` and
``description``, then instructions) and optional ``scripts/``, ``references/``
and ``assets/``. ``Skills`` puts them in the workspace under ``skills_path``
(inline ``Skill`` objects, or a directory entry ``from_``) and lists them in the
instructions; with ``lazy_from`` only the index is listed and the model stages
one skill at a time with the ``load_skill`` tool.

Memory: reads ``<memories_dir>/memory_summary.md`` from the workspace into the
instructions, telling the model where the memory files are (and, with
``live_update``, to keep them current with its file tools).
"""

from __future__ import annotations

import abc
import asyncio
import logging
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from runwright._core.exceptions import UserError
from runwright._sandbox.capabilities import Capability
from runwright._sandbox.config import MemoryGenerateConfig, MemoryLayoutConfig, MemoryReadConfig
from runwright._sandbox.entries import BaseEntry, Dir, File, LocalDir
from runwright._sandbox.errors import SandboxError, WorkspaceReadNotFoundError
from runwright._sandbox.manifest import Manifest, SandboxPathGrant
from runwright._sandbox.tools import make_tool
from runwright._sandbox.types import User

logger = logging.getLogger("runwright.sandbox")


def parse_front_matter(markdown: str) -> dict[str, str]:
    """The ``key: value`` lines between the leading ``---`` fences of a SKILL.md."""
    lines = markdown.splitlines()
    if not lines or lines[0].strip() != "---":
        return {}
    out: dict[str, str] = {}
    key: str | None = None
    for line in lines[1:]:
        if line.strip() == "---":
            break
        if key is not None and line.startswith((" ", "\t")) and line.strip():
            out[key] = f"{out[key]} {line.strip()}".strip()
            continue
        name, sep, value = line.partition(":")
        if sep and name.strip():
            key = name.strip()
            out[key] = value.strip().strip("'\"").lstrip(">|").strip()
    return out


def _relative(name: str, value: str) -> str:
    path = PurePosixPath(value)
    if not value or path.is_absolute() or ".." in path.parts or str(path) == ".":
        raise UserError(f"{name} must be a non-empty path inside the workspace, not {value!r}.")
    return str(path)


@dataclass(frozen=True)
class SkillMetadata:
    """What the instructions list for one skill."""

    name: str
    description: str
    path: Path


@dataclass(kw_only=True)
class Skill:
    """One inline skill: ``content`` is its SKILL.md text (or an entry)."""

    name: str
    description: str
    content: str | bytes | BaseEntry
    compatibility: str | None = None
    scripts: dict[str, BaseEntry] = field(default_factory=dict)
    references: dict[str, BaseEntry] = field(default_factory=dict)
    assets: dict[str, BaseEntry] = field(default_factory=dict)
    deferred: bool = False

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name or "/" in self.name:
            raise UserError(f"A skill name must be one path segment, not {self.name!r}.")
        if not isinstance(self.description, str) or not self.description:
            raise UserError(f"Skill {self.name!r} needs a description.")
        if not isinstance(self.content, (str, bytes, BaseEntry)):
            raise UserError(f"Skill {self.name!r} content must be text, bytes or an entry.")

    def content_artifact(self) -> BaseEntry:
        """The SKILL.md entry."""
        if isinstance(self.content, BaseEntry):
            return self.content
        return File(content=self.content)

    def as_dir_entry(self) -> Dir:
        """The skill's directory: SKILL.md plus scripts/, references/, assets/."""
        children: dict[str, Any] = {"SKILL.md": self.content_artifact()}
        for name, group in (
            ("scripts", self.scripts),
            ("references", self.references),
            ("assets", self.assets),
        ):
            if group:
                children[name] = Dir(children={str(k): v for k, v in group.items()})
        return Dir(children=children, description=self.description)


class LazySkillSource(abc.ABC):
    """Where skills come from when they are loaded on demand."""

    @abc.abstractmethod
    def list_skill_metadata(
        self, *, skills_path: str, source_grants: tuple[SandboxPathGrant, ...] = ()
    ) -> list[SkillMetadata]:
        """The skills available (not yet in the workspace)."""

    @abc.abstractmethod
    async def load_skill(
        self,
        *,
        skill_name: str,
        session: Any,
        skills_path: str,
        user: str | User | None = None,
    ) -> dict[str, str]:
        """Puts one skill in the workspace; returns its name and path."""


@dataclass
class LocalDirLazySkillSource(LazySkillSource):
    """Skills in a host directory (one sub-directory with a SKILL.md per skill)."""

    source: LocalDir

    def __post_init__(self) -> None:
        if not isinstance(self.source, LocalDir):
            raise UserError("LocalDirLazySkillSource source must be a LocalDir.")

    def _root(self) -> Path | None:
        if self.source.src is None:
            return None
        root = Path(self.source.src)
        return root if root.is_dir() else None

    def list_skill_metadata(
        self, *, skills_path: str, source_grants: tuple[SandboxPathGrant, ...] = ()
    ) -> list[SkillMetadata]:
        root = self._root()
        if root is None:
            return []
        found = []
        for child in sorted(root.iterdir(), key=lambda p: p.name):
            try:
                if not stat.S_ISDIR(child.lstat().st_mode):
                    continue
                skill_md = child / "SKILL.md"
                if not stat.S_ISREG(skill_md.lstat().st_mode):
                    continue
                meta = parse_front_matter(skill_md.read_text(encoding="utf-8"))
            except OSError:
                continue
            found.append(
                SkillMetadata(
                    name=meta.get("name", child.name),
                    description=meta.get("description", "No description provided."),
                    path=Path(skills_path) / child.name,
                )
            )
        return found

    async def load_skill(
        self,
        *,
        skill_name: str,
        session: Any,
        skills_path: str,
        user: str | User | None = None,
    ) -> dict[str, str]:
        root = self._root()
        if root is None:
            raise SandboxError(f"The skill source directory {self.source.src} is unavailable.")
        matches = [
            m
            for m in self.list_skill_metadata(skills_path=skills_path)
            if skill_name in (m.name, m.path.name)
        ]
        if len(matches) != 1:
            problem = "is not one of the available skills" if not matches else "is ambiguous"
            raise SandboxError(f"Skill {skill_name!r} {problem}.")
        meta = matches[0]
        result = {"status": "loaded", "skill_name": meta.name, "path": str(meta.path)}
        try:
            (await session.read(Path(meta.path) / "SKILL.md")).close()
        except Exception:
            pass  # not loaded yet
        else:
            return {**result, "status": "already_loaded"}
        files = await asyncio.to_thread(_collect, root / meta.path.name)
        for rel, data in files:
            dest = Path(meta.path) / rel
            await session.mkdir(dest.parent, parents=True)
            await session.write(dest, data)
        return result


def _collect(source: Path) -> list[tuple[Path, bytes]]:
    """(relative path, bytes) of the regular files under ``source``; symlinks are skipped."""
    out: list[tuple[Path, bytes]] = []
    for dirpath, dirnames, filenames in os.walk(source):
        dirnames[:] = [d for d in dirnames if not os.path.islink(os.path.join(dirpath, d))]
        for name in sorted(filenames):
            path = os.path.join(dirpath, name)
            if os.path.islink(path) or not os.path.isfile(path):
                continue
            with open(path, "rb") as f:
                out.append((Path(path).relative_to(source), f.read()))
    return out


_SKILLS_NOTE = (
    "Skills are instructions for particular tasks, each in a SKILL.md file. When the user "
    "names a skill, or the task matches a skill's description, read its SKILL.md first "
    "and follow it; resolve its relative paths (scripts/, references/, assets/) against "
    "the skill's directory."
)


@dataclass(kw_only=True)
class Skills(Capability):
    """Skills for the agent: inline (``skills``), a directory of them (``from_``), or
    loaded on demand (``lazy_from``), placed under ``skills_path`` in the workspace."""

    type: str = "skills"
    skills: list[Skill] = field(default_factory=list)
    from_: BaseEntry | None = None
    lazy_from: LazySkillSource | None = None
    skills_path: str = ".agents"

    def __post_init__(self) -> None:
        self.skills_path = _relative("Skills.skills_path", self.skills_path)
        if not all(isinstance(s, Skill) for s in self.skills):
            raise UserError("Skills.skills must be Skill objects.")
        names = [s.name for s in self.skills]
        if len(set(names)) != len(names):
            raise UserError(f"Skills.skills has duplicate names: {sorted(names)}.")
        if self.from_ is not None and not isinstance(self.from_, BaseEntry):
            raise UserError("Skills.from_ must be a directory entry such as LocalDir(src=...).")
        if self.lazy_from is not None and not isinstance(self.lazy_from, LazySkillSource):
            raise UserError("Skills.lazy_from must be a LazySkillSource.")
        if not (self.skills or self.from_ is not None or self.lazy_from is not None):
            raise UserError("Skills needs skills=[...], from_=... or lazy_from=....")

    def model_post_init(self, context: Any, /) -> None:
        """Re-runs the checks (the SDK's validation hook)."""
        self.__post_init__()

    def process_manifest(self, manifest: Manifest) -> Manifest:
        entries = dict(manifest.entries)
        if self.from_ is not None:
            entries[self.skills_path] = self.from_
        else:
            for skill in self.skills:
                entries[f"{self.skills_path}/{skill.name}"] = skill.as_dir_entry()
        return manifest.model_copy(update={"entries": entries})

    def _metadata(self) -> list[SkillMetadata]:
        if self.lazy_from is not None:
            return self.lazy_from.list_skill_metadata(skills_path=self.skills_path)
        found = [
            SkillMetadata(s.name, s.description, Path(self.skills_path) / s.name)
            for s in self.skills
        ]
        source = getattr(self.from_, "src", None)
        if source is not None and Path(source).is_dir():
            lazy = LocalDirLazySkillSource(source=LocalDir(src=source))
            found += lazy.list_skill_metadata(skills_path=self.skills_path)
        return found

    def tools(self) -> list[Any]:
        if self.lazy_from is None:
            return []
        capability = self

        async def load(session: Any, args: dict[str, Any]) -> dict[str, str]:
            name = args.get("skill_name")
            if not isinstance(name, str) or not name:
                raise SandboxError("'skill_name' must be a skill's name.")
            target = capability.session if capability.session is not None else session
            assert capability.lazy_from is not None
            # a dict, as the SDK's tool returns (hooks see it; the model gets its JSON)
            return await capability.lazy_from.load_skill(
                skill_name=name, session=target, skills_path=capability.skills_path
            )

        return [
            make_tool(
                "load_skill",
                "Load one of the listed skills into the workspace so its SKILL.md and files "
                "can be read.",
                {"skill_name": {"type": "string"}},
                load,
                False,
            )
        ]

    async def load_skill(self, skill_name: str) -> dict[str, str]:
        """Stages one lazily listed skill in the bound session's workspace."""
        if self.lazy_from is None:
            raise UserError("load_skill needs Skills(lazy_from=...).")
        if self.session is None:
            raise UserError("load_skill needs the capability bound to a session.")
        return await self.lazy_from.load_skill(
            skill_name=skill_name, session=self.session, skills_path=self.skills_path
        )

    async def instructions(self, manifest: Manifest) -> str | None:
        found = self._metadata()
        if not found:
            return None
        lines = ["## Skills", _SKILLS_NOTE, "### Available skills"]
        lines += [f"- {m.name}: {m.description} (file: {m.path}/SKILL.md)" for m in found]
        if self.lazy_from is not None:
            lines.append(
                "These skills are not in the workspace yet: call `load_skill` with one "
                "skill's name before reading its files."
            )
        return "\n".join(lines)


_MEMORY_SUMMARY_CHARS = 60_000


@dataclass(kw_only=True)
class Memory(Capability):
    """Memory kept in the workspace: ``<memories_dir>/memory_summary.md`` is read into
    the instructions each run (``read``); with ``read.live_update`` the model is told to
    keep the memory files current.

    With ``generate``, each run is recorded under ``<sessions_dir>/`` and, when the
    session stops, turned into memory files by two model passes (see
    runwright/_sandbox/memory.py); a later run in the same workspace reads them.
    """

    type: str = "memory"
    layout: MemoryLayoutConfig = field(default_factory=MemoryLayoutConfig)
    read: MemoryReadConfig | None = field(default_factory=MemoryReadConfig)
    generate: MemoryGenerateConfig | None = field(default_factory=MemoryGenerateConfig)

    def __post_init__(self) -> None:
        if self.read is None and self.generate is None:
            raise UserError("Memory needs read=... or generate=... (or both).")
        _relative("layout.memories_dir", self.layout.memories_dir)
        _relative("layout.sessions_dir", self.layout.sessions_dir)

    def model_post_init(self, context: Any, /) -> None:
        """Re-runs the checks (the SDK's validation hook)."""
        self.__post_init__()

    def clone(self) -> Memory:
        twin = super().clone()
        assert isinstance(twin, Memory)
        twin.session = None
        return twin

    def required_capability_types(self) -> set[str]:
        if self.read is None:
            return set()
        return {"filesystem", "shell"} if self.read.live_update else {"shell"}

    async def instructions(self, manifest: Manifest) -> str | None:
        if self.read is None or self.session is None:
            return None
        path = Path(self.layout.memories_dir) / "memory_summary.md"
        try:
            handle = await self.session.read(path)
        except (WorkspaceReadNotFoundError, SandboxError):
            return None
        try:
            raw = handle.read()
        finally:
            handle.close()
        summary = (raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)).strip()
        if not summary:
            return None
        if len(summary) > _MEMORY_SUMMARY_CHARS:
            summary = summary[:_MEMORY_SUMMARY_CHARS] + "\n[... memory summary truncated ...]"
        lines = [
            "## Memory",
            f"Your memory from earlier sessions is in `{self.layout.memories_dir}/`. Its summary:",
            summary,
        ]
        if self.read.live_update:
            lines.append(
                f"Keep the files in `{self.layout.memories_dir}/` current: when you learn "
                "something worth remembering, update them (and memory_summary.md)."
            )
        return "\n\n".join(lines)
