"""Compaction: long histories summarised by a model into one item.

:class:`SessionCompaction` checks a session's size against an item or token
threshold; past it, the older items (all but the most recent ones) go to a
model in one call, and the session is rewritten as one summary message
followed by the recent items. It works with any :class:`~runwright.Model`:
the older items are rendered as a plain-text transcript in one user message,
so no provider needs to accept foreign tool-call items.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from runwright._core.config import ModelSettings
from runwright._core.exceptions import ModelBehaviorError, UserError
from runwright._core.items import light_response
from runwright._models.interface import ModelTracing
from runwright._sessions.protocol import SessionItem, all_items, encode_items

if TYPE_CHECKING:
    from runwright._models.interface import Model
    from runwright._sessions.protocol import Session

SUMMARY_PREFIX = "Summary of the earlier conversation: "

DEFAULT_INSTRUCTIONS = (
    "You compress conversation history. Write a concise summary of the conversation "
    "transcript you are given, so that an assistant reading only the summary can continue "
    "the conversation: keep the user's goals, facts and names they gave, decisions made, "
    "results of tool calls that still matter, and open questions. Write plain prose, no "
    "preamble."
)

_MAX_RENDERED_CHARS = 2000  # per item, so one huge tool output cannot swamp the summary call


class SessionCompaction:
    """Summarises old session history once it passes a threshold.

    Args:
        model: The model that writes summaries (any provider).
        max_items: Compact when the session holds more than this many items.
        max_tokens: Compact when the history's estimated size passes this many
            tokens (estimated as JSON characters / 4).
        keep_recent: How many of the newest items stay verbatim (more when
            needed to keep a tool call with its output).
        instructions: The summariser's system instructions.

    Raises:
        UserError: no threshold is given, or a number is out of range.
    """

    def __init__(
        self,
        model: Model,
        *,
        max_items: int | None = None,
        max_tokens: int | None = None,
        keep_recent: int = 10,
        instructions: str = DEFAULT_INSTRUCTIONS,
    ) -> None:
        if max_items is None and max_tokens is None:
            raise UserError("SessionCompaction needs max_items= or max_tokens= (or both)")
        for name, value in (("max_items", max_items), ("max_tokens", max_tokens)):
            if value is not None and value < 1:
                raise UserError(f"SessionCompaction({name}={value}): use a number >= 1")
        if keep_recent < 0:
            raise UserError(f"SessionCompaction(keep_recent={keep_recent}): use a number >= 0")
        if max_items is not None and keep_recent >= max_items:
            # Otherwise summary + kept items would still pass max_items: compaction every run.
            raise UserError(
                f"SessionCompaction(keep_recent={keep_recent}, max_items={max_items}): "
                "keep_recent must be below max_items"
            )
        self.model = model
        self.max_items = max_items
        self.max_tokens = max_tokens
        self.keep_recent = keep_recent
        self.instructions = instructions

    def needs_compaction(self, items: Sequence[Mapping[str, Any]]) -> bool:
        """Whether ``items`` pass a threshold."""
        if self.max_items is not None and len(items) > self.max_items:
            return True
        return self.max_tokens is not None and estimate_tokens(items) > self.max_tokens

    async def maybe_compact(self, session: Session) -> bool:
        """Compacts ``session`` if its history passes a threshold.

        Run it between runs or turns, not while another writer adds to the
        same session: items added during the model call would be dropped by
        the rewrite.

        Returns:
            True when the session was rewritten as summary + recent items.

        Raises:
            ModelBehaviorError: the model returned no summary text (the
                session is left unchanged).
        """
        if self.max_tokens is None and self.max_items is not None:
            # Count-only threshold: a short read tells whether a full one is needed.
            probe = await session.get_items(limit=self.max_items + 1)
            if len(probe) <= self.max_items:
                return False
        items = await all_items(session)  # the rewrite replaces all of it: read all of it
        if not self.needs_compaction(items):
            return False
        split = split_point(items, self.keep_recent)
        if split < 2:  # summarising one item into one saves nothing
            return False
        summary = await self._summarise(items[:split])
        summary_item: SessionItem = {"role": "user", "content": SUMMARY_PREFIX + summary}
        await replace_history(session, [summary_item, *items[split:]])
        return True

    async def _summarise(self, items: Sequence[Mapping[str, Any]]) -> str:
        prompt = "Summarise this conversation transcript:\n\n" + render_transcript(items)
        response = await self.model.get_response(
            self.instructions,
            [{"role": "user", "content": prompt}],
            ModelSettings(),
            [],
            None,
            [],
            ModelTracing.DISABLED,
        )
        output = light_response(response).output  # plain dicts, not the typed view
        text = "\n".join(t for t in (_message_text(item) for item in output) if t)
        if not text.strip():
            raise ModelBehaviorError("the compaction model returned no summary text")
        return text.strip()


async def replace_history(session: Session, items: list[SessionItem]) -> None:
    """Rewrites ``session`` as ``items``: atomically when the backend offers ``replace_items``."""
    replace = getattr(session, "replace_items", None)
    if callable(replace):
        await replace(items)
        return
    encode_items(items)  # refuse bad items before clearing anything
    await session.clear_session()
    await session.add_items(items)


def estimate_tokens(items: Sequence[Mapping[str, Any]]) -> int:
    """A rough token count: JSON characters / 4 (no tokenizer needed, any provider)."""
    return sum(len(json.dumps(item, ensure_ascii=False, default=str)) for item in items) // 4


def split_point(items: Sequence[Mapping[str, Any]], keep_recent: int) -> int:
    """Where old items end and kept ones begin, never parting a call from its output.

    Starts at ``len(items) - keep_recent`` and moves earlier while a kept
    output answers a call in the old part, or the old part ends in a
    reasoning item (which belongs to the call after it).
    """
    split = max(0, len(items) - keep_recent)
    while split > 0:
        moved = _earliest_open_call(items, split)
        while moved > 0 and items[moved - 1].get("type") == "reasoning":
            moved -= 1
        if moved == split:
            return split
        split = moved
    return 0


def _earliest_open_call(items: Sequence[Mapping[str, Any]], split: int) -> int:
    """The index of the first old call whose output is kept, else ``split``."""
    kept_outputs = {
        item.get("call_id")
        for item in items[split:]
        if str(item.get("type", "")).endswith("_output") and item.get("call_id")
    }
    for index, item in enumerate(items[:split]):
        kind = str(item.get("type", ""))
        if item.get("call_id") in kept_outputs and not kind.endswith("_output"):
            return index
    return split


def render_transcript(items: Sequence[Mapping[str, Any]]) -> str:
    """Items as readable lines, e.g. ``user: hi`` / ``tool call get_weather({...})``."""
    return "\n".join(_clip(_render_item(item)) for item in items)


def _render_item(item: Mapping[str, Any]) -> str:
    kind = item.get("type") or "message"
    if kind == "message":
        return f"{item.get('role', 'user')}: {_content_text(item.get('content'))}"
    if kind.endswith("_output"):
        output = item.get("output")
        return f"tool result: {output if isinstance(output, str) else json.dumps(output)}"
    if kind == "function_call":
        return f"tool call {item.get('name')}({item.get('arguments', '')})"
    if kind == "reasoning":
        return "reasoning: " + " ".join(
            str(part.get("text", "")) for part in item.get("summary") or [] if part
        )
    return f"{kind}: {json.dumps(item, ensure_ascii=False, default=str)}"


def _content_text(content: Any) -> str:
    if isinstance(content, str):
        return content
    parts = []
    for part in content or []:
        if isinstance(part, Mapping):
            parts.append(str(part.get("text") or part.get("refusal") or f"[{part.get('type')}]"))
    return " ".join(parts)


def _message_text(item: Mapping[str, Any]) -> str:
    if item.get("type", "message") != "message":
        return ""
    return _content_text(item.get("content"))


def _clip(line: str) -> str:
    if len(line) <= _MAX_RENDERED_CHARS:
        return line
    return line[:_MAX_RENDERED_CHARS] + " [...]"
