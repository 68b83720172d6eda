"""Every public module path of the OpenAI Agents SDK's core API exists under ``runwright.``.

A program written for the SDK runs after replacing ``agents`` with ``runwright``
in its imports, so ``from agents.X import Y`` must become ``from runwright.X
import Y``. ``MODULES`` pins that map, taken from the public names of
openai-agents 0.24's modules; docs/compatibility.md lists every name's status.

Names not there yet are listed too, and asserted MISSING, so the lists cannot
drift: when a name arrives, this test fails until it moves into ``MODULES``.
"""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

MODULES: dict[str, list[str]] = {
    "runwright.mcp": ["MCPServer", "MCPServerSse", "MCPServerStdio", "MCPServerStreamableHttp"],
    "runwright.retry": [
        "ModelRetrySettings", "RetryDecision", "RetryPolicyContext", "retry_policies",
    ],
    "runwright.sandbox": ["Manifest", "SandboxAgent"],
    "runwright.editor": ["ApplyPatchEditor", "ApplyPatchOperation", "ApplyPatchResult"],
    "runwright.extensions": ["ToolOutputTrimmer"],
    "runwright": [
        "Agent", "AgentBase", "AgentHookContext", "AgentToolStreamEvent", "ModelRefusalError",
        "RunErrorData", "RunErrorHandler", "RunErrorHandlerResult", "ToolErrorFormatter",
        "ToolErrorFormatterArgs", "ToolTimeoutError", "ToolsToFinalOutputFunction",
        "ModelTimeoutError",
        "AgentHooks", "AgentOutputSchema", "AgentOutputSchemaBase", "AgentSpanData",
        "AgentUpdatedStreamEvent", "AgentsException", "CustomSpanData", "FunctionSpanData",
        "MCPListToolsItem", "MCPApprovalRequestItem", "MCPApprovalResponseItem",
        "MCPToolApprovalFunction", "MCPToolApprovalFunctionResult", "MCPToolApprovalRequest",
        "FunctionTool", "FunctionToolResult", "GenerationSpanData", "GuardrailFunctionOutput",
        "GuardrailSpanData", "Handoff", "HandoffCallItem", "HandoffInputData",
        "HandoffInputFilter", "HandoffOutputItem", "HandoffSpanData", "InputGuardrail",
        "InputGuardrailResult", "InputGuardrailTripwireTriggered", "ItemHelpers",
        "MCPListToolsSpanData", "MaxTurnsExceeded", "MessageOutputItem", "Model",
        "ModelBehaviorError", "ModelProvider", "ModelResponse", "ModelSettings", "ModelTracing",
        "MultiProvider", "OpenAIChatCompletionsModel", "OpenAIProvider", "OpenAIResponsesModel",
        "ComputerTool", "ShellTool", "LocalShellTool", "ApplyPatchTool", "ToolSearchTool",
        "OutputGuardrail", "OutputGuardrailResult", "OutputGuardrailTripwireTriggered",
        "RawResponsesStreamEvent", "ReasoningItem", "ResponseSpanData", "RunConfig",
        "RunContextWrapper", "RunErrorDetails", "RunErrorHandlerInput", "RunErrorHandlers",
        "RunHooks", "RunItem", "RunItemStreamEvent", "RunResult", "RunResultStreaming",
        "RunState", "Runner", "SQLiteSession", "Session", "SessionABC", "SessionSettings",
        "OpenAIConversationsSession", "OpenAIResponsesCompactionSession",
        "OpenAIResponsesCompactionArgs", "OpenAIResponsesCompactionAwareSession",
        "is_openai_responses_compaction_aware_session",
        "Span", "SpanData", "SpanError", "StopAtTools", "StreamEvent", "TContext",
        "TResponseInputItem", "Tool", "ToolApprovalItem", "ToolCallItem", "ToolCallOutputItem",
        "ToolGuardrailFunctionOutput", "ToolInputGuardrail", "ToolInputGuardrailData",
        "ToolInputGuardrailResult", "ToolInputGuardrailTripwireTriggered", "ToolOutputGuardrail",
        "ToolOutputGuardrailData", "ToolOutputGuardrailResult",
        "ToolOutputGuardrailTripwireTriggered", "ToolsToFinalOutputResult", "Trace",
        "TracingProcessor", "Usage", "UserError", "__version__", "add_trace_processor",
        "agent_span", "custom_span", "default_handoff_history_mapper",
        "default_tool_error_function", "enable_verbose_stdout_logging", "flush_traces",
        "function_span", "function_tool", "gen_span_id", "gen_trace_id", "generation_span",
        "get_current_span", "get_current_trace", "guardrail_span", "handoff", "handoff_span",
        "input_guardrail", "mcp_tools_span", "output_guardrail", "response_span",
        "run_demo_loop", "set_default_openai_api", "set_default_openai_client",
        "set_default_openai_key", "set_trace_processors", "set_trace_provider",
        "set_tracing_disabled", "tool_input_guardrail", "tool_output_guardrail", "trace",
        "CodeInterpreterTool", "FileSearchTool", "HostedMCPTool", "ImageGenerationTool",
        "ModelRetrySettings", "RetryDecision", "RetryPolicyContext",
        "ToolOutputFileContent", "ToolOutputFileContentDict", "ToolOutputImage",
        "ToolOutputImageDict", "ToolOutputText", "ToolOutputTextDict", "WebSearchTool",
        "retry_policies",
        # issue 20: items, prompts, handoff history
        "nest_handoff_history", "get_conversation_history_wrappers",
        "set_conversation_history_wrappers", "reset_conversation_history_wrappers",
        "Prompt", "GenerateDynamicPromptData", "DynamicPromptFunction", "CompactionItem",
        "InputItem", "ToolOrigin", "ToolOriginType",
        # issue 20: tracing
        "task_span", "turn_span", "TaskSpanData", "TurnSpanData", "SpeechSpanData",
        "SpeechGroupSpanData", "TranscriptionSpanData", "speech_span", "speech_group_span",
        "transcription_span", "set_tracing_export_api_key",
    ],
    "runwright.agent": [
        "Agent", "AgentBase", "AgentToolStreamEvent", "StopAtTools", "ToolsToFinalOutputFunction",
        "ToolsToFinalOutputResult",
    ],
    "runwright.agent_output": ["AgentOutputSchema", "AgentOutputSchemaBase"],
    "runwright.decorators": [
        "function_tool", "input_guardrail", "output_guardrail", "tool", "tool_input_guardrail",
        "tool_output_guardrail",
    ],
    "runwright.exceptions": [
        "AgentsException", "InputGuardrailTripwireTriggered", "MaxTurnsExceeded",
        "ModelBehaviorError", "ModelRefusalError", "OutputGuardrailTripwireTriggered",
        "RunErrorDetails", "ToolInputGuardrailTripwireTriggered",
        "ToolOutputGuardrailTripwireTriggered", "ToolTimeoutError", "UserError",
    ],
    "runwright.extensions.visualization": [
        "draw_graph", "get_all_edges", "get_all_nodes", "get_main_graph",
    ],
    "runwright.extensions.handoff_filters": [
        "default_handoff_history_mapper", "nest_handoff_history", "remove_all_tools",
    ],
    "runwright.extensions.handoff_prompt": [
        "RECOMMENDED_PROMPT_PREFIX", "prompt_with_handoff_instructions",
    ],
    "runwright.function_schema": [
        "DocstringStyle", "FuncDocumentation", "FuncSchema", "function_schema",
        "generate_func_documentation",
    ],
    "runwright.guardrail": [
        "GuardrailFunctionOutput", "InputGuardrail", "InputGuardrailResult", "OutputGuardrail",
        "OutputGuardrailResult", "input_guardrail", "output_guardrail",
    ],
    "runwright.handoffs": [
        "Handoff", "HandoffHistoryMapper", "HandoffInputData", "HandoffInputFilter",
        "default_handoff_history_mapper", "handoff", "nest_handoff_history",
        "get_conversation_history_wrappers", "set_conversation_history_wrappers",
        "reset_conversation_history_wrappers",
    ],
    "runwright.items": [
        "HandoffCallItem", "HandoffOutputItem", "ItemHelpers", "MessageOutputItem",
        "ModelResponse", "ReasoningItem", "RunItem", "TResponseInputItem", "ToolApprovalItem",
        "ToolCallItem", "ToolCallOutputItem", "MCPListToolsItem", "MCPApprovalRequestItem",
        "MCPApprovalResponseItem", "RunItemBase", "CompactionItem", "InputItem",
    ],
    "runwright.lifecycle": ["AgentHooks", "AgentHooksBase", "RunHooks", "RunHooksBase"],
    "runwright.logger": ["logger"],
    "runwright.memory": [
        "SQLiteSession", "Session", "SessionABC", "SessionSettings",
        "OpenAIConversationsSession", "OpenAIResponsesCompactionSession",
        "OpenAIResponsesCompactionArgs", "OpenAIResponsesCompactionAwareSession",
        "is_openai_responses_compaction_aware_session", "SessionInputCallback",
    ],
    "runwright.extensions.memory": [
        "AdvancedSQLiteSession", "AsyncSQLiteSession", "DAPR_CONSISTENCY_EVENTUAL",
        "DAPR_CONSISTENCY_STRONG", "DaprSession", "EncryptedSession", "MongoDBSession",
        "RedisSession", "SQLAlchemySession",
    ],
    "runwright.extensions.models.litellm_model": ["LitellmModel"],
    "runwright.extensions.models.litellm_provider": ["LitellmProvider"],
    "runwright.extensions.models.any_llm_model": ["AnyLLMModel"],
    "runwright.extensions.models.any_llm_provider": ["AnyLLMProvider"],
    "runwright.memory.session": ["Session", "SessionABC"],
    "runwright.memory.session_settings": ["SessionSettings"],
    "runwright.memory.sqlite_session": ["SQLiteSession"],
    "runwright.model_settings": ["ModelSettings"],
    "runwright.models": [
        "get_default_model", "get_default_model_settings", "gpt_5_reasoning_settings_required",
        "is_gpt_5_default",
    ],
    "runwright.models.default_models": [
        "OPENAI_DEFAULT_MODEL_ENV_VARIABLE_NAME", "get_default_model",
        "get_default_model_settings", "gpt_5_reasoning_settings_required", "is_gpt_5_default",
    ],
    "runwright.models.interface": ["Model", "ModelProvider", "ModelTracing"],
    "runwright.models.multi_provider": ["MultiProvider", "MultiProviderMap"],
    "runwright.models.openai_chatcompletions": ["OpenAIChatCompletionsModel"],
    "runwright.models.openai_provider": ["DEFAULT_MODEL", "OpenAIProvider"],
    "runwright.models.openai_responses": ["OpenAIResponsesModel"],
    "runwright.repl": ["DEFAULT_MAX_TURNS", "run_demo_loop"],
    "runwright.result": [
        "RunResult", "RunResultBase", "RunResultStreaming", "AgentToolInvocation",
        "ToInputListMode",
    ],
    "runwright.run": [
        "DEFAULT_MAX_TURNS", "AgentRunner", "RunConfig", "RunContextWrapper", "RunOptions",
        "RunState", "Runner", "ToolErrorFormatter", "ToolErrorFormatterArgs",
        "get_default_agent_runner", "set_default_agent_runner",
        "CallModelData", "ModelInputData", "CallModelInputFilter",
        "OutputGuardrailBlockedMessageArgs", "OutputGuardrailBlockedMessageFormatter",
        "ReasoningItemIdPolicy", "ToolExecutionConfig", "ToolNameCollisionPolicy",
        "ToolNotFoundBehavior",
    ],
    "runwright.run_config": [
        "DEFAULT_MAX_TURNS", "RunConfig", "RunOptions", "ToolErrorFormatter",
        "ToolErrorFormatterArgs",
        "SandboxRunConfig",
        "CallModelData", "ModelInputData", "CallModelInputFilter",
        "OutputGuardrailBlockedMessageArgs", "OutputGuardrailBlockedMessageFormatter",
        "ReasoningItemIdPolicy", "ToolExecutionConfig", "ToolNameCollisionPolicy",
        "_default_trace_include_sensitive_data",
    ],
    "runwright.run_context": ["AgentHookContext", "RunContextWrapper", "TContext"],
    "runwright.run_error_handlers": [
        "RunErrorData", "RunErrorHandler", "RunErrorHandlerInput", "RunErrorHandlerResult",
        "RunErrorHandlers",
    ],
    "runwright.run_state": ["RunState"],
    "runwright.stream_events": [
        "AgentUpdatedStreamEvent", "RawResponsesStreamEvent", "RunItemStreamEvent", "StreamEvent",
    ],
    "runwright.strict_schema": ["ensure_strict_json_schema"],
    "runwright.tool": [
        "FunctionTool", "FunctionToolResult", "Tool", "default_tool_error_function",
        "function_tool",
        "CodeInterpreterTool", "FileSearchTool", "HostedMCPTool", "ImageGenerationTool",
        "ToolOutputFileContent", "ToolOutputFileContentDict", "ToolOutputImage",
        "ToolOutputImageDict", "ToolOutputText", "ToolOutputTextDict", "WebSearchTool",
        "MCPToolApprovalFunction", "MCPToolApprovalFunctionResult", "MCPToolApprovalRequest",
    ],
    "runwright.tool_context": ["ToolContext"],
    "runwright.tool_guardrails": [
        "AllowBehavior", "RaiseExceptionBehavior", "RejectContentBehavior",
        "ToolGuardrailFunctionOutput", "ToolInputGuardrail", "ToolInputGuardrailData",
        "ToolInputGuardrailResult", "ToolOutputGuardrail", "ToolOutputGuardrailData",
        "ToolOutputGuardrailResult", "tool_input_guardrail", "tool_output_guardrail",
    ],
    "runwright.tracing": [
        "AgentSpanData", "CustomSpanData", "FunctionSpanData", "GenerationSpanData",
        "GuardrailSpanData", "HandoffSpanData", "MCPListToolsSpanData", "ResponseSpanData",
        "Span", "SpanData", "SpanError", "Trace", "TraceProvider", "TracingProcessor",
        "add_trace_processor", "agent_span", "custom_span", "flush_traces", "function_span",
        "gen_span_id", "gen_trace_id", "generation_span", "get_current_span",
        "get_current_trace", "get_trace_provider", "guardrail_span", "handoff_span",
        "mcp_tools_span", "response_span", "set_trace_processors", "set_trace_provider",
        "set_tracing_disabled", "trace",
        # issue 20: the rest of agents.tracing
        "TracingConfig", "TraceCtxManager", "task_span", "turn_span", "SpeechGroupSpanData",
        "SpeechSpanData", "TaskSpanData", "TranscriptionSpanData", "TurnSpanData",
        "speech_group_span", "speech_span", "transcription_span",
    ],
    "runwright.tracing.config": ["TracingConfig"],
    "runwright.tracing.context": ["TraceCtxManager"],
    "runwright.tracing.create": [
        "agent_span", "custom_span", "function_span", "generation_span", "get_current_span",
        "get_current_trace", "guardrail_span", "handoff_span", "mcp_tools_span", "response_span",
        "trace", "task_span", "turn_span", "speech_span", "speech_group_span",
        "transcription_span",
    ],
    "runwright.tracing.processor_interface": ["TracingProcessor", "TracingExporter"],
    "runwright.tracing.processors": [
        "BatchTraceProcessor", "ConsoleSpanExporter", "BackendSpanExporter", "default_exporter",
        "default_processor",
    ],
    "runwright.tracing.scope": ["Scope"],
    "runwright.tracing.provider": ["TraceProvider"],
    "runwright.tracing.setup": ["get_trace_provider", "set_trace_provider"],
    "runwright.tracing.span_data": [
        "AgentSpanData", "CustomSpanData", "FunctionSpanData", "GenerationSpanData",
        "GuardrailSpanData", "HandoffSpanData", "MCPListToolsSpanData", "ResponseSpanData",
        "SpanData", "SpeechGroupSpanData", "SpeechSpanData", "TaskSpanData",
        "TranscriptionSpanData", "TurnSpanData",
    ],
    "runwright.tracing.spans": ["NoOpSpan", "Span", "SpanError"],
    "runwright.tracing.traces": ["NoOpTrace", "Trace"],
    "runwright.tracing.util": ["gen_group_id", "gen_span_id", "gen_trace_id", "time_iso"],
    "runwright.usage": ["RequestUsage", "Usage", "deserialize_usage", "serialize_usage"],
    "runwright.testing": [
        "InvalidModelStep", "ModelCall", "ModelScriptError", "ModelStep", "ModelStepSpec",
        "ScriptedModel", "UnconsumedModelSteps", "UnexpectedModelCall", "assistant_message",
        "function_call",
    ],
    "runwright.testing.model": [
        "InvalidModelStep", "ModelCall", "ModelScriptError", "ModelStep", "ModelStepSpec",
        "ScriptedModel", "UnconsumedModelSteps", "UnexpectedModelCall", "assistant_message",
        "function_call",
    ],
}  # fmt: skip

