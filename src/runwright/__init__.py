"""runwright: a fast, light agent runner with the OpenAI Agents SDK's API.

    from runwright import Agent, Runner, function_tool

Only light modules load at ``import runwright``; model adapters (and the
``openai`` client), session backends and exporters load when first used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .agent import Agent, AgentBase, AgentToolStreamEvent
from .config import ModelSettings, RunConfig, ToolErrorFormatter, ToolErrorFormatterArgs
from .context import AgentHookContext, RunContextWrapper, TContext
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
from .handoffs import (
    Handoff,
    HandoffInputData,
    HandoffInputFilter,
    default_handoff_history_mapper,
    handoff,
)
from .items import (
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
    ToolInputGuardrailResult,
    ToolOutputGuardrail,
    ToolOutputGuardrailData,
    ToolOutputGuardrailResult,
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
    from .logger import enable_verbose_stdout_logging
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
    from .models.retry_policies import (
        ModelRetryAdvice,
        ModelRetryBackoffSettings,
        ModelRetryNormalizedError,
        ModelRetrySettings,
        RetryDecision,
        RetryPolicy,
        RetryPolicyContext,
        retry_policies,
    )
    from .output_schema import AgentOutputSchema
    from .repl import run_demo_loop
    from .sessions import (
        InMemorySession,
        Session,
        SessionABC,
        SessionCompaction,
        SessionSettings,
        SQLiteSession,
    )
    from .testing import ScriptedModel
    from .tools.hosted import (
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
    from .tools.outputs import (
        ToolOutputFileContent,
        ToolOutputFileContentDict,
        ToolOutputImage,
        ToolOutputImageDict,
        ToolOutputText,
        ToolOutputTextDict,
    )
    from .tracing import (
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
    "ScriptedModel": (".testing", "ScriptedModel"),
    "enable_verbose_stdout_logging": (".logger", "enable_verbose_stdout_logging"),
    "run_demo_loop": (".repl", "run_demo_loop"),
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
    "AgentSpanData": (".tracing", "AgentSpanData"),
    "CustomSpanData": (".tracing", "CustomSpanData"),
    "FunctionSpanData": (".tracing", "FunctionSpanData"),
    "GenerationSpanData": (".tracing", "GenerationSpanData"),
    "GuardrailSpanData": (".tracing", "GuardrailSpanData"),
    "HandoffSpanData": (".tracing", "HandoffSpanData"),
    "MCPListToolsSpanData": (".tracing", "MCPListToolsSpanData"),
    "ResponseSpanData": (".tracing", "ResponseSpanData"),
    "mcp_tools_span": (".tracing", "mcp_tools_span"),
    "set_trace_provider": (".tracing", "set_trace_provider"),
    # model retries (SDK form), tool output types, hosted tools
    "ModelRetryAdvice": (".models.retry_policies", "ModelRetryAdvice"),
    "ModelRetryBackoffSettings": (".models.retry_policies", "ModelRetryBackoffSettings"),
    "ModelRetryNormalizedError": (".models.retry_policies", "ModelRetryNormalizedError"),
    "ModelRetrySettings": (".models.retry_policies", "ModelRetrySettings"),
    "RetryDecision": (".models.retry_policies", "RetryDecision"),
    "RetryPolicy": (".models.retry_policies", "RetryPolicy"),
    "RetryPolicyContext": (".models.retry_policies", "RetryPolicyContext"),
    "retry_policies": (".models.retry_policies", "retry_policies"),
    "ToolOutputFileContent": (".tools.outputs", "ToolOutputFileContent"),
    "ToolOutputFileContentDict": (".tools.outputs", "ToolOutputFileContentDict"),
    "ToolOutputImage": (".tools.outputs", "ToolOutputImage"),
    "ToolOutputImageDict": (".tools.outputs", "ToolOutputImageDict"),
    "ToolOutputText": (".tools.outputs", "ToolOutputText"),
    "ToolOutputTextDict": (".tools.outputs", "ToolOutputTextDict"),
    "CodeInterpreterTool": (".tools.hosted", "CodeInterpreterTool"),
    "FileSearchTool": (".tools.hosted", "FileSearchTool"),
    "HostedMCPTool": (".tools.hosted", "HostedMCPTool"),
    "HostedTool": (".tools.hosted", "HostedTool"),
    "MCPToolApprovalFunction": (".tools.hosted", "MCPToolApprovalFunction"),
    "MCPToolApprovalFunctionResult": (".tools.hosted", "MCPToolApprovalFunctionResult"),
    "MCPToolApprovalRequest": (".tools.hosted", "MCPToolApprovalRequest"),
    "ImageGenerationTool": (".tools.hosted", "ImageGenerationTool"),
    "WebSearchTool": (".tools.hosted", "WebSearchTool"),
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
