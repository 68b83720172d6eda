"""Conversation items: light data in the OpenAI Responses API shape.

Raw items (what the model sends and receives) are :class:`RawItem` objects:
plain ``dict`` subclasses readable by key *and* by attribute
(``item["call_id"]`` and ``item.call_id``; nested ``item.content[0].text``), so
they go on the wire as they are and code written for either style works.
Run items (:class:`RunItem` subclasses) wrap one raw item with the agent that
produced it.
"""

from __future__ import annotations

import json
import weakref
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, fields
from enum import Enum
from typing import TYPE_CHECKING, Any, ClassVar, Literal, Union

from runwright._core.exceptions import UserError
from runwright._core.typed import typed, typed_list
from runwright._core.usage import Usage

if TYPE_CHECKING:
    from runwright._agent.agent import Agent

TResponseInputItem = dict[str, Any]
"""One input item in Responses API shape (``{"role": "user", "content": "hi"}``, ...)."""

TResponseStreamEvent = Any
"""One Responses API stream event, as a model's ``stream_response`` yields it (an
``openai.types.responses`` event object or its dict form; the SDK's alias for typing)."""


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
    # Keys in the order of openai's models (how the SDK prints and dumps them).
    part: RawItem
    if refusal is not None:
        part = RawItem(refusal=refusal, type="refusal")
    else:
        part = RawItem(annotations=[], text=text, type="output_text")
    if id is not None:
        return RawItem(id=id, content=[part], role="assistant", status="completed", type="message")
    return RawItem(content=[part], role="assistant", status="completed", type="message")


def function_call_raw(name: str, arguments: str, call_id: str, *, id: str | None = None) -> RawItem:
    """A ``function_call`` output item."""
    item = RawItem(arguments=arguments, call_id=call_id, name=name, type="function_call")
    if id is not None:
        item["id"] = id
    return item


def function_output_raw(call_id: str, output: str | list[dict[str, Any]]) -> RawItem:
    """A ``function_call_output`` input item (output: text, or input parts such as images)."""
    return RawItem(call_id=call_id, output=output, type="function_call_output")


# ----- tool origins -----------------------------------------------------------


class ToolOriginType(str, Enum):
    """What kind of tool produced a tool item."""

    FUNCTION = "function"
    MCP = "mcp"
    AGENT_AS_TOOL = "agent_as_tool"


@dataclass(frozen=True)
class ToolOrigin:
    """Where a tool item came from: a plain function tool, an MCP server's tool
    (``mcp_server_name``), or an agent run as a tool (``agent_name``, ``agent_tool_name``)."""

    type: ToolOriginType
    mcp_server_name: str | None = None
    agent_name: str | None = None
    agent_tool_name: str | None = None

    def to_json_dict(self) -> dict[str, str]:
        """The origin as JSON data; unset names are left out."""
        data = {"type": self.type.value}
        for key in ("mcp_server_name", "agent_name", "agent_tool_name"):
            value = getattr(self, key)
            if value is not None:
                data[key] = value
        return data

    @classmethod
    def from_json_dict(cls, data: Any) -> ToolOrigin | None:
        """The origin written by :meth:`to_json_dict`; None when ``data`` is not one."""
        if not isinstance(data, Mapping):
            return None
        try:
            kind = ToolOriginType(data.get("type"))
        except ValueError:
            return None
        names = {
            key: value
            for key in ("mcp_server_name", "agent_name", "agent_tool_name")
            if isinstance(value := data.get(key), str)
        }
        return cls(kind, **names)


FUNCTION_TOOL_ORIGIN = ToolOrigin(ToolOriginType.FUNCTION)
"""The origin of a plain function tool (shared: origins are immutable)."""


