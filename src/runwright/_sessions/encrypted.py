"""EncryptedSession: any session, with every item encrypted (``pip install runwright[encrypt]``).

Items are sealed with Fernet (AES-128-CBC plus HMAC-SHA256, from the ``cryptography``
package) under a key derived per session with HKDF-SHA256 from the master key and the
session id, so one conversation's rows cannot be replayed into another. Each sealed
item is stored in the wrapped session as a small JSON envelope
(``{"__enc__": 1, "v": 1, "kid": ..., "payload": <Fernet token>}``, the SDK's shape).

Reading:

* an item older than ``ttl`` seconds has expired: reads skip it (``pop_item``
  discards it and pops the next one);
* an item that fails authentication (a wrong key, an altered row) or a row that is
  not an envelope at all is a :class:`UserError`: nothing undecryptable is ever
  returned or silently dropped.
"""

from __future__ import annotations

import base64
import binascii
import json
import time
from collections.abc import Mapping
from typing import Any, Literal, TypedDict

from runwright._core.exceptions import UserError
from runwright._sessions.optional import import_optional
from runwright._sessions.protocol import (
    SessionABC,
    SessionItem,
    SessionSettings,
    all_items,
    encode_item,
    encode_items,
    resolve_limit,
)


class EncryptedEnvelope(TypedDict):
    """One stored item of an EncryptedSession: a Fernet token and how to open it."""

    __enc__: Literal[1]
    v: int
    kid: str
    payload: str


_ENVELOPE_VERSION = 1
_KEY_ID = "runwright-hkdf-v1"  # names how the key was derived (the SDK's rows use another)
_HKDF_INFO = b"runwright sessions: per-session item key, v1"


