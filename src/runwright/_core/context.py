"""The user's context object, wrapped with what the run tracks about itself."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic

from typing_extensions import TypeVar

from runwright._core.exceptions import ModelBehaviorError
from runwright._core.usage import Usage

if TYPE_CHECKING:
    from runwright._core.items import ToolApprovalItem, TResponseInputItem

TContext = TypeVar("TContext", default=Any)


@dataclass
class ApprovalRecord:
    """Human decisions for one tool: per call id, or for every call ("always")."""

    approved: bool | list[str] = field(default_factory=list)
    """True: every call approved; else the approved call ids."""
    rejected: bool | list[str] = field(default_factory=list)
    """True: every call rejected; else the rejected call ids."""
    messages: dict[str, str] = field(default_factory=dict)
    """Rejection messages for the model, by call id ("*" for always-rejected)."""

    def decision(self, call_id: str) -> bool | None:
        """A decision about the call itself overrides one about every call of the tool."""
        if isinstance(self.rejected, list) and call_id in self.rejected:
            return False
        if self.approved is True or (isinstance(self.approved, list) and call_id in self.approved):
            return True
        if self.rejected is True:
            return False
        return None

    def to_json_dict(self) -> dict[str, Any]:
        return {"approved": self.approved, "rejected": self.rejected, "messages": self.messages}


@dataclass(eq=False)
class RunContextWrapper(Generic[TContext]):
    """Wraps the ``context`` passed to ``Runner.run``.

    runwright never reads or changes ``context`` itself; it is handed to
    tools, hooks, guardrails and instructions callables. ``usage`` is the
    run's aggregated usage so far (shared by reference with ToolContext
    objects created for the same run, so it is always current). Human
    approval decisions live here too, so they travel with the RunState.

    ``turn_input`` is the run's input items (session history included) as the
    first model call saw them; treat it as read-only. ``tool_input`` is the
    structured input of an agent run as a tool with ``parameters=``.
    """

    context: TContext
    usage: Usage = field(default_factory=Usage)
    turn_input: list[TResponseInputItem] = field(default_factory=list)
    tool_input: Any = None
    _approvals: dict[str, ApprovalRecord] = field(default_factory=dict, init=False, repr=False)

    def approve_tool(self, approval_item: ToolApprovalItem, always_approve: bool = False) -> None:
        """Approves the call (or, with ``always_approve``, every call of that tool)."""
        record = self._approvals.setdefault(approval_item.tool_name or "", ApprovalRecord())
        if always_approve:
            record.approved, record.rejected = True, []
        elif record.approved is not True:
            assert isinstance(record.approved, list)
            record.approved.append(approval_item.call_id)
            if isinstance(record.rejected, list) and approval_item.call_id in record.rejected:
                record.rejected.remove(approval_item.call_id)

    def reject_tool(
        self,
        approval_item: ToolApprovalItem,
        always_reject: bool = False,
        rejection_message: str | None = None,
    ) -> None:
        """Rejects the call (or every call of that tool); the model gets ``rejection_message``."""
        record = self._approvals.setdefault(approval_item.tool_name or "", ApprovalRecord())
        key = "*" if always_reject else approval_item.call_id
        if rejection_message is not None:
            record.messages[key] = rejection_message
        if always_reject:
            record.rejected, record.approved = True, []
        elif record.rejected is not True:
            assert isinstance(record.rejected, list)
            record.rejected.append(approval_item.call_id)
            if isinstance(record.approved, list) and approval_item.call_id in record.approved:
                record.approved.remove(approval_item.call_id)

    def is_tool_approved(self, tool_name: str, call_id: str) -> bool | None:
        """True (approved), False (rejected) or None (not decided yet)."""
        record = self._approvals.get(tool_name)
        return None if record is None else record.decision(call_id)

    def get_approval_status(
        self,
        tool_name: str,
        call_id: str,
        *,
        tool_namespace: str | None = None,
        existing_pending: ToolApprovalItem | None = None,
        tool_lookup_key: Any = None,
        current_invocation: ToolApprovalItem | None = None,
    ) -> bool | None:
        """The human decision on one tool call: True (approved), False (rejected) or
        None (not decided yet).

        A decision recorded under the namespaced name (``tool_namespace.tool_name``,
        or the name in ``tool_lookup_key``) counts first. With ``existing_pending``
        (or ``current_invocation``), an approval item for a different call id is not
        this call's: the answer is None.

        Raises:
            ModelBehaviorError: ``call_id`` is empty.
        """
        _check_call_id(call_id)
        for invocation in (existing_pending, current_invocation):
            if invocation is not None and getattr(invocation, "call_id", call_id) != call_id:
                return None
        for name in _decision_names(tool_name, tool_namespace, tool_lookup_key):
            decision = self.is_tool_approved(name, call_id)
            if decision is not None:
                return decision
        return None

    def get_rejection_message(
        self,
        tool_name: str,
        call_id: str,
        *,
        tool_namespace: str | None = None,
        existing_pending: ToolApprovalItem | None = None,
        tool_lookup_key: Any = None,
    ) -> str | None:
        """The message given with the rejection of this call, if it was rejected with one.

        Raises:
            ModelBehaviorError: ``call_id`` is empty.
        """
        _check_call_id(call_id)
        pending_id = getattr(existing_pending, "call_id", call_id)
        if existing_pending is not None and pending_id != call_id:
            return None
        for name in _decision_names(tool_name, tool_namespace, tool_lookup_key):
            if self.is_tool_approved(name, call_id) is False:
                return self.rejection_message(name, call_id)
        return None

    def rejection_message(self, tool_name: str, call_id: str) -> str | None:
        """The message given when the call was rejected, if any."""
        record = self._approvals.get(tool_name)
        if record is None:
            return None
        return record.messages.get(call_id) or record.messages.get("*")


def _check_call_id(call_id: Any) -> None:
    if not isinstance(call_id, str) or not call_id:
        raise ModelBehaviorError("Approval-gated tool calls need a non-empty call id.")


def _decision_names(tool_name: str, namespace: str | None, lookup_key: Any) -> list[str]:
    """The names a decision for this tool may be recorded under, most specific first."""
    names: list[str] = []
    if isinstance(lookup_key, tuple) and lookup_key and all(isinstance(x, str) for x in lookup_key):
        parts = [x for x in lookup_key[1:] if x] if lookup_key[0] in ("bare", "namespaced") else []
        if parts:
            names.append(".".join(parts))
    if namespace:
        names.append(f"{namespace}.{tool_name}")
    names.append(tool_name)
    return list(dict.fromkeys(names))


@dataclass(eq=False)
class AgentHookContext(RunContextWrapper[TContext]):
    """The context ``on_agent_start`` / ``on_agent_end`` (and AgentHooks' ``on_start`` /
    ``on_end``) receive: the run's context, usage, approvals and ``turn_input``."""

    @classmethod
    def of(cls, wrapper: RunContextWrapper[Any]) -> AgentHookContext[Any]:
        """A hook context sharing ``wrapper``'s context, usage, input and approvals."""
        hook_context: AgentHookContext[Any] = cls(
            context=wrapper.context, usage=wrapper.usage, turn_input=wrapper.turn_input
        )
        hook_context._approvals = wrapper._approvals
        return hook_context
