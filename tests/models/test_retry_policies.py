"""retry_policies: each builder's verdicts, as a table (no I/O)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from runwright import (
    ModelRetryBackoffSettings,
    ModelRetrySettings,
    RetryDecision,
    RetryPolicyContext,
    UserError,
    retry_policies,
)
from runwright._models.retry_policies import (
    ModelRetryNormalizedError,
    evaluate,
    normalize_error,
    provider_advice,
    runner_retry_delay,
)


class StatusError(Exception):
    def __init__(self, status: int, headers: dict[str, str] | None = None) -> None:
        super().__init__(f"HTTP {status}")
        self.status_code = status
        self.response = type("R", (), {"headers": headers or {}})()


def _context(error: Exception, attempt: int = 1) -> RetryPolicyContext:
    normalized = normalize_error(error)
    return RetryPolicyContext(
        error, attempt, 3, False, normalized, provider_advice(error, normalized)
    )


def _decide(policy: Any, error: Exception) -> RetryDecision:
    return asyncio.run(evaluate(policy, _context(error)))


@pytest.mark.parametrize(
    ("policy", "error", "retry"),
    [
        (retry_policies.never(), StatusError(503), False),
        (retry_policies.network_error(), ConnectionError(), True),
        (retry_policies.network_error(), TimeoutError(), True),
        (retry_policies.network_error(), StatusError(503), False),
        (retry_policies.http_status([429]), StatusError(429), True),
        (retry_policies.http_status([429]), StatusError(500), False),
        (retry_policies.retry_after(), StatusError(429, {"retry-after": "2"}), True),
        (retry_policies.retry_after(), StatusError(429), False),
        (retry_policies.provider_suggested(), StatusError(502), True),
        (retry_policies.provider_suggested(), StatusError(400), False),
        (retry_policies.provider_suggested(), StatusError(400, {"x-should-retry": "true"}), True),
        (retry_policies.provider_suggested(), StatusError(503, {"x-should-retry": "false"}), False),
        (
            retry_policies.any(retry_policies.never(), retry_policies.http_status([503])),
            StatusError(503),
            True,
        ),
        (
            retry_policies.all(retry_policies.network_error(), retry_policies.http_status([503])),
            StatusError(503),
            False,
        ),
        (retry_policies.all(), StatusError(503), False),
        (retry_policies.any(), StatusError(503), False),
    ],
)
def test_policy_verdicts(policy: Any, error: Exception, retry: bool) -> None:
    assert _decide(policy, error).retry is retry


def test_delays_come_from_decision_then_retry_after_then_backoff() -> None:
    error = StatusError(429, {"retry-after": "3"})
    assert _decide(retry_policies.retry_after(), error).delay == 3.0
    fixed = ModelRetrySettings(max_retries=2, policy=lambda c: RetryDecision(True, delay=0.7))
    assert asyncio.run(runner_retry_delay(fixed, error, 1, stream=False)) == 0.7
    told = ModelRetrySettings(max_retries=2, policy=lambda c: True)
    assert asyncio.run(runner_retry_delay(told, error, 1, stream=False)) == 3.0
    backoff = {"initial_delay": 1, "multiplier": 3, "max_delay": 5, "jitter": False}
    plain = ModelRetrySettings(max_retries=5, backoff=backoff, policy=lambda c: True)
    delays = [
        asyncio.run(runner_retry_delay(plain, StatusError(500), n, stream=False)) for n in (1, 2, 3)
    ]
    assert delays == [1, 3, 5]
    assert asyncio.run(runner_retry_delay(plain, StatusError(500), 6, stream=False)) is None


def test_stateful_requests_need_approval() -> None:
    yes = ModelRetrySettings(max_retries=1, policy=lambda c: True)
    approve = ModelRetrySettings(
        max_retries=1, policy=lambda c: RetryDecision(True, delay=0, approve_unsafe_replay=True)
    )
    error = StatusError(500)
    assert (
        asyncio.run(runner_retry_delay(yes, error, 1, stream=False, previous_response_id="r"))
        is None
    )
    assert (
        asyncio.run(runner_retry_delay(approve, error, 1, stream=False, conversation_id="c")) == 0
    )


def test_settings_serialise_and_validate() -> None:
    settings = ModelRetrySettings(
        max_retries=2, backoff={"initial_delay": 0.1}, policy=lambda c: True
    )
    assert isinstance(settings.backoff, ModelRetryBackoffSettings)
    assert settings.to_json_dict() == {
        "max_retries": 2,
        "backoff": {"initial_delay": 0.1, "max_delay": None, "multiplier": None, "jitter": None},
    }
    with pytest.raises(UserError):
        ModelRetryBackoffSettings(initial_delay=-1)
    with pytest.raises(UserError):
        ModelRetrySettings(policy="retry")  # type: ignore[arg-type]
    assert ModelRetryNormalizedError().status_code is None
