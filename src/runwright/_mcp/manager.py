"""MCPServerManager: connect several servers at once and keep the ones that answered."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable

from runwright._mcp.base import MCPServer


class MCPServerManager:
    """Connects a group of servers; ``active_servers`` are the ones to give an agent.

    Args:
        servers: The servers to manage.
        connect_timeout_seconds / cleanup_timeout_seconds: Per server (None: no limit).
        drop_failed_servers: Leave servers that failed to connect out of
            ``active_servers``.
        strict: Raise the first connection error instead of recording it.
        suppress_cancelled_error: Record a cancelled connect as a failure
            instead of propagating it.
        connect_in_parallel: Connect all servers concurrently.
    """

    def __init__(
        self,
        servers: Iterable[MCPServer],
        *,
        connect_timeout_seconds: float | None = 10.0,
        cleanup_timeout_seconds: float | None = 10.0,
        drop_failed_servers: bool = True,
        strict: bool = False,
        suppress_cancelled_error: bool = True,
        connect_in_parallel: bool = False,
    ) -> None:
        self._servers = list(servers)
        self.connect_timeout_seconds = connect_timeout_seconds
        self.cleanup_timeout_seconds = cleanup_timeout_seconds
        self.drop_failed_servers = drop_failed_servers
        self.strict = strict
        self.suppress_cancelled_error = suppress_cancelled_error
        self.connect_in_parallel = connect_in_parallel
        self._errors: dict[MCPServer, BaseException] = {}

    @property
    def all_servers(self) -> list[MCPServer]:
        """Every managed server."""
        return list(self._servers)

    @property
    def failed_servers(self) -> list[MCPServer]:
        """Servers whose last connect failed."""
        return [s for s in self._servers if s in self._errors]

    @property
    def active_servers(self) -> list[MCPServer]:
        """The servers to use (all of them unless ``drop_failed_servers``)."""
        if not self.drop_failed_servers:
            return self.all_servers
        return [s for s in self._servers if s not in self._errors]

    @property
    def errors(self) -> dict[MCPServer, BaseException]:
        """The last connect error of each failed server."""
        return dict(self._errors)

    async def __aenter__(self) -> MCPServerManager:
        await self.connect_all()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.cleanup_all()

    async def connect_all(self) -> list[MCPServer]:
        """Connects every server; returns ``active_servers``."""
        await self._connect(self._servers)
        return self.active_servers

    async def reconnect(self, *, failed_only: bool = True) -> list[MCPServer]:
        """Connects the failed servers again (or all, after closing them)."""
        targets = self.failed_servers if failed_only else self.all_servers
        if not failed_only:
            await self.cleanup_all()
        await self._connect(targets)
        return self.active_servers

    async def cleanup_all(self) -> None:
        """Closes every server (in reverse order); errors are recorded, not raised."""
        for server in reversed(self._servers):
            try:
                await asyncio.wait_for(server.cleanup(), self.cleanup_timeout_seconds)
            except Exception as error:
                self._errors[server] = error

    async def _connect(self, servers: list[MCPServer]) -> None:
        if self.connect_in_parallel:
            await asyncio.gather(*(self._connect_one(s) for s in servers))
        else:
            for server in servers:
                await self._connect_one(server)

    async def _connect_one(self, server: MCPServer) -> None:
        self._errors.pop(server, None)
        try:
            await asyncio.wait_for(server.connect(), self.connect_timeout_seconds)
        except asyncio.CancelledError as error:
            if not self.suppress_cancelled_error:
                raise
            self._errors[server] = error
        except Exception as error:
            if self.strict:
                raise
            self._errors[server] = error

    def __repr__(self) -> str:
        return f"MCPServerManager(active={len(self.active_servers)}, failed={len(self._errors)})"
