"""The session port: what the run loop needs from conversation memory.

A session stores one conversation as an ordered list of items in the OpenAI
Responses API shape (``{"role": "user", "content": "hi"}``,
``{"type": "function_call", ...}``). Every backend stores items as JSON and
returns plain ``dict`` objects, so what comes back equals what went in
(key order aside) whatever the backend.
"""

from __future__ import annotations

import abc
import json
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, Protocol, TypedDict, TypeGuard, Union, runtime_checkable

from runwright._core.exceptions import UserError

SessionItem = dict[str, Any]
"""One stored item: a JSON object in Responses API shape."""


@runtime_checkable
class Session(Protocol):
    """Conversation memory for one conversation, named by ``session_id``.

    Implementations must keep items in the order they were added, and an
    ``add_items`` call must store all of its items or none of them.
    """

    session_id: str

    async def get_items(self, limit: int | None = None) -> list[SessionItem]:
        """The stored items, oldest first; with ``limit``, only the newest ``limit`` of them."""
        ...

    async def add_items(self, items: list[SessionItem]) -> None:
        """Appends ``items`` (all of them, or none when the write fails)."""
        ...

    async def pop_item(self) -> SessionItem | None:
        """Removes and returns the newest item (``None`` when the session is empty)."""
        ...

    async def clear_session(self) -> None:
        """Removes every item of this session."""
        ...

    async def save_items(
        self, *, conversation_id: str | None = None, items: list[SessionItem]
    ) -> None:
        """Appends ``items``; the design note's spelling of :meth:`add_items`."""
        ...


class SessionABC(abc.ABC):
    """A base class for sessions: implement the four storage methods, get the rest.

    Backends may also override :meth:`replace_items` with an atomic version;
    compaction uses it to rewrite history in one step.

    ``session_settings`` are the session's defaults: ``get_items()`` without a
    ``limit`` reads at most ``session_settings.limit`` items, and so does a run
    (unless its RunConfig or ``Runner.run(session_settings=...)`` sets another).
    """

    session_id: str
    session_settings: SessionSettings | None = None

    @abc.abstractmethod
    async def get_items(self, limit: int | None = None) -> list[SessionItem]:
        """The stored items, oldest first; with ``limit``, only the newest ``limit`` of them."""

    @abc.abstractmethod
    async def add_items(self, items: list[SessionItem]) -> None:
        """Appends ``items`` (all of them, or none when the write fails)."""

    @abc.abstractmethod
    async def pop_item(self) -> SessionItem | None:
        """Removes and returns the newest item (``None`` when the session is empty)."""

    @abc.abstractmethod
    async def clear_session(self) -> None:
        """Removes every item of this session."""

    async def save_items(
        self, *, conversation_id: str | None = None, items: list[SessionItem]
    ) -> None:
        """Appends ``items``, as the design note writes it.

        Args:
            conversation_id: ``None`` or this session's ``session_id``; a
                session stores one conversation, so any other id is an error.
            items: The items to append.

        Raises:
            UserError: ``conversation_id`` names another conversation.
        """
        if conversation_id is not None and conversation_id != self.session_id:
            raise UserError(
                f"save_items(conversation_id={conversation_id!r}) on the session "
                f"{self.session_id!r}: a session stores one conversation; create a session "
                f"with that id instead"
            )
        await self.add_items(items)

    async def replace_items(self, items: list[SessionItem]) -> None:
        """Replaces the whole history with ``items``.

        This default clears then adds, so a crash in between loses history;
        backends that can do it in one transaction override it.
        """
        encode_items(items)  # refuse bad items before clearing anything
        await self.clear_session()
        await self.add_items(items)


SessionInputCallback = Callable[[list[Any], list[Any]], Union[list[Any], Awaitable[list[Any]]]]
"""``RunConfig(session_input_callback=...)``: ``(history, new_items) -> items`` for the run
(may be async); it decides how stored history and the new input combine."""


class OpenAIResponsesCompactionArgs(TypedDict, total=False):
    """What the runner (or you) pass to a compaction-aware session's ``run_compaction``.

    Keys:
        response_id: The id of the last model response.
        compaction_mode: ``"previous_response_id"`` (the server's stored history),
            ``"input"`` (send the session's items) or ``"auto"`` (input when the
            response was not stored or there is no response id).
        store: Whether that response was stored on the server.
        force: Compact even when the session's trigger says not yet.
    """

    response_id: str
    compaction_mode: Literal["previous_response_id", "input", "auto"]
    store: bool
    force: bool


@runtime_checkable
class OpenAIResponsesCompactionAwareSession(Session, Protocol):
    """A session the runner asks to compact itself after each completed turn."""

    async def run_compaction(self, args: OpenAIResponsesCompactionArgs | None = None) -> None:
        """Compacts the stored history when the session decides it is time (or ``force``)."""
        ...


def is_openai_responses_compaction_aware_session(
    session: Session | None,
) -> TypeGuard[OpenAIResponsesCompactionAwareSession]:
    """Whether ``session`` has a callable ``run_compaction`` (so the runner calls it)."""
    if session is None:
        return False
    try:
        method = getattr(session, "run_compaction", None)
    except Exception:  # a property that raises: not compaction-aware
        return False
    return callable(method)


