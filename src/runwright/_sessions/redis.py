"""RedisSession: conversation memory in Redis lists (``pip install runwright[redis]``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from runwright._core.exceptions import UserError
from runwright._sessions.optional import import_optional
from runwright._sessions.protocol import (
    SessionABC,
    SessionItem,
    SessionSettings,
    decode_items,
    default_settings,
    encode_items,
    resolve_limit,
)


class RedisSession(SessionABC):
    """Conversation memory in Redis: one list per session, one JSON item per entry.

    Each :meth:`add_items` is one ``MULTI``/``EXEC`` transaction (the push and
    the TTL refresh), so its items land together, contiguous, or not at all.

    Args:
        session_id: The conversation's id.
        redis_client: A ``redis.asyncio.Redis`` client (the SDK's spelling; shared
            between sessions, the caller closes it). :meth:`from_url` opens one.
        url: A Redis URL (``redis://127.0.0.1:6379/0``); the session opens and
            owns its client, closed by :meth:`close`.
        client: Another name for ``redis_client``.
        key_prefix: The list's key is ``f"{key_prefix}:{session_id}"``.
        ttl: Seconds the conversation lives after its last write (``None``: forever).
        session_settings: Defaults such as ``SessionSettings(limit=20)``: how many
            items ``get_items()`` and runs read (``None``: all).

    Raises:
        UserError: not exactly one of ``redis_client``, ``client`` and ``url`` is
            given, or the ``redis`` package is missing.
    """

    def __init__(
        self,
        session_id: str,
        *,
        redis_client: Any = None,
        url: str | None = None,
        client: Any = None,
        key_prefix: str = "runwright:session",
        ttl: int | None = None,
        session_settings: SessionSettings | Mapping[str, Any] | None = None,
    ) -> None:
        given = [v for v in (redis_client, client, url) if v is not None]
        if len(given) != 1:
            raise UserError("RedisSession needs exactly one of redis_client=, url= or client=")
        if client is None:
            client = redis_client
        if ttl is not None and ttl <= 0:
            raise UserError(f"RedisSession(ttl={ttl!r}): use a positive number of seconds or None")
        self.session_id = session_id
        self.session_settings = default_settings(session_settings)
        self.key = f"{key_prefix}:{session_id}"
        self.ttl = ttl
        if client is None:
            aioredis = import_optional("redis.asyncio", extra="redis", needed_by="RedisSession")
            client = aioredis.Redis.from_url(url)
        self._client: Any = client
        self._owns_client = url is not None

    @classmethod
    def from_url(
        cls,
        session_id: str,
        *,
        url: str,
        redis_kwargs: dict[str, Any] | None = None,
        session_settings: SessionSettings | Mapping[str, Any] | None = None,
        **kwargs: Any,
    ) -> RedisSession:
        """A session on a client it opens from ``url`` (and closes in :meth:`close`).

        Args:
            session_id: The conversation's id.
            url: A Redis URL such as ``redis://127.0.0.1:6379/0``.
            redis_kwargs: Extra keyword arguments for ``redis.asyncio.Redis.from_url``.
            session_settings: As for the constructor.
            **kwargs: Other constructor arguments (``key_prefix``, ``ttl``).

        Raises:
            UserError: the ``redis`` package is missing or an argument is invalid.
        """
        aioredis = import_optional("redis.asyncio", extra="redis", needed_by="RedisSession")
        try:
            client = aioredis.Redis.from_url(url, **(redis_kwargs or {}))
        except (ValueError, TypeError) as exc:
            raise UserError(f"RedisSession.from_url({url!r}): {exc}") from exc
        session = cls(session_id, redis_client=client, session_settings=session_settings, **kwargs)
        session._owns_client = True
        return session

    async def ping(self) -> bool:
        """``True`` when the Redis server answers, ``False`` when it cannot be reached."""
        try:
            return bool(await self._client.ping())
        except Exception:
            return False

    async def close(self) -> None:
        """Closes the client if this session opened it (from ``url`` or :meth:`from_url`)."""
        if self._owns_client:
            self._owns_client = False
            await self._client.aclose()

    async def get_items(self, limit: int | None = None) -> list[SessionItem]:
        limit = resolve_limit(limit, self.session_settings)
        if limit == 0:
            return []
        start = 0 if limit is None else -limit
        return decode_items(_texts(await self._client.lrange(self.key, start, -1)))

    async def add_items(self, items: list[SessionItem]) -> None:
        texts = encode_items(items)
        if texts:
            await self._write(texts, replace=False)

    async def pop_item(self) -> SessionItem | None:
        text = await self._client.rpop(self.key)
        return None if text is None else decode_items(_texts([text]))[0]

    async def clear_session(self) -> None:
        await self._client.delete(self.key)

    async def replace_items(self, items: list[SessionItem]) -> None:
        """Replaces the whole history with ``items`` in one ``MULTI``/``EXEC``."""
        await self._write(encode_items(items), replace=True)

    async def _write(self, texts: list[str], *, replace: bool) -> None:
        async with self._client.pipeline(transaction=True) as pipe:
            if replace:
                pipe.delete(self.key)
            if texts:
                pipe.rpush(self.key, *texts)
                if self.ttl is not None:
                    pipe.expire(self.key, self.ttl)
            await pipe.execute()


def _texts(values: list[Any]) -> list[str]:
    # A client made with decode_responses=True returns str; the default returns bytes.
    return [v.decode() if isinstance(v, bytes) else v for v in values]
