"""``agents.extensions.memory`` of the OpenAI Agents SDK: more session backends.

Each backend loads (with its optional package) on first access, so importing this
module stays light:

* ``AsyncSQLiteSession``: SQLite through aiosqlite (``pip install runwright[async-sqlite]``).
* ``AdvancedSQLiteSession``: SQLite with conversation branches and usage per turn.
* ``SQLAlchemySession``: any SQLAlchemy async database, e.g. PostgreSQL (asyncpg) or
  SQLite (aiosqlite) (``pip install runwright[sqlalchemy]``).
* ``RedisSession``: Redis lists (``pip install runwright[redis]``).
* ``EncryptedSession``: encrypts the items of any other session
  (``pip install runwright[encrypt]``).
* ``MongoDBSession``, ``DaprSession``: the SDK's forms; not supported yet (using one
  raises a UserError saying so).

Each backend is also at the SDK's module path (``runwright.extensions.memory.encrypt_session``,
``.sqlalchemy_session``, ``.redis_session``, ...). Public face: the code lives in
runwright/_sessions/ (async_sqlite, advanced_sqlite,
sqlalchemy, redis, encrypted, unsupported).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from runwright._core.lazy import forward_lazy

if TYPE_CHECKING:
    from runwright._sessions.advanced_sqlite import AdvancedSQLiteSession
    from runwright._sessions.async_sqlite import AsyncSQLiteSession
    from runwright._sessions.encrypted import EncryptedSession
    from runwright._sessions.redis import RedisSession
    from runwright._sessions.sqlalchemy import SQLAlchemySession
    from runwright._sessions.unsupported import (
        DAPR_CONSISTENCY_EVENTUAL,
        DAPR_CONSISTENCY_STRONG,
        DaprSession,
        MongoDBSession,
    )

# Loaded on first access: their modules load database clients or cryptography.
__getattr__ = forward_lazy(
    __name__,
    {
        "AdvancedSQLiteSession": "runwright._sessions.advanced_sqlite",
        "AsyncSQLiteSession": "runwright._sessions.async_sqlite",
        "DAPR_CONSISTENCY_EVENTUAL": "runwright._sessions.unsupported",
        "DAPR_CONSISTENCY_STRONG": "runwright._sessions.unsupported",
        "DaprSession": "runwright._sessions.unsupported",
        "EncryptedSession": "runwright._sessions.encrypted",
        "MongoDBSession": "runwright._sessions.unsupported",
        "RedisSession": "runwright._sessions.redis",
        "SQLAlchemySession": "runwright._sessions.sqlalchemy",
    },
)

__all__ = [
    "AdvancedSQLiteSession",
    "AsyncSQLiteSession",
    "DAPR_CONSISTENCY_EVENTUAL",
    "DAPR_CONSISTENCY_STRONG",
    "DaprSession",
    "EncryptedSession",
    "MongoDBSession",
    "RedisSession",
    "SQLAlchemySession",
]
