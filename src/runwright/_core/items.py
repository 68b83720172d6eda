"""Conversation items: light data in the OpenAI Responses API shape.

Raw items (what the model sends and receives) are :class:`RawItem` objects:
plain ``dict`` subclasses readable by key *and* by attribute
(``item["call_id"]`` and ``item.call_id``; nested ``item.content[0].text``), so
they go on the wire as they are and code written for either style works.
Run items (:class:`RunItem` subclasses) wrap one raw item with the agent that
produced it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Literal, Union

from runwright._core.typed import typed_list
from runwright._core.usage import Usage

if TYPE_CHECKING:
    from runwright._agent.agent import Agent

TResponseInputItem = dict[str, Any]
"""One input item in Responses API shape (``{"role": "user", "content": "hi"}``, ...)."""


class RawItem(dict[str, Any]):
    """A dict whose keys also read as attributes; missing fields read as ``None``."""

    __slots__ = ()

    def __getattr__(self, name: str) -> Any:
        if name[:1] == "_":
            raise AttributeError(name)
        return self.get(name)

    def __setattr__(self, name: str, value: Any) -> None:
        self[name] = value

    def __repr__(self) -> str:
        return f"RawItem({dict.__repr__(self)})"

    def model_dump(self, **_: Any) -> dict[str, Any]:
        """A plain-dict deep copy (named as in pydantic, which SDK users call)."""
        return _plain(self)  # type: ignore[no-any-return]


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


_SCALARS = (str, int, float, bool, type(None))


def to_raw(value: Any) -> Any:
    """Converts dicts (recursively, through lists) into :class:`RawItem`."""
    kind = type(value)
    if kind in _SCALARS or kind is RawItem:
        return value
    if kind is dict:
        return RawItem({k: v if type(v) in _SCALARS else to_raw(v) for k, v in value.items()})
    if kind is list:
        return [to_raw(v) for v in value]
    if isinstance(value, RawItem):
        return value
    if isinstance(value, Mapping):
        return RawItem({k: to_raw(v) for k, v in value.items()})
    if isinstance(value, list):
        return [to_raw(v) for v in value]
    if hasattr(value, "model_dump"):  # pydantic objects, e.g. openai types
        return to_raw(value.model_dump(exclude_unset=True))
    return value


# ----- raw item constructors -------------------------------------------------


def message_raw(text: str, *, id: str | None = None, refusal: str | None = None) -> RawItem:
    """An assistant output message with one ``output_text`` (or ``refusal``) part."""
    part: RawItem
    if refusal is not None:
        part = RawItem(type="refusal", refusal=refusal)
    else:
        part = RawItem(type="output_text", text=text, annotations=[])
    item = RawItem(type="message", role="assistant", status="completed", content=[part])
    if id is not None:
        item["id"] = id
    return item


def function_call_raw(name: str, arguments: str, call_id: str, *, id: str | None = None) -> RawItem:
    """A ``function_call`` output item."""
    item = RawItem(type="function_call", name=name, arguments=arguments, call_id=call_id)
    if id is not None:
        item["id"] = id
    return item


def function_output_raw(call_id: str, output: str | list[dict[str, Any]]) -> RawItem:
    """A ``function_call_output`` input item (output: text, or input parts such as images)."""
    return RawItem(type="function_call_output", call_id=call_id, output=output)


# ----- run items --------------------------------------------------------------


@dataclass(eq=False, slots=True)
class RunItem:
    """One item a run produced, with the agent that produced it."""

    agent: Agent[Any]
    raw_item: RawItem

    type: ClassVar[str] = "run_item"
    event_name: ClassVar[str] = ""
    """The RunItemStreamEvent name announcing this kind of item."""
    in_transcript: ClassVar[bool] = True
    """Whether the item is sent back to the model (approval requests are not)."""

    def to_input_item(self) -> TResponseInputItem:
        """The item as model input (a dict; the raw item itself, not a copy)."""
        return self.raw_item


@dataclass(eq=False, slots=True)
class MessageOutputItem(RunItem):
    """An assistant message."""

    type: ClassVar[str] = "message_output_item"
    event_name: ClassVar[str] = "message_output_created"


@dataclass(eq=False, slots=True)
class ToolCallItem(RunItem):
    """A tool call requested by the model."""

    type: ClassVar[str] = "tool_call_item"
    event_name: ClassVar[str] = "tool_called"


@dataclass(eq=False, slots=True)
class ToolCallOutputItem(RunItem):
    """A tool's result; ``output`` is the Python value the tool returned."""

    output: Any = None
    type: ClassVar[str] = "tool_call_output_item"
    event_name: ClassVar[str] = "tool_output"


