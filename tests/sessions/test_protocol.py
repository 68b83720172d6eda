"""The session port's pure parts: SessionSettings, item encoding, the package's lazy imports."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest

from runwright._sessions.protocol import decode_items, encode_items
from runwright.exceptions import UserError
from runwright.sessions import InMemorySession, Session, SessionABC, SessionSettings


def test_limit_and_max_items_are_one_setting() -> None:
    assert SessionSettings().effective_limit is None
    assert SessionSettings(limit=5).effective_limit == 5
    assert SessionSettings(max_items=50).effective_limit == 50
    assert SessionSettings(limit=7, max_items=7).effective_limit == 7
    assert SessionSettings(limit=0).effective_limit == 0


def test_conflicting_or_negative_settings_are_refused() -> None:
    with pytest.raises(UserError, match="give one of them"):
        SessionSettings(limit=5, max_items=6)
    with pytest.raises(UserError, match="max_items"):
        SessionSettings(max_items=-1)
    with pytest.raises(UserError, match="limit"):
        SessionSettings(limit="10")  # type: ignore[arg-type]


def test_resolve_lets_an_override_with_a_cap_win() -> None:
    base = SessionSettings(limit=100)
    assert base.resolve(None) is base
    assert base.resolve(SessionSettings()) is base
    assert base.resolve(SessionSettings(max_items=10)).effective_limit == 10
    assert SessionSettings().resolve(SessionSettings(limit=3)).effective_limit == 3
    assert SessionSettings(max_items=4).to_dict() == {"limit": 4}


def test_items_encode_compactly_and_decode_as_plain_dicts() -> None:
    from runwright.items import RawItem

    texts = encode_items([RawItem(role="user", content="é"), {"n": [1, 2.5, None, True]}])
    assert texts == ['{"role":"user","content":"é"}', '{"n":[1,2.5,null,true]}']
    decoded = decode_items(texts)
    assert decoded == [{"role": "user", "content": "é"}, {"n": [1, 2.5, None, True]}]
    assert all(type(item) is dict for item in decoded)
    assert decode_items([]) == []


def test_pydantic_values_are_stored_as_their_dict_form() -> None:
    from pydantic import BaseModel

    class Part(BaseModel):
        type: str = "input_text"
        text: str

    assert encode_items([{"role": "user", "content": [Part(text="hi")]}]) == [
        '{"role":"user","content":[{"type":"input_text","text":"hi"}]}'
    ]


def test_a_single_item_instead_of_a_list_is_refused() -> None:
    with pytest.raises(UserError, match="list of items"):
        encode_items({"role": "user", "content": "hi"})  # type: ignore[arg-type]
    with pytest.raises(UserError, match="list of items"):
        encode_items("hi")  # type: ignore[arg-type]


async def test_a_minimal_subclass_gets_save_and_replace() -> None:
    class ListSession(SessionABC):
        def __init__(self) -> None:
            self.session_id = "list"
            self.items: list[dict[str, Any]] = []

        async def get_items(self, limit: int | None = None) -> list[dict[str, Any]]:
            return list(self.items if limit is None else self.items[len(self.items) - limit :])

        async def add_items(self, items: list[dict[str, Any]]) -> None:
            self.items.extend(items)

        async def pop_item(self) -> dict[str, Any] | None:
            return self.items.pop() if self.items else None

        async def clear_session(self) -> None:
            self.items.clear()

    session = ListSession()
    assert isinstance(session, Session)
    await session.save_items(conversation_id="list", items=[{"role": "user", "content": "a"}])
    await session.replace_items([{"role": "user", "content": "b"}])
    assert session.items == [{"role": "user", "content": "b"}]
    with pytest.raises(UserError):  # refused before the history is cleared
        await session.replace_items([{"bad": object()}])
    assert session.items == [{"role": "user", "content": "b"}]


def test_an_object_missing_a_method_is_not_a_session() -> None:
    class NoPop:
        session_id = "x"

        async def get_items(self, limit: int | None = None) -> list[Any]:
            return []

    assert not isinstance(NoPop(), Session)
    assert isinstance(InMemorySession(), Session)


def test_importing_sessions_loads_no_driver() -> None:
    code = (
        "import sys, runwright.sessions as s\n"
        "heavy = [m for m in ('sqlite3', 'redis', 'asyncpg', 'asyncio') if m in sys.modules]\n"
        "print(','.join(heavy))\n"
        "s.RedisSession, s.PostgresSession\n"
        "print('redis' in sys.modules, 'asyncpg' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    first, second = out.stdout.splitlines()
    assert "sqlite3" not in first and "redis" not in first and "asyncpg" not in first
    # The backend classes load lazily; their drivers load when a session is made.
    assert second == "False False"


def test_unknown_attributes_raise_attribute_error() -> None:
    import runwright.sessions

    with pytest.raises(AttributeError):
        runwright.sessions.MongoSession  # noqa: B018
