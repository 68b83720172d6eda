"""The exceptions runwright raises, all rooted at :class:`AgentsException`.

Public face: the code lives in runwright/_core/exceptions.py.
"""

from __future__ import annotations

from runwright._core.exceptions import (
    AgentsException,
    InputGuardrailTripwireTriggered,
    MaxTurnsExceeded,
    MCPToolCancellationError,
    ModelBehaviorError,
    ModelRefusalError,
    ModelTimeoutError,
    OutputGuardrailTripwireTriggered,
    RunErrorDetails,
    RunSyncInEventLoopError,
    ScriptError,
    ToolInputGuardrailTripwireTriggered,
    ToolOutputGuardrailTripwireTriggered,
    ToolTimeoutError,
    UserError,
)

__all__ = [
    "RunErrorDetails",
    "AgentsException",
    "UserError",
    "RunSyncInEventLoopError",
    "ModelBehaviorError",
    "ModelRefusalError",
    "ToolTimeoutError",
    "ModelTimeoutError",
    "MaxTurnsExceeded",
    "InputGuardrailTripwireTriggered",
    "OutputGuardrailTripwireTriggered",
    "ToolInputGuardrailTripwireTriggered",
    "ToolOutputGuardrailTripwireTriggered",
    "ScriptError",
    "MCPToolCancellationError",
]