@dataclass(eq=False, slots=True)
class ReasoningItem(RunItem):
    """A reasoning item; replayed to the model as it came."""

    type: ClassVar[str] = "reasoning_item"
    event_name: ClassVar[str] = "reasoning_item_created"


@dataclass(eq=False, slots=True)
class HandoffCallItem(RunItem):
    """The model's call of a handoff tool."""

    type: ClassVar[str] = "handoff_call_item"
    event_name: ClassVar[str] = "handoff_requested"


@dataclass(eq=False, slots=True)
class HandoffOutputItem(RunItem):
    """The output recorded for a handoff: control moved from source to target."""

    source_agent: Agent[Any] | None = None
    target_agent: Agent[Any] | None = None
    type: ClassVar[str] = "handoff_output_item"
    event_name: ClassVar[str] = "handoff_occured"


@dataclass(eq=False, slots=True)
class MCPListToolsItem(RunItem):
    """A hosted MCP server's tool list, as the provider reported it (``mcp_list_tools``)."""

    type: ClassVar[str] = "mcp_list_tools_item"
    event_name: ClassVar[str] = "mcp_list_tools"


@dataclass(eq=False, slots=True)
class MCPApprovalRequestItem(RunItem):
    """A hosted MCP server's request for approval of a call (``mcp_approval_request``)."""

    type: ClassVar[str] = "mcp_approval_request_item"
    event_name: ClassVar[str] = "mcp_approval_requested"


@dataclass(eq=False, slots=True)
class MCPApprovalResponseItem(RunItem):
    """The answer to an MCP approval request, sent with the next model call."""

    type: ClassVar[str] = "mcp_approval_response_item"
    event_name: ClassVar[str] = "mcp_approval_response"


def mcp_approval_response_raw(request_id: str, approve: bool, reason: str | None) -> RawItem:
    """An ``mcp_approval_response`` input item (a reason only with a rejection, as the SDK)."""
    item = RawItem(approval_request_id=request_id, approve=approve, type="mcp_approval_response")
    if not approve and reason is not None:
        item["reason"] = reason
    return item


@dataclass(eq=False, slots=True)
class ToolApprovalItem(RunItem):
    """A tool call waiting for a human decision; ``raw_item`` is the function call
    (or a hosted MCP server's ``mcp_approval_request``).

    ``tool_name`` (also ``name``), ``arguments`` and ``call_id`` read the call (for
    an MCP request, ``call_id`` is the request's id).
    """

    tool_name: str | None = None
    """The tool's name; taken from ``raw_item`` when not given."""
    type: ClassVar[str] = "tool_approval_item"
    event_name: ClassVar[str] = "tool_approval_requested"
    in_transcript: ClassVar[bool] = False

    def __post_init__(self) -> None:
        if self.tool_name is None:
            name = self.raw_item.get("name")
            self.tool_name = None if name is None else str(name)

    @property
    def name(self) -> str | None:
        """The tool's name (the SDK's other spelling of ``tool_name``)."""
        return self.tool_name

    @property
    def arguments(self) -> str:
        """The call's arguments (JSON text; ``""`` when it had none)."""
        return str(self.raw_item.get("arguments") or "")

    @property
    def call_id(self) -> str:
        return approval_call_id(self.raw_item)


def approval_call_id(raw: Any) -> str:
    """The id decisions about a call are kept under: ``call_id``, or an MCP request's ``id``."""
    if raw.get("type") == "mcp_approval_request":
        return str(raw.get("id"))
    return str(raw.get("call_id"))