def tool_origin_of(tool: Any) -> ToolOrigin:
    """A function tool's origin, read from what its maker noted in ``tool._extra``: the
    MCP server (``"mcp_server"``) or the agent run as the tool (``"agent"``)."""
    extra: dict[str, Any] | None = getattr(tool, "_extra", None)
    if not extra:
        return FUNCTION_TOOL_ORIGIN
    origin = extra.get("tool_origin")
    if origin is None:
        if "mcp_server" in extra:
            origin = ToolOrigin(ToolOriginType.MCP, mcp_server_name=extra["mcp_server"])
        elif "agent" in extra:  # not cached: a copy of the tool may carry another name
            return ToolOrigin(
                ToolOriginType.AGENT_AS_TOOL,
                agent_name=getattr(extra["agent"], "name", None),
                agent_tool_name=getattr(tool, "name", None),
            )
        else:
            origin = FUNCTION_TOOL_ORIGIN
        extra["tool_origin"] = origin
    return origin


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
    _agent_fields: ClassVar[tuple[str, ...]] = ("agent",)
    _repr_fields: ClassVar[tuple[str, ...]] = ("agent", "raw_item", "type")
    """The fields the SDK's dataclass repr shows, in its order."""
    _typed_raw: ClassVar[bool] = True
    """Whether the SDK holds ``raw_item`` as openai's typed item (model output) rather
    than a dict (items runwright sends as input)."""

    def __init_subclass__(cls) -> None:
        # (no super(): @dataclass(slots=True) makes a new class, the zero-argument form
        # would name the old one; object's hook does nothing anyway)
        if "__repr__" not in cls.__dict__:  # before @dataclass, which then keeps it
            cls.__repr__ = RunItem.__repr__  # type: ignore[method-assign]

    def to_input_item(self) -> TResponseInputItem:
        """The item as model input (a dict; the raw item itself, not a copy)."""
        return self.raw_item

    def __repr__(self) -> str:
        """The SDK's dataclass repr: its fields in its order, ``raw_item`` as the SDK
        holds it (openai's typed item, built here, or a plain dict)."""
        shown = []
        for name in self._repr_fields:
            value = getattr(self, name, None)
            if name == "raw_item":
                value = typed(value) if self._typed_raw else value
                value = _plain(value) if isinstance(value, dict) else value
            shown.append(f"{name}={value!r}")
        return f"{type(self).__name__}({', '.join(shown)})"

    def release_agent(self) -> None:
        """Stops this item from keeping its agent(s) alive.

        ``item.agent`` still gives the agent while something else holds it, and
        None once it is gone. Items of a finished run that are kept around (logs,
        sessions) then do not pin whole agent graphs in memory.
        """
        released = _released_class(type(self))
        if released is None:
            return  # already released
        for name in self._agent_fields:
            slot = _agent_slot(type(self), name)
            agent = slot.__get__(self)
            slot.__set__(self, None if agent is None else weakref.ref(agent))
        object.__setattr__(self, "__class__", released)


_RELEASED: dict[type, type] = {}


def _agent_slot(cls: type, name: str) -> Any:
    for klass in cls.__mro__:
        slot = klass.__dict__.get(name)
        if slot is not None and type(slot).__name__ == "member_descriptor":
            return slot
    raise AttributeError(name)  # pragma: no cover - every agent field is a slot


def _weak_field(slot: Any) -> property:
    def read(self: Any) -> Any:
        value = slot.__get__(self)
        return value() if type(value) is weakref.ReferenceType else value

    def write(self: Any, value: Any) -> None:
        slot.__set__(self, value)

    return property(read, write)


def _released_class(cls: type) -> type | None:
    """``cls``'s twin whose agent fields hold weak references (None for a twin itself).

    Releasing swaps an item's class instead of making every ``item.agent`` read
    check for a weak reference: items that are never released pay nothing.
    """
    if cls in _RELEASED.values():
        return None
    released = _RELEASED.get(cls)
    if released is None:
        names: tuple[str, ...] = cls._agent_fields  # type: ignore[attr-defined]
        namespace: dict[str, Any] = {name: _weak_field(_agent_slot(cls, name)) for name in names}
        namespace.update(__slots__=(), __qualname__=cls.__qualname__, __module__=cls.__module__)
        namespace["__doc__"] = cls.__doc__
        released = _RELEASED[cls] = type(cls.__name__, (cls,), namespace)
    return released


RunItemBase = RunItem
"""The SDK's name of the run items' base class."""


class MessageOutputItem(RunItem):
    """An assistant message."""

    __slots__ = ()

    type: ClassVar[str] = "message_output_item"
    event_name: ClassVar[str] = "message_output_created"


@dataclass(eq=False, slots=True)
class ToolCallItem(RunItem):
    """A tool call requested by the model; ``description`` and ``tool_origin`` tell
    which tool (when the agent has it), ``title`` an MCP tool's display title."""

    description: str | None = None
    title: str | None = None
    tool_origin: ToolOrigin | None = None
    type: ClassVar[str] = "tool_call_item"
    _repr_fields: ClassVar[tuple[str, ...]] = (
        "agent", "raw_item", "type", "description", "title", "tool_origin"
    )  # fmt: skip
    event_name: ClassVar[str] = "tool_called"


