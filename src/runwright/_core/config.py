"""Run-wide configuration: :class:`ModelSettings` and :class:`RunConfig`."""

from __future__ import annotations

import dataclasses
import inspect
import math
import os
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar

from runwright._core.context import TContext
from runwright._core.exceptions import UserError
from runwright._core.pricing import PriceFn

if TYPE_CHECKING:
    from runwright._agent.agent import Agent
    from runwright._core.budget import RunBudget
    from runwright._core.context import RunContextWrapper
    from runwright._core.items import TResponseInputItem
    from runwright._models.interface import Model, ModelProvider
    from runwright._sandbox.config import SandboxRunConfig
    from runwright._sessions.compaction import SessionCompaction
    from runwright._sessions.protocol import SessionSettings


@dataclass
class MCPToolChoice:
    """A ``tool_choice`` naming one tool of a hosted MCP server (Responses API)."""

    server_label: str
    name: str


ToolChoice = Any
"""``"auto"``, ``"required"``, ``"none"``, a tool name, :class:`MCPToolChoice`, or a
provider-specific object."""

_T = TypeVar("_T")

_MERGED_DICTS = ("extra_args", "extra_headers", "extra_body", "extra_query", "metadata")

# The settings a trace may record (no request extras: they can carry secrets), in order.
_TRACEABLE = (
    "temperature",
    "top_p",
    "frequency_penalty",
    "presence_penalty",
    "tool_choice",
    "parallel_tool_calls",
    "truncation",
    "max_tokens",
    "reasoning",
    "verbosity",
    "metadata",
    "store",
    "prompt_cache_retention",
    "include_usage",
    "response_include",
    "top_logprobs",
    "retry",
    "context_management",
    "prompt_cache_options",
    "timeout",
)


def _json_value(value: Any) -> Any:
    """A setting's value as plain JSON (dataclasses and pydantic objects as dicts)."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json")
    if hasattr(value, "to_json_dict"):
        return value.to_json_dict()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _json_value(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, dict):
        return {str(k): _json_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_value(v) for v in value]
    return value


@dataclass
class ModelSettings:
    """Optional settings for a model call. ``None`` means "the model's default".

    Settings combine with :meth:`resolve`: the run config's settings override
    the agent's, field by field.
    """

    temperature: float | None = None
    top_p: float | None = None
    frequency_penalty: float | None = None
    presence_penalty: float | None = None
    tool_choice: ToolChoice | None = None
    parallel_tool_calls: bool | None = None
    truncation: Literal["auto", "disabled"] | None = None
    max_tokens: int | None = None
    reasoning: Any | None = None
    """Reasoning options, e.g. ``{"effort": "low", "summary": "auto"}``."""
    verbosity: Literal["low", "medium", "high"] | None = None
    metadata: dict[str, str] | None = None
    store: bool | None = None
    prompt_cache_retention: Literal["in_memory", "24h"] | None = None
    """How long the server keeps the prompt cache (``"24h"``: extended caching)."""
    include_usage: bool | None = None
    response_include: list[str] | None = None
    top_logprobs: int | None = None
    extra_query: dict[str, Any] | None = None
    extra_body: dict[str, Any] | None = None
    extra_headers: dict[str, str] | None = None
    extra_args: dict[str, Any] | None = None
    """Extra keyword arguments passed to the provider's API call as they are."""
    retry: Any | None = None
    """Retries for failed model calls: ``ModelRetrySettings(max_retries=, backoff=, policy=)``
    as in the OpenAI Agents SDK (runner-managed, driven by ``retry_policies``), or
    runwright's ``RetrySettings``. None: the model's default (see docs/models.md)."""
    context_management: list[dict[str, Any]] | None = None
    """Responses API context management entries, e.g.
    ``[{"type": "compaction", "compact_threshold": 200000}]``."""
    prompt_cache_options: dict[str, Any] | None = None
    """Prompt-cache configuration sent to the API, e.g. ``{"mode": "explicit", "ttl": "30m"}``."""
    preserve_raw_usage: bool | None = None
    """Keep the provider's usage payload as it came on ``ModelResponse.raw_usage``."""
    timeout: float | None = None
    """Seconds one model-call attempt may take; past it the call is cancelled and
    ``ModelTimeoutError`` raised (retry policies see it as a timeout)."""

    def __post_init__(self) -> None:
        if self.timeout is not None:
            _check_timeout(self)

    def resolve(self, override: ModelSettings | None) -> ModelSettings:
        """These settings with every non-None field of ``override`` applied.

        Dict fields (extra_args, extra_headers, extra_body, extra_query,
        metadata) are merged key by key, the override winning.
        """
        if override is None:
            return self
        changes: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(override, f.name)
            if value is None:
                continue
            mine = getattr(self, f.name)
            if f.name in _MERGED_DICTS and mine:
                value = {**mine, **value}
            changes[f.name] = value
        return dataclasses.replace(self, **changes) if changes else self

    def to_json_dict(self) -> dict[str, Any]:
        """Non-None fields as plain JSON-able values."""
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value is None:
                continue
            if hasattr(value, "model_dump"):
                value = value.model_dump(exclude_none=True)
            elif hasattr(value, "to_json_dict"):
                value = value.to_json_dict()
            out[f.name] = value
        return out

    def to_traceable_dict(self) -> dict[str, Any]:
        """The settings a trace may record, as plain JSON: every field except the request
        extras (``extra_*``) and ``preserve_raw_usage``; unset fields read ``None``."""
        return {name: _json_value(getattr(self, name)) for name in _TRACEABLE}


