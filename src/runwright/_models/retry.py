"""Retries for model calls: exponential backoff with jitter, honouring Retry-After.

What is retried: HTTP 408, 409, 429 and every 5xx; timeouts; connection
errors. What is never retried: any other 4xx (the request itself is wrong and
would fail again), and errors raised by runwright or user code.

The decision (:func:`is_transient`, :func:`retry_delay`) is pure; only
:func:`call_with_retry` sleeps. The openai client's own retries are switched
off by the adapters so the two never multiply.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from runwright._core.exceptions import UserError

if TYPE_CHECKING:
    import random

# asyncio, random and email.utils are imported where used: this module loads with
# the provider, which `from runwright import set_default_openai_key` reaches.

T = TypeVar("T")

_RETRY_STATUSES = frozenset({408, 409, 429})


@dataclass(frozen=True)
class RetrySettings:
    """How a model call is retried on transient failures.

    Args:
        max_attempts: Total attempts including the first (1 disables retries).
        base_delay: Seconds before the first retry; doubles on each further one.
        max_delay: Cap on one computed backoff delay, in seconds.
        jitter: Randomise each delay between half and all of its value, so many
            clients that failed together do not retry together.
        max_retry_after: The longest server-requested wait (Retry-After) that
            is honoured; a server asking for longer makes the error surface.
    """

    max_attempts: int = 3
    base_delay: float = 0.5
    max_delay: float = 20.0
    jitter: bool = True
    max_retry_after: float = 60.0

    def __post_init__(self) -> None:
        if self.max_attempts < 1 or self.base_delay < 0 or self.max_delay < 0:
            raise UserError(
                "RetrySettings: max_attempts must be >= 1 (1 disables retries) and the "
                f"delays >= 0; got {self}."
            )

    def to_json_dict(self) -> dict[str, Any]:
        """Plain-JSON form."""
        return {
            "max_attempts": self.max_attempts,
            "base_delay": self.base_delay,
            "max_delay": self.max_delay,
            "jitter": self.jitter,
            "max_retry_after": self.max_retry_after,
        }


ModelRetry = RetrySettings
"""Alias of :class:`RetrySettings`."""

NO_RETRY = RetrySettings(max_attempts=1)
"""Settings that make exactly one attempt."""


def status_of(error: BaseException) -> int | None:
    """The HTTP status carried by an API error, if any."""
    status = getattr(error, "status_code", None)
    return status if isinstance(status, int) else None


def is_transient(error: BaseException) -> bool:
    """Whether ``error`` is worth retrying (the same request may succeed later)."""
    status = status_of(error)
    if status is not None:
        return status in _RETRY_STATUSES or status >= 500
    if isinstance(error, (TimeoutError, ConnectionError)):
        return True
    # Only modules already loaded are consulted: an error from one implies it is.
    asyncio = sys.modules.get("asyncio")
    if asyncio is not None and isinstance(error, asyncio.TimeoutError):
        return True
    openai = sys.modules.get("openai")
    return openai is not None and isinstance(error, openai.APIConnectionError)


def _headers_of(error: BaseException) -> Mapping[str, str]:
    response = getattr(error, "response", None)
    headers = getattr(response, "headers", None)
    return headers if headers is not None else {}


def parse_retry_after(headers: Mapping[str, str], now: float | None = None) -> float | None:
    """Seconds the server asked us to wait: ``retry-after-ms``, then ``retry-after``.

    ``retry-after`` may be a number of seconds or an HTTP date. Unparseable or
    negative values are ignored (None).
    """
    raw_ms = headers.get("retry-after-ms")
    if raw_ms is not None:
        try:
            value = float(raw_ms) / 1000.0
        except ValueError:
            value = -1.0
        if value >= 0:
            return value
    raw = headers.get("retry-after")
    if raw is None:
        return None
    seconds: float | None
    try:
        seconds = float(raw)
    except ValueError:
        seconds = _seconds_until_http_date(raw, time.time() if now is None else now)
    return seconds if seconds is not None and seconds >= 0 else None


def _seconds_until_http_date(value: str, now: float) -> float | None:
    import email.utils

    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return max(0.0, when.timestamp() - now)


def backoff_delay(attempt: int, settings: RetrySettings, rng: random.Random | None = None) -> float:
    """The backoff before retry number ``attempt`` (1-based), jittered when enabled."""
    delay = float(min(settings.max_delay, settings.base_delay * 2.0 ** (attempt - 1)))
    if settings.jitter:
        if rng is None:
            import random

            draw = random.random()
        else:
            draw = rng.random()
        delay *= 0.5 + 0.5 * draw
    return delay


def retry_delay(
    error: BaseException, attempt: int, settings: RetrySettings, rng: random.Random | None = None
) -> float | None:
    """Seconds to wait before retry ``attempt`` (1-based), or None: do not retry.

    A server's Retry-After wins over the computed backoff when it is present.
    """
    if attempt >= settings.max_attempts or not is_transient(error):
        return None
    requested = parse_retry_after(_headers_of(error))
    if requested is not None:
        return requested if requested <= settings.max_retry_after else None
    return backoff_delay(attempt, settings, rng)


Sleep = Callable[[float], Awaitable[None]]


async def _default_sleep(seconds: float) -> None:
    import asyncio

    await asyncio.sleep(seconds)


sleep: Sleep = _default_sleep
"""The sleep used between attempts (tests replace it to observe delays)."""


async def call_with_retry(call: Callable[[], Awaitable[T]], settings: RetrySettings) -> T:
    """Awaits ``call()``, retrying transient failures as ``settings`` say.

    The last error propagates unchanged when attempts run out or the error is
    not transient.
    """
    attempt = 1
    while True:
        try:
            return await call()
        except Exception as error:
            delay = retry_delay(error, attempt, settings)
            if delay is None:
                raise
        await sleep(delay)
        attempt += 1
