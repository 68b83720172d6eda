"""MongoDBSession and DaprSession: the SDK's forms, not yet backed by a store.

runwright has no MongoDB server or Dapr sidecar to test these backends against, so it
does not ship storage code for them yet. The classes exist with the SDK's constructors,
classmethods and constants, so programs import and type-check; constructing one raises
a :class:`UserError` saying what is missing and which tested backends to use instead.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Mapping
from typing import Any, Literal, NoReturn

from runwright._core.exceptions import UserError
from runwright._sessions.protocol import SessionABC, SessionItem, SessionSettings

ConsistencyLevel = Literal["eventual", "strong"]
DAPR_CONSISTENCY_EVENTUAL: ConsistencyLevel = "eventual"
DAPR_CONSISTENCY_STRONG: ConsistencyLevel = "strong"

_ALTERNATIVES = (
    "use RedisSession, SQLAlchemySession (PostgreSQL or SQLite), SQLiteSession, "
    "AsyncSQLiteSession or PostgresSession instead"
)


def _not_yet(name: str, package: str, extra: str, server: str) -> NoReturn:
    if importlib.util.find_spec(package) is None:
        missing = f"the {package!r} package (pip install runwright[{extra}]) and "
    else:
        missing = ""
    raise UserError(
        f"{name} is not supported by runwright yet: it needs {missing}a {server}, and "
        f"runwright's {name} backend is not implemented until it can be tested against "
        f"one; {_ALTERNATIVES}"
    )


class MongoDBSession(SessionABC):
    """The SDK's MongoDB session (``pip install runwright[mongodb]``): not supported yet.

    Args:
        session_id: The conversation's id.
        client: A ``pymongo.AsyncMongoClient``.
        database: The database name.
        sessions_collection: The collection with one document per session.
        messages_collection: The collection with one document per item.
        session_settings: Defaults such as ``SessionSettings(limit=20)``.

    Raises:
        UserError: always, naming what is missing (see the module docs).
    """

    def __init__(
        self,
        session_id: str,
        *,
        client: Any,
        database: str = "agents",
        sessions_collection: str = "agent_sessions",
        messages_collection: str = "agent_messages",
        session_settings: SessionSettings | Mapping[str, Any] | None = None,
    ) -> None:
        _not_yet("MongoDBSession", "pymongo", "mongodb", "MongoDB server")

    @classmethod
    def from_uri(
        cls,
        session_id: str,
        *,
        uri: str,
        database: str = "agents",
        client_kwargs: dict[str, Any] | None = None,
        session_settings: SessionSettings | Mapping[str, Any] | None = None,
        **kwargs: Any,
    ) -> MongoDBSession:
        """A session on a client opened from a ``mongodb://`` URI (not supported yet)."""
        _not_yet("MongoDBSession", "pymongo", "mongodb", "MongoDB server")

    async def get_items(self, limit: int | None = None) -> list[SessionItem]:
        _not_yet("MongoDBSession", "pymongo", "mongodb", "MongoDB server")

    async def add_items(self, items: list[SessionItem]) -> None:
        _not_yet("MongoDBSession", "pymongo", "mongodb", "MongoDB server")

    async def pop_item(self) -> SessionItem | None:
        _not_yet("MongoDBSession", "pymongo", "mongodb", "MongoDB server")

    async def clear_session(self) -> None:
        _not_yet("MongoDBSession", "pymongo", "mongodb", "MongoDB server")

    async def close(self) -> None:
        """Closes the client if the session opened it."""

    async def ping(self) -> bool:
        """Whether the server answers (never: not supported yet)."""
        return False


class DaprSession(SessionABC):
    """The SDK's Dapr state-store session (``pip install runwright[dapr]``): not supported yet.

    Args:
        session_id: The conversation's id.
        state_store_name: The Dapr state store component's name.
        dapr_client: A ``dapr.aio.clients.DaprClient``.
        ttl: Seconds the conversation lives (``None``: forever).
        consistency: ``DAPR_CONSISTENCY_EVENTUAL`` or ``DAPR_CONSISTENCY_STRONG``.
        session_settings: Defaults such as ``SessionSettings(limit=20)``.

    Raises:
        UserError: always, naming what is missing (see the module docs).
    """

    def __init__(
        self,
        session_id: str,
        *,
        state_store_name: str,
        dapr_client: Any,
        ttl: int | None = None,
        consistency: ConsistencyLevel = DAPR_CONSISTENCY_EVENTUAL,
        session_settings: SessionSettings | Mapping[str, Any] | None = None,
    ) -> None:
        if consistency not in (DAPR_CONSISTENCY_EVENTUAL, DAPR_CONSISTENCY_STRONG):
            raise UserError(
                f"DaprSession(consistency={consistency!r}): use DAPR_CONSISTENCY_EVENTUAL "
                "or DAPR_CONSISTENCY_STRONG"
            )
        _not_yet("DaprSession", "dapr", "dapr", "Dapr sidecar with a state store")

    @classmethod
    def from_address(
        cls,
        session_id: str,
        *,
        state_store_name: str,
        dapr_address: str = "localhost:50001",
        session_settings: SessionSettings | Mapping[str, Any] | None = None,
        **kwargs: Any,
    ) -> DaprSession:
        """A session on a client for the sidecar at ``dapr_address`` (not supported yet)."""
        _not_yet("DaprSession", "dapr", "dapr", "Dapr sidecar with a state store")

    async def get_items(self, limit: int | None = None) -> list[SessionItem]:
        _not_yet("DaprSession", "dapr", "dapr", "Dapr sidecar with a state store")

    async def add_items(self, items: list[SessionItem]) -> None:
        _not_yet("DaprSession", "dapr", "dapr", "Dapr sidecar with a state store")

    async def pop_item(self) -> SessionItem | None:
        _not_yet("DaprSession", "dapr", "dapr", "Dapr sidecar with a state store")

    async def clear_session(self) -> None:
        _not_yet("DaprSession", "dapr", "dapr", "Dapr sidecar with a state store")

    async def close(self) -> None:
        """Closes the client if the session opened it."""

    async def ping(self) -> bool:
        """Whether the sidecar answers (never: not supported yet)."""
        return False