def _check_timeout(settings: ModelSettings) -> None:
    timeout = settings.timeout
    if (
        isinstance(timeout, bool)
        or not isinstance(timeout, (int, float))
        or not math.isfinite(timeout)
        or timeout <= 0
    ):
        raise UserError(
            f"ModelSettings(timeout=...) must be a finite number of seconds above 0, "
            f"got {timeout!r}."
        )
    settings.timeout = float(timeout)


@dataclass
class ToolErrorFormatterArgs(Generic[TContext]):
    """What ``RunConfig.tool_error_formatter`` receives about one tool error."""

    kind: Literal["approval_rejected", "tool_not_found", "tool_exception"]
    """``"tool_exception"``: a function tool raised (and uses the default failure
    handler); ``"approval_rejected"``: a human rejected the call without a message."""
    tool_type: Literal["function", "computer", "shell", "apply_patch", "custom"]
    tool_name: str
    call_id: str
    default_message: str
    """What the model is told when the formatter returns None."""
    run_context: RunContextWrapper[TContext]
    error: Exception | None = None
    """The tool's exception for ``"tool_exception"`` (may hold sensitive data), else None."""


ToolErrorFormatter = Callable[[ToolErrorFormatterArgs[Any]], Any]
"""``formatter(args) -> str | None`` (sync or async): the text the model sees instead."""

ReasoningItemIdPolicy = Literal["preserve", "omit"]
"""How reasoning items go back to the model: ``"preserve"`` their ids, or ``"omit"`` them."""

ToolNotFoundBehavior = Literal["raise_error", "return_error_to_model"]
"""What a call of a tool the agent does not offer does (``RunConfig.tool_not_found_behavior``)."""

ToolNameCollisionPolicy = Literal["warn", "error"]
"""What two tools (or a tool and a handoff) with one name do
(``RunConfig.tool_name_collision_policy``)."""


def _default_trace_include_sensitive_data() -> bool:
    """``RunConfig.trace_include_sensitive_data``'s default: True unless the environment
    variable ``OPENAI_AGENTS_TRACE_INCLUDE_SENSITIVE_DATA`` says otherwise."""
    try:
        value = os.environ.get("OPENAI_AGENTS_TRACE_INCLUDE_SENSITIVE_DATA", "true")
    except Exception:  # a sandbox without the environment (a Temporal workflow): as at import
        return _SENSITIVE_AT_IMPORT
    return _truthy(value)


def _truthy(value: str) -> bool:
    return value.strip().lower() in ("1", "true", "yes", "on")


_SENSITIVE_AT_IMPORT = _truthy(os.environ.get("OPENAI_AGENTS_TRACE_INCLUDE_SENSITIVE_DATA", "true"))


@dataclass
class ModelInputData:
    """What a model call is about to send: input items and system instructions."""

    input: list[TResponseInputItem]
    instructions: str | None


@dataclass
class CallModelData(Generic[TContext]):
    """What ``RunConfig.call_model_input_filter`` receives before each model call."""

    model_data: ModelInputData
    agent: Agent[TContext]
    context: TContext | None


CallModelInputFilter = Callable[[CallModelData[Any]], Any]
"""``filter(data) -> ModelInputData`` (sync or async): the input the model call uses."""


@dataclass
class OutputGuardrailBlockedMessageArgs(Generic[TContext]):
    """What an ``output_guardrail_blocked_message`` formatter receives (no rejected data)."""

    default_message: str
    """runwright's placeholder: ``"Output withheld by an output guardrail."``."""
    guardrail_name: str
    """The name of the output guardrail that tripped."""
    agent: Agent[Any]
    """The agent whose final output was rejected."""
    run_context: RunContextWrapper[TContext]


OutputGuardrailBlockedMessageFormatter = Callable[
    [OutputGuardrailBlockedMessageArgs[Any]], "str | None"
]
"""``formatter(args) -> str | None`` (synchronous): the placeholder kept instead of a
tool's final output that an output guardrail rejected."""


