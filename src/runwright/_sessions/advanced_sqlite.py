"""AdvancedSQLiteSession: SQLiteSession plus conversation branches and usage per turn.

Items live in the same table as :class:`SQLiteSession`'s; two more tables describe them:

* ``runwright_item_structure``: for each item, its branch, position in the branch,
  user turn (a turn starts at each user message), kind and tool name;
* ``runwright_turn_usage``: the token usage :meth:`store_run_usage` recorded per turn.

A branch is a copy of the conversation up to (not including) one user turn; the
session reads and writes its *current* branch (``"main"`` at first).
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from runwright._core.exceptions import UserError
from runwright._sessions.protocol import (
    SessionItem,
    SessionSettings,
    decode_items,
    encode_items,
    resolve_limit,
)
from runwright._sessions.sqlite import SQLiteSession, _write
from runwright._sessions.sqlite_store import ITEMS_TABLE

if TYPE_CHECKING:
    import sqlite3

_STRUCTURE = "runwright_item_structure"
_USAGE = "runwright_turn_usage"
_MAIN = "main"

_SCHEMA = (
    f"CREATE TABLE IF NOT EXISTS {_STRUCTURE} ("
    " item_id INTEGER PRIMARY KEY,"
    " session_id TEXT NOT NULL,"
    " branch_id TEXT NOT NULL,"
    " sequence_number INTEGER NOT NULL,"
    " user_turn_number INTEGER NOT NULL,"
    " message_type TEXT NOT NULL,"
    " tool_name TEXT,"
    " created_at REAL NOT NULL DEFAULT (julianday('now')))",
    f"CREATE INDEX IF NOT EXISTS {_STRUCTURE}_branch"
    f" ON {_STRUCTURE} (session_id, branch_id, sequence_number)",
    f"CREATE TABLE IF NOT EXISTS {_USAGE} ("
    " session_id TEXT NOT NULL,"
    " branch_id TEXT NOT NULL,"
    " user_turn_number INTEGER NOT NULL,"
    " requests INTEGER NOT NULL DEFAULT 0,"
    " input_tokens INTEGER NOT NULL DEFAULT 0,"
    " output_tokens INTEGER NOT NULL DEFAULT 0,"
    " total_tokens INTEGER NOT NULL DEFAULT 0,"
    " input_tokens_details TEXT,"
    " output_tokens_details TEXT,"
    " PRIMARY KEY (session_id, branch_id, user_turn_number))",
)


class AdvancedSQLiteSession(SQLiteSession):
    """A SQLite session with conversation branches, usage per turn and structured queries.

    Args:
        session_id: The conversation's id.
        db_path: The database file, or ``":memory:"`` (the default).
        create_tables: Accepted for the SDK's form; the extra tables are always
            created when missing.
        logger: Where branch operations are logged (default: this module's logger).
        session_settings: Defaults such as ``SessionSettings(limit=20)``.
        **kwargs: Accepted and ignored (the SDK passes SQLiteSession options here).
    """

    def __init__(
        self,
        *,
        session_id: str,
        db_path: str | Path = ":memory:",
        create_tables: bool = False,
        logger: logging.Logger | None = None,
        session_settings: SessionSettings | Mapping[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(session_id, db_path, session_settings=session_settings)
        self._logger = logger or logging.getLogger(__name__)
        self._current_branch_id = _MAIN
        self._schema_ready = False

    async def _call(self, fn: Any, *, write: bool = False) -> Any:
        def body(conn: sqlite3.Connection) -> Any:
            if not self._schema_ready:
                for statement in _SCHEMA:
                    conn.execute(statement)
                self._schema_ready = True
            return _write(conn, lambda: fn(conn)) if write else fn(conn)

        return await self._run(body)

    def _branch(self, branch_id: str | None) -> str:
        return self._current_branch_id if branch_id is None else branch_id

    # ----- the session interface ----------------------------------------------------

    async def get_items(
        self, limit: int | None = None, branch_id: str | None = None
    ) -> list[SessionItem]:
        limit = resolve_limit(limit, self.session_settings)
        if limit == 0:
            return []
        branch = self._branch(branch_id)
        sql = (
            f"SELECT i.item FROM {ITEMS_TABLE} i JOIN {_STRUCTURE} s ON s.item_id = i.id"
            " WHERE s.session_id = ? AND s.branch_id = ? ORDER BY s.sequence_number DESC"
        )
        params: tuple[Any, ...] = (self.session_id, branch)
        if limit is not None:
            sql += " LIMIT ?"
            params += (limit,)

        def read(conn: sqlite3.Connection) -> list[str]:
            return [row[0] for row in conn.execute(sql, params)][::-1]

        return decode_items(await self._call(read))

    async def add_items(self, items: list[SessionItem]) -> None:
        texts = encode_items(items)
        if not texts:
            return
        branch = self._current_branch_id

        def add(conn: sqlite3.Connection) -> None:
            sequence, turn = self._tail(conn, branch)
            for item, text in zip(items, texts, strict=True):
                if _is_user_message(item):
                    turn += 1
                sequence += 1
                self._insert(conn, text, branch, sequence, turn, item)

        await self._call(add, write=True)

    async def pop_item(self) -> SessionItem | None:
        branch = self._current_branch_id

        def pop(conn: sqlite3.Connection) -> str | None:
            row = conn.execute(
                f"SELECT s.item_id, i.item FROM {_STRUCTURE} s JOIN {ITEMS_TABLE} i"
                " ON i.id = s.item_id WHERE s.session_id = ? AND s.branch_id = ?"
                " ORDER BY s.sequence_number DESC LIMIT 1",
                (self.session_id, branch),
            ).fetchone()
            if row is None:
                return None
            conn.execute(f"DELETE FROM {_STRUCTURE} WHERE item_id = ?", (row[0],))
            conn.execute(f"DELETE FROM {ITEMS_TABLE} WHERE id = ?", (row[0],))
            return str(row[1])

        text = await self._call(pop, write=True)
        return None if text is None else decode_items([text])[0]

    async def clear_session(self) -> None:
        """Removes every item, branch and usage record of this session."""
        sid = self.session_id

        def clear(conn: sqlite3.Connection) -> None:
            conn.execute(f"DELETE FROM {ITEMS_TABLE} WHERE session_id = ?", (sid,))
            conn.execute(f"DELETE FROM {_STRUCTURE} WHERE session_id = ?", (sid,))
            conn.execute(f"DELETE FROM {_USAGE} WHERE session_id = ?", (sid,))

        await self._call(clear, write=True)
        self._current_branch_id = _MAIN

    async def replace_items(self, items: list[SessionItem]) -> None:
        """Replaces the current branch's items in one transaction."""
        texts = encode_items(items)
        branch = self._current_branch_id

        def replace(conn: sqlite3.Connection) -> None:
            self._delete_branch_items(conn, branch)
            turn = 0
            for sequence, (item, text) in enumerate(zip(items, texts, strict=True), start=1):
                if _is_user_message(item):
                    turn += 1
                self._insert(conn, text, branch, sequence, turn, item)

        await self._call(replace, write=True)

    # ----- usage --------------------------------------------------------------------

    async def store_run_usage(self, result: Any) -> None:
        """Records ``result``'s token usage against the current turn of the current branch.

        Args:
            result: A run result (its ``context_wrapper.usage`` is read).
        """
        usage = getattr(getattr(result, "context_wrapper", None), "usage", None)
        if usage is None:
            return
        branch = self._current_branch_id
        details_in = json.dumps(_details(getattr(usage, "input_tokens_details", None)))
        details_out = json.dumps(_details(getattr(usage, "output_tokens_details", None)))
        values = (
            int(getattr(usage, "requests", 0) or 0),
            int(getattr(usage, "input_tokens", 0) or 0),
            int(getattr(usage, "output_tokens", 0) or 0),
            int(getattr(usage, "total_tokens", 0) or 0),
            details_in,
            details_out,
        )

        def store(conn: sqlite3.Connection) -> None:
            _, turn = self._tail(conn, branch)
            conn.execute(
                f"INSERT OR REPLACE INTO {_USAGE} (session_id, branch_id, user_turn_number,"
                " requests, input_tokens, output_tokens, total_tokens, input_tokens_details,"
                " output_tokens_details) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (self.session_id, branch, turn, *values),
            )

        await self._call(store, write=True)

    async def get_session_usage(self, branch_id: str | None = None) -> dict[str, int] | None:
        """Usage totals of the session (of one branch with ``branch_id``); ``None`` if none."""
        where, params = self._usage_filter(branch_id)

        def read(conn: sqlite3.Connection) -> Any:
            return conn.execute(
                "SELECT SUM(requests), SUM(input_tokens), SUM(output_tokens),"
                f" SUM(total_tokens), COUNT(*) FROM {_USAGE} WHERE {where}",
                params,
            ).fetchone()

        row = await self._call(read)
        if not row or not row[4]:
            return None
        return {
            "requests": row[0] or 0,
            "input_tokens": row[1] or 0,
            "output_tokens": row[2] or 0,
            "total_tokens": row[3] or 0,
            "total_turns": row[4] or 0,
        }

    async def get_turn_usage(
        self, user_turn_number: int | None = None, branch_id: str | None = None
    ) -> list[dict[str, Any]] | dict[str, Any]:
        """Usage of one turn (a dict, ``{}`` if not recorded), or of every turn (a list)."""
        branch = self._branch(branch_id)
        sql = (
            "SELECT user_turn_number, requests, input_tokens, output_tokens, total_tokens,"
            f" input_tokens_details, output_tokens_details FROM {_USAGE}"
            " WHERE session_id = ? AND branch_id = ?"
        )
        params: tuple[Any, ...] = (self.session_id, branch)
        if user_turn_number is not None:
            sql += " AND user_turn_number = ?"
            params += (user_turn_number,)
        sql += " ORDER BY user_turn_number"

        def read(conn: sqlite3.Connection) -> list[Any]:
            return conn.execute(sql, params).fetchall()

        rows = [
            {
                "user_turn_number": r[0],
                "requests": r[1],
                "input_tokens": r[2],
                "output_tokens": r[3],
                "total_tokens": r[4],
                "input_tokens_details": json.loads(r[5]) if r[5] else None,
                "output_tokens_details": json.loads(r[6]) if r[6] else None,
            }
            for r in await self._call(read)
        ]
        if user_turn_number is None:
            return rows
        if not rows:
            return {}
        one = dict(rows[0])
        del one["user_turn_number"]
        return one

    def _usage_filter(self, branch_id: str | None) -> tuple[str, tuple[Any, ...]]:
        if branch_id is None:
            return "session_id = ?", (self.session_id,)
        return "session_id = ? AND branch_id = ?", (self.session_id, branch_id)

    # ----- structured queries -------------------------------------------------------

    async def get_conversation_turns(self, branch_id: str | None = None) -> list[dict[str, Any]]:
        """The user turns of a branch: ``turn``, ``content`` (a preview), ``full_content``,
        ``timestamp`` and ``can_branch``."""
        return await self._user_turns(self._branch(branch_id), None)

    async def find_turns_by_content(
        self, search_term: str, branch_id: str | None = None
    ) -> list[dict[str, Any]]:
        """The user turns of a branch whose message contains ``search_term``."""
        return await self._user_turns(self._branch(branch_id), search_term)

    async def _user_turns(self, branch: str, search: str | None) -> list[dict[str, Any]]:
        def read(conn: sqlite3.Connection) -> list[Any]:
            return conn.execute(
                f"SELECT s.user_turn_number, i.item, s.created_at FROM {_STRUCTURE} s"
                f" JOIN {ITEMS_TABLE} i ON i.id = s.item_id"
                " WHERE s.session_id = ? AND s.branch_id = ? AND s.message_type = 'user'"
                " ORDER BY s.sequence_number",
                (self.session_id, branch),
            ).fetchall()

        turns = []
        for turn, text, created in await self._call(read):
            content = _text_of(json.loads(text))
            if search is not None and search not in content:
                continue
            turns.append(
                {
                    "turn": turn,
                    "content": content if len(content) <= 100 else content[:100] + "...",
                    "full_content": content,
                    "timestamp": _timestamp(created),
                    "can_branch": True,
                }
            )
        return turns

    async def get_conversation_by_turns(
        self, branch_id: str | None = None
    ) -> dict[int, list[dict[str, str | None]]]:
        """A branch's items grouped by user turn: ``{turn: [{"type", "tool_name"}, ...]}``."""
        branch = self._branch(branch_id)

        def read(conn: sqlite3.Connection) -> list[Any]:
            return conn.execute(
                f"SELECT user_turn_number, message_type, tool_name FROM {_STRUCTURE}"
                " WHERE session_id = ? AND branch_id = ? ORDER BY sequence_number",
                (self.session_id, branch),
            ).fetchall()

        turns: dict[int, list[dict[str, str | None]]] = {}
        for turn, kind, tool in await self._call(read):
            turns.setdefault(turn, []).append({"type": kind, "tool_name": tool})
        return turns

    async def get_tool_usage(self, branch_id: str | None = None) -> list[tuple[str, int, int]]:
        """``(tool_name, calls, turn)`` for each tool called in each turn of a branch."""
        branch = self._branch(branch_id)

        def read(conn: sqlite3.Connection) -> list[Any]:
            return conn.execute(
                f"SELECT tool_name, COUNT(*), user_turn_number FROM {_STRUCTURE}"
                " WHERE session_id = ? AND branch_id = ? AND tool_name IS NOT NULL"
                " AND message_type NOT LIKE '%output' GROUP BY tool_name, user_turn_number"
                " ORDER BY user_turn_number, MIN(sequence_number)",
                (self.session_id, branch),
            ).fetchall()

        return [(str(r[0]), int(r[1]), int(r[2])) for r in await self._call(read)]

    # ----- branches -----------------------------------------------------------------

    async def create_branch_from_turn(
        self, turn_number: int, branch_name: str | None = None
    ) -> str:
        """Copies the current branch up to (not including) user turn ``turn_number`` into a
        new branch and switches to it; returns the new branch's id.

        Raises:
            UserError: the turn does not exist, or the name is blank or taken.
        """
        if branch_name is not None and not branch_name.strip():
            raise UserError("create_branch_from_turn(branch_name=...): the name is empty")
        source = self._current_branch_id
        new = branch_name or f"branch_from_turn_{turn_number}_{int(time.time() * 1000)}"

        def copy(conn: sqlite3.Connection) -> None:
            if self._branch_exists(conn, new):
                raise UserError(f"branch {new!r} already exists in session {self.session_id!r}")
            found = conn.execute(
                f"SELECT 1 FROM {_STRUCTURE} WHERE session_id = ? AND branch_id = ?"
                " AND user_turn_number = ? AND message_type = 'user'",
                (self.session_id, source, turn_number),
            ).fetchone()
            if found is None:
                raise UserError(
                    f"turn {turn_number} is not a user turn of branch {source!r} "
                    f"(see get_conversation_turns())"
                )
            rows = conn.execute(
                f"SELECT i.item, s.sequence_number, s.user_turn_number, s.message_type,"
                f" s.tool_name FROM {_STRUCTURE} s JOIN {ITEMS_TABLE} i ON i.id = s.item_id"
                " WHERE s.session_id = ? AND s.branch_id = ? AND s.user_turn_number < ?"
                " ORDER BY s.sequence_number",
                (self.session_id, source, turn_number),
            ).fetchall()
            for text, sequence, turn, kind, tool in rows:
                item_id = conn.execute(
                    f"INSERT INTO {ITEMS_TABLE} (session_id, item) VALUES (?, ?)",
                    (self.session_id, text),
                ).lastrowid
                conn.execute(
                    f"INSERT INTO {_STRUCTURE} (item_id, session_id, branch_id, sequence_number,"
                    " user_turn_number, message_type, tool_name) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (item_id, self.session_id, new, sequence, turn, kind, tool),
                )
            if not rows:  # an empty branch still exists: mark it with a usage-free row
                conn.execute(
                    f"INSERT OR IGNORE INTO {_USAGE} (session_id, branch_id, user_turn_number)"
                    " VALUES (?, ?, 0)",
                    (self.session_id, new),
                )

        await self._call(copy, write=True)
        self._current_branch_id = new
        self._logger.debug("created branch %r from turn %s of %r", new, turn_number, source)
        return new

    async def create_branch_from_content(
        self, search_term: str, branch_name: str | None = None
    ) -> str:
        """Branches from the first user turn containing ``search_term`` (see
        :meth:`create_branch_from_turn`).

        Raises:
            UserError: no user turn contains ``search_term``.
        """
        matches = await self.find_turns_by_content(search_term)
        if not matches:
            raise UserError(f"no user turn contains {search_term!r}")
        return await self.create_branch_from_turn(matches[0]["turn"], branch_name)

    async def switch_to_branch(self, branch_id: str) -> None:
        """Makes ``branch_id`` the current branch.

        Raises:
            UserError: the branch does not exist.
        """

        def exists(conn: sqlite3.Connection) -> bool:
            return self._branch_exists(conn, branch_id)

        if branch_id != _MAIN and not await self._call(exists):
            raise UserError(f"branch {branch_id!r} does not exist in session {self.session_id!r}")
        self._current_branch_id = branch_id

    async def delete_branch(self, branch_id: str, force: bool = False) -> None:
        """Deletes a branch, its items and its usage records.

        Raises:
            UserError: the branch is ``"main"``, does not exist, or is the current
                branch and ``force`` is False (with ``force``, the session switches
                to ``"main"``).
        """
        if not branch_id or not branch_id.strip():
            raise UserError("delete_branch(): the branch id is empty")
        if branch_id == _MAIN:
            raise UserError("the 'main' branch cannot be deleted")
        if branch_id == self._current_branch_id and not force:
            raise UserError(
                f"branch {branch_id!r} is the current branch; switch_to_branch() first or "
                "pass force=True"
            )

        def delete(conn: sqlite3.Connection) -> None:
            if not self._branch_exists(conn, branch_id):
                raise UserError(f"branch {branch_id!r} does not exist")
            self._delete_branch_items(conn, branch_id)
            conn.execute(
                f"DELETE FROM {_USAGE} WHERE session_id = ? AND branch_id = ?",
                (self.session_id, branch_id),
            )

        await self._call(delete, write=True)
        if branch_id == self._current_branch_id:
            self._current_branch_id = _MAIN

    async def list_branches(self) -> list[dict[str, Any]]:
        """Every branch: ``branch_id``, ``message_count``, ``user_turns``, ``is_current``,
        ``created_at``."""

        def read(conn: sqlite3.Connection) -> list[Any]:
            return conn.execute(
                "SELECT b.branch_id, COUNT(s.item_id),"
                " COUNT(CASE WHEN s.message_type = 'user' THEN 1 END), MIN(s.created_at)"
                f" FROM (SELECT branch_id FROM {_STRUCTURE} WHERE session_id = ?"
                f" UNION SELECT branch_id FROM {_USAGE} WHERE session_id = ?"
                " UNION SELECT ?) b"
                f" LEFT JOIN {_STRUCTURE} s ON s.session_id = ? AND s.branch_id = b.branch_id"
                " GROUP BY b.branch_id ORDER BY MIN(s.created_at), b.branch_id",
                (self.session_id, self.session_id, _MAIN, self.session_id),
            ).fetchall()

        return [
            {
                "branch_id": branch,
                "message_count": count,
                "user_turns": turns,
                "is_current": branch == self._current_branch_id,
                "created_at": _timestamp(created) if created is not None else None,
            }
            for branch, count, turns, created in await self._call(read)
        ]

    # ----- helpers ------------------------------------------------------------------

    def _branch_exists(self, conn: sqlite3.Connection, branch: str) -> bool:
        sid = self.session_id
        return (
            conn.execute(
                f"SELECT 1 FROM {_STRUCTURE} WHERE session_id = ? AND branch_id = ?"
                f" UNION SELECT 1 FROM {_USAGE} WHERE session_id = ? AND branch_id = ?",
                (sid, branch, sid, branch),
            ).fetchone()
            is not None
        )

    def _tail(self, conn: sqlite3.Connection, branch: str) -> tuple[int, int]:
        row = conn.execute(
            f"SELECT MAX(sequence_number), MAX(user_turn_number) FROM {_STRUCTURE}"
            " WHERE session_id = ? AND branch_id = ?",
            (self.session_id, branch),
        ).fetchone()
        return (row[0] or 0, row[1] or 0)

    def _insert(
        self,
        conn: sqlite3.Connection,
        text: str,
        branch: str,
        sequence: int,
        turn: int,
        item: Mapping[str, Any],
    ) -> None:
        item_id = conn.execute(
            f"INSERT INTO {ITEMS_TABLE} (session_id, item) VALUES (?, ?)",
            (self.session_id, text),
        ).lastrowid
        conn.execute(
            f"INSERT INTO {_STRUCTURE} (item_id, session_id, branch_id, sequence_number,"
            " user_turn_number, message_type, tool_name) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (item_id, self.session_id, branch, sequence, turn, _kind(item), _tool_name(item)),
        )

    def _delete_branch_items(self, conn: sqlite3.Connection, branch: str) -> None:
        conn.execute(
            f"DELETE FROM {ITEMS_TABLE} WHERE id IN (SELECT item_id FROM {_STRUCTURE}"
            " WHERE session_id = ? AND branch_id = ?)",
            (self.session_id, branch),
        )
        conn.execute(
            f"DELETE FROM {_STRUCTURE} WHERE session_id = ? AND branch_id = ?",
            (self.session_id, branch),
        )


def _is_user_message(item: Mapping[str, Any]) -> bool:
    return item.get("role") == "user" and item.get("type", "message") == "message"


def _kind(item: Mapping[str, Any]) -> str:
    role = item.get("role")
    if role in ("user", "assistant") and item.get("type", "message") == "message":
        return str(role)
    if "type" in item:
        return str(item["type"])
    return str(role) if role else "other"


def _tool_name(item: Mapping[str, Any]) -> str | None:
    kind = item.get("type")
    if kind in ("function_call", "custom_tool_call"):
        return str(item.get("name")) if item.get("name") else None
    if kind == "mcp_call":
        server, name = item.get("server_label"), item.get("name")
        if server and name:
            return f"{server}.{name}"
        return str(server or name) if (server or name) else None
    if isinstance(kind, str) and kind.endswith("_call") and kind != "function_call_output":
        return kind
    return None


def _text_of(item: Mapping[str, Any]) -> str:
    content = item.get("content")
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        parts = [p.get("text", "") for p in content if isinstance(p, Mapping)]
        return " ".join(p for p in parts if isinstance(p, str) and p)
    return ""


def _details(value: Any) -> dict[str, Any] | None:
    if value is None:
        return None
    if isinstance(value, Mapping):
        return dict(value)
    if hasattr(value, "model_dump"):
        dumped: dict[str, Any] = value.model_dump()
        return dumped
    if hasattr(value, "__dataclass_fields__"):
        return {name: getattr(value, name) for name in value.__dataclass_fields__}
    return None


def _timestamp(julian_day: Any) -> str:
    """A SQLite julianday as ``YYYY-MM-DD HH:MM:SS`` (UTC)."""
    seconds = (float(julian_day) - 2440587.5) * 86400.0
    return time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(seconds))
