"""``ApplyPatchTool``: the model edits files through the user's :class:`ApplyPatchEditor`.

The model's ``apply_patch_call`` holds one operation (or several) —
create, update or delete a file with a V4A diff. The editor performs each;
its results (or the error it raised) become the ``apply_patch_call_output``.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Union

from typing_extensions import NotRequired, TypedDict

from runwright._core.exceptions import ModelBehaviorError
from runwright._core.items import RawItem
from runwright._tools.editor import ApplyPatchEditor, ApplyPatchOperation, ApplyPatchResult
from runwright._tools.native import (
    NativeTool,
    copy_caller,
    error_text,
    maybe_await,
    normalize_allowed_callers,
)

if TYPE_CHECKING:
    from runwright._core.context import RunContextWrapper
    from runwright._core.items import ToolApprovalItem
    from runwright._tools.context import ToolContext

ApplyPatchApprovalFunction = Callable[
    ["RunContextWrapper[Any]", ApplyPatchOperation, str], Union[bool, Awaitable[bool]]
]
"""``needs_approval(ctx, operation, call_id) -> bool``, asked for each operation."""


class ApplyPatchOnApprovalFunctionResult(TypedDict):
    """``on_approval``'s decision: approve, or reject with an optional reason."""

    approve: bool
    reason: NotRequired[str]


ApplyPatchOnApprovalFunction = Callable[
    ["RunContextWrapper[Any]", "ToolApprovalItem"],
    Union[ApplyPatchOnApprovalFunctionResult, Awaitable[ApplyPatchOnApprovalFunctionResult]],
]


@dataclass
class ApplyPatchToolCustomDataContext:
    """What an ApplyPatchTool ``custom_data_extractor`` receives."""

    run_context: RunContextWrapper[Any]
    tool: ApplyPatchTool
    operations: list[ApplyPatchOperation]
    output: str
    status: str
    raw_item: dict[str, Any]


ApplyPatchToolCustomDataExtractor = Callable[[ApplyPatchToolCustomDataContext], Any]
"""Returns data kept on the output item's ``custom_data`` (never sent to the model)."""

_KINDS = ("create_file", "update_file", "delete_file")


def patch_operations(call: Mapping[str, Any], ctx: Any) -> list[ApplyPatchOperation]:
    """The call's operations, checked.

    Raises:
        ModelBehaviorError: no operation, an unknown type, a missing path or diff.
    """
    many = call.get("operations")
    if isinstance(many, list):
        if not many:
            raise ModelBehaviorError("Apply patch call includes no operations.")
        return [_operation(op, ctx) for op in many]
    one = call.get("operation")
    if one is None:
        raise ModelBehaviorError("Apply patch call is missing an operation payload.")
    return [_operation(one, ctx)]


def _operation(raw: Any, ctx: Any) -> ApplyPatchOperation:
    def get(key: str) -> Any:
        return raw.get(key) if isinstance(raw, Mapping) else getattr(raw, key, None)

    kind = str(get("type"))
    if kind not in _KINDS:
        raise ModelBehaviorError(f"Unknown apply_patch operation: {kind}")
    path = get("path")
    if not isinstance(path, str) or not path:
        raise ModelBehaviorError("Apply patch operation is missing a valid path.")
    diff = get("diff")
    if kind != "delete_file" and (not isinstance(diff, str) or not diff):
        raise ModelBehaviorError(
            f"Apply patch operation {kind} is missing the required diff payload."
        )
    move_to = get("move_to")
    if move_to is not None and (not isinstance(move_to, str) or not move_to):
        raise ModelBehaviorError("Apply patch operation move_to must be a non-empty path.")
    return ApplyPatchOperation(
        type=kind,  # type: ignore[arg-type]
        path=path,
        diff=None if kind == "delete_file" else diff,
        ctx_wrapper=ctx,
        move_to=move_to,
    )


def editor_result(value: Any) -> ApplyPatchResult | None:
    """What an editor method returned, as an ApplyPatchResult (None: nothing to say)."""
    if value is None or isinstance(value, ApplyPatchResult):
        return value
    if isinstance(value, Mapping):
        status = value.get("status")
        output = value.get("output")
        return ApplyPatchResult(
            status=status if status in ("completed", "failed") else None,
            output=None if output is None else str(output),
        )
    return ApplyPatchResult(output=str(value))


@dataclass(eq=False)
class ApplyPatchTool(NativeTool):
    """Lets the model create, update and delete files (Responses ``apply_patch`` tool)."""

    editor: ApplyPatchEditor
    name: str = "apply_patch"
    needs_approval: bool | ApplyPatchApprovalFunction = False
    """True, or ``fn(ctx, operation, call_id) -> bool``: pause for a human before editing."""
    on_approval: ApplyPatchOnApprovalFunction | None = None
    custom_data_extractor: ApplyPatchToolCustomDataExtractor | None = field(
        default=None, kw_only=True
    )
    allowed_callers: list[Any] | None = field(default=None, kw_only=True)

    call_type: ClassVar[str] = "apply_patch_call"

    def __post_init__(self) -> None:
        self.allowed_callers = normalize_allowed_callers(self.allowed_callers, self.name)

    @property
    def type(self) -> str:
        return "apply_patch"

    def approval_subjects(self, ctx: RunContextWrapper[Any], call: RawItem) -> list[Any]:
        return list(patch_operations(call, ctx))

    def call_input(self, call: RawItem) -> str:
        ops = patch_operations(call, None)
        return json.dumps([{"type": o.type, "path": o.path, "diff": o.diff} for o in ops])

    def to_responses_tool(self) -> tuple[dict[str, Any], str | None]:
        spec: dict[str, Any] = {"type": "apply_patch"}
        if self.allowed_callers is not None:
            spec["allowed_callers"] = list(self.allowed_callers)
        return spec, None

    async def perform(self, ctx: ToolContext[Any], call: RawItem) -> tuple[RawItem, Any]:
        operations = patch_operations(call, ctx)
        status = "completed"
        texts: list[str] = []
        try:
            for op in operations:
                method = getattr(self.editor, op.type)
                result = editor_result(await maybe_await(method(op)))
                if result is not None:
                    if result.status == "failed":
                        status = "failed"
                    if result.output:
                        texts.append(result.output)
            text = "\n".join(texts)
        except Exception as error:
            status, text = "failed", error_text(error)
        item = RawItem(type="apply_patch_call_output", call_id=str(call["call_id"]), status=status)
        copy_caller(call, item)
        if text:
            item["output"] = text
        return item, text

    def custom_data_context(
        self, ctx: ToolContext[Any], call: RawItem, item: RawItem, output: Any
    ) -> ApplyPatchToolCustomDataContext:
        return ApplyPatchToolCustomDataContext(
            ctx, self, patch_operations(call, ctx), output, str(item.get("status")), dict(item)
        )

    def rejected(self, call: RawItem, message: str) -> RawItem:
        item = RawItem(
            type="apply_patch_call_output",
            call_id=str(call.get("call_id")),
            output=message,
            status="failed",
        )
        copy_caller(call, item)
        return item
