"""The public API is pinned, and `import runwright` stays light."""

from __future__ import annotations

import json
import subprocess
import sys

import runwright

EXPECTED = {
    "RunBudget", "BudgetExceeded", "BudgetSpend", "BudgetWarning", "BudgetWarningEvent",
    "Agent", "AgentHooks", "AgentRunner", "AgentUpdatedStreamEvent", "AgentsException",
    "FunctionTool", "FunctionToolResult", "Handoff", "HandoffCallItem", "HandoffInputData",
    "HandoffOutputItem", "InputGuardrailTripwireTriggered", "ItemHelpers", "MaxTurnsExceeded",
    "MessageOutputItem", "Model", "ModelBehaviorError", "ModelProvider", "ModelResponse",
    "ModelSettings", "ModelTracing", "OutputGuardrailTripwireTriggered",
    "RawResponsesStreamEvent", "ReasoningItem", "RunConfig", "RunContextWrapper",
    "RunErrorDetails", "RunErrorHandlerInput", "RunErrorHandlers", "RunHooks", "RunItem",
    "RunItemStreamEvent", "RunResult", "RunResultStreaming", "RunState", "Runner",
    "ScriptedModel", "StopAtTools", "StreamEvent", "TResponseInputItem", "Tool",
    "ToolApprovalItem", "ToolCallItem", "ToolCallOutputItem", "ToolContext",
    "ToolInputGuardrailTripwireTriggered", "ToolOutputGuardrailTripwireTriggered",
    "ToolsToFinalOutputResult", "Usage", "UserError", "default_tool_error_function",
    "function_tool", "get_default_agent_runner", "handoff", "set_default_agent_runner",
    "GuardrailFunctionOutput", "InputGuardrail", "InputGuardrailResult", "OutputGuardrail",
    "OutputGuardrailResult", "input_guardrail", "output_guardrail", "ToolGuardrailFunctionOutput",
    "ToolInputGuardrail", "ToolInputGuardrailData", "ToolOutputGuardrail",
    "ToolOutputGuardrailData", "tool_input_guardrail", "tool_output_guardrail",
    "OpenAIResponsesModel", "OpenAIChatCompletionsModel", "OpenAIProvider", "MultiProvider",
    "set_default_openai_client", "set_default_openai_key", "set_default_openai_api",
    "RetrySettings", "ModelRetry", "FallbackModel", "ChatCompatibility", "AgentOutputSchema",
    "AgentOutputSchemaBase", "Session", "SessionABC", "SQLiteSession", "InMemorySession",
    "SessionSettings", "SessionCompaction", "SQLiteCheckpointStore", "InMemoryCheckpointStore",
    "OpenAIConversationsSession", "OpenAIResponsesCompactionSession",
    "OpenAIResponsesCompactionArgs", "OpenAIResponsesCompactionAwareSession",
    "is_openai_responses_compaction_aware_session",
    "trace", "Trace", "Span", "SpanData", "SpanError", "TracingProcessor", "add_trace_processor",
    "set_trace_processors", "set_tracing_disabled", "agent_span", "function_span", "custom_span",
    "generation_span", "response_span", "handoff_span", "guardrail_span", "get_current_trace",
    "get_current_span", "gen_trace_id", "gen_span_id", "flush_traces",
    "enable_verbose_stdout_logging", "run_demo_loop", "TContext", "HandoffInputFilter",
    "default_handoff_history_mapper", "ToolInputGuardrailResult", "ToolOutputGuardrailResult",
    "AgentSpanData", "CustomSpanData", "FunctionSpanData", "GenerationSpanData",
    "GuardrailSpanData", "HandoffSpanData", "MCPListToolsSpanData", "ResponseSpanData",
    "mcp_tools_span", "set_trace_provider",
    # SDK names added for drop-in compatibility (issue 11)
    "ModelRefusalError", "RunErrorData", "RunErrorHandler", "RunErrorHandlerResult",
    "ToolTimeoutError", "AgentHookContext", "AgentBase", "AgentToolStreamEvent",
    "ToolErrorFormatter", "ToolErrorFormatterArgs", "ToolsToFinalOutputFunction",
    "ModelRetryAdvice", "ModelRetryBackoffSettings", "ModelRetryNormalizedError",
    "ModelRetrySettings", "RetryDecision", "RetryPolicy", "RetryPolicyContext", "retry_policies",
    "ToolOutputFileContent", "ToolOutputFileContentDict", "ToolOutputImage",
    "ToolOutputImageDict", "ToolOutputText", "ToolOutputTextDict", "CodeInterpreterTool",
    "FileSearchTool", "HostedMCPTool", "HostedTool", "ImageGenerationTool", "WebSearchTool",
    "MCPApprovalRequestItem", "MCPApprovalResponseItem", "MCPListToolsItem",
    "MCPToolApprovalFunction", "MCPToolApprovalFunctionResult", "MCPToolApprovalRequest",
    # issue 20: items, prompts, handoff history
    "CompactionItem", "InputItem", "ToolOrigin", "ToolOriginType", "Prompt",
    "DynamicPromptFunction", "GenerateDynamicPromptData", "nest_handoff_history",
    "get_conversation_history_wrappers", "set_conversation_history_wrappers",
    "reset_conversation_history_wrappers",
    # issue 20: tracing
    "task_span", "turn_span", "TaskSpanData", "TurnSpanData", "SpeechSpanData",
    "SpeechGroupSpanData", "TranscriptionSpanData", "speech_span", "speech_group_span",
    "transcription_span", "set_tracing_export_api_key",
    # issue 20: run configuration and results
    "AgentToolInvocation", "OutputGuardrailBlockedMessageArgs",
    "OutputGuardrailBlockedMessageFormatter", "ReasoningItemIdPolicy", "ToolExecutionConfig",
    "ToolNameCollisionPolicy", "ToolNotFoundBehavior",
    # issue 20: models
    "ModelRetryAdviceRequest", "ModelTimeoutError", "OpenAIAgentRegistrationConfig",
    "OpenAIResponsesWSModel", "OpenAIResponsesWebSocketOptions", "ResponsesWebSocketSession",
    "responses_websocket_session", "set_default_openai_agent_registration",
    "set_default_openai_harness", "set_default_openai_responses_transport",
    # issue 21: local tools (shell, apply_patch, computer, custom), tool search
    "ShellTool", "ShellActionRequest", "ShellCallData", "ShellCallOutcome", "ShellCommandOutput",
    "ShellCommandRequest", "ShellExecutor", "ShellResult", "ShellToolLocalSkill",
    "ShellToolSkillReference", "ShellToolInlineSkillSource", "ShellToolInlineSkill",
    "ShellToolContainerSkill", "ShellToolContainerNetworkPolicyDomainSecret",
    "ShellToolContainerNetworkPolicyAllowlist", "ShellToolContainerNetworkPolicyDisabled",
    "ShellToolContainerNetworkPolicy", "ShellToolLocalEnvironment",
    "ShellToolContainerAutoEnvironment", "ShellToolContainerReferenceEnvironment",
    "ShellToolHostedEnvironment", "ShellToolEnvironment", "LocalShellCommandRequest",
    "LocalShellExecutor", "LocalShellTool", "ApplyPatchTool", "ApplyPatchToolCustomDataContext",
    "ApplyPatchToolCustomDataExtractor", "ApplyPatchEditor", "ApplyPatchOperation",
    "ApplyPatchResult", "apply_diff", "Computer", "AsyncComputer", "Environment", "Button",
    "ComputerProvider", "ComputerTool", "ComputerToolCustomDataContext",
    "ComputerToolCustomDataExtractor", "resolve_computer", "dispose_resolved_computers",
    "CustomTool", "CustomToolCustomDataContext", "CustomToolCustomDataExtractor", "ToolCaller",
    "ToolSearchTool", "ProgrammaticToolCallingTool", "WebSearchToolImageSettings",
    "ImageGenerationToolConfig", "FunctionToolCustomDataContext",
    "FunctionToolCustomDataExtractor", "tool_namespace", "ToolSearchCallItem",
    "ToolSearchOutputItem", "MCPToolCancellationError",
}  # fmt: skip


def test_all_is_pinned() -> None:
    assert set(runwright.__all__) == EXPECTED
    assert len(runwright.__all__) == len(set(runwright.__all__))


def test_every_public_name_resolves() -> None:
    for name in runwright.__all__:
        assert getattr(runwright, name) is not None, name


def test_every_exception_shares_one_root() -> None:
    for name in runwright.__all__:
        value = getattr(runwright, name)
        if isinstance(value, type) and issubclass(value, Exception):
            assert issubclass(value, runwright.AgentsException), name


def test_import_does_not_load_heavy_modules() -> None:
    code = (
        "import sys, json, runwright; "
        "print(json.dumps([m for m in ('openai', 'httpx', 'pydantic', 'asyncio', 'sqlite3', "
        "'redis', 'asyncpg', 'opentelemetry', 'rich') if m in sys.modules]))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == []
