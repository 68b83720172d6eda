"""The MCP server base classes: connection handling, listing, calling, prompts.

The ``mcp`` package is imported only when a server connects. A server is
usable with ``async with server:`` (or ``connect()`` / ``cleanup()``) as in
the Agents SDK; a server nobody connected is connected on first use and stays
connected until ``cleanup()`` or the end of its event loop. One connection
serves any number of concurrent runs. A connection found dead is replaced at
the next request, with a log line.
"""

from __future__ import annotations

import abc
import asyncio
import contextlib
import inspect
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from runwright._core.exceptions import AgentsException, UserError
from runwright._mcp.approval import ApprovalPolicy, RequireApprovalSetting, normalize_approval
from runwright._mcp.connection import (
    REQUEST_TIMEOUT,
    Connection,
    OpenStreams,
    _error_code,
    oversized_message,
)
from runwright._mcp.filters import (
    ToolFilter,
    ToolFilterContext,
    apply_callable,
    apply_static,
    check_filter,
)

if TYPE_CHECKING:
    from runwright._agent.agent import Agent
    from runwright._core.context import RunContextWrapper

logger = logging.getLogger("runwright.mcp")


CONNECT_TIMEOUT = 10.0
"""Seconds connecting (start + ``initialize``) may take by default, or
``client_session_timeout_seconds`` when that is longer: a subprocess needs time to start."""

CLOSE_TIMEOUT = 5.0
"""Seconds a connection may take to end its session and transport before it is cancelled."""


class MCPConnectionError(AgentsException):
    """An MCP server could not be reached, closed the connection, or failed a request a run needs.

    ``server_name`` and ``operation`` (``"initialize"``, ``"tools/list"``, ...)
    say which server and which request, when known.
    """

    def __init__(self, message: str, server_name: str | None = None, operation: str | None = None):
        super().__init__(message)
        self.message = message
        self.server_name = server_name
        self.operation = operation


class MCPResultTooLargeError(AgentsException):
    """An MCP server's answer was larger than the client accepts (the session stays up).

    In a run, a tool call's oversized result becomes a tool error the model sees
    (or ends the run when the server's ``failure_error_function`` is None).
    """

    def __init__(self, message: str, server_name: str, operation: str):
        super().__init__(message)
        self.message = message
        self.server_name = server_name
        self.operation = operation


class MCPTimeoutError(MCPConnectionError, TimeoutError):
    """An MCP server did not answer a request (or connecting) within its timeout.

    Also a ``TimeoutError``. ``timeout`` is the limit in seconds.
    """

    def __init__(self, server_name: str, operation: str, timeout: float, setting: str):
        self.timeout = timeout
        super().__init__(
            f"MCP server {server_name!r} timed out: no answer to {operation} within "
            f"{timeout:g} seconds ({setting}).",
            server_name,
            operation,
        )


class _Unset:
    def __repr__(self) -> str:
        return "UNSET"


_UNSET: Any = _Unset()


@dataclass(frozen=True)
class MCPToolMetaContext:
    """What a ``tool_meta_resolver`` is given for one tool call."""

    run_context: Any
    """The run's context (the call's ToolContext)."""
    server_name: str
    tool_name: str
    arguments: dict[str, Any] | None


