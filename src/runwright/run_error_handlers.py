"""``agents.run_error_handlers`` of the OpenAI Agents SDK: turning run errors into final outputs.

A thin re-export module for drop-in imports; the code lives in the modules named below.
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
