"""Run-wide configuration: :class:`ModelSettings` and :class:`RunConfig`."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any, Generic, Literal

from runwright._core.context import TContext
from runwright._core.exceptions import UserError

if TYPE_CHECKING:
    from runwright._core.context import RunContextWrapper
    from runwright._models.interface import Model, ModelProvider
    from runwright._sandbox.config import SandboxRunConfig
    from runwright._sessions.compaction import SessionCompaction
    from runwright._sessions.protocol import SessionSettings

ToolChoice = Any
"""``"auto"``, ``"required"``, ``"none"``, a tool name, or a provider-specific object."""

_MERGED_DICTS = ("extra_args", "extra_headers", "extra_body", "extra_query", "metadata")


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
    trace_include_sensitive_data: bool = True
    workflow_name: str = "Agent workflow"
    trace_id: str | None = None
    group_id: str | None = None
    trace_metadata: dict[str, Any] | None = None
    session_input_callback: Callable[..., Any] | None = None
    call_model_input_filter: Callable[..., Any] | None = None
    session_settings: SessionSettings | None = None
    """How much session history a run reads."""
    session_compaction: SessionCompaction | None = None
    """SessionCompaction: summarise long session histories before a run reads them."""
    durable: Any | None = None
    """A checkpoint store (e.g. SQLiteCheckpointStore): checkpoint the run after every step."""
    tool_not_found_behavior: Literal["raise_error", "return_error_to_model"] = "raise_error"
    """A call of a tool the agent does not offer: ``"raise_error"`` (ModelBehaviorError) or
    ``"return_error_to_model"`` (the model is told ``Tool 'x' not found.`` and goes on)."""
    tool_error_formatter: ToolErrorFormatter | None = None
    """Rewrites what the model is told when a function tool fails (tools using the default
    failure handler; not timeouts or agent tools) or a call is rejected without a message.
    Returning None (or failing) keeps the default message."""
    output_retries: int = 0
    """How many times a final output that fails validation is sent back to the model with
    the validation error for a corrected answer, before ModelBehaviorError is raised."""
    sandbox: SandboxRunConfig | None = None
    """The run's sandbox (runwright.run_config.SandboxRunConfig): client, manifest, session,
    snapshot. A SandboxAgent gets the confined local client without it."""
    extra: dict[str, Any] = field(default_factory=dict)
    """Free-form settings for integrations; runwright itself ignores it."""

    def __post_init__(self) -> None:
        if self.tool_not_found_behavior not in ("raise_error", "return_error_to_model"):
            raise UserError(
                "RunConfig(tool_not_found_behavior=...) must be 'raise_error' or "
                f"'return_error_to_model', got {self.tool_not_found_behavior!r}."
            )
