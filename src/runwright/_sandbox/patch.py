"""The apply_patch edit format (``*** Begin Patch`` ... ``*** End Patch``), applied
inside the workspace.

::

    *** Begin Patch
    *** Add File: notes/todo.txt
    +first line
    *** Update File: app.py
    *** Move to: main.py
    @@ def main():
    -    print("hi")
    +    print("hello")
    *** Delete File: old.txt
    *** End Patch

The text is split into one operation per file (``create_file``, ``update_file``
with an optional ``move_to``, ``delete_file``, as ``ApplyPatchOperation`` has them);
each file's diff is applied by ``apply_diff`` of runwright/_tools/editor.py, the one
V4A implementation runwright has (the SDK's exact rules for context, ``@@``
anchors and ``*** End of File``). What is sandbox-specific stays here: every path
goes through the workspace's O_NOFOLLOW resolution (no ``..``, no absolute path
outside the root, no writing through a symlink), and nothing is written unless
every operation applies.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from runwright._sandbox.errors import SandboxError
from runwright._sandbox.paths import open_dir, split_workspace_path
from runwright._tools.editor import apply_diff

if TYPE_CHECKING:
    from runwright._sandbox.session import UnixLocalSandboxSession as SandboxSession

_BEGIN, _END = "*** Begin Patch", "*** End Patch"
_ADD, _UPDATE, _DELETE, _MOVE = (
    "*** Add File: ",
    "*** Update File: ",
    "*** Delete File: ",
    "*** Move to: ",
)


@dataclass
class _Change:
    kind: str  # "create_file" | "update_file" | "delete_file"
    path: str
    diff: str | None = None
    move_to: str | None = None


def _is_header(line: str) -> bool:
    return line.startswith((_ADD, _UPDATE, _DELETE))


def _path(line: str, prefix: str) -> str:
    path = line[len(prefix) :].strip()
    if not path:
        raise SandboxError(f"Patch header {line!r} names no file.")
    return path


def parse_patch(text: str) -> list[_Change]:
    """The operations a patch describes; raises SandboxError on malformed text."""
    lines = [line.removesuffix("\r") for line in text.strip().split("\n")]
    if not lines or lines[0].strip() != _BEGIN or lines[-1].strip() != _END:
        raise SandboxError(f"A patch must start with '{_BEGIN}' and end with '{_END}'.")
    changes: list[_Change] = []
    i, last = 1, len(lines) - 1
    while i < last:
        line = lines[i]
        if line.startswith(_DELETE):
            changes.append(_Change("delete_file", _path(line, _DELETE)))
            i += 1
            if i < last and not _is_header(lines[i]):
                raise SandboxError(f"Delete File {changes[-1].path}: a deletion has no diff.")
            continue
        if line.startswith(_ADD):
            change = _Change("create_file", _path(line, _ADD))
        elif line.startswith(_UPDATE):
            change = _Change("update_file", _path(line, _UPDATE))
        else:
            raise SandboxError(f"Patch line {line!r} is not a '*** ... File:' header.")
        i += 1
        if change.kind == "update_file" and i < last and lines[i].startswith(_MOVE):
            change.move_to = _path(lines[i], _MOVE)
            i += 1
        diff: list[str] = []
        while i < last and not _is_header(lines[i]):
            diff.append(lines[i])
            i += 1
        if not diff and change.kind == "create_file":
            raise SandboxError(f"Add File {change.path}: give at least one '+' line.")
        if not diff and change.move_to is None:
            raise SandboxError(f"Update File {change.path}: no changes given.")
        change.diff = "\n".join(diff) + "\n" if diff else ""
        changes.append(change)
    if not changes:
        raise SandboxError("The patch changes no file.")
    return changes


def operations_from(value: Any) -> list[_Change]:
    """Operations from patch text, or ``ApplyPatchOperation`` objects / their dicts
    (``{"type": "update_file", "path": ..., "diff": ..., "move_to": ...}``)."""
    items = value if isinstance(value, list) else [value]
    out: list[_Change] = []
    for item in items:
        if isinstance(item, str):
            out.extend(parse_patch(item))
            continue
        get = item.get if isinstance(item, dict) else lambda k, o=item: getattr(o, k, None)
        kind, path = get("type"), get("path")
        if kind not in ("create_file", "update_file", "delete_file") or not isinstance(path, str):
            raise SandboxError(
                "apply_patch takes patch text or operations with type create_file, "
                f"update_file or delete_file and a path; got {item!r}."
            )
        diff, move_to = get("diff"), get("move_to")
        if kind != "delete_file" and not isinstance(diff, str):
            raise SandboxError(f"Missing diff for operation type {kind} on path {path}")
        out.append(_Change(kind, path, diff, move_to if isinstance(move_to, str) else None))
    return out


def apply_patch(session: SandboxSession, text: Any) -> str:
    """Applies every operation of the patch, or none of them; one line per operation."""
    planned: list[tuple[str, bytes | None]] = []  # (path, new content or None: delete)
    report: list[str] = []
    for change in operations_from(text):
        if change.kind == "delete_file":
            session.read_bytes(change.path)  # must exist, inside the workspace
            planned.append((change.path, None))
            report.append(f"Deleted {change.path}")
            continue
        try:
            if change.kind == "create_file":
                new = apply_diff("", change.diff or "", mode="create")
            else:
                old = session.read_bytes(change.path).decode("utf-8", errors="replace")
                new = apply_diff(old, change.diff or "") if change.diff else old
        except ValueError as error:
            verb = "Add File" if change.kind == "create_file" else "Update File"
            raise SandboxError(f"{verb} {change.path}: {error}") from None
        if change.kind == "create_file":
            planned.append((change.path, new.encode()))
            report.append(f"Created {change.path}")
        elif change.move_to is not None:
            planned += [(change.move_to, new.encode()), (change.path, None)]
            report.append(f"Updated {change.path}\nMoved {change.path} to {change.move_to}")
        else:
            planned.append((change.path, new.encode()))
            report.append(f"Updated {change.path}")
    for path, _ in planned:  # every path checked before anything is written
        split_workspace_path(path, session.root)
    for path, data in planned:
        if data is None:
            _delete(session, path)
        else:
            session.write_bytes(path, data)
    return "\n".join(report)


def _delete(session: SandboxSession, path: str) -> None:
    parts = split_workspace_path(path, session.root)
    with open_dir(str(session.workspace), parts[:-1]) as fd:
        os.unlink(parts[-1], dir_fd=fd)
