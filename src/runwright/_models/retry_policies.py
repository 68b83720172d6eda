"""Runner-managed retries in the OpenAI Agents SDK's form.

``ModelSettings(retry=ModelRetrySettings(max_retries=3, policy=...))`` makes
runwright retry a failed model call when ``policy`` says so, at most
``max_retries`` times after the first request. A policy is a function of a
:class:`RetryPolicyContext` returning ``bool`` or :class:`RetryDecision`
(sync or async); ``retry_policies`` builds the usual ones and combines them::

    ModelRetrySettings(
        max_retries=4,
        backoff={"initial_delay": 0.5, "max_delay": 8},
        policy=retry_policies.any(retry_policies.network_error(),
                                  retry_policies.http_status([429, 503])),
    )

Without a policy nothing is retried by the runner; ``max_retries=0`` also
switches off the openai client's own retries for that call. Requests that
continue server-side state (``previous_response_id`` / ``conversation_id``)
are not replayed unless the policy's decision sets ``approve_unsafe_replay``.
"""

from __future__ import annotations

import dataclasses
import inspect
import random
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Union

from runwright._core.exceptions import ModelTimeoutError, UserError
from runwright._models.retry import is_transient, parse_retry_after, status_of

DEFAULT_INITIAL_DELAY = 0.25
DEFAULT_MAX_DELAY = 2.0
DEFAULT_MULTIPLIER = 2.0


@dataclass
class ModelRetryBackoffSettings:
    """Backoff between runner-managed retries (None fields take the defaults)."""

    initial_delay: float | None = None
    """Seconds before the first retry (default 0.25)."""
    max_delay: float | None = None
    """Cap on one delay (default 2.0)."""
    multiplier: float | None = None
    """Growth factor per retry (default 2.0)."""
    jitter: bool | None = None
    """Randomise each delay by +-12.5% (default True)."""

    def __post_init__(self) -> None:
        for name in ("initial_delay", "max_delay", "multiplier"):
            value = getattr(self, name)
            if value is not None and value < 0:
                raise UserError(f"ModelRetryBackoffSettings.{name} must be >= 0, got {value}.")

    def delay(self, attempt: int) -> float:
        """The delay before retry number ``attempt`` (1-based)."""
        initial = DEFAULT_INITIAL_DELAY if self.initial_delay is None else self.initial_delay
        cap = DEFAULT_MAX_DELAY if self.max_delay is None else self.max_delay
        factor = DEFAULT_MULTIPLIER if self.multiplier is None else self.multiplier
        base = min(initial * factor ** max(attempt - 1, 0), cap)
        if self.jitter is False:
            return base
        return min(base * (0.875 + random.random() * 0.25), cap)

    def to_json_dict(self) -> dict[str, Any]:
        """Plain-JSON form."""
        return {
            "initial_delay": self.initial_delay,
            "max_delay": self.max_delay,
            "multiplier": self.multiplier,
            "jitter": self.jitter,
        }


@dataclass
class ModelRetryNormalizedError:
    """Facts about the failure, the same whatever the provider."""

    status_code: int | None = None
    error_code: str | None = None
    message: str | None = None
    request_id: str | None = None
    retry_after: float | None = None
    is_abort: bool = False
    is_network_error: bool = False
    is_timeout: bool = False


@dataclass
class ModelRetryAdvice:
    """What the provider says about retrying (from the error's status and headers)."""

    suggested: bool | None = None
    retry_after: float | None = None
    replay_safety: str | None = None
    reason: str | None = None
    normalized: ModelRetryNormalizedError | None = None
    response_started: bool = False


@dataclass
class ModelRetryAdviceRequest:
    """What a model is told when asked for retry advice (``Model.get_retry_advice``)."""

    error: Exception
    attempt: int
    stream: bool
    previous_response_id: str | None = None
    conversation_id: str | None = None


@dataclass
class RetryDecision:
    """A policy's verdict: retry or not, after how long, and why."""

    retry: bool
    delay: float | None = None
    reason: str | None = None
    approve_unsafe_replay: bool = False
    """Allows replaying a request that continues server-side state."""


@dataclass
class RetryPolicyContext:
    """What a retry policy decides from."""

    error: Exception
    attempt: int
    max_retries: int
    stream: bool
    normalized: ModelRetryNormalizedError
    provider_advice: ModelRetryAdvice | None = None
    previous_response_id: str | None = None
    conversation_id: str | None = None

    @property
    def stateful_request(self) -> bool:
        """Whether the request carried ``previous_response_id`` or ``conversation_id``."""
        return bool(self.previous_response_id or self.conversation_id)


RetryPolicy = Callable[[RetryPolicyContext], Union[bool, RetryDecision, Awaitable[Any]]]