class MCPServer(abc.ABC):
    """An MCP server whose tools an agent may call (``Agent(mcp_servers=[...])``).

    Args:
        use_structured_content: Use a result's structured content (as JSON) as
            the tool output instead of its content blocks.
        require_approval: ``"always"``, ``"never"``, a bool, a dict of tool name
            to ``"always"``/``"never"``, ``{"always": {"tool_names": [...]},
            "never": {...}}``, or ``callable(run_context, agent, tool) -> bool``.
        failure_error_function: Turns a failed call into the model's tool output
            (default: the agent's ``mcp_config["failure_error_function"]``, else the
            function tools' default); ``None`` makes failures end the run.
        tool_meta_resolver: ``callable(MCPToolMetaContext) -> dict | None`` (sync or
            async): the ``_meta`` sent with each tool call.
        custom_data_extractor: ``callable(MCPToolCustomDataContext) -> dict | None``
            (sync or async): data kept on each call's output item as
            ``custom_data`` (never sent to the model).
        idempotent: ``False`` (or a dict of tool name to bool) marks tools whose
            call is not re-run blindly when a durable run crashed mid-call.
        tool_input_guardrails / tool_output_guardrails: applied to every tool.
    """

    def __init__(
        self,
        use_structured_content: bool = False,
        require_approval: RequireApprovalSetting = None,
        failure_error_function: Any = _UNSET,
        tool_meta_resolver: Callable[[MCPToolMetaContext], Any] | None = None,
        custom_data_extractor: Any = None,
        *,
        idempotent: bool | Mapping[str, bool] = True,
        tool_input_guardrails: list[Any] | None = None,
        tool_output_guardrails: list[Any] | None = None,
    ) -> None:
        if custom_data_extractor is not None and not callable(custom_data_extractor):
            raise UserError(
                "MCP servers: custom_data_extractor must be a callable taking an "
                f"MCPToolCustomDataContext, got {custom_data_extractor!r}."
            )
        self.custom_data_extractor = custom_data_extractor
        self.use_structured_content = use_structured_content
        self.tool_meta_resolver = tool_meta_resolver
        try:
            label = self.name
        except Exception:  # a subclass whose name needs state it sets after this call
            label = type(self).__name__
        self.approval_policy: ApprovalPolicy = normalize_approval(require_approval, label)
        self.failure_error_function = failure_error_function
        self.idempotent = idempotent
        self.tool_input_guardrails = tool_input_guardrails
        self.tool_output_guardrails = tool_output_guardrails
        # (public name, ToolOptions) -> (the mcp Tool it was made from, FunctionTool); tools.py.
        self._function_tools: dict[tuple[str, Any], tuple[Any, Any]] = {}

    @property
    @abc.abstractmethod
    def name(self) -> str:
        """A readable name for the server."""

    @abc.abstractmethod
    async def connect(self) -> None:
        """Connects to the server."""

    @abc.abstractmethod
    async def cleanup(self) -> None:
        """Closes the connection."""

    @abc.abstractmethod
    async def list_tools(
        self, run_context: RunContextWrapper[Any] | None = None, agent: Agent[Any] | None = None
    ) -> list[Any]:
        """The server's tools (``mcp.types.Tool``), filtered for ``agent`` when given."""

    @abc.abstractmethod
    async def call_tool(
        self, tool_name: str, arguments: dict[str, Any] | None, meta: dict[str, Any] | None = None
    ) -> Any:
        """Calls a tool; returns the ``mcp.types.CallToolResult``."""

    @abc.abstractmethod
    async def list_prompts(self) -> Any:
        """The server's prompts (``mcp.types.ListPromptsResult``)."""

    @abc.abstractmethod
    async def get_prompt(self, name: str, arguments: dict[str, Any] | None = None) -> Any:
        """One prompt filled in with ``arguments`` (``mcp.types.GetPromptResult``)."""

    async def list_resources(self, cursor: str | None = None) -> Any:
        """One page of the server's resources (``mcp.types.ListResourcesResult``).

        ``cursor``: the ``next_cursor`` of the previous page (None: the first page).
        A server class that does not offer resources raises UserError
        (also a NotImplementedError).
        """
        raise _NotSupported(f"MCP server {self.name!r} does not support list_resources.")

    async def list_resource_templates(self, cursor: str | None = None) -> Any:
        """One page of the server's resource templates (``ListResourceTemplatesResult``)."""
        raise _NotSupported(f"MCP server {self.name!r} does not support list_resource_templates.")

    async def read_resource(self, uri: str) -> Any:
        """One resource's contents (``mcp.types.ReadResourceResult``)."""
        raise _NotSupported(f"MCP server {self.name!r} does not support read_resource.")

    async def __aenter__(self) -> MCPServer:
        await self.connect()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.cleanup()

    async def resolve_meta(
        self, run_context: Any, tool_name: str, arguments: dict[str, Any]
    ) -> dict[str, Any] | None:
        """The ``_meta`` for one call, from ``tool_meta_resolver`` (None without one)."""
        resolver = self.tool_meta_resolver
        if resolver is None:
            return None
        value = resolver(MCPToolMetaContext(run_context, self.name, tool_name, arguments))
        if inspect.isawaitable(value):
            value = await value
        if value is not None and not isinstance(value, dict):
            raise UserError(
                f"MCP server {self.name!r}: tool_meta_resolver must return a dict or None, "
                f"got {type(value).__name__}."
            )
        return value

    def is_idempotent(self, tool_name: str) -> bool:
        """Whether calls of ``tool_name`` may be re-run after a crash (durable runs)."""
        if isinstance(self.idempotent, bool):
            return self.idempotent
        return bool(self.idempotent.get(tool_name, True))