@dataclass(slots=True)
class ModelResponse:
    """One model response: output items, usage and the provider's response id."""

    output: list[RawItem]
    usage: Usage = field(default_factory=Usage)
    response_id: str | None = None

    def to_input_items(self) -> list[TResponseInputItem]:
        """The output as input items for a next request."""
        return list(self.output)


class TypedModelResponse(ModelResponse):
    """A ModelResponse as user code sees it: ``output`` items are openai's typed objects.

    ``to_input_items()`` still gives the plain dicts the run was made of.
    """

    __slots__ = ("_raw_output",)

    def __init__(self, response: ModelResponse) -> None:
        super().__init__(typed_list(response.output), response.usage, response.response_id)
        self._raw_output = response.output

    def to_input_items(self) -> list[TResponseInputItem]:
        return list(self._raw_output)


def typed_response(response: ModelResponse) -> ModelResponse:
    """``response`` with typed output items (see :class:`TypedModelResponse`)."""
    return response if isinstance(response, TypedModelResponse) else TypedModelResponse(response)


StreamedItem = Union[RunItem, ToolApprovalItem]


# ----- helpers ----------------------------------------------------------------


class ItemHelpers:
    """Small helpers over items (names as in the OpenAI Agents SDK)."""

    @staticmethod
    def extract_last_content(message: Mapping[str, Any]) -> str:
        """The last text or refusal of an assistant message ('' if none)."""
        if message.get("type", "message") != "message":
            return ""
        content = message.get("content") or []
        if isinstance(content, str):
            return content
        if not content:
            return ""
        last = content[-1]
        if last.get("type") == "refusal":
            return str(last.get("refusal") or "")
        return str(last.get("text") or "")

    @staticmethod
    def extract_last_text(message: Mapping[str, Any]) -> str | None:
        """The last ``output_text`` of an assistant message, or None."""
        content = message.get("content")
        if isinstance(content, str):
            return content
        if not content:
            return None
        last = content[-1]
        return last.get("text") if last.get("type") == "output_text" else None

    @staticmethod
    def extract_text(message: Mapping[str, Any]) -> str | None:
        """Every ``output_text`` part of an assistant message joined (refusals left out);
        None when ``message`` is not a message."""
        if message.get("type", "message") != "message":
            return None
        content = message.get("content") or []
        if isinstance(content, str):
            return content
        return "".join(p.get("text") or "" for p in content if p.get("type") == "output_text")

    @staticmethod
    def extract_refusal(message: Mapping[str, Any]) -> str | None:
        """Every refusal part of an assistant message joined; None when it has none."""
        if message.get("type", "message") != "message":
            return None
        content = message.get("content")
        if not content or isinstance(content, str):
            return None
        refusal = ""
        for part in content:  # a loop, not a join: read on every final answer
            if part.get("type") == "refusal":
                refusal += part.get("refusal") or ""
        return refusal or None

    @staticmethod
    def text_message_output(message: MessageOutputItem) -> str:
        """All ``output_text`` parts of one message item, concatenated."""
        return "".join(
            part.get("text") or ""
            for part in message.raw_item.get("content") or ()
            if part.get("type") == "output_text"
        )

    @staticmethod
    def text_message_outputs(items: Iterable[RunItem]) -> str:
        """The text of every message item among ``items``, concatenated."""
        return "".join(
            ItemHelpers.text_message_output(item)
            for item in items
            if isinstance(item, MessageOutputItem)
        )

    @staticmethod
    def input_to_new_input_list(
        input: str | Iterable[TResponseInputItem],
    ) -> list[TResponseInputItem]:
        """A string becomes one user message; a list is copied (shallowly)."""
        if isinstance(input, str):
            return [{"role": "user", "content": input}]
        return list(input)

    @staticmethod
    def tool_call_output_item(tool_call: Mapping[str, Any], output: Any) -> RawItem:
        """The ``function_call_output`` answering ``tool_call``."""
        return function_output_raw(str(tool_call["call_id"]), str(output))


RunItemName = Literal[
    "message_output_created",
    "tool_called",
    "tool_output",
    "handoff_requested",
    "handoff_occured",
    "reasoning_item_created",
    "tool_approval_requested",
]
