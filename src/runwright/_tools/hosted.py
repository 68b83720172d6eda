"""Tools the model provider runs itself (Responses API hosted tools), as in the SDK.

An agent lists them in ``tools=[...]`` next to function tools. The Responses
adapter sends their declarations; the server runs them and returns items such
as ``web_search_call``, which the run loop records in the history and never
tries to execute. Chat Completions has no hosted tools: sending one there is a
:class:`~runwright.exceptions.UserError`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Literal, Union

from typing_extensions import NotRequired, TypedDict

if TYPE_CHECKING:
    from runwright._core.context import RunContextWrapper


def _plain(value: Any) -> Any:
    dump = getattr(value, "model_dump", None)
    return dump(exclude_none=True) if callable(dump) and not isinstance(value, dict) else value


class HostedTool:
    """Base of the hosted tools: a name and the Responses API declaration."""

    name: ClassVar[str] = "hosted_tool"
    is_enabled: ClassVar[bool] = True
    """Hosted tools are always offered (the SDK has no switch for them)."""
    _extra: ClassVar[dict[str, Any]] = {}

    def to_responses_tool(self) -> tuple[dict[str, Any], str | None]:
        """The ``tools`` entry for ``/responses``, and an ``include`` value it needs (or None)."""
        raise NotImplementedError


@dataclass
class WebSearchTool(HostedTool):
    """Lets the model search the web (Responses API ``web_search``)."""

    user_location: Any | None = None
    """Approximate user location, e.g. ``{"type": "approximate", "city": "Paris"}``."""
    filters: Any | None = None
    """Search filters, e.g. ``{"allowed_domains": ["example.com"]}``."""
    search_context_size: Literal["low", "medium", "high"] = "medium"
    external_web_access: bool | None = None
    search_content_types: list[Literal["text", "image"]] | None = None
    image_settings: dict[str, Any] | None = None

    name: ClassVar[str] = "web_search"

    def to_responses_tool(self) -> tuple[dict[str, Any], str | None]:
        tool: dict[str, Any] = {
            "type": "web_search",
            "filters": _plain(self.filters),
            "user_location": _plain(self.user_location),
            "search_context_size": self.search_context_size,
        }
        if self.external_web_access is not None:
            tool["external_web_access"] = self.external_web_access
        if self.search_content_types is not None:
            tool["search_content_types"] = list(self.search_content_types)
        if self.image_settings is not None:
            tool["image_settings"] = dict(self.image_settings)
        wants_images = "image" in (self.search_content_types or ())
        return tool, "web_search_call.results" if wants_images else None


@dataclass
class FileSearchTool(HostedTool):
    """Lets the model search your vector stores (Responses API ``file_search``)."""

    vector_store_ids: list[str]
    max_num_results: int | None = None
    include_search_results: bool = False
    """Return the search results in the ``file_search_call`` item."""
    ranking_options: Any | None = None
    filters: Any | None = None

    name: ClassVar[str] = "file_search"

    def to_responses_tool(self) -> tuple[dict[str, Any], str | None]:
        tool: dict[str, Any] = {"type": "file_search", "vector_store_ids": self.vector_store_ids}
        if self.max_num_results:
            tool["max_num_results"] = self.max_num_results
        if self.ranking_options:
            tool["ranking_options"] = _plain(self.ranking_options)
        if self.filters:
            tool["filters"] = _plain(self.filters)
        return tool, "file_search_call.results" if self.include_search_results else None


@dataclass
class CodeInterpreterTool(HostedTool):
    """Lets the model run code in a sandbox (``tool_config``: ``{"type": "code_interpreter",
    "container": {"type": "auto"}}``)."""

    tool_config: Any

    name: ClassVar[str] = "code_interpreter"

    def to_responses_tool(self) -> tuple[dict[str, Any], str | None]:
        return dict(_plain(self.tool_config)), None


@dataclass
class ImageGenerationTool(HostedTool):
    """Lets the model generate images (``tool_config``: ``{"type": "image_generation", ...}``)."""

    tool_config: Any

    name: ClassVar[str] = "image_generation"

    def to_responses_tool(self) -> tuple[dict[str, Any], str | None]:
        return dict(_plain(self.tool_config)), None


@dataclass
class MCPToolApprovalRequest:
    """What ``HostedMCPTool.on_approval_request`` gets: the run's context and the request.

    ``data`` is the ``mcp_approval_request`` item; ``data.name``, ``data.arguments``
    (JSON text), ``data.server_label`` and ``data.id`` read it.
    """

    ctx_wrapper: RunContextWrapper[Any]
    data: Any


class MCPToolApprovalFunctionResult(TypedDict):
    """What ``on_approval_request`` returns: ``{"approve": True}``, or
    ``{"approve": False, "reason": "..."}`` (the reason goes to the model)."""

    approve: bool
    reason: NotRequired[str]


MCPToolApprovalFunction = Callable[
    [MCPToolApprovalRequest],
    Union[MCPToolApprovalFunctionResult, Awaitable[MCPToolApprovalFunctionResult]],
]
"""Decides a hosted MCP server's approval requests (sync or async)."""


