"""A scripted Responses API websocket server for tests (the ``websockets`` package).

Serves ``ws://127.0.0.1:<port>/v1/responses`` in the test's event loop. Each
``response.create`` frame a client sends takes the next reply from the script:

* :class:`~support.fake_openai_server.Answer`: the Responses stream events the
  HTTP fake server would send as SSE, one JSON text frame each;
* :class:`WSFrames`: frames sent as they are (dicts become JSON), e.g. an ``error``;
* :class:`WSClose`: the server closes the connection (after ``frames_first``).

Recorded: ``connections`` (path, handshake headers), ``frames`` (each parsed
``response.create`` frame, in order).
"""

from __future__ import annotations

import asyncio
import json
from collections import deque
from dataclasses import dataclass, field
from typing import Any, Union

from support.fake_openai_server import Answer, responses_sse


@dataclass
class WSFrames:
    """Frames sent as they are (dicts and lists as JSON, str and bytes unchanged)."""

    frames: list[Any]
    delay: float = 0.0


@dataclass
class WSClose:
    """Closes the connection, after sending ``frames_first``."""

    frames_first: list[Any] = field(default_factory=list)


WSReply = Union[Answer, WSFrames, WSClose]


@dataclass
class WSConnection:
    path: str
    headers: dict[str, str]


class FakeResponsesWebSocketServer:
    """``async with FakeResponsesWebSocketServer() as server:`` then ``server.script(...)``."""

    def __init__(self) -> None:
        self.replies: deque[WSReply] = deque()
        self.connections: list[WSConnection] = []
        self.frames: list[dict[str, Any]] = []
        self._server: Any = None
        self._count = 0

    @property
    def port(self) -> int:
        return int(self._server.sockets[0].getsockname()[1])

    @property
    def http_base_url(self) -> str:
        """The base URL an openai client is given (the model derives ``ws://`` from it)."""
        return f"http://127.0.0.1:{self.port}/v1"

    @property
    def ws_base_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/v1"

    def script(self, *replies: WSReply) -> None:
        self.replies.extend(replies)

    async def __aenter__(self) -> FakeResponsesWebSocketServer:
        from websockets.asyncio.server import serve

        self._server = await serve(self._handle, "127.0.0.1", 0)
        return self

    async def __aexit__(self, *exc: object) -> None:
        self._server.close()
        await self._server.wait_closed()

    async def _handle(self, connection: Any) -> None:
        request = connection.request
        self.connections.append(
            WSConnection(
                path=request.path, headers={k.lower(): v for k, v in request.headers.raw_items()}
            )
        )
        async for message in connection:
            frame = json.loads(message)
            self.frames.append(frame)
            if not self.replies:
                await connection.send(
                    json.dumps({"type": "error", "error": {"message": "script ran out"}})
                )
                continue
            reply = self.replies.popleft()
            if isinstance(reply, WSClose):
                for item in reply.frames_first:
                    await connection.send(_encode(item))
                await connection.close()
                return
            if isinstance(reply, WSFrames):
                if reply.delay:
                    await asyncio.sleep(reply.delay)
                for item in reply.frames:
                    await connection.send(_encode(item))
                continue
            self._count += 1
            if reply.delay:
                await asyncio.sleep(reply.delay)
            for chunk in responses_sse(reply, str(frame.get("model")), self._count):
                for line in chunk.splitlines():
                    if line.startswith("data: "):
                        await connection.send(line[len("data: ") :])


def _encode(item: Any) -> Any:
    return item if isinstance(item, (str, bytes)) else json.dumps(item)
