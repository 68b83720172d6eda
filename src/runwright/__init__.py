"""runwright: a fast, light agent runner with the OpenAI Agents SDK's API.

    from runwright import Agent, Runner, function_tool

Only light modules load at ``import runwright``; model adapters (and the
``openai`` client), session backends and exporters load when first used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .agent import Agent, AgentBase, AgentToolStreamEvent
from .config import ModelSettings, RunConfig, ToolErrorFormatter, ToolErrorFormatterArgs
from .context import AgentHookContext, RunContextWrapper
from .error_handlers import (
    RunErrorData,
    RunErrorHandler,
    RunErrorHandlerInput,
    RunErrorHandlerResult,
    RunErrorHandlers,
)
from .events import (
    AgentUpdatedStreamEvent,
    RawResponsesStreamEvent,
    RunItemStreamEvent,
    StreamEvent,
)
from .exceptions import (
    AgentsException,
    InputGuardrailTripwireTriggered,
    MaxTurnsExceeded,
    ModelBehaviorError,
    ModelRefusalError,
    OutputGuardrailTripwireTriggered,
    RunErrorDetails,
    ToolInputGuardrailTripwireTriggered,
    ToolOutputGuardrailTripwireTriggered,
    ToolTimeoutError,
    UserError,
)
from .guardrails import (
    GuardrailFunctionOutput,
    InputGuardrail,
    InputGuardrailResult,
    OutputGuardrail,
    OutputGuardrailResult,
    input_guardrail,
    output_guardrail,
)
from .handoffs import Handoff, HandoffInputData, handoff
from .items import (
    HandoffCallItem,
    HandoffOutputItem,
    ItemHelpers,
    MessageOutputItem,
    ModelResponse,
    ReasoningItem,
    RunItem,
    ToolApprovalItem,
    ToolCallItem,
    ToolCallOutputItem,
    TResponseInputItem,
)
from .lifecycle import AgentHooks, RunHooks
from .models.interface import Model, ModelProvider, ModelTracing
from .output_schema import AgentOutputSchemaBase
from .result import RunResult, RunResultStreaming
from .runner import AgentRunner, Runner, get_default_agent_runner, set_default_agent_runner
from .state import RunState
from .tools import FunctionTool, Tool, ToolContext, default_tool_error_function, function_tool
from .tools.guardrails import (
    ToolGuardrailFunctionOutput,
    ToolInputGuardrail,
    ToolInputGuardrailData,
    ToolOutputGuardrail,
    ToolOutputGuardrailData,
    tool_input_guardrail,
    tool_output_guardrail,
)
from .tools.use_behavior import (
    FunctionToolResult,
    StopAtTools,
    ToolsToFinalOutputFunction,
    ToolsToFinalOutputResult,
)
from .usage import Usage

if TYPE_CHECKING:
    from .durable import SQLiteCheckpointStore
    from .durable.store import InMemoryCheckpointStore
    from .models.chat_convert import ChatCompatibility
    from .models.fallback import FallbackModel
    from .models.openai_chat import OpenAIChatCompletionsModel
    from .models.openai_responses import OpenAIResponsesModel
    from .models.provider import (
        MultiProvider,
        OpenAIProvider,
        set_default_openai_api,
        set_default_openai_client,
        set_default_openai_key,
    )
    from .models.retry import ModelRetry, RetrySettings
    from .output_schema import AgentOutputSchema
    from .sessions import (
        InMemorySession,
        Session,
        SessionABC,
        SessionCompaction,
        SessionSettings,
        SQLiteSession,
    )
    from .testing import ScriptedModel
    from .tracing import (
        Span,
        SpanData,
        SpanError,
        Trace,
        TracingProcessor,
        add_trace_processor,
        agent_span,
        custom_span,
        flush_traces,
        function_span,
        gen_span_id,
        gen_trace_id,
        generation_span,
        get_current_span,
        get_current_trace,
        guardrail_span,
        handoff_span,
        response_span,
        set_trace_processors,
        set_tracing_disabled,
        trace,
    )

__version__ = "0.1.0"

# Public names that load a heavier module on first access.
_LAZY = {
    "ScriptedModel": (".testing", "ScriptedModel"),
    "OpenAIResponsesModel": (".models.openai_responses", "OpenAIResponsesModel"),
    "OpenAIChatCompletionsModel": (".models.openai_chat", "OpenAIChatCompletionsModel"),
    "OpenAIProvider": (".models.provider", "OpenAIProvider"),
    "MultiProvider": (".models.provider", "MultiProvider"),
    "set_default_openai_client": (".models.provider", "set_default_openai_client"),
    "set_default_openai_key": (".models.provider", "set_default_openai_key"),
    "set_default_openai_api": (".models.provider", "set_default_openai_api"),
    "RetrySettings": (".models.retry", "RetrySettings"),
    "ModelRetry": (".models.retry", "ModelRetry"),
    "FallbackModel": (".models.fallback", "FallbackModel"),
    "ChatCompatibility": (".models.chat_convert", "ChatCompatibility"),
    "AgentOutputSchema": (".output_schema", "AgentOutputSchema"),
    "Session": (".sessions", "Session"),
    "SessionABC": (".sessions", "SessionABC"),
    "SQLiteSession": (".sessions", "SQLiteSession"),
    "InMemorySession": (".sessions", "InMemorySession"),
    "SessionSettings": (".sessions", "SessionSettings"),
    "SessionCompaction": (".sessions", "SessionCompaction"),
    "SQLiteCheckpointStore": (".durable", "SQLiteCheckpointStore"),
    "InMemoryCheckpointStore": (".durable.store", "InMemoryCheckpointStore"),
    "trace": (".tracing", "trace"),
    "Trace": (".tracing", "Trace"),
    "Span": (".tracing", "Span"),
    "SpanData": (".tracing", "SpanData"),
    "SpanError": (".tracing", "SpanError"),
    "TracingProcessor": (".tracing", "TracingProcessor"),
    "add_trace_processor": (".tracing", "add_trace_processor"),
    "set_trace_processors": (".tracing", "set_trace_processors"),
    "set_tracing_disabled": (".tracing", "set_tracing_disabled"),
    "agent_span": (".tracing", "agent_span"),
    "function_span": (".tracing", "function_span"),
    "custom_span": (".tracing", "custom_span"),
    "generation_span": (".tracing", "generation_span"),
    "response_span": (".tracing", "response_span"),
    "handoff_span": (".tracing", "handoff_span"),
    "guardrail_span": (".tracing", "guardrail_span"),
    "get_current_trace": (".tracing", "get_current_trace"),
    "get_current_span": (".tracing", "get_current_span"),
    "gen_trace_id": (".tracing", "gen_trace_id"),
    "gen_span_id": (".tracing", "gen_span_id"),
    "flush_traces": (".tracing", "flush_traces"),
}


def __getattr__(name: str) -> Any:
    if name == "tracing":
        from importlib import import_module

        return import_module(".tracing", __name__)
    target = _LAZY.get(name)
    if target is None:
        raise AttributeError(f"module 'runwright' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(target[0], __name__), target[1])
    globals()[name] = value
    return value


__all__ = [
    "Agent",
    "AgentBase",
    "AgentHookContext",
    "AgentHooks",
    "AgentOutputSchema",
    "AgentOutputSchemaBase",
    "AgentRunner",
    "AgentToolStreamEvent",
    "AgentUpdatedStreamEvent",
    "AgentsException",
    "ChatCompatibility",
    "FallbackModel",
    "FunctionTool",
    "FunctionToolResult",
    "GuardrailFunctionOutput",
    "Handoff",
    "HandoffCallItem",
    "HandoffInputData",
    "HandoffOutputItem",
    "InMemoryCheckpointStore",
    "InMemorySession",
    "InputGuardrail",
    "InputGuardrailResult",
    "InputGuardrailTripwireTriggered",
    "ItemHelpers",
    "MaxTurnsExceeded",
    "MessageOutputItem",
    "Model",
    "ModelBehaviorError",
    "ModelRefusalError",
    "ModelProvider",
    "ModelResponse",
    "ModelRetry",
    "ModelSettings",
    "ModelTracing",
    "MultiProvider",
    "OpenAIChatCompletionsModel",
    "OpenAIProvider",
    "OpenAIResponsesModel",
    "OutputGuardrail",
    "OutputGuardrailResult",
    "OutputGuardrailTripwireTriggered",
    "RawResponsesStreamEvent",
    "ReasoningItem",
    "RetrySettings",
    "RunConfig",
    "RunContextWrapper",
    "RunErrorData",
    "RunErrorDetails",
    "RunErrorHandler",
    "RunErrorHandlerInput",
    "RunErrorHandlerResult",
    "RunErrorHandlers",
    "RunHooks",
    "RunItem",
    "RunItemStreamEvent",
    "RunResult",
    "RunResultStreaming",
    "RunState",
    "Runner",
    "SQLiteCheckpointStore",
    "SQLiteSession",
    "ScriptedModel",
    "Session",
    "SessionABC",
    "SessionCompaction",
    "SessionSettings",
    "Span",
    "SpanData",
    "SpanError",
    "StopAtTools",
    "StreamEvent",
    "TResponseInputItem",
    "Tool",
    "ToolApprovalItem",
    "ToolCallItem",
    "ToolCallOutputItem",
    "ToolContext",
    "ToolGuardrailFunctionOutput",
    "ToolInputGuardrail",
    "ToolInputGuardrailData",
    "ToolInputGuardrailTripwireTriggered",
    "ToolOutputGuardrail",
    "ToolOutputGuardrailData",
    "ToolOutputGuardrailTripwireTriggered",
    "ToolErrorFormatter",
    "ToolErrorFormatterArgs",
    "ToolTimeoutError",
    "ToolsToFinalOutputFunction",
    "ToolsToFinalOutputResult",
    "Trace",
    "TracingProcessor",
    "Usage",
    "UserError",
    "add_trace_processor",
    "agent_span",
    "custom_span",
    "default_tool_error_function",
    "flush_traces",
    "function_span",
    "function_tool",
    "gen_span_id",
    "gen_trace_id",
    "generation_span",
    "get_current_span",
    "get_current_trace",
    "get_default_agent_runner",
    "guardrail_span",
    "handoff",
    "handoff_span",
    "input_guardrail",
    "output_guardrail",
    "response_span",
    "set_default_agent_runner",
    "set_default_openai_api",
    "set_default_openai_client",
    "set_default_openai_key",
    "set_trace_processors",
    "set_tracing_disabled",
    "tool_input_guardrail",
    "tool_output_guardrail",
    "trace",
]
