"""``agents.run_config`` of the OpenAI Agents SDK: run-wide configuration.

Public face: the code lives in runwright/_core/config.py, runwright/_core/budget.py,
runwright/_core/pricing.py, runwright/_loop/runner.py, runwright/_sandbox/config.py.
Run budgets (``RunBudget`` and its companions) are runwright's own; see docs/budgets.md.
"""

from __future__ import annotations

from runwright._core.budget import (
    BudgetLimit,
    BudgetSpend,
    BudgetWarning,
    BudgetWarningEvent,
    RunBudget,
)
from runwright._core.config import (
    CallModelData,
    CallModelInputFilter,
    ModelInputData,
    OutputGuardrailBlockedMessageArgs,
    OutputGuardrailBlockedMessageFormatter,
    ReasoningItemIdPolicy,
    RunConfig,
    ToolErrorFormatter,
    ToolErrorFormatterArgs,
    ToolExecutionConfig,
    ToolNameCollisionPolicy,
    _default_trace_include_sensitive_data,
)
from runwright._core.exceptions import BudgetExceeded
from runwright._core.pricing import PriceFn
from runwright._loop.runner import (
    DEFAULT_MAX_TURNS,
    RunOptions,
)
from runwright._sandbox.config import (
    SandboxArchiveLimits,
    SandboxConcurrencyLimits,
    SandboxRunConfig,
)

__all__ = [
    "ToolErrorFormatter",
    "ToolErrorFormatterArgs",
    "CallModelData",
    "CallModelInputFilter",
    "ModelInputData",
    "OutputGuardrailBlockedMessageArgs",
    "OutputGuardrailBlockedMessageFormatter",
    "ReasoningItemIdPolicy",
    "ToolExecutionConfig",
    "ToolNameCollisionPolicy",
    "_default_trace_include_sensitive_data",
    "DEFAULT_MAX_TURNS",
    "RunConfig",
    "RunOptions",
    "SandboxArchiveLimits",
    "SandboxConcurrencyLimits",
    "SandboxRunConfig",
    "RunBudget",
    "BudgetExceeded",
    "BudgetLimit",
    "BudgetSpend",
    "BudgetWarning",
    "BudgetWarningEvent",
    "PriceFn",
]