class _SessionServer(MCPServer):
    """A server reached through an ``mcp`` ClientSession over some transport."""

    def __init__(
        self,
        params: Any,
        cache_tools_list: bool = False,
        name: str | None = None,
        client_session_timeout_seconds: float | None = 5,
        tool_filter: ToolFilter = None,
        use_structured_content: bool = False,
        max_retry_attempts: int = 0,
        retry_backoff_seconds_base: float = 1.0,
        message_handler: Any = None,
        require_approval: RequireApprovalSetting = None,
        failure_error_function: Any = _UNSET,
        tool_meta_resolver: Callable[[MCPToolMetaContext], Any] | None = None,
        custom_data_extractor: Any = None,
        retry_backoff_seconds_max: float | None = None,
        *,
        idempotent: bool | Mapping[str, bool] = True,
        tool_input_guardrails: list[Any] | None = None,
        tool_output_guardrails: list[Any] | None = None,
        max_list_pages: int | None = None,
        connect_timeout_seconds: float | None = None,
    ) -> None:
        self.params = self._checked(params)
        self._name = name or self._default_name()
        self.message_handler = message_handler
        self.retry_backoff_seconds_max = retry_backoff_seconds_max
        self.max_list_pages = max_list_pages or 100
        super().__init__(
            use_structured_content,
            require_approval,
            failure_error_function,
            tool_meta_resolver,
            custom_data_extractor,
            idempotent=idempotent,
            tool_input_guardrails=tool_input_guardrails,
            tool_output_guardrails=tool_output_guardrails,
        )
        timeout = client_session_timeout_seconds
        if timeout is not None and not (isinstance(timeout, (int, float)) and timeout >= 0):
            raise UserError(
                f"MCP server {self._name!r}: client_session_timeout_seconds must be a "
                f"non-negative number or None, got {timeout!r}."
            )
        check_filter(tool_filter, self._name)
        connect = connect_timeout_seconds
        if connect is not None and (
            isinstance(connect, bool) or not isinstance(connect, (int, float)) or not connect > 0
        ):
            raise UserError(
                f"MCP server {self._name!r}: connect_timeout_seconds must be a positive "
                f"number or None, got {connect!r}."
            )
        self.connect_timeout_seconds = connect
        self.cache_tools_list = cache_tools_list
        self.client_session_timeout_seconds = timeout
        self.tool_filter = tool_filter
        self.max_retry_attempts = max_retry_attempts
        self.retry_backoff_seconds_base = retry_backoff_seconds_base
        self._connection: Connection | None = None
        self._lock: asyncio.Lock | None = None
        self._tools: list[Any] | None = None
        self._cache_dirty = True

    @property
    def name(self) -> str:
        return self._name

    @abc.abstractmethod
    def _checked(self, params: Any) -> Any:
        """``params`` if they are valid; else UserError."""

    @abc.abstractmethod
    def _default_name(self) -> str: ...

    @abc.abstractmethod
    def create_streams(self) -> contextlib.AbstractAsyncContextManager[Any]:
        """Opens the transport (read and write streams first)."""

    @property
    def session(self) -> Any:
        """The live ``mcp.ClientSession``, or None when not connected."""
        conn = self._connection
        return conn.session if conn is not None and conn.usable else None

    @property
    def cached_tools(self) -> list[Any] | None:
        """The tools list kept by ``cache_tools_list``, if any."""
        return self._tools

    def invalidate_tools_cache(self) -> None:
        """Makes the next ``list_tools()`` ask the server again."""
        self._cache_dirty = True

    async def connect(self) -> None:
        """Connects now (otherwise the first use connects). Raises MCPConnectionError."""
        await self._live_session()

    async def cleanup(self) -> None:
        """Closes the connection (a later use connects again)."""
        conn, self._connection = self._connection, None
        if conn is not None:
            await conn.close()

    async def _live_session(self) -> Any:
        conn = self._connection
        if conn is not None and conn.usable:
            return conn.session
        loop = asyncio.get_running_loop()
        lock = self._lock
        if lock is None or getattr(lock, "_runwright_loop", None) is not loop:
            lock = self._lock = asyncio.Lock()
            lock._runwright_loop = loop  # type: ignore[attr-defined]
        async with lock:
            conn = self._connection
            if conn is not None and conn.usable:
                return conn.session
            if conn is not None:
                logger.warning("MCP server %r: connection lost; reconnecting.", self._name)
                if conn.loop is loop:
                    await conn.close()
            return await self._open()

    def _connect_timeout(self) -> tuple[float, str]:
        """Seconds connecting (start + initialize) may take, and the setting it comes from."""
        if self.connect_timeout_seconds is not None:
            return float(self.connect_timeout_seconds), "connect_timeout_seconds"
        session = self.client_session_timeout_seconds or 0
        if session > CONNECT_TIMEOUT:
            return float(session), "client_session_timeout_seconds"
        return CONNECT_TIMEOUT, "the default connect_timeout_seconds"

    async def _open(self) -> Any:
        _import_mcp()
        limit, setting = self._connect_timeout()
        conn = Connection(self._opener(), limit, self.message_handler, CLOSE_TIMEOUT)
        try:
            await conn.start()
        except TimeoutError as error:
            raise MCPTimeoutError(self._name, "initialize", limit, setting) from error
        except Exception as error:
            raise MCPConnectionError(
                f"Could not connect to MCP server {self._name!r} (initialize): "
                f"{type(error).__name__}: {error}",
                self._name,
                "initialize",
            ) from error
        self._connection = conn
        return conn.session

    def _opener(self) -> OpenStreams:
        return self.create_streams

    def _read_timeout(self) -> float | None:
        timeout = self.client_session_timeout_seconds
        return float(timeout) if timeout else None

    async def _request(
        self,
        what: str,
        send: Callable[[Any], Awaitable[Any]],
        timed: bool = True,
        retry_once: bool = False,
    ) -> Any:
        """Sends one request, retrying transport failures ``max_retry_attempts`` times.

        ``timed``: apply client_session_timeout_seconds here (call_tool passes
        it to the session per request instead). ``retry_once``: a read-only
        request, retried once on a new connection when the old one was gone.
        """
        attempt = 0
        retries = max(self.max_retry_attempts, 1 if retry_once else 0)
        timeout = self._read_timeout() if timed else None
        while True:
            session = await self._live_session()
            conn = self._connection
            try:
                if timeout is None:
                    return await send(session)
                return await asyncio.wait_for(send(session), timeout)
            except asyncio.TimeoutError:
                assert timeout is not None
                raise MCPTimeoutError(
                    self._name, what, timeout, "client_session_timeout_seconds"
                ) from None
            except Exception as error:
                if _error_code(error) == REQUEST_TIMEOUT:
                    limit = self._read_timeout() or 0.0
                    raise MCPTimeoutError(
                        self._name, what, limit, "client_session_timeout_seconds"
                    ) from error
                too_big = oversized_message(error)
                if too_big is not None:
                    raise MCPResultTooLargeError(
                        f"MCP server {self._name!r}: the result of {what} is larger than the "
                        f"client accepts ({too_big}); raise params['max_sse_event_size'] "
                        "or make the result smaller.",
                        self._name,
                        what,
                    ) from error
                gone = conn is not None and conn.mark_dead_if_closed(error)
                if not gone or attempt >= retries:
                    if gone:
                        raise MCPConnectionError(
                            f"MCP server {self._name!r} closed the connection during {what}; "
                            "it is reconnected at the next call.",
                            self._name,
                            what,
                        ) from error
                    raise
            attempt += 1
            if attempt > 1 or not retry_once:
                delay = self.retry_backoff_seconds_base * 2 ** (attempt - 1)
                cap = self.retry_backoff_seconds_max
                await asyncio.sleep(delay if cap is None else min(delay, cap))

    async def list_tools(
        self, run_context: RunContextWrapper[Any] | None = None, agent: Agent[Any] | None = None
    ) -> list[Any]:
        """The server's tools, filtered by ``tool_filter``.

        A callable filter needs ``run_context`` and ``agent``; without them it is
        not applied (as in the Agents SDK).
        """
        if self.cache_tools_list and not self._cache_dirty and self._tools is not None:
            tools = self._tools
        else:
            tools = await self._fetch_tools()
        return await self._filtered(tools, run_context, agent)

    async def _fetch_tools(self) -> list[Any]:
        try:
            pages = self.max_list_pages
            tools: list[Any] = await self._request(
                "tools/list", lambda session: _all_tools(session, pages), retry_once=True
            )
        except (MCPConnectionError, TimeoutError) as error:
            if self._tools is None:
                raise
            # The last listing keeps the run going; calling the tools reports the failure.
            logger.warning("%s Using its last tools list.", error)
            return self._tools
        self._tools, self._cache_dirty = tools, False
        return tools

    async def _filtered(
        self, tools: list[Any], run_context: RunContextWrapper[Any] | None, agent: Any
    ) -> list[Any]:
        tool_filter = self.tool_filter
        if tool_filter is None:
            return tools
        if isinstance(tool_filter, dict):
            return apply_static(tool_filter, tools)
        if run_context is None or agent is None:
            return tools
        context = ToolFilterContext(run_context, agent, self._name)
        return await apply_callable(tool_filter, context, tools)

    async def call_tool(
        self, tool_name: str, arguments: dict[str, Any] | None, meta: dict[str, Any] | None = None
    ) -> Any:
        """Calls a tool; returns the ``mcp.types.CallToolResult``.

        Raises:
            MCPConnectionError: the server could not be reached or closed the
                connection during the call (the next call reconnects).
            mcp.MCPError: the server answered with an error (for example a timeout).
        """

        timeout = self._read_timeout()

        async def send(session: Any) -> Any:
            if meta is None:
                return await session.call_tool(tool_name, arguments, timeout)
            return await session.call_tool(tool_name, arguments, timeout, meta=meta)

        return await self._request(f"the call of tool {tool_name!r}", send, timed=False)

    async def list_prompts(self) -> Any:
        """The server's prompts (``mcp.types.ListPromptsResult``)."""
        return await self._request("prompts/list", lambda s: s.list_prompts(), retry_once=True)

    async def get_prompt(self, name: str, arguments: dict[str, Any] | None = None) -> Any:
        """The prompt ``name`` filled with ``arguments`` (``mcp.types.GetPromptResult``)."""
        return await self._request("prompts/get", lambda s: s.get_prompt(name, arguments))

    async def list_resources(self, cursor: str | None = None) -> Any:
        """One page of the server's resources (``mcp.types.ListResourcesResult``).

        ``cursor``: the previous page's ``next_cursor``; None asks for the first page.
        """
        params = _page(cursor)
        return await self._request(
            "resources/list", lambda s: s.list_resources(params=params), retry_once=True
        )

    async def list_resource_templates(self, cursor: str | None = None) -> Any:
        """One page of the server's resource templates (``ListResourceTemplatesResult``).

        ``cursor``: the previous page's ``next_cursor``; None asks for the first page.
        """
        params = _page(cursor)
        return await self._request(
            "resources/templates/list",
            lambda s: s.list_resource_templates(params=params),
            retry_once=True,
        )

    async def read_resource(self, uri: str) -> Any:
        """One resource's contents (``mcp.types.ReadResourceResult``)."""
        return await self._request("resources/read", lambda s: s.read_resource(uri))


class _NotSupported(UserError, NotImplementedError):
    """A request this kind of MCP server does not offer."""


def _page(cursor: str | None) -> Any:
    if cursor is None:
        return None
    if not isinstance(cursor, str):
        raise UserError(f"cursor must be a string from a previous page, got {cursor!r}.")
    _import_mcp()
    from mcp.types import PaginatedRequestParams

    return PaginatedRequestParams(cursor=cursor)


async def _all_tools(session: Any, max_pages: int) -> list[Any]:
    from mcp.types import PaginatedRequestParams

    result = await session.list_tools()
    tools = list(result.tools)
    cursor = result.next_cursor
    pages = 1
    while cursor and pages < max_pages:
        result = await session.list_tools(params=PaginatedRequestParams(cursor=cursor))
        tools.extend(result.tools)
        cursor, pages = result.next_cursor, pages + 1
    return tools


def _import_mcp() -> Any:
    try:
        import mcp
    except ImportError as error:
        raise UserError(
            "MCP servers need the `mcp` package: pip install 'runwright[mcp]'."
        ) from error
    return mcp
