"""OpenAIConversationsSession: history kept by the server's Conversations API.

The conversation lives on an OpenAI(-compatible) server: items are appended with
``POST /conversations/{id}/items`` (at most 20 per request), read page by page, and
a pop deletes the newest item. The conversation is created on first use unless a
``conversation_id`` is given; :meth:`OpenAIConversationsSession.clear_session`
deletes it (the next use creates a new one).
"""

from __future__ import annotations

import asyncio
import importlib
from collections.abc import Mapping
from typing import Any

from runwright._core.exceptions import UserError
from runwright._models.provider import get_default_openai_client
from runwright._sessions.protocol import (
    SessionABC,
    SessionItem,
    SessionSettings,
    default_settings,
    encode_items,
    resolve_limit,
)

MAX_ITEMS_PER_REQUEST = 20
"""The Conversations API's limit on items in one create request."""


def openai_client_or_default(client: Any, needed_by: str) -> Any:
    """``client``, else the default set with ``set_default_openai_client``, else a new
    ``openai.AsyncOpenAI()`` configured from the environment."""
    if client is not None:
        return client
    default = get_default_openai_client()
    if default is not None:
        return default
    openai = importlib.import_module("openai")  # a dependency of runwright; heavy to import
    try:
        return openai.AsyncOpenAI()
    except openai.OpenAIError as exc:
        raise UserError(
            f"{needed_by} needs an OpenAI client: pass one, call set_default_openai_client(), "
            f"or set OPENAI_API_KEY ({exc})"
        ) from exc


def item_dict(item: Any) -> SessionItem:
    """A conversation item from the client as a plain dict (only the fields it had)."""
    if hasattr(item, "model_dump"):
        dumped: SessionItem = item.model_dump(exclude_unset=True, mode="json")
        return dumped
    return dict(item)


class OpenAIConversationsSession(SessionABC):
    """Conversation memory stored by the server (the Conversations API).

    Args:
        conversation_id: An existing conversation's id; ``None`` creates one on first use.
        openai_client: An ``openai.AsyncOpenAI`` (default: the client set with
            ``set_default_openai_client``, else one from ``OPENAI_API_KEY``/``OPENAI_BASE_URL``).
        session_settings: Defaults such as ``SessionSettings(limit=20)``.

    Several objects (or processes) may share one conversation, but an ``add_items`` of
    more than 20 items takes several requests and is not atomic.
    """

    def __init__(
        self,
        *,
        conversation_id: str | None = None,
        openai_client: Any = None,
        session_settings: SessionSettings | Mapping[str, Any] | None = None,
    ) -> None:
        self._session_id: str | None = conversation_id
        self.session_settings = default_settings(session_settings)
        self._client_source = openai_client
        self._client: Any = None
        self._lock: asyncio.Lock | None = None

    @property
    def session_id(self) -> str:
        """The conversation id (known once the conversation exists).

        Raises:
            UserError: no conversation yet; it is created by the first read or write.
        """
        if self._session_id is None:
            raise UserError(
                "OpenAIConversationsSession has no conversation yet: it is created on the "
                "first get_items()/add_items(); or pass conversation_id="
            )
        return self._session_id

    @session_id.setter
    def session_id(self, value: str) -> None:
        self._session_id = value

    @property
    def openai_client(self) -> Any:
        """The client this session uses (made on first use)."""
        if self._client is None:
            self._client = openai_client_or_default(
                self._client_source, "OpenAIConversationsSession"
            )
        return self._client

    def _mutex(self) -> asyncio.Lock:
        if self._lock is None:
            self._lock = asyncio.Lock()
        return self._lock

    async def _conversation_id(self) -> str:
        if self._session_id is None:
            created = await self.openai_client.conversations.create(items=[])
            self._session_id = str(created.id)
        return self._session_id

    async def get_items(self, limit: int | None = None) -> list[SessionItem]:
        async with self._mutex():
            return await self._read(limit)

    async def _read(self, limit: int | None) -> list[SessionItem]:
        limit = resolve_limit(limit, self.session_settings)
        conversation = await self._conversation_id()
        if limit == 0:
            return []
        items: list[SessionItem] = []
        pages = self.openai_client.conversations.items.list(
            conversation, order="asc" if limit is None else "desc"
        )
        async for item in pages:
            items.append(item_dict(item))
            if limit is not None and len(items) >= limit:
                break
        if limit is not None:
            items.reverse()
        return items

    async def add_items(self, items: list[SessionItem]) -> None:
        encode_items(items)  # refuse what cannot be sent before sending anything
        if not items:
            return
        async with self._mutex():
            conversation = await self._conversation_id()
            client = self.openai_client
            if len(items) > MAX_ITEMS_PER_REQUEST and hasattr(client, "with_options"):
                # A retried chunk whose answer was lost would be stored twice.
                client = client.with_options(max_retries=0)
            for start in range(0, len(items), MAX_ITEMS_PER_REQUEST):
                chunk = [dict(item) for item in items[start : start + MAX_ITEMS_PER_REQUEST]]
                await client.conversations.items.create(conversation, items=chunk)

    async def pop_item(self) -> SessionItem | None:
        async with self._mutex():
            newest = await self._read(1)
            if not newest:
                return None
            item = newest[0]
            item_id = item.get("id")
            if not item_id:
                raise UserError(
                    "OpenAIConversationsSession.pop_item: the server returned an item "
                    "without an id, so it cannot be deleted"
                )
            await self.openai_client.conversations.items.delete(
                str(item_id), conversation_id=await self._conversation_id()
            )
            return item

    async def clear_session(self) -> None:
        """Deletes the conversation on the server; the next use starts a new one."""
        async with self._mutex():
            if self._session_id is not None:
                await self.openai_client.conversations.delete(self._session_id)
            self._session_id = None