@dataclass
class HostedMCPTool(HostedTool):
    """A remote MCP server the provider calls (``tool_config``: ``{"type": "mcp",
    "server_label": ..., "server_url": ...}``).

    When the server asks for approval (``"require_approval"`` in ``tool_config``),
    ``on_approval_request`` decides; without it, the run pauses with a
    ``ToolApprovalItem`` in ``result.interruptions``, approved or rejected through
    the RunState like a function tool's call.
    """

    tool_config: Any
    on_approval_request: MCPToolApprovalFunction | None = field(default=None, repr=False)
    """Decides approval requests of this server (sync or async); None: ask a human."""

    name: ClassVar[str] = "hosted_mcp"

    @property
    def server_label(self) -> str | None:
        """The ``server_label`` of ``tool_config`` (how approval requests name the server)."""
        config = _plain(self.tool_config)
        label = config.get("server_label") if isinstance(config, dict) else None
        return label if isinstance(label, str) else None

    def to_responses_tool(self) -> tuple[dict[str, Any], str | None]:
        return dict(_plain(self.tool_config)), None


class WebSearchToolImageSettings(TypedDict, total=False):
    """``WebSearchTool(image_settings=...)`` when ``search_content_types`` has ``"image"``."""

    max_results: int
    caption: bool


class ImageGenerationToolConfig(TypedDict, total=False):
    """``ImageGenerationTool(tool_config=...)``: the Responses ``image_generation`` entry."""

    type: Literal["image_generation"]
    action: Literal["generate", "edit", "auto"]
    background: Literal["transparent", "opaque", "auto"]
    input_fidelity: Literal["high", "low"] | None
    input_image_mask: dict[str, Any]
    model: str
    moderation: Literal["auto", "low"]
    output_compression: int
    output_format: Literal["png", "webp", "jpeg"]
    partial_images: int
    quality: Literal["low", "medium", "high", "xhigh", "max", "auto"]
    size: str


@dataclass
class ToolSearchTool(HostedTool):
    """Lets the model search deferred tools (``tool_namespace(...)``, ``defer_loading=True``)
    on Responses. ``execution="client"`` is for hand-run Responses loops; the runner does
    not execute client tool searches."""

    description: str | None = None
    execution: Literal["server", "client"] | None = None
    parameters: object | None = None

    name: ClassVar[str] = "tool_search"

    def to_responses_tool(self) -> tuple[dict[str, Any], str | None]:
        tool: dict[str, Any] = {"type": "tool_search"}
        if isinstance(self.description, str):
            tool["description"] = self.description
        if self.execution is not None:
            tool["execution"] = self.execution
        if self.parameters is not None:
            tool["parameters"] = self.parameters
        return tool, None


@dataclass
class ProgrammaticToolCallingTool(HostedTool):
    """Lets model-generated code call the tools whose ``allowed_callers`` include
    ``"programmatic"`` (Responses ``programmatic_tool_calling``)."""

    name: ClassVar[str] = "programmatic_tool_calling"

    def to_responses_tool(self) -> tuple[dict[str, Any], str | None]:
        return {"type": "programmatic_tool_calling"}, None
