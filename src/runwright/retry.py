"""``agents.retry`` of the OpenAI Agents SDK: model retry settings and policies.

A thin re-export module for drop-in imports; the code lives in runwright._models.retry_policies.
"""

from __future__ import annotations

from runwright._models.retry_policies import (
    ModelRetryAdvice,
    ModelRetryBackoffSettings,
    ModelRetryNormalizedError,
    ModelRetrySettings,
    RetryDecision,
    RetryPolicy,
    RetryPolicyContext,
    retry_policies,
)

__all__ = [
    "ModelRetryAdvice",
    "ModelRetryBackoffSettings",
    "ModelRetryNormalizedError",
    "ModelRetrySettings",
    "RetryDecision",
    "RetryPolicy",
    "RetryPolicyContext",
    "retry_policies",
]
