"""runwright: a fast, light agent runner with the OpenAI Agents SDK's API.

    from runwright import Agent, Runner, function_tool

Only light modules load at ``import runwright``; model adapters (and the
``openai`` client), session backends and exporters load when first used.
"""

from __future__ import annotations

from importlib import import_module
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
from runwright._core.lazy import forward_lazy
from runwright._core.lifecycle import AgentHooks, RunHooks
from runwright._core.usage import Usage
from runwright._core.version import __version__ as __version__
from runwright._loop.result import RunResult, RunResultStreaming
from runwright._loop.runner import (
    AgentRunner,
    Runner,
    get_default_agent_runner,
    set_default_agent_runner,
)
from runwright._models.interface import Model, ModelProvider, ModelTracing
from runwright._state.run_state import RunState
from runwright._tools.context import ToolContext
from runwright._tools.function_tool import (
    FunctionTool,
    Tool,
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
    from runwright._durable.sqlite import SQLiteCheckpointStore
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
    from runwright._sessions.compaction import SessionCompaction
    from runwright._sessions.memory import InMemorySession
    from runwright._sessions.protocol import (
        Session,
        SessionABC,
        SessionSettings,
    )
    from runwright._sessions.sqlite import SQLiteSession
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
    from runwright._tracing.configure import (
        add_trace_processor,
        flush_traces,
        set_trace_processors,
        set_tracing_disabled,
    )
    from runwright._tracing.create import (
        agent_span,
        custom_span,
        function_span,
        generation_span,
        guardrail_span,
        handoff_span,
        mcp_tools_span,
        response_span,
        trace,
    )
    from runwright._tracing.processor import TracingProcessor
    from runwright._tracing.provider import set_trace_provider
    from runwright._tracing.scope import (
        get_current_span,
        get_current_trace,
    )
    from runwright._tracing.span_data import (
        AgentSpanData,
        CustomSpanData,
        FunctionSpanData,
        GenerationSpanData,
        GuardrailSpanData,
        HandoffSpanData,
        MCPListToolsSpanData,
        ResponseSpanData,
        SpanData,
    )
    from runwright._tracing.spans import (
        Span,
        SpanError,
    )
    from runwright._tracing.traces import Trace
    from runwright._tracing.util import (
        gen_span_id,
        gen_trace_id,
    )


# Public names that load a heavier module on first access: name -> its home module.
_LAZY = {
    "ScriptedModel": "runwright._models.scripted",
    "enable_verbose_stdout_logging": "runwright._core.logger",
    "run_demo_loop": "runwright._loop.repl",
    "OpenAIResponsesModel": "runwright._models.openai_responses",
    "OpenAIChatCompletionsModel": "runwright._models.openai_chat",
    "OpenAIProvider": "runwright._models.provider",
    "MultiProvider": "runwright._models.provider",
    "set_default_openai_client": "runwright._models.provider",
    "set_default_openai_key": "runwright._models.provider",
    "set_default_openai_api": "runwright._models.provider",
    "RetrySettings": "runwright._models.retry",
    "ModelRetry": "runwright._models.retry",
    "FallbackModel": "runwright._models.fallback",
    "ChatCompatibility": "runwright._models.chat_convert",
    "AgentOutputSchema": "runwright._agent.output_schema",
    "Session": "runwright._sessions.protocol",
    "SessionABC": "runwright._sessions.protocol",
    "SQLiteSession": "runwright._sessions.sqlite",
    "InMemorySession": "runwright._sessions.memory",
    "SessionSettings": "runwright._sessions.protocol",
    "SessionCompaction": "runwright._sessions.compaction",
    "SQLiteCheckpointStore": "runwright._durable.sqlite",
    "InMemoryCheckpointStore": "runwright._durable.store",
    "trace": "runwright._tracing.create",
    "Trace": "runwright._tracing.traces",
    "Span": "runwright._tracing.spans",
    "SpanData": "runwright._tracing.span_data",
    "SpanError": "runwright._tracing.spans",
    "TracingProcessor": "runwright._tracing.processor",
    "add_trace_processor": "runwright._tracing.configure",
    "set_trace_processors": "runwright._tracing.configure",
    "set_tracing_disabled": "runwright._tracing.configure",
    "agent_span": "runwright._tracing.create",
    "function_span": "runwright._tracing.create",
    "custom_span": "runwright._tracing.create",
    "generation_span": "runwright._tracing.create",
    "response_span": "runwright._tracing.create",
    "handoff_span": "runwright._tracing.create",
    "guardrail_span": "runwright._tracing.create",
    "get_current_trace": "runwright._tracing.scope",
    "get_current_span": "runwright._tracing.scope",
    "gen_trace_id": "runwright._tracing.util",
    "gen_span_id": "runwright._tracing.util",
    "flush_traces": "runwright._tracing.configure",
    "AgentSpanData": "runwright._tracing.span_data",
    "CustomSpanData": "runwright._tracing.span_data",
    "FunctionSpanData": "runwright._tracing.span_data",
    "GenerationSpanData": "runwright._tracing.span_data",
    "GuardrailSpanData": "runwright._tracing.span_data",
    "HandoffSpanData": "runwright._tracing.span_data",
    "MCPListToolsSpanData": "runwright._tracing.span_data",
    "ResponseSpanData": "runwright._tracing.span_data",
    "mcp_tools_span": "runwright._tracing.create",
    "set_trace_provider": "runwright._tracing.provider",
    "ModelRetryAdvice": "runwright._models.retry_policies",
    "ModelRetryBackoffSettings": "runwright._models.retry_policies",
    "ModelRetryNormalizedError": "runwright._models.retry_policies",
    "ModelRetrySettings": "runwright._models.retry_policies",
    "RetryDecision": "runwright._models.retry_policies",
    "RetryPolicy": "runwright._models.retry_policies",
    "RetryPolicyContext": "runwright._models.retry_policies",
    "retry_policies": "runwright._models.retry_policies",
    "ToolOutputFileContent": "runwright._tools.outputs",
    "ToolOutputFileContentDict": "runwright._tools.outputs",
    "ToolOutputImage": "runwright._tools.outputs",
    "ToolOutputImageDict": "runwright._tools.outputs",
    "ToolOutputText": "runwright._tools.outputs",
    "ToolOutputTextDict": "runwright._tools.outputs",
    "CodeInterpreterTool": "runwright._tools.hosted",
    "FileSearchTool": "runwright._tools.hosted",
    "HostedMCPTool": "runwright._tools.hosted",
    "HostedTool": "runwright._tools.hosted",
    "MCPToolApprovalFunction": "runwright._tools.hosted",
    "MCPToolApprovalFunctionResult": "runwright._tools.hosted",
    "MCPToolApprovalRequest": "runwright._tools.hosted",
    "ImageGenerationTool": "runwright._tools.hosted",
    "WebSearchTool": "runwright._tools.hosted",
}


def __getattr__(name: str) -> Any:
    if name == "tracing":  # `runwright.tracing` without importing it first, as in the SDK
        return import_module("runwright.tracing")
    return _forward(name)


_forward = forward_lazy(__name__, _LAZY)

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