@dataclass(eq=False, slots=True)
class ToolCallOutputItem(RunItem):
    """A tool's result; ``output`` is the Python value the tool returned.

    ``custom_data``: data a tool's custom-data extractor attached to the result.
    """

    output: Any = None
    tool_origin: ToolOrigin | None = None
    custom_data: dict[str, Any] | None = None
    type: ClassVar[str] = "tool_call_output_item"
    _repr_fields: ClassVar[tuple[str, ...]] = (
        "agent", "raw_item", "output", "type", "tool_origin", "custom_data"
    )  # fmt: skip
    _typed_raw: ClassVar[bool] = False
    event_name: ClassVar[str] = "tool_output"

    def to_input_item(self) -> TResponseInputItem:
        raw = self.raw_item
        if raw.get("type") != "shell_call_output":
            return raw
        # A shell output's bookkeeping stays on the item; the model gets the rest.
        return {k: v for k, v in raw.items() if k not in _SHELL_BOOKKEEPING}


_SHELL_BOOKKEEPING = ("status", "shell_output", "provider_data")


class ToolSearchCallItem(RunItem):
    """The provider's tool search call (``tool_search_call``), kept in the transcript."""

    __slots__ = ()

    type: ClassVar[str] = "tool_search_call_item"
    event_name: ClassVar[str] = "tool_search_called"


class ToolSearchOutputItem(RunItem):
    """The tools a tool search loaded (``tool_search_output``), kept in the transcript."""

    __slots__ = ()

    type: ClassVar[str] = "tool_search_output_item"
    event_name: ClassVar[str] = "tool_search_output_created"


class ReasoningItem(RunItem):
    """A reasoning item; replayed to the model as it came."""

    __slots__ = ()

    type: ClassVar[str] = "reasoning_item"
    event_name: ClassVar[str] = "reasoning_item_created"


class HandoffCallItem(RunItem):
    """The model's call of a handoff tool."""

    __slots__ = ()

    type: ClassVar[str] = "handoff_call_item"
    event_name: ClassVar[str] = "handoff_requested"


@dataclass(eq=False, slots=True)
class HandoffOutputItem(RunItem):
    """The output recorded for a handoff: control moved from source to target."""

    source_agent: Agent[Any] | None = None
    target_agent: Agent[Any] | None = None
    type: ClassVar[str] = "handoff_output_item"
    _agent_fields: ClassVar[tuple[str, ...]] = ("agent", "source_agent", "target_agent")
    _repr_fields: ClassVar[tuple[str, ...]] = (
        "agent", "raw_item", "source_agent", "target_agent", "type"
    )  # fmt: skip
    _typed_raw: ClassVar[bool] = False
    event_name: ClassVar[str] = "handoff_occured"


class MCPListToolsItem(RunItem):
    """A hosted MCP server's tool list, as the provider reported it (``mcp_list_tools``)."""

    __slots__ = ()

    type: ClassVar[str] = "mcp_list_tools_item"
    event_name: ClassVar[str] = "mcp_list_tools"


class MCPApprovalRequestItem(RunItem):
    """A hosted MCP server's request for approval of a call (``mcp_approval_request``)."""

    __slots__ = ()

    type: ClassVar[str] = "mcp_approval_request_item"
    event_name: ClassVar[str] = "mcp_approval_requested"


class MCPApprovalResponseItem(RunItem):
    """The answer to an MCP approval request, sent with the next model call."""

    __slots__ = ()

    type: ClassVar[str] = "mcp_approval_response_item"
    _typed_raw: ClassVar[bool] = False
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
    tool_namespace: str | None = None
    """The namespace of a namespaced tool (e.g. deferred tools), else None."""
    tool_origin: ToolOrigin | None = None
    tool_lookup_key: Any = field(default=None, repr=False)
    """How the run finds the tool again on resume (None: by ``tool_name``)."""
    type: ClassVar[str] = "tool_approval_item"
    _repr_fields: ClassVar[tuple[str, ...]] = (
        "agent", "raw_item", "tool_name", "type", "tool_namespace", "tool_origin"
    )  # fmt: skip
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
    def qualified_name(self) -> str | None:
        """``namespace.name`` for a namespaced tool, else the tool's name."""
        if self.tool_namespace and self.tool_name:
            return f"{self.tool_namespace}.{self.tool_name}"
        return self.tool_name

    @property
    def arguments(self) -> str:
        """The call's arguments (JSON text; a custom tool call's input; ``""`` when none)."""
        raw = self.raw_item
        return str(raw.get("arguments") or raw.get("input") or "")

    @property
    def call_id(self) -> str:
        return approval_call_id(self.raw_item)