class EncryptedSession(SessionABC):
    """Wraps ``underlying_session`` so it only ever stores encrypted items.

    Args:
        session_id: The conversation's id; salts the per-session key.
        underlying_session: The session that stores the sealed items (SQLite,
            Redis, PostgreSQL, SQLAlchemy, ... any :class:`Session`).
        encryption_key: The master key: a Fernet key
            (``Fernet.generate_key().decode()``, 32 url-safe base64 bytes), or any
            other string, used as raw key material (use a long random secret:
            HKDF does not strengthen passwords).
        ttl: Seconds an item stays readable after it was written; older items
            expire (reads skip them).
        max_scan_items: The most stored items one read decrypts (``None``: no
            bound); with it, ``get_items`` may return fewer items than exist.

    Raises:
        UserError: ``cryptography`` is missing, the key is empty, or ``ttl`` /
            ``max_scan_items`` is not a positive int.
    """

    def __init__(
        self,
        session_id: str,
        underlying_session: SessionABC,
        encryption_key: str,
        ttl: int = 600,
        max_scan_items: int | None = None,
    ) -> None:
        fernet = import_optional(
            "cryptography.fernet", extra="encrypt", needed_by="EncryptedSession"
        )
        if not isinstance(encryption_key, str) or not encryption_key:
            raise UserError("EncryptedSession(encryption_key=...): give a non-empty string key")
        if isinstance(ttl, bool) or not isinstance(ttl, int) or ttl <= 0:
            raise UserError(f"EncryptedSession(ttl={ttl!r}): use a positive number of seconds")
        if max_scan_items is not None and (
            isinstance(max_scan_items, bool)
            or not isinstance(max_scan_items, int)
            or max_scan_items <= 0
        ):
            raise UserError(
                f"EncryptedSession(max_scan_items={max_scan_items!r}): use a positive int or None"
            )
        for method in ("get_items", "add_items", "pop_item", "clear_session"):
            if not callable(getattr(underlying_session, method, None)):
                raise UserError(
                    "EncryptedSession(underlying_session=...): give a session (it has no "
                    f"{method}()), got {type(underlying_session).__name__}"
                )
        self.session_id = session_id
        self.underlying_session = underlying_session
        self.ttl = ttl
        self.max_scan_items = max_scan_items
        self._invalid_token: type[Exception] = fernet.InvalidToken
        self.cipher = fernet.Fernet(_derive_key(encryption_key, session_id))

    # The wrapped session's settings are the ones in force.
    @property
    def session_settings(self) -> SessionSettings | None:
        settings: SessionSettings | None = getattr(
            self.underlying_session, "session_settings", None
        )
        return settings

    @session_settings.setter
    def session_settings(self, value: SessionSettings | None) -> None:
        self.underlying_session.session_settings = value

    def __getattr__(self, name: str) -> Any:
        # Other attributes (close(), ping(), engine, ...) are the wrapped session's.
        # Not run_compaction: compacting ciphertext would send sealed rows to the server.
        if name.startswith("__") or name in ("underlying_session", "run_compaction"):
            raise AttributeError(name)
        return getattr(self.underlying_session, name)

    # ----- sealing ------------------------------------------------------------------

    def _seal(self, item: SessionItem) -> SessionItem:
        token = self.cipher.encrypt(encode_item(item).encode("utf-8"))
        # The SDK's envelope shape ({"__enc__": 1, "v", "kid", "payload"}), so programs
        # that inspect the wrapped session's rows see what they expect.
        return {
            "__enc__": 1,
            "v": _ENVELOPE_VERSION,
            "kid": _KEY_ID,
            "payload": token.decode("ascii"),
        }

    def _open(self, stored: Any, now: float) -> SessionItem | None:
        """The item in ``stored``; ``None`` when it has expired."""
        if not (
            isinstance(stored, Mapping)
            and stored.get("__enc__") == 1
            and isinstance(stored.get("payload"), str)
        ):
            raise UserError(
                f"EncryptedSession {self.session_id!r}: the wrapped session holds an item that "
                "is not encrypted; refusing to return unauthenticated data"
            )
        token = stored["payload"].encode("ascii", "replace")
        try:
            written_at = self.cipher.extract_timestamp(token)
            plaintext = self.cipher.decrypt(token)
        except self._invalid_token:
            raise UserError(
                f"EncryptedSession {self.session_id!r}: a stored item cannot be decrypted: "
                "wrong encryption_key (or session_id), or the stored item was altered"
            ) from None
        if now - written_at > self.ttl:
            return None
        item: SessionItem = json.loads(plaintext)
        return item

    # ----- the session interface ----------------------------------------------------

    async def get_items(
        self, limit: int | None = None, *, wrapper: Any = None
    ) -> list[SessionItem]:
        limit = resolve_limit(limit, self.session_settings)
        if limit == 0:
            return []
        if self.max_scan_items is not None:
            stored = await self.underlying_session.get_items(limit=self.max_scan_items)
        else:
            stored = await all_items(self.underlying_session)
        now = time.time()
        newest_first: list[SessionItem] = []
        for raw in reversed(stored):
            item = self._open(raw, now)
            if item is None:
                continue
            newest_first.append(item)
            if limit is not None and len(newest_first) >= limit:
                break
        newest_first.reverse()
        return newest_first

    async def add_items(self, items: list[SessionItem], *, wrapper: Any = None) -> None:
        encode_items(items)  # refuse bad input before anything is written
        if items:
            await self.underlying_session.add_items([self._seal(item) for item in items])

    async def pop_item(self, *, wrapper: Any = None) -> SessionItem | None:
        while True:
            stored = await self.underlying_session.pop_item()
            if stored is None:
                return None
            try:
                item = self._open(stored, time.time())
            except UserError:
                # Leave what cannot be authenticated where it was, then say so.
                await self.underlying_session.add_items([stored])
                raise
            if item is not None:
                return item

    async def clear_session(self, *, wrapper: Any = None) -> None:
        await self.underlying_session.clear_session()

    async def replace_items(self, items: list[SessionItem]) -> None:
        """Replaces the history (atomically when the wrapped session can)."""
        encode_items(items)
        sealed = [self._seal(item) for item in items]
        replace = getattr(self.underlying_session, "replace_items", None)
        if callable(replace):
            await replace(sealed)
        else:
            await self.underlying_session.clear_session()
            await self.underlying_session.add_items(sealed)


def _derive_key(master: str, session_id: str) -> bytes:
    """The session's Fernet key: HKDF-SHA256(master key, salt = session id)."""
    hashes = import_optional(
        "cryptography.hazmat.primitives.hashes", extra="encrypt", needed_by="EncryptedSession"
    )
    hkdf = import_optional(
        "cryptography.hazmat.primitives.kdf.hkdf", extra="encrypt", needed_by="EncryptedSession"
    )
    material = master.encode("utf-8")
    try:
        decoded = base64.urlsafe_b64decode(material)
    except (binascii.Error, ValueError):
        decoded = b""
    if len(decoded) == 32:  # a Fernet key: use its 32 bytes
        material = decoded
    derived = hkdf.HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=str(session_id).encode("utf-8"),
        info=_HKDF_INFO,
    ).derive(material)
    return base64.urlsafe_b64encode(derived)
