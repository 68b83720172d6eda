"""MCP servers as tool sources: stdio, streamable HTTP and SSE (``agents.mcp.server``).

Each transport only says how to open its streams; connecting, listing,
calling and reconnecting live in the shared base class (``_base.py``).
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable, Mapping
from pathlib import Path
from typing import Any, Literal, TypedDict

from typing_extensions import NotRequired

from runwright._core.exceptions import UserError
from runwright._mcp.base import _import_mcp, _SessionServer


class MCPServerStdioParams(TypedDict):
    """How to start a stdio MCP server."""

    command: str
    args: NotRequired[list[str]]
    env: NotRequired[dict[str, str]]
    cwd: NotRequired[str | Path]
    encoding: NotRequired[str]
    encoding_error_handler: NotRequired[Literal["strict", "ignore", "replace"]]


class MCPServerStdio(_SessionServer):
    """An MCP server run as a subprocess, spoken to over its stdin/stdout.

    Args:
        params: ``command``, ``args``, ``env``, ``cwd``, ``encoding``,
            ``encoding_error_handler``.
        cache_tools_list: Keep the tools list after the first listing (until
            ``invalidate_tools_cache()``).
        name: A readable name (default: from the command).
        client_session_timeout_seconds: How long one request may wait for its
            answer (``None`` or 0: no limit).
        tool_filter: ``create_static_tool_filter(...)`` or ``callable(context, tool)``.
        max_retry_attempts: Retries of a request whose connection failed.
        retry_backoff_seconds_base: First retry delay; doubles each retry.
        require_approval, failure_error_function, idempotent,
        use_structured_content, tool_input_guardrails, tool_output_guardrails:
            see :class:`MCPServer`.
    """

    params: MCPServerStdioParams

    def _checked(self, params: Any) -> Any:
        if not isinstance(params, Mapping) or not isinstance(params.get("command"), str):
            raise UserError("MCPServerStdio needs params={'command': ..., 'args': [...]}.")
        return params

    def _default_name(self) -> str:
        return f"stdio: {self.params['command']}"

    def create_streams(self) -> contextlib.AbstractAsyncContextManager[Any]:
        """Starts the subprocess; yields its read and write streams."""
        mcp = _import_mcp()
        p = self.params
        server = mcp.StdioServerParameters(
            command=p["command"],
            args=list(p.get("args", [])),
            env=p.get("env"),
            cwd=p.get("cwd"),
            encoding=p.get("encoding", "utf-8"),
            encoding_error_handler=p.get("encoding_error_handler", "strict"),
        )
        return mcp.stdio_client(server)  # type: ignore[no-any-return]


class MCPServerStreamableHttpParams(TypedDict):
    """How to reach a streamable HTTP MCP server."""

    url: str
    headers: NotRequired[dict[str, str]]
    timeout: NotRequired[float]
    sse_read_timeout: NotRequired[float]
    terminate_on_close: NotRequired[bool]
    httpx_client_factory: NotRequired[Callable[..., Any]]
    auth: NotRequired[Any]
    max_sse_event_size: NotRequired[int | None]
    """runwright: the largest answer (one server-sent event) the client reads, in bytes.

    Default :data:`MAX_SSE_EVENT_SIZE` (16 MiB); None: no limit. A larger answer
    fails its request with MCPResultTooLargeError; the session stays up.
    """


MAX_SSE_EVENT_SIZE = 16 * 1024 * 1024
"""The default ``max_sse_event_size`` of streamable HTTP servers (the ``mcp`` client's is 1 MiB)."""


class MCPServerSseParams(TypedDict):
    """How to reach an SSE MCP server."""

    url: str
    headers: NotRequired[dict[str, str]]
    timeout: NotRequired[float]
    sse_read_timeout: NotRequired[float]
    httpx_client_factory: NotRequired[Callable[..., Any]]
    auth: NotRequired[Any]


class _HttpServer(_SessionServer):
    _kind = "http"

    def _checked(self, params: Any) -> Any:
        if not isinstance(params, Mapping) or not isinstance(params.get("url"), str):
            raise UserError(f"{type(self).__name__} needs params={{'url': 'http://...'}}.")
        limit = params.get("max_sse_event_size", MAX_SSE_EVENT_SIZE)
        if limit is not None and (
            isinstance(limit, bool) or not isinstance(limit, int) or limit <= 0
        ):
            raise UserError(
                f"{type(self).__name__}: params['max_sse_event_size'] must be a positive "
                f"number of bytes or None, got {limit!r}."
            )
        return params

    def _default_name(self) -> str:
        return f"{self._kind}: {self.params['url']}"


class MCPServerStreamableHttp(_HttpServer):
    """An MCP server over streamable HTTP.

    Args:
        params: ``url``, ``headers``, ``timeout`` (seconds, connect/write),
            ``sse_read_timeout``, ``terminate_on_close``, ``httpx_client_factory``
            (``factory(headers=, timeout=, auth=)``), ``auth``.
        Other arguments as :class:`MCPServerStdio`.
    """

    _kind = "streamable_http"
    params: MCPServerStreamableHttpParams

    def create_streams(self) -> contextlib.AbstractAsyncContextManager[Any]:
        """Opens the HTTP transport; yields its read and write streams."""
        return self._streams()

    @contextlib.asynccontextmanager
    async def _streams(self) -> AsyncIterator[Any]:
        _import_mcp()
        import httpx2
        from mcp.client.streamable_http import streamable_http_client

        p = self.params
        timeout = httpx2.Timeout(p.get("timeout", 5), read=p.get("sse_read_timeout", 300))
        factory = p.get("httpx_client_factory")
        if factory is not None:
            client = factory(headers=p.get("headers"), timeout=timeout, auth=p.get("auth"))
        else:
            from mcp.shared._httpx_utils import create_mcp_http_client

            client = create_mcp_http_client(p.get("headers"), timeout, p.get("auth"))
        limit = p.get("max_sse_event_size", MAX_SSE_EVENT_SIZE)
        async with (
            client,
            streamable_http_client(
                p["url"],
                http_client=client,
                terminate_on_close=p.get("terminate_on_close", True),
                max_sse_event_size=limit,
            ) as streams,
        ):
            yield streams


class MCPServerSse(_HttpServer):
    """An MCP server over HTTP with server-sent events (the older HTTP transport).

    Args:
        params: ``url``, ``headers``, ``timeout``, ``sse_read_timeout``,
            ``httpx_client_factory``, ``auth``.
        Other arguments as :class:`MCPServerStdio`.
    """

    _kind = "sse"
    params: MCPServerSseParams

    def create_streams(self) -> contextlib.AbstractAsyncContextManager[Any]:
        """Opens the SSE transport; yields its read and write streams."""
        _import_mcp()
        from mcp.client.sse import sse_client

        p = self.params
        kwargs: dict[str, Any] = {
            "headers": p.get("headers"),
            "timeout": p.get("timeout", 5),
            "sse_read_timeout": p.get("sse_read_timeout", 300),
            "auth": p.get("auth"),
        }
        if p.get("httpx_client_factory") is not None:
            kwargs["httpx_client_factory"] = p["httpx_client_factory"]
        return sse_client(p["url"], **kwargs)