@dataclass
class ModelRetrySettings:
    """Opt-in runner-managed retries for model calls (``ModelSettings.retry``)."""

    max_retries: int | None = None
    """Retries allowed after the first request (0: none, and none by the client either)."""
    backoff: ModelRetryBackoffSettings | dict[str, Any] | None = None
    """Delays used when the policy gives none (a dict is accepted too)."""
    policy: RetryPolicy | None = field(default=None, repr=False)
    """Decides each retry; without one the runner retries nothing (not serialised)."""

    def __post_init__(self) -> None:
        if isinstance(self.backoff, dict):
            self.backoff = ModelRetryBackoffSettings(**self.backoff)
        if self.policy is not None and not callable(self.policy):
            raise UserError("ModelRetrySettings.policy must be a callable (see retry_policies).")

    def to_json_dict(self) -> dict[str, Any]:
        """Plain-JSON form (the policy is runtime-only)."""
        backoff = self.backoff
        return {
            "max_retries": self.max_retries,
            "backoff": backoff.to_json_dict()
            if isinstance(backoff, ModelRetryBackoffSettings)
            else None,
        }

    def disables_client_retries(self) -> bool:
        """Whether the openai client's own retries must be off for the call."""
        budget = self.max_retries
        return budget is not None and (budget <= 0 or self.policy is not None)


def normalize_error(error: Exception) -> ModelRetryNormalizedError:
    """The provider-independent facts of ``error``."""
    headers = getattr(getattr(error, "response", None), "headers", None) or {}
    body = getattr(error, "body", None)
    code = getattr(error, "code", None) or (body.get("code") if isinstance(body, dict) else None)
    timeout = isinstance(error, TimeoutError) or type(error).__name__ == "APITimeoutError"
    network = timeout or isinstance(error, ConnectionError)
    # the model call's own deadline (ModelSettings.timeout) is a timeout, not a network error
    timeout = timeout or isinstance(error, ModelTimeoutError)
    network = network or type(error).__name__ == "APIConnectionError"
    return ModelRetryNormalizedError(
        status_code=status_of(error),
        error_code=code if isinstance(code, str) else None,
        message=str(error),
        request_id=getattr(error, "request_id", None),
        retry_after=parse_retry_after(headers),
        is_abort=isinstance(error, KeyboardInterrupt),
        is_network_error=network,
        is_timeout=timeout,
    )


def provider_advice(error: Exception, normalized: ModelRetryNormalizedError) -> ModelRetryAdvice:
    """The OpenAI-compatible server's advice: transient statuses and network errors."""
    headers = getattr(getattr(error, "response", None), "headers", None) or {}
    hint = str(headers.get("x-should-retry", "")).lower()
    suggested = {"true": True, "false": False}.get(hint, is_transient(error))
    return ModelRetryAdvice(suggested=suggested, retry_after=normalized.retry_after)


def openai_retry_advice(request: ModelRetryAdviceRequest) -> ModelRetryAdvice | None:
    """An OpenAI-compatible server's advice on ``request.error`` (the OpenAI models' answer
    to ``get_retry_advice``): its ``x-should-retry`` header first, then network errors,
    timeouts and transient statuses (408, 409, 429, 5xx); None when it says nothing."""
    error = request.error
    reason = str(error)
    if getattr(error, "unsafe_to_replay", False):
        return ModelRetryAdvice(suggested=False, replay_safety="unsafe", reason=reason)
    normalized = normalize_error(error)
    retry_after = normalized.retry_after
    headers = getattr(getattr(error, "response", None), "headers", None) or {}
    hint = str(headers.get("x-should-retry", "")).strip().lower()
    if hint in ("true", "false"):
        yes = hint == "true"
        return ModelRetryAdvice(
            suggested=yes,
            retry_after=retry_after,
            replay_safety="safe" if yes else None,
            reason=reason,
            normalized=normalized,
        )
    status = normalized.status_code
    if normalized.is_network_error or normalized.is_timeout:
        return ModelRetryAdvice(
            suggested=True, retry_after=retry_after, reason=reason, normalized=normalized
        )
    if status is not None and (status in (408, 409, 429) or status >= 500):
        stateful = bool(request.previous_response_id or request.conversation_id)
        return ModelRetryAdvice(
            suggested=True,
            retry_after=retry_after,
            replay_safety="safe" if stateful else None,
            reason=reason,
            normalized=normalized,
        )
    if retry_after is not None:
        return ModelRetryAdvice(retry_after=retry_after, reason=reason, normalized=normalized)
    return None


RetryAdvisor = Callable[[ModelRetryAdviceRequest], Union[ModelRetryAdvice, None]]
"""A model's ``get_retry_advice``."""


