"""Retry decisions (pure) and the retry driver with a recorded sleep."""

from __future__ import annotations

import email.utils
import random
from typing import Any

import pytest

from runwright._models.retry import (
    RetrySettings,
    backoff_delay,
    call_with_retry,
    is_transient,
    parse_retry_after,
    retry_delay,
)
from runwright.exceptions import UserError


class StatusError(Exception):
    def __init__(self, status: int, headers: dict[str, str] | None = None) -> None:
        super().__init__(f"HTTP {status}")
        self.status_code = status
        self.response = type("R", (), {"headers": headers or {}})()


@pytest.mark.parametrize("status", [408, 409, 429, 500, 502, 503, 599])
def test_transient_statuses(status: int) -> None:
    assert is_transient(StatusError(status))


@pytest.mark.parametrize("status", [400, 401, 403, 404, 422])
def test_other_4xx_are_not_retried(status: int) -> None:
    assert not is_transient(StatusError(status))
    assert retry_delay(StatusError(status), 1, RetrySettings()) is None


def test_timeouts_and_connection_errors_are_transient() -> None:
    assert is_transient(TimeoutError())
    assert is_transient(ConnectionResetError())
    assert not is_transient(ValueError("bug"))
    assert not is_transient(UserError("bad config"))


def test_retry_after_seconds_ms_and_http_date() -> None:
    assert parse_retry_after({"retry-after": "2.5"}) == 2.5
    assert parse_retry_after({"retry-after-ms": "250", "retry-after": "9"}) == 0.25
    now = 1_700_000_000.0
    date = email.utils.formatdate(now + 7, usegmt=True)
    assert parse_retry_after({"retry-after": date}, now=now) == pytest.approx(7, abs=1)
    assert parse_retry_after({"retry-after": "soon"}) is None
    assert parse_retry_after({"retry-after": "-3"}) is None
    assert parse_retry_after({}) is None


def test_retry_after_wins_over_backoff_and_is_capped() -> None:
    settings = RetrySettings(base_delay=10, max_retry_after=5)
    assert retry_delay(StatusError(429, {"retry-after": "1"}), 1, settings) == 1.0
    assert retry_delay(StatusError(429, {"retry-after": "30"}), 1, settings) is None


def test_backoff_doubles_and_caps_without_jitter() -> None:
    settings = RetrySettings(base_delay=0.5, max_delay=3, jitter=False)
    assert [backoff_delay(n, settings) for n in (1, 2, 3, 4)] == [0.5, 1.0, 2.0, 3.0]


def test_jitter_stays_between_half_and_full_delay() -> None:
    settings = RetrySettings(base_delay=1.0, max_delay=100)
    rng = random.Random(7)
    delays = [backoff_delay(3, settings, rng) for _ in range(200)]
    assert all(2.0 <= d <= 4.0 for d in delays)
    assert len(set(delays)) > 100  # actually randomised


def test_no_retry_after_last_attempt() -> None:
    settings = RetrySettings(max_attempts=2, jitter=False)
    assert retry_delay(StatusError(500), 1, settings) == 0.5
    assert retry_delay(StatusError(500), 2, settings) is None


async def test_call_with_retry_retries_then_succeeds(sleeps: list[float]) -> None:
    outcomes: list[Any] = [StatusError(503), StatusError(429, {"retry-after": "0.2"}), "ok"]

    async def call() -> str:
        outcome = outcomes.pop(0)
        if isinstance(outcome, Exception):
            raise outcome
        return str(outcome)

    result = await call_with_retry(call, RetrySettings(base_delay=1, jitter=False))
    assert result == "ok"
    assert sleeps == [1.0, 0.2]


async def test_call_with_retry_gives_up_with_last_error(sleeps: list[float]) -> None:
    calls = 0

    async def call() -> None:
        nonlocal calls
        calls += 1
        raise StatusError(500)

    with pytest.raises(StatusError):
        await call_with_retry(call, RetrySettings(max_attempts=4, jitter=False))
    assert calls == 4
    assert sleeps == [0.5, 1.0, 2.0]


def test_invalid_settings_are_user_errors() -> None:
    with pytest.raises(UserError, match="max_attempts"):
        RetrySettings(max_attempts=0)
    with pytest.raises(UserError):
        RetrySettings(base_delay=-1)