@dataclass
class ToolExecutionConfig:
    """How the run executes local function tool calls (``RunConfig.tool_execution``)."""

    max_function_tool_concurrency: int | None = None
    """At most this many function tool calls of one response run at once (None: all)."""
    pre_approval_tool_input_guardrails: bool = False
    """Run a tool's input guardrails before asking a human to approve the call, too
    (they run again right before the approved call executes)."""

    def __post_init__(self) -> None:
        limit = self.max_function_tool_concurrency
        if limit is not None and (
            isinstance(limit, bool) or not isinstance(limit, int) or limit < 1
        ):
            raise UserError(
                "ToolExecutionConfig(max_function_tool_concurrency=...) must be None or an "
                f"integer of at least 1, got {limit!r}."
            )
        if not isinstance(self.pre_approval_tool_input_guardrails, bool):
            raise UserError(
                "ToolExecutionConfig(pre_approval_tool_input_guardrails=...) must be a bool, "
                f"got {self.pre_approval_tool_input_guardrails!r}."
            )


@dataclass
class RunConfig:
    """Settings for a whole run, across every agent it reaches."""

    model: str | Model | None = None
    """Overrides every agent's model when set."""
    model_provider: ModelProvider | None = None
    """Resolves model names; defaults to the OpenAI-compatible provider."""
    model_settings: ModelSettings | None = None
    """Applied over each agent's settings (non-None fields win)."""
    handoff_input_filter: Callable[..., Any] | None = None
    nest_handoff_history: bool = False
    handoff_history_mapper: Callable[..., Any] | None = None
    input_guardrails: list[Any] | None = None
    output_guardrails: list[Any] | None = None
    tracing_disabled: bool = False
    tracing: Any | None = None
    """Tracing settings for this run, a ``TracingConfig`` dict such as ``{"api_key": ...}``:
    the key an exporter to the OpenAI traces dashboard uses for this run's traces."""
    trace_include_sensitive_data: bool = field(
        default_factory=_default_trace_include_sensitive_data
    )
    """Whether spans record inputs and outputs (default True, or the environment variable
    ``OPENAI_AGENTS_TRACE_INCLUDE_SENSITIVE_DATA``)."""
    workflow_name: str = "Agent workflow"
    trace_id: str | None = None
    group_id: str | None = None
    trace_metadata: dict[str, Any] | None = None
    session_input_callback: Callable[..., Any] | None = None
    call_model_input_filter: CallModelInputFilter | None = None
    """Called right before each model call with :class:`CallModelData`; the
    :class:`ModelInputData` it returns (sync or async) is what the model is sent."""
    tool_error_formatter: ToolErrorFormatter | None = None
    """Rewrites what the model is told when a function tool fails (tools using the default
    failure handler; not timeouts or agent tools) or a call is rejected without a message.
    Returning None (or failing) keeps the default message."""
    session_settings: SessionSettings | None = None
    """How much session history a run reads."""
    reasoning_item_id_policy: ReasoningItemIdPolicy | None = None
    """``"omit"``: reasoning items go back to the model without their ids; None or
    ``"preserve"``: as the model returned them."""
    sandbox: SandboxRunConfig | None = None
    """The run's sandbox (runwright.run_config.SandboxRunConfig): client, manifest, session,
    snapshot. A SandboxAgent gets the confined local client without it."""
    tool_execution: ToolExecutionConfig | None = None
    """How local function tool calls execute (:class:`ToolExecutionConfig`)."""
    tool_not_found_behavior: ToolNotFoundBehavior = "raise_error"
    """A call of a tool the agent does not offer: ``"raise_error"`` (ModelBehaviorError) or
    ``"return_error_to_model"`` (the model is told ``Tool 'x' not found.`` and goes on)."""
    tool_name_collision_policy: ToolNameCollisionPolicy = "warn"
    """Two function tools, or a function tool and a handoff, with one name: ``"warn"`` logs a
    warning and offers only the one a call would reach (the handoff, else the last tool);
    ``"error"`` raises UserError before the model is called."""
    output_guardrail_blocked_message: str | OutputGuardrailBlockedMessageFormatter | None = None
    """The placeholder kept (in the run's items, state and session) instead of a tool output
    that became the final output and was rejected by an output guardrail: a non-empty string,
    or a synchronous formatter of :class:`OutputGuardrailBlockedMessageArgs`. None, or a
    formatter returning None or failing: ``"Output withheld by an output guardrail."``."""
    session_compaction: SessionCompaction | None = None
    """SessionCompaction: summarise long session histories before a run reads them."""
    durable: Any | None = None
    """A checkpoint store (e.g. SQLiteCheckpointStore): checkpoint the run after every step."""
    output_retries: int = 0
    """How many times a final output that fails validation is sent back to the model with
    the validation error for a corrected answer, before ModelBehaviorError is raised."""
    budget: RunBudget | None = None
    """Limits on the run's requests, tokens, tool calls, cost and time (:class:`RunBudget`):
    a breach stops the run with BudgetExceeded (resumable). ``Runner.run(budget=...)`` wins."""
    price_fn: PriceFn | None = None
    """``price_fn(model_name, usage) -> Decimal | None``: the USD cost of one model call, for
    private models or negotiated prices; None (or returning None) uses the genai-prices data."""
    extra: dict[str, Any] = field(default_factory=dict)
    """Free-form settings for integrations; runwright itself ignores it."""

    def __post_init__(self) -> None:
        self.budget = check_budget(self.budget, "RunConfig(budget=...)")
        if self.price_fn is not None and not callable(self.price_fn):
            raise UserError(
                "RunConfig(price_fn=...) must be a function (model_name, usage) -> Decimal | None, "
                f"got {type(self.price_fn).__name__}."
            )
        if self.tool_not_found_behavior not in ("raise_error", "return_error_to_model"):
            raise UserError(
                "RunConfig(tool_not_found_behavior=...) must be 'raise_error' or "
                f"'return_error_to_model', got {self.tool_not_found_behavior!r}."
            )
        if self.tool_name_collision_policy not in ("warn", "error"):
            raise UserError(
                "RunConfig(tool_name_collision_policy=...) must be 'warn' or 'error', got "
                f"{self.tool_name_collision_policy!r}."
            )
        if self.reasoning_item_id_policy not in (None, "preserve", "omit"):
            raise UserError(
                "RunConfig(reasoning_item_id_policy=...) must be None, 'preserve' or 'omit', "
                f"got {self.reasoning_item_id_policy!r}."
            )
        if isinstance(self.model_settings, dict):  # as in the SDK: a dict of its fields
            self.model_settings = _from_dict(ModelSettings, self.model_settings)
        if isinstance(self.tool_execution, dict):
            self.tool_execution = _from_dict(ToolExecutionConfig, self.tool_execution)
        elif self.tool_execution is not None and not isinstance(
            self.tool_execution, ToolExecutionConfig
        ):
            raise UserError(
                "RunConfig(tool_execution=...) must be a ToolExecutionConfig, a dict of its "
                f"fields, or None; got {type(self.tool_execution).__name__}."
            )
        blocked = self.output_guardrail_blocked_message
        if type(blocked) is str:
            if not blocked:
                raise UserError(
                    "RunConfig(output_guardrail_blocked_message=...) must not be empty."
                )
        elif blocked is not None and (isinstance(blocked, str) or not callable(blocked)):
            raise UserError(
                "RunConfig(output_guardrail_blocked_message=...) must be a string, a formatter "
                f"callable or None; got {type(blocked).__name__}."
            )
        elif blocked is not None and inspect.iscoroutinefunction(blocked):
            raise UserError(
                "RunConfig(output_guardrail_blocked_message=...): the formatter must be "
                "synchronous (a plain def, not async def)."
            )