async def evaluate(policy: RetryPolicy, context: RetryPolicyContext) -> RetryDecision:
    """Runs ``policy`` (sync or async) and reads its answer as a RetryDecision."""
    value = policy(context)
    if inspect.isawaitable(value):
        value = await value
    return value if isinstance(value, RetryDecision) else RetryDecision(retry=bool(value))


class _RetryPolicies:
    """Builders of common retry policies (``retry_policies.network_error()`` ...)."""

    def never(self) -> RetryPolicy:
        """Never retries."""
        return lambda _context: False

    def network_error(self) -> RetryPolicy:
        """Retries connection failures and timeouts."""
        return lambda c: c.normalized.is_network_error or c.normalized.is_timeout

    def http_status(self, statuses: Iterable[int]) -> RetryPolicy:
        """Retries answers with one of ``statuses``."""
        allowed = frozenset(statuses)
        return lambda c: c.normalized.status_code in allowed

    def retry_after(self) -> RetryPolicy:
        """Retries when the server said how long to wait, waiting that long."""

        def policy(context: RetryPolicyContext) -> bool | RetryDecision:
            delay = context.normalized.retry_after
            return False if delay is None else RetryDecision(retry=True, delay=delay)

        return policy

    def provider_suggested(self) -> RetryPolicy:
        """Retries what the provider marks as retryable (429, 5xx, network, x-should-retry)."""

        def policy(context: RetryPolicyContext) -> bool | RetryDecision:
            advice = context.provider_advice
            if advice is None or not advice.suggested:
                return False
            return RetryDecision(retry=True, delay=advice.retry_after, reason=advice.reason)

        return policy

    def all(self, *policies: RetryPolicy) -> RetryPolicy:
        """Retries only when every policy does (delays: the last one given wins)."""

        async def policy(context: RetryPolicyContext) -> RetryDecision:
            if not policies:
                return RetryDecision(retry=False)
            merged = RetryDecision(retry=True)
            for each in policies:
                decision = await evaluate(each, context)
                if not decision.retry:
                    return decision
                _merge(merged, decision)
            return merged

        return policy

    def any(self, *policies: RetryPolicy) -> RetryPolicy:
        """Retries when at least one policy does (the first positive decision leads)."""

        async def policy(context: RetryPolicyContext) -> RetryDecision:
            positive: RetryDecision | None = None
            negative = RetryDecision(retry=False)
            for each in policies:
                decision = await evaluate(each, context)
                if decision.retry:
                    positive = decision if positive is None else _merge(positive, decision)
                else:
                    negative = decision
            return positive if positive is not None else negative

        return policy


def _merge(into: RetryDecision, other: RetryDecision) -> RetryDecision:
    into.delay = other.delay if other.delay is not None else into.delay
    into.reason = other.reason if other.reason is not None else into.reason
    into.approve_unsafe_replay = into.approve_unsafe_replay or other.approve_unsafe_replay
    return into


retry_policies = _RetryPolicies()
"""The policy builders: ``never``, ``network_error``, ``http_status``, ``retry_after``,
``provider_suggested``, ``all``, ``any``."""


async def runner_retry_delay(
    settings: ModelRetrySettings,
    error: Exception,
    attempt: int,
    *,
    stream: bool,
    previous_response_id: str | None = None,
    conversation_id: str | None = None,
    advisor: RetryAdvisor | None = None,
) -> float | None:
    """Seconds before retry ``attempt`` (1-based) under ``settings``, or None: give up.

    ``advisor`` (the model's ``get_retry_advice``) supplies the provider's advice when it
    has one; its ``normalized`` facts, when given, replace the error's own.
    """
    budget = settings.max_retries or 0
    if settings.policy is None or attempt > budget:
        return None
    normalized = normalize_error(error)
    if normalized.is_abort:
        return None
    advice = None
    if advisor is not None:
        request = ModelRetryAdviceRequest(
            error, attempt, stream, previous_response_id, conversation_id
        )
        advice = advisor(request)
    if advice is None:
        advice = provider_advice(error, normalized)
    elif advice.normalized is not None:
        normalized = advice.normalized
    if advice.retry_after is not None and normalized.retry_after is None:
        normalized = dataclasses.replace(normalized, retry_after=advice.retry_after)
    context = RetryPolicyContext(
        error, attempt, budget, stream, normalized, advice, previous_response_id, conversation_id
    )
    decision = await evaluate(settings.policy, context)
    if not decision.retry or (context.stateful_request and not decision.approve_unsafe_replay):
        return None
    if decision.delay is not None:
        return decision.delay
    if normalized.retry_after is not None:
        return normalized.retry_after
    backoff = settings.backoff
    if not isinstance(backoff, ModelRetryBackoffSettings):
        backoff = ModelRetryBackoffSettings()
    return backoff.delay(attempt)
