"""``agents.run`` of the OpenAI Agents SDK: the runner.

Public face: the code lives in runwright/_core/config.py, runwright/_core/context.py,
runwright/_loop/runner.py, runwright/_state/run_state.py.
"""

from __future__ import annotations

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
    ToolNotFoundBehavior,
)
from runwright._core.context import RunContextWrapper
from runwright._loop.runner import (
    DEFAULT_MAX_TURNS,
    AgentRunner,
    Runner,
    RunOptions,
    get_default_agent_runner,
    set_default_agent_runner,
)
from runwright._state.run_state import RunState

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
    "ToolNotFoundBehavior",
    "AgentRunner",
    "DEFAULT_MAX_TURNS",
    "RunConfig",
    "RunContextWrapper",
    "RunOptions",
    "RunState",
    "Runner",
    "get_default_agent_runner",
    "set_default_agent_runner",
]
