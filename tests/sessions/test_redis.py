"""RedisSession beyond the contract: keys, TTL, shared clients, the missing-package error."""

from __future__ import annotations

import sys
import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest

from runwright.exceptions import UserError


@pytest.fixture
async def client(redis_url: str) -> AsyncIterator[Any]:
    import redis.asyncio as aioredis

    client = aioredis.Redis.from_url(redis_url, decode_responses=True)
    yield client
    await client.aclose()


async def test_items_live_in_one_list_under_the_prefixed_key(client: Any) -> None:
    from runwright.sessions import RedisSession

    prefix = f"test-{uuid.uuid4().hex}"
    session = RedisSession("conv", client=client, key_prefix=prefix)
    await session.add_items([{"role": "user", "content": "a"}, {"role": "user", "content": "b"}])
    assert await client.type(f"{prefix}:conv") == "list"
    assert await client.llen(f"{prefix}:conv") == 2
    assert await client.ttl(f"{prefix}:conv") == -1  # no TTL unless asked
    # decode_responses=True (str) works as well as the default (bytes).
    assert [i["content"] for i in await session.get_items()] == ["a", "b"]
    await session.clear_session()
    assert await client.exists(f"{prefix}:conv") == 0


async def test_ttl_is_set_and_refreshed_on_each_write(client: Any) -> None:
    from runwright.sessions import RedisSession

    key_prefix = f"test-{uuid.uuid4().hex}"
    session = RedisSession("conv", client=client, key_prefix=key_prefix, ttl=100)
    await session.add_items([{"role": "user", "content": "a"}])
    key = f"{key_prefix}:conv"
    assert 0 < await client.ttl(key) <= 100
    await client.expire(key, 5)
    await session.add_items([{"role": "user", "content": "b"}])
    assert await client.ttl(key) > 5
    await session.replace_items([{"role": "user", "content": "summary"}])
    assert 0 < await client.ttl(key) <= 100
    await session.clear_session()


async def test_a_shared_client_is_not_closed_by_the_session(client: Any) -> None:
    from runwright.sessions import RedisSession

    session = RedisSession(f"conv-{uuid.uuid4().hex}", client=client)
    await session.add_items([{"role": "user", "content": "a"}])
    await session.close()
    assert await client.ping()
    await session.clear_session()


def test_exactly_one_of_url_and_client() -> None:
    from runwright.sessions import RedisSession

    with pytest.raises(UserError, match="url= or client="):
        RedisSession("conv")
    with pytest.raises(UserError, match="url= or client="):
        RedisSession("conv", url="redis://127.0.0.1:1/0", client=object())
    with pytest.raises(UserError, match="ttl"):
        RedisSession("conv", client=object(), ttl=0)


def test_missing_redis_package_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    from runwright.sessions import RedisSession

    monkeypatch.setitem(sys.modules, "redis.asyncio", None)  # makes the import fail
    with pytest.raises(UserError, match=r"pip install runwright\[redis\]"):
        RedisSession("conv", url="redis://127.0.0.1:6390/0")
