"""``ModelSettings.timeout``: a deadline for one model-call attempt.

Past the deadline the call is cancelled (ordinary asyncio cancellation, so the
model's own cleanup runs) and :class:`~runwright.exceptions.ModelTimeoutError`
is raised. The OpenAI models apply it to each request they send, so a retry
policy sees the timeout and may try again; the run loop applies it to the whole
call of any other model, and to a streamed response from its first to its last
event.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Awaitable
from typing import TYPE_CHECKING, Any, TypeVar

from runwright._core.exceptions import ModelTimeoutError

if TYPE_CHECKING:
    import asyncio

T = TypeVar("T")
# asyncio is imported inside the functions: the run loop imports this module, and
# `import runwright` must not load asyncio.


async def _cancel(task: asyncio.Future[Any]) -> None:
    """Cancels ``task`` and waits until it has finished its cleanup."""
    task.cancel()
    with contextlib.suppress(BaseException):
        await task


async def within_timeout(awaitable: Awaitable[T], seconds: float | None) -> T:
    """``await awaitable``, or :class:`ModelTimeoutError` once ``seconds`` have passed.

    Only this deadline becomes a ModelTimeoutError: a ``TimeoutError`` raised by the
    call itself passes through unchanged.
    """
    if seconds is None:
        return await awaitable
    import asyncio

    task = asyncio.ensure_future(awaitable)
    try:
        done, _ = await asyncio.wait((task,), timeout=seconds)
    except asyncio.CancelledError:
        await _cancel(task)
        raise
    if task in done:
        return task.result()
    await _cancel(task)
    raise ModelTimeoutError(seconds)


_END = object()


async def stream_within_timeout(stream: AsyncIterator[T], seconds: float) -> AsyncIterator[T]:
    """The events of ``stream``, which must end within ``seconds`` of starting.

    The stream runs in one task of its own (transports that bind to a task, such as
    HTTP clients' cancel scopes, stay in that task) and hands events over a queue.
    """
    import asyncio

    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    queue: asyncio.Queue[Any] = asyncio.Queue(maxsize=1)

    async def pump() -> None:
        try:
            async for event in stream:
                await queue.put(event)
        finally:
            close = getattr(stream, "aclose", None)
            if close is not None:
                with contextlib.suppress(Exception):
                    await close()
        await queue.put(_END)

    owner = asyncio.ensure_future(pump())
    try:
        while True:
            getter = asyncio.ensure_future(queue.get())
            remaining = max(deadline - loop.time(), 0.0)
            try:
                done, _ = await asyncio.wait(
                    (getter, owner), timeout=remaining, return_when=asyncio.FIRST_COMPLETED
                )
            except asyncio.CancelledError:
                await _cancel(getter)
                raise
            if getter in done:
                event = getter.result()
                if event is _END:
                    break
                yield event
                continue
            await _cancel(getter)
            if owner.done():
                owner.result()  # the stream's own error, if it failed
                # finished cleanly: whatever it queued last is still to be read
                while not queue.empty():
                    event = queue.get_nowait()
                    if event is _END:
                        return
                    yield event
                return
            raise ModelTimeoutError(seconds)
    finally:
        if not owner.done():
            await _cancel(owner)