def check_budget(value: Any, where: str) -> RunBudget | None:
    """A budget argument: a RunBudget, a dict of its fields, or None.

    Raises:
        UserError: anything else, or a dict with unknown fields.
    """
    if value is None:
        return None
    budget_type = _run_budget_type or _load_run_budget_type()
    if isinstance(value, budget_type):
        return value  # type: ignore[no-any-return]
    if isinstance(value, dict):
        return _from_dict(budget_type, value)  # type: ignore[no-any-return]
    raise UserError(
        f"{where} must be a RunBudget, a dict of its fields or None; got {value!r:.80}."
    )


_run_budget_type: Any = None
"""RunBudget, once a budget was given (kept: an import statement costs a budgeted run
two attribute errors each time it runs)."""


def _load_run_budget_type() -> Any:
    global _run_budget_type
    # the budget vocabulary loads with the first budget given, not with `import runwright`
    from runwright._core.budget import RunBudget

    _run_budget_type = RunBudget
    return RunBudget


def run_config_from_dict(values: dict[str, Any]) -> RunConfig:
    """``RunConfig(**values)``, with a clear error for keys that are not its fields."""
    return _from_dict(RunConfig, values)


def _from_dict(cls: type[_T], values: dict[str, Any]) -> _T:
    """``cls(**values)``, with a clear error for keys that are not its fields."""
    names = {f.name for f in fields(cls)}  # type: ignore[arg-type]
    unknown = sorted(str(k) for k in values if k not in names)
    if unknown:
        raise UserError(
            f"{cls.__name__} has no field(s) {', '.join(unknown)}; its fields are "
            f"{', '.join(sorted(names))}."
        )
    return cls(**values)
