"""What the run loop needs from a tool the model calls with its own item type.

Shell, apply_patch, computer, local shell and custom tools are not function
calls: the model sends a ``shell_call``, an ``apply_patch_call``, ... item and
expects a matching ``*_output`` item back. Each such tool subclasses
:class:`NativeTool`; the loop treats them all alike (approvals, hooks, spans,
recording) and asks the tool only what differs.
"""

from __future__ import annotations

import inspect
import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from runwright._core.exceptions import ModelBehaviorError, UserError
from runwright._core.items import RawItem

if TYPE_CHECKING:
    from runwright._core.context import RunContextWrapper
    from runwright._core.items import ToolApprovalItem
    from runwright._tools.context import ToolContext

VALID_CALLERS = ("direct", "programmatic")


class NativeTool:
    """Base of the tools runwright runs for a model item other than ``function_call``."""

    call_type: ClassVar[str] = ""
    """The model item type this tool answers (``"shell_call"``, ...)."""
    is_enabled: ClassVar[bool] = True
    idempotent: ClassVar[bool] = False
    """A call in flight when a durable run crashed is not re-run without a human."""
    tool_input_guardrails: ClassVar[None] = None
    tool_output_guardrails: ClassVar[None] = None
    name: Any
    """The tool's name (a field or a property of each subclass)."""

    run_scoped: ClassVar[bool] = False
    """True: the run calls set_up_for_run before its model calls, release_after_run at its end."""

    async def set_up_for_run(self, ctx: RunContextWrapper[Any]) -> None:
        """Prepares the tool for a run (a per-run computer, ...)."""

    async def release_after_run(self, ctx: RunContextWrapper[Any]) -> None:
        """Releases what set_up_for_run made."""

    @property
    def _extra(self) -> dict[str, Any]:
        """Notes runwright's engines keep on a tool (function tools have the same dict)."""
        notes: dict[str, Any] | None = self.__dict__.get("_runwright_extra")
        if notes is None:
            notes = self.__dict__["_runwright_extra"] = {}
        return notes

    @property
    def runs_locally(self) -> bool:
        """False when the provider runs the calls itself (a hosted shell environment)."""
        return True

    def approval_rule(self) -> Any:
        """``needs_approval``: a bool or ``fn(ctx, subject, call_id)``."""
        return getattr(self, "needs_approval", False)

    def approval_handler(self) -> Any:
        """``on_approval``: ``fn(ctx, approval_item) -> {"approve": ..., "reason": ...}``."""
        return getattr(self, "on_approval", None)

    def approval_subjects(self, ctx: RunContextWrapper[Any], call: RawItem) -> list[Any]:
        """What ``needs_approval(ctx, subject, call_id)`` is asked about (one per operation)."""
        return [call]

    def call_input(self, call: RawItem) -> str:
        """The call's input as text (ToolContext.tool_arguments, span input)."""
        return json.dumps(_without(call, ("type", "id", "call_id", "status")), default=str)

    async def perform(self, ctx: ToolContext[Any], call: RawItem) -> tuple[RawItem, Any]:
        """Runs the call: the output item for the model, and the output value for hooks."""
        raise NotImplementedError

    def rejected(self, call: RawItem, message: str) -> RawItem:
        """The output item telling the model the call was rejected."""
        raise NotImplementedError

    def to_responses_tool(self) -> tuple[dict[str, Any], str | None]:
        """The ``tools`` entry for ``/responses``, and an ``include`` value (or None)."""
        raise NotImplementedError


def _without(call: Mapping[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    return {k: v for k, v in call.items() if k not in keys}


def normalize_allowed_callers(callers: Any, tool_name: str) -> list[str] | None:
    """``allowed_callers`` checked: None, or a non-empty list of "direct"/"programmatic"."""
    if callers is None:
        return None
    if not isinstance(callers, list) or not callers:
        raise UserError(
            f"Tool `{tool_name}` allowed_callers must be a non-empty list containing "
            "'direct', 'programmatic', or both."
        )
    checked: list[str] = []
    for caller in callers:
        if caller not in VALID_CALLERS:
            raise UserError(
                f"Tool `{tool_name}` allowed_callers contains unsupported caller {caller!r}. "
                "Expected 'direct' or 'programmatic'."
            )
        if caller in checked:
            raise UserError(
                f"Tool `{tool_name}` allowed_callers contains duplicate caller {caller!r}."
            )
        checked.append(caller)
    return checked


def copy_caller(call: Mapping[str, Any], output: dict[str, Any]) -> None:
    """Carries a programmatic call's ``caller`` over to its output item."""
    caller = call.get("caller")
    if caller is not None:
        output["caller"] = caller


async def maybe_await(value: Any) -> Any:
    return await value if inspect.isawaitable(value) else value


def error_text(error: BaseException) -> str:
    """An exception as the model reads it: its message, or its class name."""
    text = str(error)
    return text or type(error).__name__


async def apply_on_approval(
    handler: Any, ctx: RunContextWrapper[Any], item: ToolApprovalItem
) -> None:
    """Asks ``on_approval`` and records its decision on the context (if it made one)."""
    decision = await maybe_await(handler(ctx, item))
    if not isinstance(decision, Mapping):
        return
    approve = decision.get("approve")
    if approve is True:
        ctx.approve_tool(item)
    elif approve is False:
        reason = decision.get("reason")
        ctx.reject_tool(
            item, rejection_message=reason if isinstance(reason, str) and reason else None
        )


def is_patch_name(name: Any, tool: NativeTool | None) -> bool:
    """Whether a custom tool call's name means apply_patch (older model rollouts)."""
    if not isinstance(name, str) or not name.strip():
        return False
    wanted = name.strip().lower()
    return wanted.startswith("apply_patch") or (
        tool is not None and wanted == tool.name.strip().lower()
    )


def patch_call_from_custom(call: Mapping[str, Any]) -> RawItem:
    """An ``apply_patch_call`` made from a custom tool call whose input is the operation(s)
    as JSON (how older models called apply_patch).

    Raises:
        ModelBehaviorError: the input is not a JSON object.
    """
    try:
        parsed = json.loads(call.get("input") or "{}")
    except ValueError as error:
        raise ModelBehaviorError(f"Invalid apply_patch input JSON: {error}") from error
    if not isinstance(parsed, dict):
        raise ModelBehaviorError("Apply patch input must be a JSON object.")
    if "operation" not in parsed and "operations" not in parsed:
        parsed = {"operation": parsed}
    pseudo = RawItem(type="apply_patch_call", call_id=call.get("call_id"), **parsed)
    copy_caller(call, pseudo)
    return pseudo
