"""``agents.run_error_handlers`` of the OpenAI Agents SDK: turning run errors into final outputs.

Public face: the code lives in runwright/_core/error_handlers.py.
"""

from __future__ import annotations

from runwright._core.error_handlers import (
    RunErrorData,
    RunErrorHandler,
    RunErrorHandlerInput,
    RunErrorHandlerResult,
    RunErrorHandlers,
)

__all__ = [
    "RunErrorData",
    "RunErrorHandler",
    "RunErrorHandlerResult",
    "RunErrorHandlerInput",
    "RunErrorHandlers",
]
