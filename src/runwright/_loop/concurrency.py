"""Structured concurrency for Python 3.10+: run awaitables together, fail together."""

from __future__ import annotations

from collections.abc import Coroutine, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    import asyncio

T = TypeVar("T")


async def gather_or_cancel(coros: list[Coroutine[Any, Any, T]]) -> list[T]:
    """Runs ``coros`` concurrently and returns their results in order.

    The first failure cancels the others (and is raised once they have
    stopped); cancelling the caller cancels them all. No task outlives this
    call.
    """
    import asyncio

    if not coros:
        return []
    loop = asyncio.get_running_loop()
    tasks = list(map(loop.create_task, coros))  # a comprehension would put `loop` in a cell
    del coros  # the tasks hold them now
    waiter = _AllDoneOrFailed(loop.create_future(), len(tasks))
    for task in tasks:
        task.add_done_callback(waiter, context=_callback_context())
    try:
        await waiter.future
    except BaseException:
        await _cancel_all(tasks)
        raise
    failed = next((t for t in tasks if t.done() and not t.cancelled() and t.exception()), None)
    if failed is not None:
        await _cancel_all(tasks)
        raise failed.exception()  # type: ignore[misc]
    return [t.result() for t in tasks]


def at_most(limit: int, coros: list[Coroutine[Any, Any, T]]) -> list[Coroutine[Any, Any, T]]:
    """``coros`` wrapped so that at most ``limit`` of them run at once (in list order)."""
    if limit >= len(coros):
        return coros
    import asyncio

    gate = asyncio.Semaphore(limit)
    return [_gated(gate, coro) for coro in coros]


async def _gated(gate: asyncio.Semaphore, coro: Coroutine[Any, Any, T]) -> T:
    try:
        async with gate:
            return await coro
    finally:
        coro.close()  # never started when cancelled while waiting: no "never awaited" warning


class _AllDoneOrFailed:
    """Done-callback of a batch's tasks: wakes ``future`` once all are done or one failed.

    One small object per batch. ``asyncio.wait`` would keep a closure with its
    cells, two sets and a copied context per task alive while the calls run:
    with thousands of runs in flight, objects every GC pass has to traverse.
    """

    __slots__ = ("future", "left")

    def __init__(self, future: asyncio.Future[None], left: int) -> None:
        self.future = future
        self.left = left

    def __call__(self, task: asyncio.Future[Any]) -> None:
        self.left -= 1
        if self.future.done():
            return
        if self.left == 0 or (not task.cancelled() and task.exception() is not None):
            self.future.set_result(None)


_context: Any = None


def _callback_context() -> Any:
    """An empty context for our done-callbacks (they read no context variables), so
    registering one does not copy the caller's context."""
    global _context
    if _context is None:
        import contextvars

        _context = contextvars.Context()
    return _context


async def _cancel_all(tasks: Sequence[asyncio.Future[Any]]) -> None:
    import asyncio

    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
