"""``CustomTool``: a Responses custom tool, called with one raw string instead of JSON.

The model sends ``custom_tool_call`` (``name``, ``input``); ``on_invoke_tool(ctx,
input)`` answers with text (``custom_tool_call_output``). ``format`` may
constrain the input with a grammar (``{"type": "grammar", ...}``).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Literal, Union

from typing_extensions import NotRequired, TypedDict

from runwright._core.items import RawItem
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

ToolCaller = Literal["direct", "programmatic"]
"""Who may call a tool on Responses: the model directly, or its generated code."""

CustomToolExecutor = Callable[["ToolContext[Any]", str], Any]
CustomToolApprovalFunction = Callable[
    ["RunContextWrapper[Any]", str, str], Union[bool, Awaitable[bool]]
]
"""``needs_approval(ctx, input, call_id) -> bool``."""


class CustomToolOnApprovalFunctionResult(TypedDict):
    """``on_approval``'s decision: approve, or reject with an optional reason."""

    approve: bool
    reason: NotRequired[str]


CustomToolOnApprovalFunction = Callable[
    ["RunContextWrapper[Any]", "ToolApprovalItem"],
    Union[CustomToolOnApprovalFunctionResult, Awaitable[CustomToolOnApprovalFunctionResult]],
]


@dataclass
class CustomToolCustomDataContext:
    """What a CustomTool ``custom_data_extractor`` receives."""

    tool_context: ToolContext[Any]
    tool: CustomTool
    input: str
    output: str
    raw_item: dict[str, Any]


CustomToolCustomDataExtractor = Callable[[CustomToolCustomDataContext], Any]


@dataclass(eq=False)
class CustomTool(NativeTool):
    """A tool the model calls with free-form text (Responses ``custom`` tool)."""

    name: str
    description: str
    on_invoke_tool: CustomToolExecutor
    format: object | None = None
    needs_approval: bool | CustomToolApprovalFunction = False
    on_approval: CustomToolOnApprovalFunction | None = None
    defer_loading: bool = False
    custom_data_extractor: CustomToolCustomDataExtractor | None = field(default=None, kw_only=True)
    allowed_callers: list[Any] | None = field(default=None, kw_only=True)
    tool_config: dict[str, Any] = field(init=False, repr=False)

    call_type: ClassVar[str] = "custom_tool_call"

    def __post_init__(self) -> None:
        self.allowed_callers = normalize_allowed_callers(self.allowed_callers, self.name)
        config: dict[str, Any] = {
            "type": "custom",
            "name": self.name,
            "description": self.description,
        }
        if self.format is not None:
            config["format"] = self.format
        if self.defer_loading:
            config["defer_loading"] = True
        if self.allowed_callers is not None:
            config["allowed_callers"] = list(self.allowed_callers)
        self.tool_config = config

    @property
    def type(self) -> str:
        return "custom"

    def runtime_needs_approval(self) -> bool | CustomToolApprovalFunction:
        """The approval rule the run applies."""
        return self.needs_approval

    def runtime_on_approval(self) -> CustomToolOnApprovalFunction | None:
        """The approval handler the run applies."""
        return self.on_approval

    def approval_subjects(self, ctx: RunContextWrapper[Any], call: RawItem) -> list[Any]:
        return [str(call.get("input") or "")]

    def call_input(self, call: RawItem) -> str:
        return str(call.get("input") or "")

    def to_responses_tool(self) -> tuple[dict[str, Any], str | None]:
        return dict(self.tool_config), None

    async def perform(self, ctx: ToolContext[Any], call: RawItem) -> tuple[RawItem, Any]:
        try:
            result = await maybe_await(self.on_invoke_tool(ctx, self.call_input(call)))
            text = result if isinstance(result, str) else str(result)
        except Exception as error:
            text = error_text(error)
        return self.rejected(call, text), text

    def custom_data_context(
        self, ctx: ToolContext[Any], call: RawItem, item: RawItem, output: Any
    ) -> CustomToolCustomDataContext:
        return CustomToolCustomDataContext(ctx, self, self.call_input(call), output, dict(item))

    def rejected(self, call: RawItem, message: str) -> RawItem:
        item = RawItem(type="custom_tool_call_output", call_id=call.get("call_id"), output=message)
        copy_caller(call, item)
        return item
