"""The apply_patch edit format (``*** Begin Patch`` ... ``*** End Patch``).

::

    *** Begin Patch
    *** Add File: notes/todo.txt
    +first line
    *** Update File: app.py
    @@ def main():
    -    print("hi")
    +    print("hello")
    *** Delete File: old.txt
    *** End Patch

In an update, each ``@@`` hunk lists context (`` ``), removed (``-``) and
added (``+``) lines; the old lines must appear in the file (after the ``@@``
anchor line when one is given). Nothing is written unless every change applies.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from runwright._sandbox.errors import SandboxError
from runwright._sandbox.paths import open_dir, split_workspace_path

if TYPE_CHECKING:
    from runwright._sandbox.session import UnixLocalSandboxSession as SandboxSession


@dataclass
class _Change:
    kind: str  # "add" | "update" | "delete"
    path: str
    lines: list[str] = field(default_factory=list)


def parse_patch(text: str) -> list[_Change]:
    """The changes a patch describes; raises SandboxError on malformed text."""
    lines = text.strip().splitlines()
    if not lines or lines[0].strip() != "*** Begin Patch" or lines[-1].strip() != "*** End Patch":
        raise SandboxError(
            "A patch must start with '*** Begin Patch' and end with '*** End Patch'."
        )
    changes: list[_Change] = []
    for line in lines[1:-1]:
        header = _header(line)
        if header is not None:
            changes.append(_Change(*header))
        elif not changes:
            raise SandboxError(f"Patch line {line!r} comes before any '*** ... File:' header.")
        else:
            changes[-1].lines.append(line)
    if not changes:
        raise SandboxError("The patch changes no file.")
    return changes


def _header(line: str) -> tuple[str, str] | None:
    for prefix, kind in (
        ("*** Add File: ", "add"),
        ("*** Update File: ", "update"),
        ("*** Delete File: ", "delete"),
    ):
        if line.startswith(prefix):
            return kind, line[len(prefix) :].strip()
    return None


def apply_patch(session: SandboxSession, text: str) -> str:
    """Applies every change of the patch, or none of them."""
    planned: list[tuple[str, str, bytes | None]] = []
    for change in parse_patch(text):
        if change.kind == "add":
            if any(not ln.startswith("+") for ln in change.lines):
                raise SandboxError(f"Add File {change.path}: every line must start with '+'.")
            body = "".join(ln[1:] + "\n" for ln in change.lines)
            planned.append(("added", change.path, body.encode()))
        elif change.kind == "delete":
            session.read_bytes(change.path)  # must exist, inside the workspace
            planned.append(("deleted", change.path, None))
        else:
            old = session.read_bytes(change.path).decode("utf-8", errors="replace")
            planned.append(("updated", change.path, _update(change, old).encode()))
    for _, path, data in planned:
        if data is None:
            _delete(session, path)
        else:
            session.write_bytes(path, data)
    return "\n".join(f"{verb} {path}" for verb, path, _ in planned)


def _delete(session: SandboxSession, path: str) -> None:
    import os

    parts = split_workspace_path(path, session.root)
    with open_dir(str(session.workspace), parts[:-1]) as fd:
        os.unlink(parts[-1], dir_fd=fd)


def _update(change: _Change, text: str) -> str:
    lines = text.splitlines()
    position = 0
    for anchor, hunk in _hunks(change):
        if anchor:
            found = _find(lines, [anchor], position)
            if found >= 0:
                position = found + 1
        old = [ln[1:] for ln in hunk if ln[:1] in (" ", "-", "")]
        new = [ln[1:] for ln in hunk if ln[:1] in (" ", "+", "")]
        at = _find(lines, old, position)
        if at < 0:
            raise SandboxError(
                f"Update File {change.path}: these lines were not found:\n" + "\n".join(old)
            )
        lines[at : at + len(old)] = new
        position = at + len(new)
    return "\n".join(lines) + ("\n" if text.endswith("\n") or not text else "")


def _hunks(change: _Change) -> list[tuple[str, list[str]]]:
    hunks: list[tuple[str, list[str]]] = []
    for line in change.lines:
        if line.startswith("@@"):
            hunks.append((line[2:].strip(), []))
        elif line.startswith("*** End of File"):
            continue
        else:
            if not hunks:
                hunks.append(("", []))
            if line[:1] not in (" ", "-", "+", ""):
                raise SandboxError(f"Update File {change.path}: bad patch line {line!r}.")
            hunks[-1][1].append(line)
    if not hunks:
        raise SandboxError(f"Update File {change.path}: no changes given.")
    return hunks


def _find(lines: list[str], wanted: list[str], start: int) -> int:
    if not wanted:
        return start
    for loose in (False, True):
        for i in range(start, len(lines) - len(wanted) + 1):
            if all(_same(lines[i + j], w, loose) for j, w in enumerate(wanted)):
                return i
    return -1


def _same(line: str, wanted: str, loose: bool) -> bool:
    return line.rstrip() == wanted.rstrip() if loose else line == wanted
