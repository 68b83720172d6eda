"""OpenAIResponsesCompactionSession: history compacted by the server's ``responses/compact``.

It wraps another session (SQLite, Redis, ...) and, when the runner calls
``run_compaction`` after a completed turn, decides whether the history has grown
enough (by default: 10 or more items that are not user messages or earlier
compaction items); if so it sends the history (or the last response's id) to
``POST /responses/compact`` and replaces the stored items with what comes back:
the user messages plus an opaque ``compaction`` item the model reads next time.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Mapping
from typing import Any, Literal

from runwright._core.exceptions import UserError
from runwright._core.usage import Usage
from runwright._sessions.openai_conversations import (
    OpenAIConversationsSession,
    item_dict,
    openai_client_or_default,
)
from runwright._sessions.protocol import (
    OpenAIResponsesCompactionArgs,
    SessionABC,
    SessionItem,
    SessionSettings,
    all_items,
)

logger = logging.getLogger("runwright.sessions")

OpenAIResponsesCompactionMode = Literal["previous_response_id", "input", "auto"]

DEFAULT_COMPACTION_THRESHOLD = 10
"""Candidate items (not user messages, not compaction items) that trigger compaction."""


def _is_user_message(item: Mapping[str, Any]) -> bool:
    return item.get("role") == "user" and item.get("type", "message") == "message"


def select_compaction_candidate_items(items: list[SessionItem]) -> list[SessionItem]:
    """The items compaction would fold away: all but user messages and compaction items."""
    return [
        item for item in items if not (_is_user_message(item) or item.get("type") == "compaction")
    ]


def default_should_trigger_compaction(context: dict[str, Any]) -> bool:
    """Compact once there are :data:`DEFAULT_COMPACTION_THRESHOLD` candidate items."""
    return len(context["compaction_candidate_items"]) >= DEFAULT_COMPACTION_THRESHOLD


def is_openai_model_name(model: str) -> bool:
    """Whether ``model`` names an OpenAI model (``gpt-*``, ``o<digit>...``, fine-tunes)."""
    name = model.strip().rsplit("/", 1)[-1]
    if name.startswith("ft:"):
        name = name[3:]
    root = name.split(":", 1)[0]
    return root.startswith("gpt-") or (root[:1] == "o" and root[1:2].isdigit())


class OpenAIResponsesCompactionSession(SessionABC):
    """A session whose history the server compacts (``responses/compact``) as it grows.

    Args:
        session_id: The conversation's id.
        underlying_session: The session that stores the (compacted) items; not an
            :class:`OpenAIConversationsSession` (the server keeps that history).
        client: An ``openai.AsyncOpenAI`` (default: the client set with
            ``set_default_openai_client``, else one from the environment).
        model: The OpenAI model that compacts (``gpt-*`` or ``o*``).
        compaction_mode: ``"auto"`` (the last response's id when it was stored, else
            the items), ``"previous_response_id"`` or ``"input"``.
        should_trigger_compaction: ``context -> bool``; the context dict has
            ``response_id``, ``compaction_mode``, ``compaction_candidate_items`` and
            ``session_items``. Default: 10 or more candidate items.
        max_rollback_items: When a replacement fails half-way, at most this many
            of the previous items are written back (``None``: all).

    Raises:
        UserError: a non-OpenAI model name, an unknown mode, or a conversations session.
    """

    def __init__(
        self,
        session_id: str,
        underlying_session: Any,
        *,
        client: Any = None,
        model: str = "gpt-4.1",
        compaction_mode: OpenAIResponsesCompactionMode = "auto",
        should_trigger_compaction: Callable[[dict[str, Any]], bool] | None = None,
        max_rollback_items: int | None = None,
    ) -> None:
        if isinstance(underlying_session, OpenAIConversationsSession):
            raise UserError(
                "OpenAIResponsesCompactionSession cannot wrap an OpenAIConversationsSession: "
                "the server already keeps that history; wrap a local session instead"
            )
        for method in ("get_items", "add_items", "pop_item", "clear_session"):
            if not callable(getattr(underlying_session, method, None)):
                raise UserError(
                    "OpenAIResponsesCompactionSession(underlying_session=...): give a "
                    f"session, got {type(underlying_session).__name__}"
                )
        if not isinstance(model, str) or not is_openai_model_name(model):
            raise UserError(
                f"OpenAIResponsesCompactionSession(model={model!r}): responses/compact needs "
                "an OpenAI model name (gpt-* or o*)"
            )
        if compaction_mode not in ("previous_response_id", "input", "auto"):
            raise UserError(
                f"OpenAIResponsesCompactionSession(compaction_mode={compaction_mode!r}): "
                "use 'auto', 'input' or 'previous_response_id'"
            )
        if max_rollback_items is not None and (
            not isinstance(max_rollback_items, int) or max_rollback_items < 0
        ):
            raise UserError(
                f"OpenAIResponsesCompactionSession(max_rollback_items={max_rollback_items!r}): "
                "use an int >= 0 or None"
            )
        self.session_id = session_id
        self.underlying_session = underlying_session
        self.model = model
        self.compaction_mode: OpenAIResponsesCompactionMode = compaction_mode
        self.should_trigger_compaction = (
            should_trigger_compaction or default_should_trigger_compaction
        )
        self.max_rollback_items = max_rollback_items
        self._client_source = client
        self._client: Any = None
        self._response_id: str | None = None
        self._unstored_response_id: str | None = None
        self._lock: asyncio.Lock | None = None

    @property
    def client(self) -> Any:
        """The openai client ``responses/compact`` is called with (made on first use)."""
        if self._client is None:
            self._client = openai_client_or_default(
                self._client_source, "OpenAIResponsesCompactionSession"
            )
        return self._client

    @property
    def session_settings(self) -> SessionSettings | None:
        settings: SessionSettings | None = getattr(
            self.underlying_session, "session_settings", None
        )
        return settings

    @session_settings.setter
    def session_settings(self, value: SessionSettings | None) -> None:
        self.underlying_session.session_settings = value

    def _mutex(self) -> asyncio.Lock:
        if self._lock is None:
            self._lock = asyncio.Lock()
        return self._lock

    # ----- the session interface (the wrapped session's) ---------------------------

    async def get_items(self, limit: int | None = None) -> list[SessionItem]:
        items: list[SessionItem] = await self.underlying_session.get_items(limit)
        return items

    async def add_items(self, items: list[SessionItem]) -> None:
        async with self._mutex():
            await self.underlying_session.add_items(items)

    async def pop_item(self) -> SessionItem | None:
        async with self._mutex():
            item: SessionItem | None = await self.underlying_session.pop_item()
            return item

    async def clear_session(self) -> None:
        async with self._mutex():
            await self.underlying_session.clear_session()
            self._response_id = None

    # ----- compaction ---------------------------------------------------------------

    async def run_compaction(
        self, args: OpenAIResponsesCompactionArgs | None = None, *, wrapper: Any = None
    ) -> None:
        """Compacts the history if the trigger says so (or ``args["force"]``).

        Args:
            args: ``response_id`` of the last response, ``store`` (was it stored),
                ``compaction_mode`` for this call, ``force``.
            wrapper: The run's context wrapper: the compaction call's usage is added
                to its ``usage``.

        Raises:
            UserError: ``previous_response_id`` mode without a response id.
        """
        args = args or {}
        async with self._mutex():
            if args.get("response_id"):
                self._response_id = args["response_id"]
            if "store" in args:
                if args["store"] is False:
                    self._unstored_response_id = self._response_id
                elif self._unstored_response_id == self._response_id:
                    self._unstored_response_id = None
            mode = self._mode(args.get("compaction_mode") or self.compaction_mode)
            if mode == "previous_response_id" and not self._response_id:
                raise UserError(
                    "run_compaction in 'previous_response_id' mode needs a response_id "
                    "(pass {'response_id': ...} or use compaction_mode='input')"
                )
            items = await all_items(self.underlying_session)
            candidates = select_compaction_candidate_items(items)
            context = {
                "response_id": self._response_id,
                "compaction_mode": mode,
                "compaction_candidate_items": candidates,
                "session_items": items,
            }
            if not args.get("force") and not self.should_trigger_compaction(context):
                return
            request: dict[str, Any] = {"model": self.model}
            if mode == "previous_response_id":
                request["previous_response_id"] = self._response_id
            else:
                request["input"] = items
            logger.debug(
                "compacting session %r (%s items, mode %s)", self.session_id, len(items), mode
            )
            compacted = await self.client.responses.compact(**request)
            usage = getattr(compacted, "usage", None)
            if wrapper is not None and usage is not None and hasattr(wrapper, "usage"):
                wrapper.usage.add(Usage.from_wire(item_dict(usage)))
            output = [item_dict(item) for item in (compacted.output or [])]
            await self._replace(items, output)

    def _mode(self, requested: str) -> str:
        if requested != "auto":
            return requested
        if not self._response_id or self._response_id == self._unstored_response_id:
            return "input"
        return "previous_response_id"

    async def _replace(self, previous: list[SessionItem], output: list[SessionItem]) -> None:
        replace = getattr(self.underlying_session, "replace_items", None)
        if callable(replace):
            await replace(output)  # atomic where the backend can do it
            return
        await self.underlying_session.clear_session()
        try:
            await self.underlying_session.add_items(output)
        except BaseException:
            keep = (
                previous
                if self.max_rollback_items is None
                else (previous[-self.max_rollback_items :] if self.max_rollback_items else [])
            )
            await self.underlying_session.add_items(keep)
            raise
