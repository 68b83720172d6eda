"""One live MCP client session, owned by one task.

The ``mcp`` package builds its transports and ``ClientSession`` from anyio
task groups and cancel scopes, which must be entered and exited by the same
task. Entering them in the task of whichever run happened to connect first
(and exiting them in another, or on cancellation) is where "Attempted to exit
cancel scope in a different task" errors come from. Here a dedicated owner
task enters the transport and the session, waits until asked to stop, then
exits them itself; every other task only sends requests through the session,
which anyio allows from any task of the same event loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from typing import Any

OpenStreams = Callable[[], AbstractAsyncContextManager[Any]]
"""Opens a transport; yields a tuple whose first two items are the read and write streams."""

CONNECTION_CLOSED = -32000
"""The JSON-RPC error code ``mcp`` uses when the transport went away (and for a failed SSE read)."""

REQUEST_TIMEOUT = -32001
"""The JSON-RPC error code ``mcp`` uses when a request's read timeout ran out."""

_OVERSIZED = re.compile(r"exceeded the (\d+) byte limit")


class Connection:
    """A client session living in its own task until :meth:`close`.

    Invariant: ``session`` is set only between a successful initialize and the
    end of the owner task; ``dead`` becomes True when the owner task ends or a
    request finds the transport closed, and never goes back to False.
    """

    def __init__(
        self,
        open_streams: OpenStreams,
        connect_timeout: float,
        message_handler: Any = None,
        close_timeout: float = 5.0,
    ) -> None:
        self._open_streams = open_streams
        self._message_handler = message_handler
        self._connect_timeout = connect_timeout
        self._close_timeout = close_timeout
        self._stop = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self.loop: asyncio.AbstractEventLoop | None = None
        self.session: Any = None
        self.dead = False

    async def start(self) -> None:
        """Starts the owner task and waits for the session to be initialized.

        Raises whatever connecting raised (the owner task is then finished).
        """
        self.loop = asyncio.get_running_loop()
        ready: asyncio.Future[None] = self.loop.create_future()
        # The owner task is owned by this Connection: close() stops and awaits it,
        # and the event loop's shutdown cancels it (which closes the transport).
        self._task = self.loop.create_task(self._own(ready))
        try:
            await asyncio.wait_for(asyncio.shield(ready), self._connect_timeout)
        except asyncio.TimeoutError:
            # Nobody waits for `ready` any more: cancel it, so the owner task's late
            # outcome is not set on it (and never logged as "never retrieved").
            ready.cancel()
            await self.close(graceful=False)
            raise TimeoutError(f"no answer within {self._connect_timeout:g} seconds") from None
        except asyncio.CancelledError:
            ready.cancel()
            await self.close(graceful=False)
            raise
        except BaseException:
            await self.close(graceful=False)
            raise

    async def _own(self, ready: asyncio.Future[None]) -> None:
        from mcp import ClientSession

        try:
            async with self._open_streams() as streams:
                read, write = streams[0], streams[1]
                session = ClientSession(read, write, message_handler=self._message_handler)
                async with session:
                    await session.initialize()
                    self.session = session
                    ready.set_result(None)
                    await self._stop.wait()
        except BaseException as error:
            if not ready.done():
                ready.set_exception(_plain(error))
                ready.exception()  # start() reads it, or has already given up waiting
            elif not isinstance(error, (asyncio.CancelledError, Exception)):
                raise
        finally:
            self.dead = True
            self.session = None

    @property
    def usable(self) -> bool:
        """Connected, alive, and bound to the running event loop."""
        if self.dead or self.session is None:
            return False
        if _transport_closed(self.session):
            self.dead = True
            return False
        try:
            return asyncio.get_running_loop() is self.loop
        except RuntimeError:
            return False

    def mark_dead_if_closed(self, error: BaseException) -> bool:
        """Marks the connection dead when ``error`` says the transport is gone."""
        if _is_transport_gone(error):
            self.dead = True
        return self.dead

    async def close(self, graceful: bool = True) -> None:
        """Asks the owner task to exit the session and transport, and waits for it.

        The owner task gets ``close_timeout`` seconds to exit on its own (none
        when not ``graceful``: a connection that never finished connecting has
        no session to end); then it is cancelled, which closes the transport
        (a stdio server process is terminated, then killed).
        """
        task, self._task = self._task, None
        self._stop.set()
        self.dead = True
        if task is None or task.done() or task.get_loop() is not _running_loop():
            return
        if graceful and self._close_timeout > 0:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(asyncio.shield(task), timeout=self._close_timeout)
        if not task.done():
            task.cancel()
            with contextlib.suppress(BaseException):
                await task


def _running_loop() -> asyncio.AbstractEventLoop | None:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


def _transport_closed(session: Any) -> bool:
    """Whether the session's transport already ended (a server that died while idle).

    Best effort: reads the ``mcp`` 2.x dispatcher's closed flag when it has one,
    so the next request goes to a new connection instead of failing unsent.
    """
    dispatcher = getattr(session, "_dispatcher", None)
    return getattr(dispatcher, "_closed", False) is True


def _error_code(error: BaseException) -> Any:
    """The JSON-RPC error code of an ``mcp.MCPError`` (None for other errors)."""
    code = getattr(error, "code", None)
    if code is None:
        code = getattr(getattr(error, "error", None), "code", None)
    return code


def oversized_message(error: BaseException) -> str | None:
    """The reason, when ``error`` is a result the client refused as too large (else None).

    The streamable HTTP client stops reading an SSE event past its size limit and
    fails that one request with code -32000, the code of a dead transport; the
    message tells them apart, and the session itself is fine.
    """
    if _error_code(error) != CONNECTION_CLOSED:
        return None
    text = str(getattr(getattr(error, "error", None), "message", None) or error)
    match = _OVERSIZED.search(text)
    if match is None:
        return None
    return f"a server-sent event over {int(match.group(1)):,} bytes"


def _is_transport_gone(error: BaseException) -> bool:
    code = _error_code(error)
    if code == CONNECTION_CLOSED:
        return oversized_message(error) is None
    names = {cls.__name__ for cls in type(error).__mro__}
    return bool(
        names
        & {
            "ClosedResourceError",
            "BrokenResourceError",
            "EndOfStream",
            "ConnectError",
            "RemoteProtocolError",
            "BrokenPipeError",
            "ConnectionError",
        }
    )


def _plain(error: BaseException) -> BaseException:
    """The first leaf of an exception group (connect errors arrive wrapped by anyio)."""
    inner: Any = getattr(error, "exceptions", None)
    while inner:
        error = inner[0]
        inner = getattr(error, "exceptions", None)
    return error
