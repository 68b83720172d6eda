"""apply_patch operations, the editor interface, and ``apply_diff`` (the V4A diff format).

The model's ``apply_patch_call`` asks for one or more operations (create,
update or delete a file, each with a path and, except for deletes, a diff).
The user's :class:`ApplyPatchEditor` performs them; :func:`apply_diff` turns a
file's current text and an operation's diff into the new text, or raises
``ValueError`` without producing anything when the diff does not apply.

An update diff is a list of hunks. Each hunk may start with ``@@ anchor``
lines that move the search forward to a matching line, then lists context
(`` ``), removed (``-``) and added (``+``) lines; ``*** End of File`` pins
the hunk to the end of the file. Context is matched exactly, then ignoring
trailing whitespace, then ignoring surrounding whitespace. A create diff is
only ``+`` lines. CRLF files stay CRLF.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, Protocol, Union, runtime_checkable

if TYPE_CHECKING:
    from runwright._core.context import RunContextWrapper

ApplyPatchOperationType = Literal["create_file", "update_file", "delete_file"]
ApplyDiffMode = Literal["default", "create"]


@dataclass(slots=True)
class ApplyPatchOperation:
    """One file change the model asked for (``diff`` is None for a delete)."""

    type: ApplyPatchOperationType
    path: str
    diff: str | None = None
    ctx_wrapper: RunContextWrapper[Any] | None = None
    move_to: str | None = None
    """For an update: the path the file moves to."""


@dataclass(slots=True)
class ApplyPatchResult:
    """What an editor may return: a status and text for the model (both optional)."""

    status: Literal["completed", "failed"] | None = None
    output: str | None = None


EditorReturn = Union[ApplyPatchResult, str, None]


@runtime_checkable
class ApplyPatchEditor(Protocol):
    """Performs apply_patch operations (on disk, in a VFS, ...); methods may be async."""

    def create_file(
        self, operation: ApplyPatchOperation
    ) -> EditorReturn | Awaitable[EditorReturn]: ...

    def update_file(
        self, operation: ApplyPatchOperation
    ) -> EditorReturn | Awaitable[EditorReturn]: ...

    def delete_file(
        self, operation: ApplyPatchOperation
    ) -> EditorReturn | Awaitable[EditorReturn]: ...


# ----- apply_diff -----------------------------------------------------------------

_END_PATCH = "*** End Patch"
_END_FILE = "*** End of File"
_NEXT_FILE = ("*** Update File:", "*** Delete File:", "*** Add File:")


@dataclass(slots=True)
class _Edit:
    """Replace ``removed`` lines at ``at`` (an index into the file's lines) by ``added``."""

    at: int
    removed: list[str]
    added: list[str]


def apply_diff(input: str, diff: str, mode: ApplyDiffMode = "default") -> str:
    """The text ``input`` becomes when the V4A ``diff`` is applied.

    ``mode="create"``: ``diff`` holds only ``+`` lines, the new file's content.

    Raises:
        ValueError: the diff is malformed or its context is not in ``input``.
    """
    newline = _newline_of(input if mode != "create" and "\n" in input else diff)
    lines = [line.rstrip("\r") for line in re.split(r"\r?\n", diff)]
    if lines and lines[-1] == "":
        lines.pop()
    if mode == "create":
        return newline.join(_created_lines(lines))
    text = input.replace("\r\n", "\n")
    edits = _edits(lines, text.split("\n"))
    return newline.join(_apply_edits(text.split("\n"), edits))


def _newline_of(text: str) -> str:
    return "\r\n" if "\r\n" in text else "\n"


def _created_lines(lines: list[str]) -> list[str]:
    out: list[str] = []
    for line in lines:
        if line.startswith((_END_PATCH, *_NEXT_FILE)):
            break
        if not line.startswith("+"):
            raise ValueError(f"Invalid Add File Line: {line}")
        out.append(line[1:])
    return out


def _ends_update(line: str) -> bool:
    return line.startswith((_END_PATCH, *_NEXT_FILE, _END_FILE))


def _edits(lines: list[str], file_lines: list[str]) -> list[_Edit]:
    lines = [*lines, _END_PATCH]
    edits: list[_Edit] = []
    cursor = 0
    i = 0
    while i < len(lines) and not _ends_update(lines[i]):
        anchors, headers, i = _read_headers(lines, i)
        if headers == 0 and cursor != 0:
            raise ValueError(f"Invalid Line:\n{lines[i] if i < len(lines) else ''}")
        for n, anchor in enumerate(anchors):
            cursor = _seek_anchor(file_lines, anchor, cursor, headers > 1, n > 0)
        context, hunk_edits, i, at_eof = _read_hunk(lines, i)
        found = _locate(file_lines, context, cursor, at_eof)
        if found < 0:
            label = "Invalid EOF Context" if at_eof else "Invalid Context"
            raise ValueError(f"{label} {cursor}:\n" + "\n".join(context))
        cursor = found + len(context)
        edits.extend(_Edit(e.at + found, e.removed, e.added) for e in hunk_edits)
    return edits


def _read_headers(lines: list[str], i: int) -> tuple[list[str], int, int]:
    """The hunk's non-blank ``@@`` anchors, how many ``@@`` lines there were, the next index."""
    anchors: list[str] = []
    headers = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("@@ "):
            if line[3:].strip():
                anchors.append(line[3:])
        elif line != "@@":
            break
        headers += 1
        i += 1
    return anchors, headers, i


def _seek_anchor(
    file_lines: list[str], anchor: str, cursor: int, required: bool, forward_only: bool
) -> int:
    """The cursor after the anchor line (exact match first, then ignoring whitespace).

    An anchor already seen before the cursor leaves the cursor where it is,
    except for the second and later anchors of a stack, which search forward.
    """
    for same in (_exact, _stripped):
        if not forward_only and any(same(line, anchor) for line in file_lines[:cursor]):
            return cursor
        for index in range(cursor, len(file_lines)):
            if same(file_lines[index], anchor):
                return index + 1
    if required:
        raise ValueError(f"Invalid Anchor {cursor}:\n{anchor}")
    return cursor


def _exact(a: str, b: str) -> bool:
    return a == b


def _stripped(a: str, b: str) -> bool:
    return a.strip() == b.strip()


def _read_hunk(lines: list[str], start: int) -> tuple[list[str], list[_Edit], int, bool]:
    """The hunk's old lines (context and removed), its edits relative to them, the next
    index, and whether it ends at ``*** End of File``."""
    context: list[str] = []
    edits: list[_Edit] = []
    removed: list[str] = []
    added: list[str] = []
    mode = " "
    i = start
    while i < len(lines):
        raw = lines[i]
        if raw.startswith("@@") or _ends_update(raw) or raw == "***":
            break
        if raw.startswith("***"):
            raise ValueError(f"Invalid Line: {raw}")
        i += 1
        line = raw or " "
        previous, mode = mode, line[0]
        if mode not in "+- ":
            raise ValueError(f"Invalid Line: {line}")
        if mode == " " and previous != " " and (removed or added):
            edits.append(_Edit(len(context) - len(removed), removed, added))
            removed, added = [], []
        if mode == "+":
            added.append(line[1:])
        else:
            context.append(line[1:])
            if mode == "-":
                removed.append(line[1:])
    if removed or added:
        edits.append(_Edit(len(context) - len(removed), removed, added))
    if i < len(lines) and lines[i] == _END_FILE:
        return context, edits, i + 1, True
    if i == start:
        raise ValueError(
            f"Nothing in this section - index={i} {lines[i] if i < len(lines) else ''}"
        )
    return context, edits, i, False


def _locate(file_lines: list[str], context: list[str], start: int, at_eof: bool) -> int:
    """Where ``context`` starts in the file at or after ``start`` (-1: nowhere).

    An end-of-file hunk is looked for at the very end first (a trailing newline
    is the file's end, not an empty last line), then from ``start``.
    """
    if not at_eof:
        return _find(file_lines, context, start)
    body = file_lines[:-1] if file_lines and file_lines[-1] == "" else file_lines
    at_end = _find(body, context, max(0, len(body) - len(context)))
    return at_end if at_end >= 0 else _find(body, context, min(start, len(body)))


_NORMALIZERS: tuple[Callable[[str], str], ...] = (str, str.rstrip, str.strip)


def _find(file_lines: list[str], context: list[str], start: int) -> int:
    if not context:
        return start
    last = len(file_lines) - len(context)
    for norm in _NORMALIZERS:
        wanted = [norm(line) for line in context]
        for index in range(start, last + 1):
            if all(norm(file_lines[index + k]) == w for k, w in enumerate(wanted)):
                return index
    return -1


def _apply_edits(file_lines: list[str], edits: list[_Edit]) -> list[str]:
    out: list[str] = []
    cursor = 0
    for edit in edits:
        if edit.at > len(file_lines):
            raise ValueError(
                f"applyDiff: chunk.origIndex {edit.at} > input length {len(file_lines)}"
            )
        if cursor > edit.at:
            raise ValueError(f"applyDiff: overlapping chunk at {edit.at} (cursor {cursor})")
        out.extend(file_lines[cursor : edit.at])
        out.extend(edit.added)
        cursor = edit.at + len(edit.removed)
    out.extend(file_lines[cursor:])
    return out
