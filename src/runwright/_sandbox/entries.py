"""What a Manifest puts in a fresh workspace: File, LocalFile, LocalDir, Dir."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Union

from runwright._core.exceptions import UserError
from runwright._sandbox.paths import split_workspace_path


@dataclass(frozen=True)
class File:
    """A file with the given content (text is written as UTF-8)."""

    content: bytes | str
    type: str = field(default="file", init=False)

    def materialize(self, dest: Path) -> None:
        """Writes the file at ``dest``."""
        data = self.content.encode() if isinstance(self.content, str) else self.content
        dest.write_bytes(data)


@dataclass(frozen=True)
class LocalFile:
    """A copy of a host file. The copy is taken when the workspace is made."""

    src: Path | str
    type: str = field(default="local_file", init=False)

    def materialize(self, dest: Path) -> None:
        """Copies ``src`` to ``dest`` (contents only; a symlink is copied as its target)."""
        src = Path(self.src)
        if not src.is_file():
            raise UserError(f"LocalFile: {src} is not a readable file on this machine.")
        shutil.copyfile(src, dest)


@dataclass(frozen=True)
class LocalDir:
    """A copy of a host directory tree. Symlinks inside it are copied as links only
    when they point inside the tree; others are skipped (they would lead out)."""

    src: Path | str
    type: str = field(default="local_dir", init=False)

    def materialize(self, dest: Path) -> None:
        """Copies the tree under ``src`` to ``dest``."""
        src = Path(self.src)
        if not src.is_dir():
            raise UserError(f"LocalDir: {src} is not a directory on this machine.")
        root = os.path.realpath(src)
        shutil.copytree(src, dest, symlinks=True, ignore=_links_out(root), dirs_exist_ok=True)


def _links_out(root: str) -> Callable[[str, list[str]], set[str]]:
    def ignore(directory: str, names: list[str]) -> set[str]:
        skipped: set[str] = set()
        for name in names:
            path = os.path.join(directory, name)
            if os.path.islink(path):
                target = os.path.realpath(path)
                if os.path.commonpath([target, root]) != root:
                    skipped.add(name)
            elif not (os.path.isfile(path) or os.path.isdir(path)):
                skipped.add(name)  # FIFOs, sockets, devices: copying could block or leak
        return skipped

    return ignore


@dataclass(frozen=True)
class Dir:
    """A directory, optionally with entries of its own (``children``)."""

    children: dict[str, Entry] = field(default_factory=dict)
    type: str = field(default="dir", init=False)

    def materialize(self, dest: Path) -> None:
        """Creates the directory and its children."""
        dest.mkdir(parents=True, exist_ok=True)
        for name, child in self.children.items():
            place_entry(dest, str(name), child)


Entry = Union[File, LocalFile, LocalDir, Dir]
ENTRY_TYPES = (File, LocalFile, LocalDir, Dir)


def place_entry(base: Path, rel: str, entry: Entry) -> None:
    """Materialises ``entry`` at ``base/rel``, refusing paths that leave ``base``."""
    if not isinstance(entry, ENTRY_TYPES):
        raise UserError(
            f"Manifest entry {rel!r} must be File, LocalFile, LocalDir or Dir, "
            f"got {type(entry).__name__}."
        )
    try:
        parts = split_workspace_path(rel, "/workspace")
    except Exception as error:
        raise UserError(f"Manifest entry path {rel!r}: {error}") from None
    if not parts:
        raise UserError(f"Manifest entry path {rel!r} names the workspace itself.")
    dest = base.joinpath(*parts)
    dest.parent.mkdir(parents=True, exist_ok=True)
    entry.materialize(dest)
