"""runwright: a fast, light agent runner with the OpenAI Agents SDK's API.

    from runwright import Agent, Runner, function_tool

Only light modules load at ``import runwright``; model adapters (and the
``openai`` client), session backends and exporters load when first used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from runwright._agent.agent import Agent, AgentBase, AgentToolStreamEvent
from runwright._agent.guardrails import (
    GuardrailFunctionOutput,
    InputGuardrail,
    InputGuardrailResult,
    OutputGuardrail,
    OutputGuardrailResult,
    input_guardrail,
    output_guardrail,
)
from runwright._agent.handoffs import (
    Handoff,
    HandoffInputData,
    HandoffInputFilter,
    default_handoff_history_mapper,
    handoff,
)
from runwright._agent.output_schema import AgentOutputSchemaBase
from runwright._core.config import (
    ModelSettings,
    RunConfig,
    ToolErrorFormatter,
    ToolErrorFormatterArgs,
)
from runwright._core.context import AgentHookContext, RunContextWrapper, TContext
from runwright._core.error_handlers import (
    RunErrorData,
    RunErrorHandler,
    RunErrorHandlerInput,
    RunErrorHandlerResult,
    RunErrorHandlers,
)
from runwright._core.events import (
    AgentUpdatedStreamEvent,
    RawResponsesStreamEvent,
    RunItemStreamEvent,
    StreamEvent,
)
from runwright._core.exceptions import (
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
from runwright._core.items import (
    HandoffCallItem,
    HandoffOutputItem,
    ItemHelpers,
    MCPApprovalRequestItem,
    MCPApprovalResponseItem,
    MCPListToolsItem,
    MessageOutputItem,
    ModelResponse,
    ReasoningItem,
    RunItem,
    ToolApprovalItem,
    ToolCallItem,
    ToolCallOutputItem,
    TResponseInputItem,
)
from runwright._core.lifecycle import AgentHooks, RunHooks
from runwright._core.usage import Usage
from runwright._loop.result import RunResult, RunResultStreaming
from runwright._loop.runner import (
    AgentRunner,
    Runner,
    get_default_agent_runner,
    set_default_agent_runner,
)
from runwright._models.interface import Model, ModelProvider, ModelTracing
from runwright._state.run_state import RunState
from runwright._tools import (
    FunctionTool,
    Tool,
    ToolContext,
    default_tool_error_function,
    function_tool,
)
from runwright._tools.guardrails import (
    ToolGuardrailFunctionOutput,
    ToolInputGuardrail,
    ToolInputGuardrailData,
    ToolInputGuardrailResult,
    ToolOutputGuardrail,
    ToolOutputGuardrailData,
    ToolOutputGuardrailResult,
    tool_input_guardrail,
    tool_output_guardrail,
)
from runwright._tools.use_behavior import (
    FunctionToolResult,
    StopAtTools,
    ToolsToFinalOutputFunction,
    ToolsToFinalOutputResult,
)

if TYPE_CHECKING:
    from runwright._agent.output_schema import AgentOutputSchema
    from runwright._core.logger import enable_verbose_stdout_logging
    from runwright._durable import SQLiteCheckpointStore
    from runwright._durable.store import InMemoryCheckpointStore
    from runwright._loop.repl import run_demo_loop
    from runwright._models.chat_convert import ChatCompatibility
    from runwright._models.fallback import FallbackModel
    from runwright._models.openai_chat import OpenAIChatCompletionsModel
    from runwright._models.openai_responses import OpenAIResponsesModel
    from runwright._models.provider import (
        MultiProvider,
        OpenAIProvider,
        set_default_openai_api,
        set_default_openai_client,
        set_default_openai_key,
    )
    from runwright._models.retry import ModelRetry, RetrySettings
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
    from runwright._models.scripted import ScriptedModel
    from runwright._sessions import (
        InMemorySession,
        Session,
        SessionABC,
        SessionCompaction,
        SessionSettings,
        SQLiteSession,
    )
    from runwright._tools.hosted import (
        CodeInterpreterTool,
        FileSearchTool,
        HostedMCPTool,
        HostedTool,
        ImageGenerationTool,
        MCPToolApprovalFunction,
        MCPToolApprovalFunctionResult,
        MCPToolApprovalRequest,
        WebSearchTool,
    )
    from runwright._tools.outputs import (
        ToolOutputFileContent,
        ToolOutputFileContentDict,
        ToolOutputImage,
        ToolOutputImageDict,
        ToolOutputText,
        ToolOutputTextDict,
    )
    from runwright._tracing import (
        AgentSpanData,
        CustomSpanData,
        FunctionSpanData,
        GenerationSpanData,
        GuardrailSpanData,
        HandoffSpanData,
        MCPListToolsSpanData,
        ResponseSpanData,
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
        mcp_tools_span,
        response_span,
        set_trace_processors,
        set_trace_provider,
        set_tracing_disabled,
        trace,
    )

__version__ = "0.1.0"

# Public names that load a heavier module on first access.
_LAZY = {
    "ScriptedModel": ("runwright._models.scripted", "ScriptedModel"),
    "enable_verbose_stdout_logging": ("runwright._core.logger", "enable_verbose_stdout_logging"),
    "run_demo_loop": ("runwright._loop.repl", "run_demo_loop"),
    "OpenAIResponsesModel": ("runwright._models.openai_responses", "OpenAIResponsesModel"),
    "OpenAIChatCompletionsModel": ("runwright._models.openai_chat", "OpenAIChatCompletionsModel"),
    "OpenAIProvider": ("runwright._models.provider", "OpenAIProvider"),
    "MultiProvider": ("runwright._models.provider", "MultiProvider"),
    "set_default_openai_client": ("runwright._models.provider", "set_default_openai_client"),
    "set_default_openai_key": ("runwright._models.provider", "set_default_openai_key"),
    "set_default_openai_api": ("runwright._models.provider", "set_default_openai_api"),
    "RetrySettings": ("runwright._models.retry", "RetrySettings"),
    "ModelRetry": ("runwright._models.retry", "ModelRetry"),
    "FallbackModel": ("runwright._models.fallback", "FallbackModel"),
    "ChatCompatibility": ("runwright._models.chat_convert", "ChatCompatibility"),
    "AgentOutputSchema": ("runwright._agent.output_schema", "AgentOutputSchema"),
    "Session": ("runwright._sessions", "Session"),
    "SessionABC": ("runwright._sessions", "SessionABC"),
    "SQLiteSession": ("runwright._sessions", "SQLiteSession"),
    "InMemorySession": ("runwright._sessions", "InMemorySession"),
    "SessionSettings": ("runwright._sessions", "SessionSettings"),
    "SessionCompaction": ("runwright._sessions", "SessionCompaction"),
    "SQLiteCheckpointStore": ("runwright._durable", "SQLiteCheckpointStore"),
    "InMemoryCheckpointStore": ("runwright._durable.store", "InMemoryCheckpointStore"),
    "trace": ("runwright._tracing", "trace"),
    "Trace": ("runwright._tracing", "Trace"),
    "Span": ("runwright._tracing", "Span"),
    "SpanData": ("runwright._tracing", "SpanData"),
    "SpanError": ("runwright._tracing", "SpanError"),
    "TracingProcessor": ("runwright._tracing", "TracingProcessor"),
    "add_trace_processor": ("runwright._tracing", "add_trace_processor"),
    "set_trace_processors": ("runwright._tracing", "set_trace_processors"),
    "set_tracing_disabled": ("runwright._tracing", "set_tracing_disabled"),
    "agent_span": ("runwright._tracing", "agent_span"),
    "function_span": ("runwright._tracing", "function_span"),
    "custom_span": ("runwright._tracing", "custom_span"),
    "generation_span": ("runwright._tracing", "generation_span"),
    "response_span": ("runwright._tracing", "response_span"),
    "handoff_span": ("runwright._tracing", "handoff_span"),
    "guardrail_span": ("runwright._tracing", "guardrail_span"),
    "get_current_trace": ("runwright._tracing", "get_current_trace"),
    "get_current_span": ("runwright._tracing", "get_current_span"),
    "gen_trace_id": ("runwright._tracing", "gen_trace_id"),
    "gen_span_id": ("runwright._tracing", "gen_span_id"),
    "flush_traces": ("runwright._tracing", "flush_traces"),
    "AgentSpanData": ("runwright._tracing", "AgentSpanData"),
    "CustomSpanData": ("runwright._tracing", "CustomSpanData"),
    "FunctionSpanData": ("runwright._tracing", "FunctionSpanData"),
    "GenerationSpanData": ("runwright._tracing", "GenerationSpanData"),
    "GuardrailSpanData": ("runwright._tracing", "GuardrailSpanData"),
    "HandoffSpanData": ("runwright._tracing", "HandoffSpanData"),
    "MCPListToolsSpanData": ("runwright._tracing", "MCPListToolsSpanData"),
    "ResponseSpanData": ("runwright._tracing", "ResponseSpanData"),
    "mcp_tools_span": ("runwright._tracing", "mcp_tools_span"),
    "set_trace_provider": ("runwright._tracing", "set_trace_provider"),
    # model retries (SDK form), tool output types, hosted tools
    "ModelRetryAdvice": ("runwright._models.retry_policies", "ModelRetryAdvice"),
    "ModelRetryBackoffSettings": ("runwright._models.retry_policies", "ModelRetryBackoffSettings"),
    "ModelRetryNormalizedError": ("runwright._models.retry_policies", "ModelRetryNormalizedError"),
    "ModelRetrySettings": ("runwright._models.retry_policies", "ModelRetrySettings"),
    "RetryDecision": ("runwright._models.retry_policies", "RetryDecision"),
    "RetryPolicy": ("runwright._models.retry_policies", "RetryPolicy"),
    "RetryPolicyContext": ("runwright._models.retry_policies", "RetryPolicyContext"),
    "retry_policies": ("runwright._models.retry_policies", "retry_policies"),
    "ToolOutputFileContent": ("runwright._tools.outputs", "ToolOutputFileContent"),
    "ToolOutputFileContentDict": ("runwright._tools.outputs", "ToolOutputFileContentDict"),
    "ToolOutputImage": ("runwright._tools.outputs", "ToolOutputImage"),
    "ToolOutputImageDict": ("runwright._tools.outputs", "ToolOutputImageDict"),
    "ToolOutputText": ("runwright._tools.outputs", "ToolOutputText"),
    "ToolOutputTextDict": ("runwright._tools.outputs", "ToolOutputTextDict"),
    "CodeInterpreterTool": ("runwright._tools.hosted", "CodeInterpreterTool"),
    "FileSearchTool": ("runwright._tools.hosted", "FileSearchTool"),
    "HostedMCPTool": ("runwright._tools.hosted", "HostedMCPTool"),
    "HostedTool": ("runwright._tools.hosted", "HostedTool"),
    "MCPToolApprovalFunction": ("runwright._tools.hosted", "MCPToolApprovalFunction"),
    "MCPToolApprovalFunctionResult": ("runwright._tools.hosted", "MCPToolApprovalFunctionResult"),
    "MCPToolApprovalRequest": ("runwright._tools.hosted", "MCPToolApprovalRequest"),
    "ImageGenerationTool": ("runwright._tools.hosted", "ImageGenerationTool"),
    "WebSearchTool": ("runwright._tools.hosted", "WebSearchTool"),
}


def __getattr__(name: str) -> Any:
    if name == "tracing":
        from importlib import import_module

        return import_module("runwright._tracing", __name__)
    target = _LAZY.get(name)
    if target is None:
        raise AttributeError(f"module 'runwright' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(target[0]), target[1])
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
    "AgentSpanData",
    "AgentToolStreamEvent",
    "AgentUpdatedStreamEvent",
    "AgentsException",
    "ChatCompatibility",
    "CustomSpanData",
    "FallbackModel",
    "FunctionSpanData",
    "FunctionTool",
    "FunctionToolResult",
    "GenerationSpanData",
    "GuardrailFunctionOutput",
    "GuardrailSpanData",
    "Handoff",
    "HandoffCallItem",
    "HandoffInputData",
    "HandoffInputFilter",
    "HandoffOutputItem",
    "HandoffSpanData",
    "InMemoryCheckpointStore",
    "InMemorySession",
    "InputGuardrail",
    "InputGuardrailResult",
    "InputGuardrailTripwireTriggered",
    "ItemHelpers",
    "MCPListToolsSpanData",
    "MaxTurnsExceeded",
    "MessageOutputItem",
    "Model",
    "ModelBehaviorError",
    "ModelProvider",
    "ModelRefusalError",
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
    "ResponseSpanData",
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
    "TContext",
    "TResponseInputItem",
    "Tool",
    "ToolApprovalItem",
    "MCPApprovalRequestItem",
    "MCPApprovalResponseItem",
    "MCPListToolsItem",
    "ToolCallItem",
    "ToolCallOutputItem",
    "ToolContext",
    "ToolErrorFormatter",
    "ToolErrorFormatterArgs",
    "ToolGuardrailFunctionOutput",
    "ToolInputGuardrail",
    "ToolInputGuardrailData",
    "ToolInputGuardrailResult",
    "ToolInputGuardrailTripwireTriggered",
    "ToolOutputGuardrail",
    "ToolOutputGuardrailData",
    "ToolOutputGuardrailResult",
    "ToolOutputGuardrailTripwireTriggered",
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
    "default_handoff_history_mapper",
    "default_tool_error_function",
    "enable_verbose_stdout_logging",
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
    "mcp_tools_span",
    "output_guardrail",
    "response_span",
    "run_demo_loop",
    "set_default_agent_runner",
    "set_default_openai_api",
    "set_default_openai_client",
    "set_default_openai_key",
    "set_trace_processors",
    "set_trace_provider",
    "set_tracing_disabled",
    "tool_input_guardrail",
    "tool_output_guardrail",
    "trace",
    # model retries (SDK form), tool output types, hosted tools
    "ModelRetryAdvice",
    "ModelRetryBackoffSettings",
    "ModelRetryNormalizedError",
    "ModelRetrySettings",
    "RetryDecision",
    "RetryPolicy",
    "RetryPolicyContext",
    "retry_policies",
    "ToolOutputFileContent",
    "ToolOutputFileContentDict",
    "ToolOutputImage",
    "ToolOutputImageDict",
    "ToolOutputText",
    "ToolOutputTextDict",
    "CodeInterpreterTool",
    "FileSearchTool",
    "HostedMCPTool",
    "HostedTool",
    "ImageGenerationTool",
    "MCPToolApprovalFunction",
    "MCPToolApprovalFunctionResult",
    "MCPToolApprovalRequest",
    "WebSearchTool",
]