def approval_call_id(raw: Any) -> str:
    """The id decisions about a call are kept under: ``call_id``, or an MCP request's ``id``."""
    if raw.get("type") == "mcp_approval_request":
        return str(raw.get("id"))
    return str(raw.get("call_id"))


class CompactionItem(RunItem):
    """A compaction item (``responses.compact``'s summary of earlier turns); sent back
    to the model as it came."""

    __slots__ = ()

    type: ClassVar[str] = "compaction_item"
    _typed_raw: ClassVar[bool] = False


def _new_input_id() -> str:
    import uuid  # stdlib, needed only when an InputItem is made

    return uuid.uuid4().hex


@dataclass(eq=False, slots=True)
class InputItem(RunItem):
    """Input admitted into a run while it is resumed (``RunState.add_input``).

    ``input_id`` names this occurrence, so it is saved and sent exactly once.
    """

    input_id: str = field(default_factory=_new_input_id)
    type: ClassVar[str] = "input_item"
    _repr_fields: ClassVar[tuple[str, ...]] = ("agent", "raw_item", "type", "input_id")
    _typed_raw: ClassVar[bool] = False


@dataclass(slots=True)
class ModelResponse:
    """One model response: output items, usage and the provider's response id.

    ``request_id``: the provider's request id (the ``x-request-id`` header), when known;
    ``raw_usage``: the provider's usage data as sent, kept when
    ``ModelSettings.preserve_raw_usage`` asks for it.
    """

    output: list[RawItem]
    usage: Usage = field(default_factory=Usage)
    response_id: str | None = None
    request_id: str | None = None
    raw_usage: dict[str, Any] | None = None

    def to_input_items(self) -> list[TResponseInputItem]:
        """The output as input items for a next request."""
        return list(self.output)


class TypedModelResponse(ModelResponse):
    """A ModelResponse as user code sees it: ``output`` items are openai's typed objects.

    The typed items are built on the first read of ``output`` (openai loads then, not
    before); the run itself keeps the plain dicts, which ``to_input_items()`` still gives.
    """

    __slots__ = ("_raw_output", "_typed_output")

    def __init__(self, response: ModelResponse) -> None:
        for name in _RESPONSE_FIELDS:
            setattr(self, name, getattr(response, name))
        self._raw_output = response.output
        self._typed_output: list[Any] | None = None

    @property
    def output(self) -> list[Any]:
        typed = self._typed_output
        if typed is None:
            typed = self._typed_output = typed_list(self._raw_output)
        return typed

    @output.setter
    def output(self, value: list[Any]) -> None:
        self._typed_output = value

    def to_input_items(self) -> list[TResponseInputItem]:
        return list(self._raw_output)

    def __repr__(self) -> str:  # the SDK's: this is the ModelResponse users see
        return (
            f"ModelResponse(output={self.output!r}, usage={self.usage!r}, "
            f"response_id={self.response_id!r}, request_id={self.request_id!r}, "
            f"raw_usage={self.raw_usage!r})"
        )


_RESPONSE_FIELDS = tuple(f.name for f in fields(ModelResponse) if f.name != "output")


def typed_response(response: ModelResponse) -> ModelResponse:
    """``response`` with typed output items (see :class:`TypedModelResponse`)."""
    return response if isinstance(response, TypedModelResponse) else TypedModelResponse(response)