PENDING: dict[str, list[str]] = {
    # Names being built elsewhere, asserted MISSING; move each into MODULES when it arrives.
}  # fmt: skip

NOT_YET: dict[str, list[str]] = {
    # Public SDK names nobody is building yet; docs/compatibility.md says "not yet" for each.
}  # fmt: skip


def _has(module_path: str, name: str) -> bool:
    try:
        module = importlib.import_module(module_path)
    except ModuleNotFoundError as error:
        if error.name is not None and module_path.startswith(error.name):
            return False  # the module itself (or its package) does not exist
        raise
    return hasattr(module, name)


@pytest.mark.parametrize("module_path", sorted(MODULES))
def test_each_sdk_module_path_exists_with_its_names(module_path: str) -> None:
    module = importlib.import_module(module_path)
    missing = [name for name in MODULES[module_path] if not hasattr(module, name)]
    assert missing == [], f"{module_path} lacks {missing}"


@pytest.mark.parametrize("lists", [PENDING, NOT_YET], ids=["pending", "not-yet"])
def test_names_still_missing_are_listed(lists: dict[str, list[str]]) -> None:
    arrived = [f"{m}.{n}" for m, names in lists.items() for n in names if _has(m, n)]
    assert arrived == [], f"these now exist: move them into MODULES ({arrived})"


def test_re_exports_are_the_same_objects_as_the_top_level_names() -> None:
    import runwright

    for module_path, names in MODULES.items():
        module = importlib.import_module(module_path)
        for name in names:
            if name in runwright.__all__:
                assert getattr(module, name) is getattr(runwright, name), (module_path, name)


def test_decorators_tool_is_function_tool() -> None:
    from runwright.decorators import function_tool, tool

    assert tool is function_tool

    @tool
    def add(a: int, b: int) -> int:
        """Adds two numbers."""
        return a + b

    assert add.name == "add"


def test_importing_the_sdk_paths_does_not_import_openai() -> None:
    """Re-export modules stay light: only the model adapters' paths bring in ``openai``."""
    adapters = {
        "runwright.models.openai_provider",
        "runwright.models.multi_provider",
        "runwright.models.openai_chatcompletions",
        "runwright.models.openai_responses",
    }
    light = sorted(m for m in MODULES if m not in adapters)
    code = (
        "import sys\n"
        f"for m in {light!r}: __import__(m)\n"
        "print(sorted(m for m in ('openai', 'httpx', 'rich') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