@dataclass(frozen=True)
class SessionSettings:
    """How much session history a run reads.

    Args:
        limit: Read at most the newest ``limit`` items (``None``: all).
        max_items: The design note's name for ``limit``; give either one.

    Raises:
        UserError: both are given with different values, or one is negative.
    """

    limit: int | None = None
    max_items: int | None = None

    def __post_init__(self) -> None:
        for name in ("limit", "max_items"):
            value = getattr(self, name)
            if value is not None and (not isinstance(value, int) or value < 0):
                raise UserError(f"SessionSettings({name}={value!r}): use an int >= 0 or None")
        if self.limit is not None and self.max_items is not None and self.limit != self.max_items:
            raise UserError(
                f"SessionSettings(limit={self.limit}, max_items={self.max_items}): "
                "max_items is another name for limit; give one of them"
            )

    @property
    def effective_limit(self) -> int | None:
        """The item cap in force: ``limit``, else ``max_items``, else ``None`` (no cap)."""
        return self.limit if self.limit is not None else self.max_items

    def resolve(self, override: SessionSettings | Mapping[str, Any] | None) -> SessionSettings:
        """These settings with ``override``'s cap applied when it sets one.

        Used to lay ``RunConfig.session_settings`` over the session's own
        settings, and ``Runner.run(session_settings=...)`` over both.
        """
        if override is None:
            return self
        override = coerce_session_settings(override)
        if override.effective_limit is None:
            return self
        return SessionSettings(limit=override.effective_limit)

    def to_dict(self) -> dict[str, Any]:
        """The settings as a plain dict."""
        return {"limit": self.effective_limit}


# ----- helpers shared by the backends -------------------------------------------


def coerce_session_settings(value: SessionSettings | Mapping[str, Any]) -> SessionSettings:
    """``value`` as SessionSettings (a dict such as ``{"limit": 10}`` is accepted).

    Raises:
        UserError: neither a SessionSettings nor a dict of its fields.
    """
    if isinstance(value, SessionSettings):
        return value
    if isinstance(value, Mapping):
        unknown = set(value) - {"limit", "max_items"}
        if unknown:
            raise UserError(f"session_settings: unknown settings {sorted(unknown)}; use limit")
        return SessionSettings(**value)
    raise UserError(
        f"session_settings must be a SessionSettings (or a dict), got {type(value).__name__}"
    )


def default_settings(
    value: SessionSettings | Mapping[str, Any] | None,
) -> SessionSettings:
    """A backend's ``session_settings=`` argument as stored on the session."""
    return SessionSettings() if value is None else coerce_session_settings(value)


def resolve_limit(limit: int | None, settings: SessionSettings | None) -> int | None:
    """``get_items``'s cap: the explicit ``limit``, else the session's default."""
    check_limit(limit)
    if limit is not None or settings is None:
        return limit
    return settings.effective_limit


_EVERY_ITEM = 2**62
"""A ``limit`` above any real session's length: reads past the session's default cap."""


async def all_items(session: Any) -> list[SessionItem]:
    """Every item of ``session``, whatever its ``session_settings`` cap (compaction needs
    the whole history before it rewrites it)."""
    settings = getattr(session, "session_settings", None)
    limit = getattr(settings, "effective_limit", getattr(settings, "limit", None))
    if limit is None:
        items: list[SessionItem] = await session.get_items()
    else:
        items = await session.get_items(limit=_EVERY_ITEM)
    return items


def check_limit(limit: int | None) -> None:
    """Refuses a negative ``limit`` (``None`` and 0 are fine)."""
    if limit is not None and (not isinstance(limit, int) or limit < 0):
        raise UserError(f"get_items(limit={limit!r}): use an int >= 0 or None")


def _json_default(value: Any) -> Any:
    # pydantic objects (e.g. openai types) turn into their dict form; defaults are
    # kept (a default `type` is data), unset optional fields are not stored as null.
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json", exclude_none=True)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


# One encoder for every item: json.dumps with options builds a new encoder per call,
# which costs more than encoding a small item.
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=_json_default)


def encode_item(item: Mapping[str, Any]) -> str:
    """One item as compact JSON text.

    Raises:
        UserError: the item is not a mapping or holds values JSON cannot encode.
    """
    if not isinstance(item, Mapping):
        raise UserError(
            f"session items must be dicts in Responses API shape, got {type(item).__name__}"
        )
    try:
        return _ENCODER.encode(item)
    except (TypeError, ValueError) as exc:
        raise UserError(f"a session item cannot be stored as JSON: {exc}") from exc


def encode_items(items: Sequence[Mapping[str, Any]]) -> list[str]:
    """Every item as JSON text; fails before anything is written if one cannot be encoded."""
    if isinstance(items, (str, bytes, Mapping)):
        raise UserError("add_items() takes a list of items, not a single item or string")
    return [encode_item(item) for item in items]


def decode_items(texts: Sequence[str]) -> list[SessionItem]:
    """JSON texts back into plain dicts, in one parse (faster than one parse per item)."""
    if not texts:
        return []
    decoded: list[SessionItem] = json.loads("[" + ",".join(texts) + "]")
    return decoded