def light_response(response: ModelResponse) -> ModelResponse:
    """``response`` as the run keeps it: a :class:`TypedModelResponse` (what the OpenAI
    model adapters return, so that user code calling them reads typed items) gives back
    its plain dicts, unless its typed items were read or replaced already."""
    if not isinstance(response, TypedModelResponse):
        return response
    output = response._typed_output
    return ModelResponse(
        output=response._raw_output if output is None else output,
        usage=response.usage,
        response_id=response.response_id,
        request_id=response.request_id,
        raw_usage=response.raw_usage,
    )


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
            return [{"content": input, "role": "user"}]  # key order as the SDK's
        return list(input)

    @staticmethod
    def tool_call_output_item(
        tool_call: Any,
        output: Any,
        *,
        output_json_schema: dict[str, Any] | None = None,
        output_type_adapter: Any = None,
    ) -> RawItem:
        """The ``function_call_output`` answering ``tool_call`` (a dict or an openai call).

        ``output`` is sent as text (``str(output)``), or as input parts when it is a
        list of ``input_text``/``input_image``/``input_file`` dicts. A tool that
        declares a JSON-object output (``output_json_schema``, or a pydantic
        ``output_type_adapter`` to validate with) sends compact JSON; anything but
        an object is a UserError.
        """
        call_id = _read(tool_call, "call_id")
        if call_id is None:
            raise UserError("tool_call_output_item(): the tool call has no call_id.")
        if output_type_adapter is not None:
            text = _adapted_json(output_type_adapter, output)
        elif output_json_schema is not None:
            text = _object_json(output)
        else:
            text = _output_value(output)
        item = function_output_raw(str(call_id), text)
        ItemHelpers.copy_tool_call_caller(tool_call, item)
        return item

    @staticmethod
    def copy_tool_call_caller(tool_call: Any, output_item: Any) -> Any:
        """Gives ``output_item`` the ``caller`` of ``tool_call`` (a call made by a hosted
        program is answered to that program); returns ``output_item``."""
        caller = _read(tool_call, "caller")
        if caller is not None:
            dump = getattr(caller, "model_dump", None)
            if callable(dump):
                caller = dump(mode="json", exclude_none=True)
            output_item["caller"] = to_raw(_plain(caller))
        return output_item


def _read(item: Any, key: str) -> Any:
    if isinstance(item, Mapping):
        return item.get(key)
    return getattr(item, key, None)


_PART_FIELDS = {
    "text": ("input_text", ("text",), ("text",)),
    "image": ("input_image", ("image_url", "file_id", "detail"), ("image_url", "file_id")),
    "file": (
        "input_file",
        ("file_data", "file_url", "file_id", "filename"),
        ("file_data", "file_url", "file_id"),
    ),
}


def _output_value(output: Any) -> Any:
    """Text, or input parts for ToolOutputText/Image/FileContent values (objects or their
    ``{"type": "text" | "image" | "file", ...}`` dicts, alone or all of a list)."""
    if isinstance(output, str):
        return output
    values = list(output) if isinstance(output, (list, tuple)) else [output]
    parts = [_tool_output_part(v) for v in values]
    if values and all(p is not None for p in parts):
        return parts
    return str(output)


def _tool_output_part(value: Any) -> RawItem | None:
    if not isinstance(value, Mapping):
        if type(value).__module__ != "runwright._tools.outputs":  # ToolOutputText & co.
            return None
        value = _dumped(value)
    kind = value.get("type")
    spec = _PART_FIELDS.get(kind) if isinstance(kind, str) else None
    if spec is None:
        return None
    part_type, keys, sources = spec
    if not any(isinstance(value.get(k), str) for k in sources):
        return None
    return RawItem(type=part_type, **{k: value[k] for k in keys if value.get(k) is not None})


def _dumped(value: Any) -> Any:
    dump = getattr(value, "model_dump", None)
    return dump(mode="json", exclude_none=True) if callable(dump) else value


def _object_json(output: Any) -> str:
    if isinstance(output, str):
        try:
            value = json.loads(output)
        except ValueError as error:
            raise UserError("Function tool output schema requires a JSON object.") from error
    else:
        value = _dumped(output)
        if not isinstance(value, Mapping) and hasattr(value, "__dataclass_fields__"):
            import dataclasses  # stdlib, only for dataclass outputs

            value = dataclasses.asdict(value)
    if not isinstance(value, Mapping):
        raise UserError("Function tool output schema requires a JSON object.")
    return json.dumps(dict(value), ensure_ascii=False, separators=(",", ":"), default=str)


def _adapted_json(adapter: Any, output: Any) -> str:
    validate: Callable[[Any], Any] = (
        adapter.validate_json if isinstance(output, str) else adapter.validate_python
    )
    try:
        value = validate(output)
    except ValueError as error:  # pydantic's ValidationError is a ValueError
        raise UserError(
            "Function tool output does not match its declared output schema."
        ) from error
    dumped = adapter.dump_python(value, mode="json", by_alias=True)
    if not isinstance(dumped, Mapping):
        raise UserError("Function tool output schema requires a JSON object.")
    return json.dumps(dict(dumped), ensure_ascii=False, separators=(",", ":"))


RunItemName = Literal[
    "message_output_created",
    "tool_called",
    "tool_output",
    "handoff_requested",
    "handoff_occured",
    "reasoning_item_created",
    "tool_approval_requested",
]
